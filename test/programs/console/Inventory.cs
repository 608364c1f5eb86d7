using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

// An inventory report: records with properties, string.Format alignment, LINQ grouping, sorting by
// multiple keys, and a summary table.
class Item
{
    public string Sku { get; set; }
    public string Name { get; set; }
    public string Category { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal Value { get { return Quantity * UnitPrice; } }
    public DateTime Received { get; set; }
}

class Inventory
{
    static void Main()
    {
        var items = new List<Item>
        {
            new Item { Sku = "A-100", Name = "Bolt M6", Category = "Hardware", Quantity = 1200, UnitPrice = 0.05m, Received = new DateTime(2024, 3, 1) },
            new Item { Sku = "A-101", Name = "Nut M6", Category = "Hardware", Quantity = 900, UnitPrice = 0.03m, Received = new DateTime(2024, 3, 2) },
            new Item { Sku = "B-200", Name = "Drill", Category = "Tools", Quantity = 12, UnitPrice = 89.99m, Received = new DateTime(2024, 1, 15) },
            new Item { Sku = "B-201", Name = "Saw", Category = "Tools", Quantity = 0, UnitPrice = 24.5m, Received = new DateTime(2023, 12, 5) },
            new Item { Sku = "C-300", Name = "Glue", Category = "Supplies", Quantity = 48, UnitPrice = 3.75m, Received = new DateTime(2024, 2, 20) },
        };
        var sb = new StringBuilder();
        sb.AppendLine(string.Format("{0,-6} {1,-8} {2,-9} {3,6} {4,9} {5,10}", "SKU", "Name", "Category", "Qty", "Price", "Value"));
        sb.AppendLine(new string('-', 53));
        foreach (var i in items.OrderBy(i => i.Category).ThenByDescending(i => i.Value))
            sb.AppendLine(string.Format("{0,-6} {1,-8} {2,-9} {3,6} {4,9:F2} {5,10:N2}", i.Sku, i.Name, i.Category, i.Quantity, i.UnitPrice, i.Value));
        Console.Write(sb);
        foreach (var g in items.GroupBy(i => i.Category).Select(g => new { g.Key, Total = g.Sum(i => i.Value), Count = g.Count(), Oldest = g.Min(i => i.Received) }).OrderByDescending(x => x.Total))
            Console.WriteLine("{0}: {1} items, {2:N2} total, oldest {3:yyyy-MM-dd} ({4} days before 2024-06-01)", g.Key, g.Count, g.Total, g.Oldest, (new DateTime(2024, 6, 1) - g.Oldest).Days);
        var outOfStock = items.Where(i => i.Quantity == 0).Select(i => i.Name).ToArray();
        Console.WriteLine("out of stock: " + (outOfStock.Length == 0 ? "none" : string.Join(", ", outOfStock)));
        Console.WriteLine("total value {0:C2}".Replace("C2", "N2"), items.Sum(i => i.Value));
        Console.WriteLine("mean price {0:F3}, median qty {1}", items.Average(i => i.UnitPrice), items.Select(i => i.Quantity).OrderBy(q => q).ElementAt(items.Count / 2));
        var bySku = items.ToDictionary(i => i.Sku);
        Console.WriteLine(bySku["B-200"].Name + " " + bySku.ContainsKey("Z-999"));
    }
}
