using System;
using System.Collections.Generic;

// Classic sorting algorithms checked against each other and Array.Sort, on a deterministic
// pseudo-random input.
class Sorting
{
    static uint seed = 12345;
    static int Next() { seed = seed * 1103515245 + 12345; return (int)(seed >> 16) % 1000; }

    static void Bubble(int[] a) { for (int i = 0; i < a.Length; i++) for (int j = 0; j + 1 < a.Length - i; j++) if (a[j] > a[j + 1]) { int t = a[j]; a[j] = a[j + 1]; a[j + 1] = t; } }
    static void Insertion(int[] a) { for (int i = 1; i < a.Length; i++) { int k = a[i], j = i - 1; while (j >= 0 && a[j] > k) { a[j + 1] = a[j]; j--; } a[j + 1] = k; } }
    static void Quick(int[] a, int lo, int hi)
    {
        if (lo >= hi) return;
        int p = a[(lo + hi) / 2], i = lo, j = hi;
        while (i <= j) { while (a[i] < p) i++; while (a[j] > p) j--; if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; } }
        Quick(a, lo, j); Quick(a, i, hi);
    }
    static int[] Merge(int[] a)
    {
        if (a.Length < 2) return a;
        int m = a.Length / 2;
        var l = Merge(Slice(a, 0, m)); var r = Merge(Slice(a, m, a.Length));
        var o = new int[a.Length]; int x = 0, y = 0, k = 0;
        while (x < l.Length && y < r.Length) o[k++] = l[x] <= r[y] ? l[x++] : r[y++];
        while (x < l.Length) o[k++] = l[x++];
        while (y < r.Length) o[k++] = r[y++];
        return o;
    }
    static int[] Slice(int[] a, int from, int to) { var r = new int[to - from]; Array.Copy(a, from, r, 0, r.Length); return r; }
    static void Heap(int[] a)
    {
        for (int i = a.Length / 2 - 1; i >= 0; i--) Sift(a, i, a.Length);
        for (int end = a.Length - 1; end > 0; end--) { int t = a[0]; a[0] = a[end]; a[end] = t; Sift(a, 0, end); }
    }
    static void Sift(int[] a, int i, int n) { while (true) { int l = 2 * i + 1, r = l + 1, m = i; if (l < n && a[l] > a[m]) m = l; if (r < n && a[r] > a[m]) m = r; if (m == i) return; int t = a[i]; a[i] = a[m]; a[m] = t; i = m; } }

    static void Main()
    {
        var data = new int[300];
        for (int i = 0; i < data.Length; i++) data[i] = Next();
        Console.WriteLine(string.Join(" ", Slice(data, 0, 12)));
        var reference = (int[])data.Clone(); Array.Sort(reference);
        var b = (int[])data.Clone(); Bubble(b);
        var ins = (int[])data.Clone(); Insertion(ins);
        var q = (int[])data.Clone(); Quick(q, 0, q.Length - 1);
        var h = (int[])data.Clone(); Heap(h);
        var m = Merge((int[])data.Clone());
        foreach (var pair in new[] { Tuple.Create("bubble", b), Tuple.Create("insertion", ins), Tuple.Create("quick", q), Tuple.Create("heap", h), Tuple.Create("merge", m) })
        {
            bool same = true;
            for (int i = 0; i < reference.Length; i++) if (pair.Item2[i] != reference[i]) same = false;
            Console.WriteLine(pair.Item1 + " " + (same ? "ok" : "WRONG"));
        }
        Console.WriteLine(string.Join(" ", Slice(reference, 0, 12)) + " ... " + reference[reference.Length - 1]);
        var people = new List<KeyValuePair<string, int>> { new KeyValuePair<string, int>("x", 3), new KeyValuePair<string, int>("y", 1), new KeyValuePair<string, int>("z", 3), new KeyValuePair<string, int>("w", 2) };
        people.Sort((p1, p2) => p1.Value.CompareTo(p2.Value));
        foreach (var p in people) Console.Write(p.Key + p.Value + " ");
        Console.WriteLine();
        string[] names = { "delta", "Alpha", "charlie", "Bravo" };
        Array.Sort(names, StringComparer.OrdinalIgnoreCase);
        Console.WriteLine(string.Join(",", names));
        Array.Sort(names, StringComparer.Ordinal);
        Console.WriteLine(string.Join(",", names));
    }
}
