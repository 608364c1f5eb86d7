// Reads a CSV file (args[0]) of category,item,quantity,price with a header line through a
// StreamReader, totals quantity × price per category with decimal arithmetic, writes a report
// file (args[1]) with a StreamWriter, and prints it. Invariant culture throughout.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

class CsvTotals
{
    static int Main(string[] args)
    {
        var totals = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        int rows = 0, bad = 0;
        using (var reader = new StreamReader(args[0]))
        {
            reader.ReadLine();
            string line;
            while ((line = reader.ReadLine()) != null)
            {
                string[] f = line.Split(',');
                if (f.Length != 4 || !int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int qty)
                    || !decimal.TryParse(f[3], NumberStyles.Number, CultureInfo.InvariantCulture, out decimal price))
                {
                    bad++;
                    continue;
                }
                rows++;
                totals.TryGetValue(f[0], out decimal sum);
                totals[f[0]] = sum + qty * price;
            }
        }
        using (var writer = new StreamWriter(args[1]))
        {
            foreach (var kv in totals)
                writer.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-8}{1,12:N2}", kv.Key, kv.Value));
            writer.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-8}{1,12:N2}", "TOTAL", totals.Values.Sum()));
        }
        Console.WriteLine("{0} rows, {1} rejected", rows, bad);
        Console.Write(File.ReadAllText(args[1]).Replace("\r\n", "\n"));
        return bad;
    }
}
