using System;
using System.Text.RegularExpressions;

// Text extraction with System.dll's regular expressions: matches, groups, named groups,
// replacement with a MatchEvaluator, splitting, and validation patterns.
class RegexText
{
    static void Main()
    {
        string log = "2024-01-05 ERROR disk full (code 28)\n2024-01-06 INFO backup done\n2024-01-07 WARN slow io (code 5)\n2024-01-09 ERROR net down (code 101)";
        foreach (Match m in Regex.Matches(log, @"^(?<date>\d{4}-\d\d-\d\d) (?<level>ERROR|WARN) (?<msg>.*?)(?: \(code (?<code>\d+)\))?$", RegexOptions.Multiline))
            Console.WriteLine(m.Groups["date"].Value + " | " + m.Groups["level"].Value + " | " + m.Groups["msg"].Value + " | " + m.Groups["code"].Value);
        Console.WriteLine(Regex.IsMatch("user@example.org", @"^[\w.+-]+@[\w-]+\.[\w.]+$") + " " + Regex.IsMatch("not an email", @"^[\w.+-]+@[\w-]+\.[\w.]+$"));
        Console.WriteLine(Regex.Replace("The year 1999 and 2024", @"\d+", m => (int.Parse(m.Value) + 1).ToString()));
        Console.WriteLine(Regex.Replace("snake_case_name_here", "_([a-z])", m => m.Groups[1].Value.ToUpper()));
        Console.WriteLine(string.Join("|", Regex.Split("a1b22c333d", @"\d+")));
        var r = new Regex(@"(\w)\1", RegexOptions.IgnoreCase);
        Console.WriteLine(r.Matches("Aardvark bookkeeper").Count + " " + r.Match("committee").Index);
        Console.WriteLine(Regex.Escape("1+1=2? [yes]") + " " + Regex.Replace("  lots   of   space ", @"\s+", " ").Trim());
        var m2 = Regex.Match("key = value ; other=thing", @"(\w+)\s*=\s*(\w+)");
        while (m2.Success) { Console.Write(m2.Groups[1] + "->" + m2.Groups[2] + " "); m2 = m2.NextMatch(); }
        Console.WriteLine();
    }
}
