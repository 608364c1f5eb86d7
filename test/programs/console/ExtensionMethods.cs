using System;
using System.Collections.Generic;
using System.Text;

// Static helper classes and extension methods, indexers, properties with logic, operator
// overloading and implicit/explicit conversions, in a small units-of-measure library.
static class StringExtensions
{
    public static string Repeat(this string s, int n) { var sb = new StringBuilder(); for (int i = 0; i < n; i++) sb.Append(s); return sb.ToString(); }
    public static bool IsPalindrome(this string s) { for (int i = 0, j = s.Length - 1; i < j; i++, j--) if (char.ToLower(s[i]) != char.ToLower(s[j])) return false; return true; }
    public static string Initials(this string s) { var sb = new StringBuilder(); foreach (var w in s.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)) sb.Append(char.ToUpper(w[0])); return sb.ToString(); }
}

static class SequenceExtensions
{
    public static IEnumerable<T> Every<T>(this IEnumerable<T> xs, int n) { int i = 0; foreach (var x in xs) if (i++ % n == 0) yield return x; }
    public static int SumOf<T>(this IEnumerable<T> xs, Func<T, int> f) { int s = 0; foreach (var x in xs) s += f(x); return s; }
}

struct Meters
{
    public readonly double Value;
    public Meters(double v) { Value = v; }
    public static implicit operator Meters(double v) { return new Meters(v); }
    public static explicit operator double(Meters m) { return m.Value; }
    public static Meters operator +(Meters a, Meters b) { return new Meters(a.Value + b.Value); }
    public static bool operator <(Meters a, Meters b) { return a.Value < b.Value; }
    public static bool operator >(Meters a, Meters b) { return a.Value > b.Value; }
    public Feet ToFeet() { return new Feet(Value / 0.3048); }
    public override string ToString() { return Value.ToString("0.###") + " m"; }
}

struct Feet { public readonly double Value; public Feet(double v) { Value = v; } public override string ToString() { return Value.ToString("0.##") + " ft"; } }

class Grid
{
    readonly int[] cells; public int Width { get; private set; } public int Height { get; private set; }
    public Grid(int w, int h) { Width = w; Height = h; cells = new int[w * h]; }
    public int this[int x, int y] { get { return cells[y * Width + x]; } set { cells[y * Width + x] = value; } }
    public int this[string name] { get { return name == "sum" ? cells.SumOf(c => c) : -1; } }
    private int visits;
    public int Visits { get { return visits; } set { if (value < visits) throw new ArgumentException("visits cannot decrease"); visits = value; } }
}

class ExtensionMethods
{
    static void Main()
    {
        Console.WriteLine("ab".Repeat(3) + " " + "Racecar".IsPalindrome() + " " + "hello".IsPalindrome() + " " + "  grace  brewster hopper".Initials());
        Console.WriteLine(string.Join(",", new[] { 1, 2, 3, 4, 5, 6, 7 }.Every(3)));
        Meters a = 12.5, b = new Meters(7.5);
        var c = a + b;
        Console.WriteLine(c + " " + (double)c + " " + (a > b) + " " + (a < b) + " " + c.ToFeet());
        var g = new Grid(3, 2);
        g[0, 0] = 1; g[2, 1] = 5; g[1, 1] += 3;
        Console.WriteLine(g[2, 1] + " " + g[1, 1] + " " + g["sum"] + " " + g["other"]);
        g.Visits = 2; g.Visits++;
        try { g.Visits = 1; } catch (ArgumentException e) { Console.WriteLine(e.Message + " " + g.Visits); }
    }
}
