// Double and float formatting through the class library (Interop/Sys.DoubleToString underneath):
// the same text as mono for ordinary, tiny, huge and special values.
using System;
using System.Collections.Generic;
using System.Linq;

static class Doubles
{
    static int Main()
    {
        double[] values = { 0.1, 3.5, -2.5, 1e20, 1.5e-10, 123456789.123, Math.PI, 1.0 / 3, double.MaxValue, double.Epsilon, 0.0 };
        foreach (var v in values) Console.WriteLine(v);
        Console.WriteLine(1.1f);
        Console.WriteLine(double.NaN);
        Console.WriteLine(double.PositiveInfinity);
        Console.WriteLine(v2(2.0 / 3));
        var list = new List<int> { 5, 3, 8, 1 };
        Console.WriteLine(string.Join(",", list.OrderBy(x => x)));
        Console.WriteLine("{0} {1:F2} {2:E3}", 42, 2.0 / 3, 12345.678);
        return 3;
    }

    static string v2(double d) { return d.ToString("R"); }
}
