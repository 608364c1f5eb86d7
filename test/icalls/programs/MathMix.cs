// Several System.Math internal calls; returns 0, or the number of the first check that fails.
using System;

static class MathMix
{
    static bool Near(double a, double b) { return Math.Abs(a - b) < 1e-12; }

    static int Main()
    {
        if (Math.Sqrt(16.0) != 4.0) return 1;
        if (Math.Pow(2.0, 10.0) != 1024.0) return 2;
        if (Math.Floor(-2.5) != -3.0) return 3;
        if (Math.Ceiling(2.1) != 3.0) return 4;
        if (Math.Abs(-3.25) != 3.25) return 5;
        if (Math.Round(2.5) != 2.0) return 6;
        if (!Near(Math.Sin(Math.PI / 2), 1.0)) return 7;
        if (!Near(Math.Cos(0.0), 1.0)) return 8;
        if (!Near(Math.Atan2(1.0, 1.0) * 4.0, Math.PI)) return 9;
        if (!Near(Math.Log(Math.Exp(3.0)), 3.0)) return 10;
        if (Math.Log10(1000.0) != 3.0) return 11;
        if (!Near(Math.Tan(Math.Atan(0.5)), 0.5)) return 12;
        return 0;
    }
}
