using System;
using System.Collections.Generic;

// Nullable value types in a sensor log: lifted operators, null-coalescing, null-conditional
// access, comparisons with null, boxing of nullables, and Nullable<T> in collections.
struct Reading { public int Sensor; public double? Celsius; }

class Station { public string Name; public Station Backup; public List<Reading> Readings; }

class NullableOps
{
    static double? Average(IEnumerable<Reading> rs)
    {
        double sum = 0; int n = 0;
        foreach (var r in rs) if (r.Celsius.HasValue) { sum += r.Celsius.Value; n++; }
        return n == 0 ? (double?)null : sum / n;
    }

    static void Main()
    {
        int? a = 5, b = null;
        Console.WriteLine((a + b == null) + " " + (a * 2) + " " + (a > b) + " " + (a < b) + " " + (b == null) + " " + (a ?? -1) + " " + (b ?? -1));
        bool? t = true, u = null;
        Console.WriteLine((t & u) + "|" + (t | u) + "|" + (u ^ t) + "|" + (!u));
        var rs = new List<Reading> { new Reading { Sensor = 1, Celsius = 20.5 }, new Reading { Sensor = 2 }, new Reading { Sensor = 3, Celsius = 22.5 } };
        Console.WriteLine(Average(rs) + " " + (Average(new Reading[0]) ?? double.NaN) + " " + Average(new Reading[0]).HasValue);
        var s = new Station { Name = "north", Readings = rs };
        Console.WriteLine((s.Backup?.Name ?? "no backup") + " " + s.Readings?.Count + " " + (s.Backup?.Readings?.Count ?? 0));
        s.Backup = new Station { Name = "south" };
        Console.WriteLine(s.Backup?.Name + " " + (s.Backup.Readings?.Count).HasValue);
        object boxed = a;
        object boxedNull = b;
        Console.WriteLine(boxed.GetType().Name + " " + (boxedNull == null) + " " + (int)boxed + " " + ((int?)boxedNull).HasValue);
        var map = new Dictionary<string, int?> { { "x", 1 }, { "y", null } };
        foreach (var kv in map) Console.Write(kv.Key + "=" + (kv.Value?.ToString() ?? "null") + " ");
        Console.WriteLine();
        int? parsed = int.TryParse("42", out int p) ? p : (int?)null;
        Console.WriteLine(parsed.GetValueOrDefault() + " " + Nullable.Compare(a, b) + " " + Nullable.Equals(b, null) + " " + (Nullable.GetUnderlyingType(typeof(int?)) == typeof(int)));
        DateTime? when = null;
        Console.WriteLine(when?.Year.ToString() ?? "unknown year");
    }
}
