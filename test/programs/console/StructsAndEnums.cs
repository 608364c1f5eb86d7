using System;
using System.Collections.Generic;

// Value types in a geometry/scheduling setting: structs with operators, IEquatable, enums with
// [Flags], enum parsing and formatting.
[Flags]
enum Permissions { None = 0, Read = 1, Write = 2, Execute = 4, All = Read | Write | Execute }
enum Weekday { Monday = 1, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday }
enum Level : byte { Low = 10, Mid = 20, High = 30 }

struct Vector : IEquatable<Vector>
{
    public readonly double X, Y;
    public Vector(double x, double y) { X = x; Y = y; }
    public double Length { get { return Math.Sqrt(X * X + Y * Y); } }
    public static Vector operator +(Vector a, Vector b) { return new Vector(a.X + b.X, a.Y + b.Y); }
    public static Vector operator *(Vector a, double k) { return new Vector(a.X * k, a.Y * k); }
    public static bool operator ==(Vector a, Vector b) { return a.Equals(b); }
    public static bool operator !=(Vector a, Vector b) { return !a.Equals(b); }
    public bool Equals(Vector o) { return X == o.X && Y == o.Y; }
    public override bool Equals(object o) { return o is Vector && Equals((Vector)o); }
    public override int GetHashCode() { return X.GetHashCode() ^ (Y.GetHashCode() << 1); }
    public override string ToString() { return "<" + X + ", " + Y + ">"; }
}

struct Counter { public int N; public void Bump() { N++; } }

class StructsAndEnums
{
    static void Bump(Counter c) { c.Bump(); }
    static void BumpRef(ref Counter c) { c.Bump(); }

    static void Main()
    {
        var a = new Vector(3, 4);
        var b = a + new Vector(1, -1) * 2;
        Console.WriteLine(a + " " + a.Length + " " + b + " " + (a == new Vector(3, 4)) + " " + (a != b));
        var set = new HashSet<Vector> { a, new Vector(3, 4), b };
        Console.WriteLine(set.Count);
        var c = new Counter();
        Bump(c); Console.WriteLine(c.N);
        BumpRef(ref c); Console.WriteLine(c.N);
        var arr = new Counter[3];
        arr[1].Bump(); arr[1].Bump();
        Console.WriteLine(arr[0].N + " " + arr[1].N);
        object boxed = c;
        c.Bump();
        Console.WriteLine(((Counter)boxed).N + " " + c.N);

        var p = Permissions.Read | Permissions.Write;
        Console.WriteLine(p);
        Console.WriteLine(Permissions.All + " " + Permissions.None + " " + (Permissions)6);
        Console.WriteLine((p & Permissions.Write) != 0);
        Console.WriteLine(p.HasFlag(Permissions.Execute));
        Console.WriteLine(Weekday.Wednesday + " " + (int)Weekday.Sunday + " " + (Weekday)3 + " " + (Weekday)42);
        Console.WriteLine(Enum.Parse(typeof(Weekday), "Friday"));
        Weekday w;
        Console.WriteLine(Enum.TryParse("Funday", out w) + " " + w);
        Console.WriteLine(string.Join(",", Enum.GetNames(typeof(Level))));
        foreach (Weekday d in Enum.GetValues(typeof(Weekday))) if (d >= Weekday.Saturday) Console.Write(d + " ");
        Console.WriteLine();
        Console.WriteLine(Level.Mid.ToString("D") + " " + Level.High.ToString("X") + " " + Enum.GetUnderlyingType(typeof(Level)).Name);
        Console.WriteLine(Enum.IsDefined(typeof(Weekday), 9) + " " + Weekday.Monday.CompareTo(Weekday.Friday));
        var dt = new DateTime(2020, 6, 15);
        Console.WriteLine(dt.DayOfWeek + " " + dt.DayOfYear + " " + dt.AddMonths(8).ToString("yyyy-MM-dd"));
        var kv = new KeyValuePair<string, Vector>("origin", new Vector(0, 0));
        Console.WriteLine(kv);
    }
}
