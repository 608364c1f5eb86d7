using System;
using System.Collections.Generic;

// Returning several values: Tuple, out parameters, KeyValuePair, and small immutable classes
// with structural equality.
class Point3
{
    public readonly int X, Y, Z;
    public Point3(int x, int y, int z) { X = x; Y = y; Z = z; }
    public override bool Equals(object obj) { var p = obj as Point3; return p != null && p.X == X && p.Y == Y && p.Z == Z; }
    public override int GetHashCode() { return (X * 397 ^ Y) * 397 ^ Z; }
    public override string ToString() { return string.Format("({0},{1},{2})", X, Y, Z); }
}

class Tuples
{
    static Tuple<int, int, double> Stats(int[] xs)
    {
        int min = int.MaxValue, max = int.MinValue; long sum = 0;
        foreach (var x in xs) { min = Math.Min(min, x); max = Math.Max(max, x); sum += x; }
        return Tuple.Create(min, max, (double)sum / xs.Length);
    }
    static bool Divide(int a, int b, out int q, out int r) { if (b == 0) { q = r = 0; return false; } q = a / b; r = a % b; return true; }

    static void Main()
    {
        var s = Stats(new[] { 4, 8, 15, 16, 23, 42 });
        Console.WriteLine(s.Item1 + " " + s.Item2 + " " + s.Item3);
        Console.WriteLine(s);
        int q, r;
        Console.WriteLine(Divide(17, 5, out q, out r) + " " + q + " " + r);
        Console.WriteLine(Divide(1, 0, out q, out r) + " " + q + " " + r);
        Console.WriteLine(Divide(-17, 5, out q, out r) + " " + q + " " + r);
        var t1 = Tuple.Create("a", 1); var t2 = Tuple.Create("a", 1);
        Console.WriteLine(t1.Equals(t2) + " " + (t1 == t2) + " " + t1.GetHashCode().Equals(t2.GetHashCode()));
        var seen = new HashSet<Point3> { new Point3(1, 2, 3), new Point3(1, 2, 3), new Point3(3, 2, 1) };
        Console.WriteLine(seen.Count + " " + seen.Contains(new Point3(3, 2, 1)));
        var byKey = new Dictionary<Tuple<int, int>, string>();
        byKey[Tuple.Create(0, 0)] = "origin"; byKey[Tuple.Create(1, 0)] = "east";
        Console.WriteLine(byKey[Tuple.Create(1, 0)]);
        var nested = Tuple.Create(1, Tuple.Create("two", 3.0), new Point3(4, 5, 6));
        Console.WriteLine(nested);
        var comparer = Comparer<Tuple<int, string>>.Default;
        Console.WriteLine(comparer.Compare(Tuple.Create(1, "b"), Tuple.Create(1, "a")) > 0);
    }
}
