using System;
using System.Collections;
using System.Collections.Generic;

// Lazy sequences with yield: an infinite generator, a tree walk, a paging reader, and a custom
// IEnumerable consumed by foreach and by hand.
class Tree
{
    public int Value; public Tree Left, Right;
    public Tree(int v, Tree l = null, Tree r = null) { Value = v; Left = l; Right = r; }
    public IEnumerable<int> InOrder()
    {
        if (Left != null) foreach (var v in Left.InOrder()) yield return v;
        yield return Value;
        if (Right != null) foreach (var v in Right.InOrder()) yield return v;
    }
}

class Countdown : IEnumerable
{
    int from;
    public Countdown(int f) { from = f; }
    public IEnumerator GetEnumerator() { for (int i = from; i > 0; i--) yield return i; yield return "liftoff"; }
}

class Iterators
{
    static IEnumerable<long> Fibonacci() { long a = 0, b = 1; while (true) { yield return a; long t = a + b; a = b; b = t; } }

    static IEnumerable<string> Pages(int total, int size)
    {
        try
        {
            for (int i = 0; i < total; i += size) yield return "page " + (i / size) + " [" + i + ".." + Math.Min(i + size, total) + ")";
        }
        finally { Console.WriteLine("reader closed"); }
    }

    static IEnumerable<T> TakeWhileLess<T>(IEnumerable<T> xs, T limit) where T : IComparable<T>
    {
        foreach (var x in xs) { if (x.CompareTo(limit) >= 0) yield break; yield return x; }
    }

    static void Main()
    {
        foreach (var f in TakeWhileLess(Fibonacci(), 100L)) Console.Write(f + " ");
        Console.WriteLine();
        var tree = new Tree(8, new Tree(3, new Tree(1), new Tree(6, new Tree(4), new Tree(7))), new Tree(10, null, new Tree(14, new Tree(13))));
        Console.WriteLine(string.Join(",", tree.InOrder()));
        foreach (var p in Pages(10, 4)) Console.WriteLine(p);
        foreach (var p in Pages(100, 30)) { Console.WriteLine(p); break; }
        foreach (var x in new Countdown(3)) Console.Write(x + " ");
        Console.WriteLine();
        IEnumerator<long> e = Fibonacci().GetEnumerator();
        for (int i = 0; i < 50; i++) e.MoveNext();
        Console.WriteLine(e.Current);
        var words = new List<string> { "a", "b", "c" };
        try { foreach (var w in words) if (w == "b") words.Add("d"); }
        catch (InvalidOperationException) { Console.WriteLine("collection modified"); }
    }
}
