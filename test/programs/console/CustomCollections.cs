using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

// A ring buffer and a priority queue implementing the collection interfaces, custom comparers
// and equality comparers, consumed by foreach, LINQ and the framework's collections.
class RingBuffer<T> : IEnumerable<T>
{
    readonly T[] items; int start, count;
    public RingBuffer(int capacity) { items = new T[capacity]; }
    public void Add(T x) { items[(start + count) % items.Length] = x; if (count < items.Length) count++; else start = (start + 1) % items.Length; }
    public int Count { get { return count; } }
    public IEnumerator<T> GetEnumerator() { for (int i = 0; i < count; i++) yield return items[(start + i) % items.Length]; }
    IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
}

class PriorityQueue<T>
{
    readonly List<T> heap = new List<T>(); readonly IComparer<T> cmp;
    public PriorityQueue(IComparer<T> c) { cmp = c; }
    public int Count { get { return heap.Count; } }
    public void Push(T x) { heap.Add(x); int i = heap.Count - 1; while (i > 0) { int p = (i - 1) / 2; if (cmp.Compare(heap[i], heap[p]) >= 0) break; T t = heap[i]; heap[i] = heap[p]; heap[p] = t; i = p; } }
    public T Pop()
    {
        T top = heap[0]; heap[0] = heap[heap.Count - 1]; heap.RemoveAt(heap.Count - 1);
        int i = 0;
        while (true) { int l = 2 * i + 1, r = l + 1, m = i; if (l < heap.Count && cmp.Compare(heap[l], heap[m]) < 0) m = l; if (r < heap.Count && cmp.Compare(heap[r], heap[m]) < 0) m = r; if (m == i) break; T t = heap[i]; heap[i] = heap[m]; heap[m] = t; i = m; }
        return top;
    }
}

class ByLengthThenAlpha : IComparer<string> { public int Compare(string a, string b) { int c = a.Length.CompareTo(b.Length); return c != 0 ? c : string.CompareOrdinal(a, b); } }
class CaseInsensitive : IEqualityComparer<string> { public bool Equals(string a, string b) { return string.Equals(a, b, StringComparison.OrdinalIgnoreCase); } public int GetHashCode(string s) { return s.ToUpperInvariant().GetHashCode(); } }
class Task2 { public string Name; public int Priority; public override string ToString() { return Name + "(" + Priority + ")"; } }

class CustomCollections
{
    static void Main()
    {
        var ring = new RingBuffer<int>(4);
        for (int i = 1; i <= 10; i++) ring.Add(i);
        Console.WriteLine(ring.Count + ": " + string.Join(",", ring) + " sum " + ring.Sum() + " max " + ring.Max());
        var pq = new PriorityQueue<string>(new ByLengthThenAlpha());
        foreach (var w in "pear fig banana kiwi apple date plum".Split(' ')) pq.Push(w);
        var order = new List<string>(); while (pq.Count > 0) order.Add(pq.Pop());
        Console.WriteLine(string.Join(" ", order));
        var tasks = new PriorityQueue<Task2>(Comparer<Task2>.Create((a, b) => b.Priority.CompareTo(a.Priority)));
        tasks.Push(new Task2 { Name = "write", Priority = 2 }); tasks.Push(new Task2 { Name = "test", Priority = 5 }); tasks.Push(new Task2 { Name = "ship", Priority = 1 });
        while (tasks.Count > 0) Console.Write(tasks.Pop() + " ");
        Console.WriteLine();
        var set = new HashSet<string>(new CaseInsensitive()) { "Alpha", "ALPHA", "beta", "Beta", "gamma" };
        Console.WriteLine(set.Count + " " + set.Contains("GAMMA"));
        var dict = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { { "One", 1 } };
        dict["ONE"] += 10;
        Console.WriteLine(dict["one"] + " " + dict.Count);
        var sorted = new SortedSet<string>(new ByLengthThenAlpha()) { "ccc", "a", "bb", "aa", "a" };
        Console.WriteLine(string.Join(",", sorted) + " " + sorted.Min + " " + sorted.Max);
        var sl = new SortedList<int, string> { { 3, "c" }, { 1, "a" }, { 2, "b" } };
        Console.WriteLine(string.Join("", sl.Values) + " " + sl.IndexOfKey(3));
        ArrayList old = new ArrayList { 1, "two", 3.0 };
        foreach (object o in old) Console.Write(o.GetType().Name + " ");
        Console.WriteLine();
        var ht = new Hashtable(); ht["k"] = "v"; Console.WriteLine(ht["k"] + " " + ht.ContainsKey("x"));
    }
}
