using System;
using System.Collections.Generic;

// A small generic toolkit: a generic container with constraints, generic methods, and
// instantiations over value and reference types.
interface IShape { double Area(); string Name { get; } }
class Circle : IShape { public double R; public Circle(double r) { R = r; } public double Area() { return Math.PI * R * R; } public string Name { get { return "circle"; } } }
class Square : IShape { public double S; public Square(double s) { S = s; } public double Area() { return S * S; } public string Name { get { return "square"; } } }

class Pair<TFirst, TSecond>
{
    public TFirst First; public TSecond Second;
    public Pair(TFirst f, TSecond s) { First = f; Second = s; }
    public Pair<TSecond, TFirst> Swap() { return new Pair<TSecond, TFirst>(Second, First); }
    public override string ToString() { return "(" + First + ", " + Second + ")"; }
}

class Registry<T> where T : class, IShape
{
    readonly List<T> items = new List<T>();
    public static int Created;
    public Registry() { Created++; }
    public void Add(T item) { items.Add(item); }
    public T Largest()
    {
        T best = null;
        foreach (var i in items) if (best == null || i.Area() > best.Area()) best = i;
        return best;
    }
}

class Generics
{
    static T Max<T>(T a, T b) where T : IComparable<T> { return a.CompareTo(b) >= 0 ? a : b; }
    static void Swap<T>(ref T a, ref T b) { T t = a; a = b; b = t; }
    static TOut[] Map<TIn, TOut>(TIn[] xs, Func<TIn, TOut> f)
    {
        var r = new TOut[xs.Length];
        for (int i = 0; i < xs.Length; i++) r[i] = f(xs[i]);
        return r;
    }
    static T FirstOrFallback<T>(IEnumerable<T> xs, T fallback) { foreach (var x in xs) return x; return fallback; }

    static void Main()
    {
        Console.WriteLine(Max(3, 9) + " " + Max("pear", "apple") + " " + Max(2.5, -1.0));
        int a = 1, b = 2; Swap(ref a, ref b); Console.WriteLine(a + " " + b);
        string s1 = "x", s2 = "y"; Swap(ref s1, ref s2); Console.WriteLine(s1 + s2);
        var p = new Pair<int, string>(7, "seven");
        Console.WriteLine(p + " " + p.Swap());
        Console.WriteLine(string.Join(",", Map(new[] { 1, 2, 3 }, x => x * 1.5)));
        Console.WriteLine(string.Join(",", Map(new[] { "a", "bb" }, x => x.Length)));
        var reg = new Registry<IShape>();
        reg.Add(new Circle(1)); reg.Add(new Square(2)); reg.Add(new Circle(1.2));
        var big = reg.Largest();
        Console.WriteLine(big.Name + " " + big.Area().ToString("F3"));
        new Registry<Circle>(); new Registry<Circle>();
        Console.WriteLine(Registry<IShape>.Created + " " + Registry<Circle>.Created);
        Console.WriteLine(FirstOrFallback(new List<int>(), -1) + " " + FirstOrFallback(new[] { "z" }, "none"));
        Console.WriteLine(typeof(Pair<int, string>).Name + " " + typeof(List<>).IsGenericTypeDefinition);
        var nested = new Dictionary<string, List<Pair<int, double>>>();
        nested["k"] = new List<Pair<int, double>> { new Pair<int, double>(1, 0.5) };
        Console.WriteLine(nested["k"][0]);
        Console.WriteLine(default(int) + " " + (default(string) == null) + " " + EqualityComparer<double>.Default.Equals(0.1 + 0.2, 0.3));
        int? maybe = null;
        Console.WriteLine(maybe.HasValue + " " + maybe.GetValueOrDefault(5) + " " + (maybe ?? 8));
        maybe = 4;
        Console.WriteLine(maybe.Value * 2);
    }
}
