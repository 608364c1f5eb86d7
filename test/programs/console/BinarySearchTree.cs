using System;
using System.Collections.Generic;

// A generic binary search tree with insert, delete, traversal, height and a range query;
// exercised with ints and strings.
class Bst<T> where T : IComparable<T>
{
    class Node { public T Key; public Node L, R; public Node(T k) { Key = k; } }
    Node root; public int Count { get; private set; }

    public bool Add(T k) { bool added = false; root = Insert(root, k, ref added); if (added) Count++; return added; }
    Node Insert(Node n, T k, ref bool added)
    {
        if (n == null) { added = true; return new Node(k); }
        int c = k.CompareTo(n.Key);
        if (c < 0) n.L = Insert(n.L, k, ref added); else if (c > 0) n.R = Insert(n.R, k, ref added);
        return n;
    }
    public bool Remove(T k) { int before = Count; root = Delete(root, k); return Count < before; }
    Node Delete(Node n, T k)
    {
        if (n == null) return null;
        int c = k.CompareTo(n.Key);
        if (c < 0) n.L = Delete(n.L, k);
        else if (c > 0) n.R = Delete(n.R, k);
        else
        {
            if (n.L == null) { Count--; return n.R; }
            if (n.R == null) { Count--; return n.L; }
            Node m = n.R; while (m.L != null) m = m.L;
            n.Key = m.Key; n.R = Delete(n.R, m.Key);
        }
        return n;
    }
    public bool Contains(T k) { var n = root; while (n != null) { int c = k.CompareTo(n.Key); if (c == 0) return true; n = c < 0 ? n.L : n.R; } return false; }
    public int Height { get { return H(root); } }
    int H(Node n) { return n == null ? 0 : 1 + Math.Max(H(n.L), H(n.R)); }
    public IEnumerable<T> InOrder() { var stack = new Stack<Node>(); var n = root; while (stack.Count > 0 || n != null) { if (n != null) { stack.Push(n); n = n.L; } else { n = stack.Pop(); yield return n.Key; n = n.R; } } }
    public List<T> Range(T lo, T hi) { var r = new List<T>(); Collect(root, lo, hi, r); return r; }
    void Collect(Node n, T lo, T hi, List<T> r)
    {
        if (n == null) return;
        if (lo.CompareTo(n.Key) < 0) Collect(n.L, lo, hi, r);
        if (lo.CompareTo(n.Key) <= 0 && hi.CompareTo(n.Key) >= 0) r.Add(n.Key);
        if (hi.CompareTo(n.Key) > 0) Collect(n.R, lo, hi, r);
    }
}

class BinarySearchTree
{
    static void Main()
    {
        var t = new Bst<int>();
        foreach (var k in new[] { 50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 30 }) t.Add(k);
        Console.WriteLine(t.Count + " " + t.Height + " " + string.Join(",", t.InOrder()));
        Console.WriteLine(t.Contains(45) + " " + t.Contains(46));
        Console.WriteLine(string.Join(",", t.Range(33, 66)));
        Console.WriteLine(t.Remove(30) + " " + t.Remove(31) + " " + t.Remove(50));
        Console.WriteLine(t.Count + " " + t.Height + " " + string.Join(",", t.InOrder()));
        var s = new Bst<string>();
        foreach (var w in "the quick brown fox jumps over the lazy dog".Split(' ')) s.Add(w);
        Console.WriteLine(s.Count + " " + string.Join(" ", s.InOrder()));
        var big = new Bst<long>();
        long x = 1;
        for (int i = 0; i < 2000; i++) { x = x * 6364136223846793005L + 1442695040888963407L; big.Add((x >> 33) % 100000); }
        Console.WriteLine(big.Count + " " + big.Height);
    }
}
