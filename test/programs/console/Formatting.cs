using System;
using System.Globalization;

// Composite and standard numeric formatting, as a report generator would use it.
class Formatting
{
    static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        int n = 1234567;
        Console.WriteLine("{0} {0:N0} {0:X} {0:x8} {0:D10}", n);
        Console.WriteLine("{0,10}|{1,-10}|", "right", "left");
        Console.WriteLine(string.Format("{0:F2} {1:F0} {2:E3}", 3.14159, 2.5, 12345.678));
        Console.WriteLine("{0:P1}", 0.256);
        Console.WriteLine("{0:N2} {1:N3}", 1234.5m, -0.5);
        Console.WriteLine((-42).ToString("0000"));
        Console.WriteLine(255.ToString("X2") + " " + 255.ToString("B".Length == 1 ? "x" : "X"));
        Console.WriteLine(1.5.ToString() + " " + (-0.0).ToString() + " " + double.NaN + " " + double.PositiveInfinity);
        Console.WriteLine(123.456f);
        Console.WriteLine(1e20);
        Console.WriteLine(1.0 / 3);
        Console.WriteLine(decimal.Parse("12.50") * 3);
        Console.WriteLine(int.Parse("-777") + long.Parse("9000000000"));
        Console.WriteLine(double.Parse("2.75", CultureInfo.InvariantCulture) * 2);
        int parsed;
        Console.WriteLine(int.TryParse("12x", out parsed) + " " + parsed);
        Console.WriteLine($"{"interp"} {n % 1000} {Math.PI:F4}");
        Console.WriteLine(string.Format("{{literal}} {0}", true));
        Console.WriteLine(ulong.MaxValue + " " + long.MinValue + " " + sbyte.MinValue);
        Console.WriteLine(char.GetNumericValue('7') + " " + (int)'A' + " " + (char)98);
        Console.WriteLine(Math.Round(2.6) + " " + Math.Round(3.5) + " " + Math.Round(2.345, 2) + " " + Math.Round(7.5, MidpointRounding.AwayFromZero));
        Console.WriteLine(Convert.ToString(42, 2) + " " + Convert.ToInt32("ff", 16));
        Console.WriteLine(TimeSpan.FromSeconds(3725).ToString());
        Console.WriteLine(new DateTime(2024, 2, 29, 13, 45, 0).ToString("yyyy-MM-dd HH:mm:ss"));
        Console.WriteLine(new DateTime(2000, 1, 1).AddDays(10000).DayOfWeek);
    }
}
