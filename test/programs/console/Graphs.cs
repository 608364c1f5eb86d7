using System;
using System.Collections.Generic;
using System.Linq;

// Graph algorithms over a small road map: BFS, DFS, Dijkstra with a sorted set as the priority
// queue, topological sort of a build plan, and connected components.
class Graphs
{
    static Dictionary<string, List<KeyValuePair<string, int>>> roads = new Dictionary<string, List<KeyValuePair<string, int>>>();

    static void Road(string a, string b, int km)
    {
        foreach (var p in new[] { new[] { a, b }, new[] { b, a } })
        {
            List<KeyValuePair<string, int>> list;
            if (!roads.TryGetValue(p[0], out list)) roads[p[0]] = list = new List<KeyValuePair<string, int>>();
            list.Add(new KeyValuePair<string, int>(p[1], km));
        }
    }

    static List<string> Bfs(string start)
    {
        var seen = new HashSet<string> { start }; var order = new List<string>(); var q = new Queue<string>(); q.Enqueue(start);
        while (q.Count > 0) { var c = q.Dequeue(); order.Add(c); foreach (var n in roads[c].Select(e => e.Key).OrderBy(x => x, StringComparer.Ordinal)) if (seen.Add(n)) q.Enqueue(n); }
        return order;
    }

    static void Dfs(string c, HashSet<string> seen, List<string> order) { if (!seen.Add(c)) return; order.Add(c); foreach (var e in roads[c].OrderBy(x => x.Key, StringComparer.Ordinal)) Dfs(e.Key, seen, order); }

    static Dictionary<string, int> Dijkstra(string source, out Dictionary<string, string> prev)
    {
        var dist = roads.Keys.ToDictionary(k => k, k => int.MaxValue);
        prev = new Dictionary<string, string>();
        dist[source] = 0;
        var pq = new SortedSet<Tuple<int, string>> { Tuple.Create(0, source) };
        while (pq.Count > 0)
        {
            var top = pq.Min; pq.Remove(top);
            foreach (var e in roads[top.Item2])
            {
                int nd = top.Item1 + e.Value;
                if (nd < dist[e.Key]) { if (dist[e.Key] != int.MaxValue) pq.Remove(Tuple.Create(dist[e.Key], e.Key)); dist[e.Key] = nd; prev[e.Key] = top.Item2; pq.Add(Tuple.Create(nd, e.Key)); }
            }
        }
        return dist;
    }

    static List<string> TopoSort(Dictionary<string, string[]> deps)
    {
        var indeg = deps.Keys.ToDictionary(k => k, k => 0);
        foreach (var kv in deps) foreach (var d in kv.Value) indeg[kv.Key]++;
        var ready = new SortedSet<string>(indeg.Where(kv => kv.Value == 0).Select(kv => kv.Key), StringComparer.Ordinal);
        var order = new List<string>();
        while (ready.Count > 0)
        {
            var n = ready.Min; ready.Remove(n); order.Add(n);
            foreach (var kv in deps) if (kv.Value.Contains(n) && --indeg[kv.Key] == 0) ready.Add(kv.Key);
        }
        if (order.Count != deps.Count) throw new InvalidOperationException("cycle among " + string.Join(",", indeg.Where(kv => kv.Value > 0).Select(kv => kv.Key)));
        return order;
    }

    static void Main()
    {
        Road("Avon", "Bath", 12); Road("Bath", "Cork", 30); Road("Avon", "Cork", 50); Road("Cork", "Dover", 7);
        Road("Bath", "Dover", 45); Road("Dover", "Eton", 16); Road("Fife", "Glen", 3);
        Console.WriteLine("BFS " + string.Join(" ", Bfs("Avon")));
        var dfs = new List<string>(); Dfs("Avon", new HashSet<string>(), dfs);
        Console.WriteLine("DFS " + string.Join(" ", dfs));
        Dictionary<string, string> prev;
        var dist = Dijkstra("Avon", out prev);
        foreach (var kv in dist.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (kv.Value == int.MaxValue) { Console.WriteLine(kv.Key + ": unreachable"); continue; }
            var path = new List<string>(); for (var at = kv.Key; at != null; at = prev.ContainsKey(at) ? prev[at] : null) path.Insert(0, at);
            Console.WriteLine(kv.Key + ": " + kv.Value + " km via " + string.Join(">", path));
        }
        var components = new List<List<string>>(); var all = new HashSet<string>();
        foreach (var k in roads.Keys.OrderBy(k => k, StringComparer.Ordinal)) if (!all.Contains(k)) { var c = new List<string>(); Dfs(k, all, c); components.Add(c); }
        Console.WriteLine(components.Count + " components: " + string.Join(" | ", components.Select(c => string.Join(",", c))));
        var plan = new Dictionary<string, string[]> { { "app", new[] { "lib", "ui" } }, { "lib", new[] { "core" } }, { "ui", new[] { "core", "gfx" } }, { "core", new string[0] }, { "gfx", new string[0] }, { "tests", new[] { "app" } } };
        Console.WriteLine("build " + string.Join(" ", TopoSort(plan)));
        plan["core"] = new[] { "tests" };
        try { TopoSort(plan); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
    }
}
