using System;
using System.Collections.Generic;
using System.IO;

// Parsing configuration and CSV text with StringReader/StringWriter: sections, key/value pairs,
// quoted fields, comments and error lines.
class TextParsing
{
    const string Ini = "; settings\n[server]\nhost = example.org\nport=8080\n\n[client]\nretries = 3\ntimeout=2.5\nbroken line\n[empty]\n";
    const string Csv = "name,qty,price\n\"Widget, large\",4,2.50\nGadget,10,0.99\n\"Quote \"\"special\"\"\",1,100\n";

    static List<string> SplitCsv(string line)
    {
        var fields = new List<string>(); var cur = new StringWriter(); bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted) { if (c == '"') { if (i + 1 < line.Length && line[i + 1] == '"') { cur.Write('"'); i++; } else quoted = false; } else cur.Write(c); }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(cur.ToString()); cur = new StringWriter(); }
            else cur.Write(c);
        }
        fields.Add(cur.ToString());
        return fields;
    }

    static void Main()
    {
        var sections = new Dictionary<string, Dictionary<string, string>>();
        Dictionary<string, string> current = null;
        using (var reader = new StringReader(Ini))
        {
            string line; int n = 0;
            while ((line = reader.ReadLine()) != null)
            {
                n++;
                line = line.Trim();
                if (line.Length == 0 || line.StartsWith(";")) continue;
                if (line.StartsWith("[") && line.EndsWith("]")) { current = new Dictionary<string, string>(); sections[line.Substring(1, line.Length - 2)] = current; continue; }
                int eq = line.IndexOf('=');
                if (eq < 0 || current == null) { Console.WriteLine("line " + n + ": cannot parse '" + line + "'"); continue; }
                current[line.Substring(0, eq).Trim()] = line.Substring(eq + 1).Trim();
            }
        }
        foreach (var s in sections) { Console.Write("[" + s.Key + "]"); foreach (var kv in s.Value) Console.Write(" " + kv.Key + "=" + kv.Value); Console.WriteLine(); }
        Console.WriteLine(int.Parse(sections["server"]["port"]) + 1);
        var reader2 = new StringReader(Csv);
        var header = SplitCsv(reader2.ReadLine());
        Console.WriteLine(string.Join("|", header));
        decimal total = 0; string row;
        while ((row = reader2.ReadLine()) != null)
        {
            var f = SplitCsv(row);
            decimal amount = int.Parse(f[1]) * decimal.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture);
            total += amount;
            Console.WriteLine(f[0] + " -> " + amount);
        }
        Console.WriteLine("total " + total);
        var w = new StringWriter();
        w.WriteLine("a{0}", 1);
        w.Write(true); w.Write(' '); w.Write(2.5); w.Write(new char[] { 'x', 'y' });
        Console.WriteLine(w.ToString().Replace(w.NewLine, "\\n"));
        Console.WriteLine(new StringReader("one\ntwo\nthree").ReadToEnd().Split('\n').Length);
    }
}
