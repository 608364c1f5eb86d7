using System;
using System.Collections.Generic;
using System.Linq;

// Queries over a small order book: filtering, projection, grouping, ordering, aggregation, joins.
class Linq
{
    class Order { public int Id; public string Customer; public string Product; public int Qty; public decimal Price; }

    static void Main()
    {
        var orders = new List<Order>
        {
            new Order { Id = 1, Customer = "ann", Product = "pen", Qty = 3, Price = 1.5m },
            new Order { Id = 2, Customer = "bob", Product = "ink", Qty = 1, Price = 7m },
            new Order { Id = 3, Customer = "ann", Product = "pad", Qty = 2, Price = 3.25m },
            new Order { Id = 4, Customer = "cid", Product = "pen", Qty = 10, Price = 1.4m },
            new Order { Id = 5, Customer = "bob", Product = "pad", Qty = 4, Price = 3m },
        };
        var big = orders.Where(o => o.Qty >= 3).Select(o => o.Id);
        Console.WriteLine(string.Join(",", big));
        foreach (var g in orders.GroupBy(o => o.Customer).OrderBy(g => g.Key))
            Console.WriteLine(g.Key + " " + g.Count() + " " + g.Sum(o => o.Qty * o.Price));
        var byProduct = from o in orders
                        group o by o.Product into g
                        orderby g.Sum(x => x.Qty) descending
                        select new { Product = g.Key, Total = g.Sum(x => x.Qty) };
        foreach (var p in byProduct) Console.WriteLine(p.Product + " " + p.Total);
        Console.WriteLine(orders.Max(o => o.Price) + " " + orders.Min(o => o.Qty) + " " + orders.Average(o => o.Qty));
        Console.WriteLine(orders.Any(o => o.Customer == "cid") + " " + orders.All(o => o.Qty > 0));
        Console.WriteLine(orders.First(o => o.Product == "pad").Id + " " + orders.LastOrDefault(o => o.Qty > 100) == null);
        var names = new[] { "ann", "bob", "cid", "dan" };
        var joined = from n in names
                     join o in orders on n equals o.Customer into os
                     select n + ":" + os.Count();
        Console.WriteLine(string.Join(" ", joined));
        Console.WriteLine(string.Join(" ", Enumerable.Range(1, 10).Where(i => i % 2 == 1).Select(i => i * i)));
        Console.WriteLine(string.Join(" ", names.Reverse().Skip(1).Take(2)));
        Console.WriteLine(string.Join(" ", orders.OrderByDescending(o => o.Price).ThenBy(o => o.Id).Select(o => o.Id)));
        Console.WriteLine(Enumerable.Range(1, 5).Aggregate(1, (a, b) => a * b));
        var dict = orders.ToDictionary(o => o.Id, o => o.Product);
        Console.WriteLine(dict[4]);
        Console.WriteLine(string.Join(",", orders.Select(o => o.Product).Distinct().OrderBy(s => s)));
        Console.WriteLine(string.Join(",", new[] { 1, 2, 3 }.Zip(new[] { "a", "b", "c" }, (i, s) => s + i)));
        Console.WriteLine(orders.SelectMany(o => Enumerable.Repeat(o.Product[0], o.Qty)).Count());
        var lookup = orders.ToLookup(o => o.Qty % 2 == 0);
        Console.WriteLine(lookup[true].Count() + " " + lookup[false].Count());
    }
}
