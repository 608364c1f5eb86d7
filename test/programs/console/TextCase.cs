using System;
using System.Globalization;
using System.Linq;

// Case and comparison rules with the invariant culture and ordinal comparisons: title-casing,
// case-insensitive sorting and searching, string normalisation of whitespace, and char tests.
class TextCase
{
    static void Main()
    {
        var inv = CultureInfo.InvariantCulture;
        TextInfo ti = inv.TextInfo;
        Console.WriteLine(ti.ToTitleCase("the lord of the rings") + " | " + ti.ToUpper("mixed Case 123") + " | " + ti.ToLower('Q'));
        string[] words = { "banana", "Apple", "cherry", "apple", "Banana", "_under", "10", "9" };
        Console.WriteLine(string.Join(" ", words.OrderBy(w => w, StringComparer.Ordinal)));
        Console.WriteLine(string.Join(" ", words.OrderBy(w => w, StringComparer.OrdinalIgnoreCase).ThenBy(w => w, StringComparer.Ordinal)));
        Console.WriteLine(string.Compare("abc", "ABD", StringComparison.OrdinalIgnoreCase) + " " + string.Compare("b", "a", StringComparison.Ordinal) + " " + "Hello".IndexOf("LL", StringComparison.OrdinalIgnoreCase));
        Console.WriteLine("straße".ToUpperInvariant().Length + " " + "ABC".Equals("abc", StringComparison.InvariantCultureIgnoreCase) + " " + inv.CompareInfo.IndexOf("Hello World", "world", CompareOptions.IgnoreCase));
        string messy = "  multiple   spaces\tand\ttabs \n here ";
        Console.WriteLine("[" + string.Join(" ", messy.Split((char[])null, StringSplitOptions.RemoveEmptyEntries)) + "]");
        Console.WriteLine(string.Join("|", "a,b,,c,".Split(',')) + " / " + string.Join("|", "a,b,,c,".Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)) + " / " + string.Join("|", "k=v=w".Split(new[] { '=' }, 2)));
        foreach (char c in "aZ5 _-\t.") Console.Write((char.IsLetter(c) ? "L" : char.IsDigit(c) ? "D" : char.IsWhiteSpace(c) ? "W" : char.IsPunctuation(c) ? "P" : "?"));
        Console.WriteLine();
        Console.WriteLine("Hello".PadLeft(8).Replace(' ', '.') + " " + "x".PadRight(3, '!') + " " + "racecar".Reverse().Aggregate("", (a, c) => a + c) + " " + string.Concat(Enumerable.Repeat("ab", 3)));
        Console.WriteLine("Mississippi".Count(c => c == 's') + " " + "Mississippi".Replace("ss", "SS") + " " + "Mississippi".LastIndexOf("ss") + " " + "Mississippi".IndexOfAny(new[] { 'p', 's' }) + " " + "Mississippi".TrimStart('M', 'i'));
        Console.WriteLine(string.Format(inv, "{0:N2} {1:P0} {2:E2} {3:X4} {4:0.##} {5:#,##0}", 1234567.891, 0.375, 0.000123, 48879, 3.10, 9876543));
        Console.WriteLine(double.Parse("1,234.5", NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, inv) + " " + int.Parse(" -42 ", inv) + " " + decimal.Parse("1e3", NumberStyles.Float, inv));
    }
}
