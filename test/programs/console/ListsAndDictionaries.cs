using System;
using System.Collections.Generic;

// An inventory kept in List, Dictionary, SortedDictionary, Queue, Stack and HashSet.
class ListsAndDictionaries
{
    static void Main()
    {
        var items = new List<string> { "pear", "apple", "fig", "banana", "cherry" };
        items.Add("date");
        items.Insert(0, "kiwi");
        items.Remove("fig");
        items.Sort();
        Console.WriteLine(string.Join(", ", items));
        items.Sort((a, b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b));
        Console.WriteLine(string.Join(", ", items));
        Console.WriteLine(items.IndexOf("date") + " " + items.Contains("fig") + " " + items.Count);
        Console.WriteLine(items.Find(s => s.StartsWith("b")));
        Console.WriteLine(items.FindAll(s => s.Length > 4).Count);
        items.RemoveAll(s => s.Contains("e"));
        Console.WriteLine(string.Join(", ", items));

        var stock = new Dictionary<string, int>();
        foreach (var w in "a b c a b a d".Split(' '))
        {
            int c;
            stock.TryGetValue(w, out c);
            stock[w] = c + 1;
        }
        foreach (var kv in stock) Console.WriteLine(kv.Key + "=" + kv.Value);
        Console.WriteLine(stock.ContainsKey("d") + " " + stock.ContainsValue(3) + " " + stock.Remove("c") + " " + stock.Count);

        var sorted = new SortedDictionary<int, string> { { 5, "five" }, { 1, "one" }, { 3, "three" } };
        foreach (var kv in sorted) Console.Write(kv.Key + ":" + kv.Value + " ");
        Console.WriteLine();

        var q = new Queue<int>();
        for (int i = 1; i <= 4; i++) q.Enqueue(i * i);
        Console.WriteLine(q.Dequeue() + " " + q.Peek() + " " + q.Count);
        var st = new Stack<char>();
        foreach (char ch in "hello") st.Push(ch);
        while (st.Count > 0) Console.Write(st.Pop());
        Console.WriteLine();

        var seen = new HashSet<int>();
        int dups = 0;
        foreach (int v in new[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5 }) if (!seen.Add(v)) dups++;
        Console.WriteLine("distinct " + seen.Count + " dups " + dups);
        var other = new HashSet<int> { 1, 2, 3, 10 };
        other.IntersectWith(seen);
        Console.WriteLine(other.Count);

        var linked = new LinkedList<int>();
        linked.AddLast(2); linked.AddFirst(1); linked.AddLast(3);
        foreach (var x in linked) Console.Write(x);
        Console.WriteLine();
        int[] arr = { 9, 4, 7, 1 };
        Array.Sort(arr);
        Console.WriteLine(string.Join(" ", arr) + " " + Array.BinarySearch(arr, 7));
    }
}
