using System;
using System.Collections.Generic;
using System.Linq;

// Deferred execution made visible: a LINQ pipeline that logs each step shows when elements are
// pulled, how Take stops the source, how ToList materialises, and how re-enumeration repeats work.
class LazyPipeline
{
    static List<string> log = new List<string>();
    static IEnumerable<int> Source(int n) { for (int i = 1; i <= n; i++) { log.Add("gen " + i); yield return i; } log.Add("gen done"); }

    static void Main()
    {
        var q = Source(10).Where(x => { log.Add("where " + x); return x % 3 != 0; }).Select(x => { log.Add("select " + x); return x * x; }).Take(3);
        Console.WriteLine("built, log has " + log.Count);
        Console.WriteLine(string.Join(",", q));
        Console.WriteLine(string.Join(" / ", log));
        log.Clear();
        var list = q.ToList();
        Console.WriteLine(list.Count + " after ToList, " + log.Count + " log entries");
        log.Clear();
        Console.WriteLine(q.First() + " " + log.Count);
        log.Clear();
        var grouped = Source(6).GroupBy(x => x % 2 == 0 ? "even" : "odd");
        Console.WriteLine("grouped, log " + log.Count);
        foreach (var g in grouped) Console.WriteLine(g.Key + ": " + string.Join(" ", g));
        Console.WriteLine("log " + log.Count);
        var ordered = new[] { 5, 3, 9, 1 }.OrderBy(x => { Console.Write("k" + x + " "); return x; });
        Console.WriteLine();
        Console.WriteLine(string.Join(",", ordered));
        Console.WriteLine(Enumerable.Range(0, 1000000).Select(x => (long)x).Where(x => x % 7 == 0).Skip(3).Take(2).Sum());
        Console.WriteLine(Source(3).Count() + " " + log.Count(l => l.StartsWith("gen")));
    }
}
