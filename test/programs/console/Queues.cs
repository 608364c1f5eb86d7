using System;
using System.Collections.Generic;
using System.Linq;

// A bank-teller queue simulation: a deterministic random arrival process, a Queue per teller,
// statistics with LINQ, and a histogram.
class Customer { public int Id; public int Arrival; public int Service; public int Start; public int Wait { get { return Start - Arrival; } } }

class Queues
{
    static void Main()
    {
        var rng = new Random(2024);
        var customers = new List<Customer>();
        int t = 0;
        for (int i = 0; i < 60; i++) { t += rng.Next(0, 5); customers.Add(new Customer { Id = i, Arrival = t, Service = rng.Next(2, 9) }); }
        var free = new int[3];
        var served = new List<Customer>[3];
        for (int k = 0; k < 3; k++) served[k] = new List<Customer>();
        foreach (var c in customers)
        {
            int best = 0;
            for (int k = 1; k < 3; k++) if (free[k] < free[best]) best = k;
            c.Start = Math.Max(c.Arrival, free[best]);
            free[best] = c.Start + c.Service;
            served[best].Add(c);
        }
        for (int k = 0; k < 3; k++) Console.WriteLine("teller {0}: {1} customers, busy until {2}, mean wait {3:F2}", k, served[k].Count, free[k], served[k].Average(c => c.Wait));
        Console.WriteLine("max wait {0} (customer {1})", customers.Max(c => c.Wait), customers.OrderByDescending(c => c.Wait).ThenBy(c => c.Id).First().Id);
        foreach (var g in customers.GroupBy(c => c.Wait / 3).OrderBy(g => g.Key)) Console.WriteLine("{0,2}-{1,2}: {2}", g.Key * 3, g.Key * 3 + 2, new string('#', g.Count()));
        Console.WriteLine(rng.NextDouble().ToString("F6") + " " + rng.Next() + " " + rng.Next(100));
        var bytes = new byte[6]; rng.NextBytes(bytes);
        Console.WriteLine(BitConverter.ToString(bytes));
    }
}
