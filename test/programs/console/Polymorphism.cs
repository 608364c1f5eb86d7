using System;
using System.Collections.Generic;

// A payroll: abstract base classes, virtual and overridden members, interfaces with explicit
// implementations, base calls, sealed classes and ToString overrides.
interface IPayable { decimal Pay(); }
interface IReport { string Line(); }

abstract class Employee : IPayable, IReport, IComparable<Employee>
{
    public string Name { get; private set; }
    protected Employee(string name) { Name = name; }
    public abstract decimal Pay();
    public virtual string Role { get { return "employee"; } }
    string IReport.Line() { return Name.PadRight(8) + Role.PadRight(12) + Pay().ToString("F2").PadLeft(10); }
    public int CompareTo(Employee other) { return other.Pay().CompareTo(Pay()); }
    public override string ToString() { return Role + " " + Name; }
}

class Salaried : Employee
{
    decimal yearly;
    public Salaried(string n, decimal y) : base(n) { yearly = y; }
    public override decimal Pay() { return Math.Round(yearly / 12, 2); }
    public override string Role { get { return "salaried"; } }
}

class Hourly : Employee
{
    protected decimal rate; protected int hours;
    public Hourly(string n, decimal r, int h) : base(n) { rate = r; hours = h; }
    public override decimal Pay() { int over = Math.Max(0, hours - 160); return rate * (hours - over) + rate * 1.5m * over; }
    public override string Role { get { return "hourly"; } }
}

sealed class Manager : Salaried
{
    int reports;
    public Manager(string n, decimal y, int r) : base(n, y) { reports = r; }
    public override decimal Pay() { return base.Pay() + 100 * reports; }
    public override string Role { get { return "manager"; } }
}

class Contractor : IPayable
{
    public decimal Pay() { return 5000; }
}

class Polymorphism
{
    static void Main()
    {
        var staff = new List<Employee> { new Salaried("ann", 60000), new Hourly("bob", 20, 170), new Manager("cat", 90000, 3), new Hourly("dan", 25, 100) };
        foreach (IReport r in staff) Console.WriteLine(r.Line());
        staff.Sort();
        Console.WriteLine(string.Join("; ", staff));
        var payables = new List<IPayable>(staff);
        payables.Add(new Contractor());
        decimal total = 0;
        foreach (var p in payables) total += p.Pay();
        Console.WriteLine("total " + total);
        foreach (var p in payables)
        {
            var e = p as Employee;
            Console.Write(e != null ? e.Name : p.GetType().Name);
            Console.Write(p is Salaried ? " S" : " -");
            Console.WriteLine(p is Manager ? " M" : "");
        }
        object o = staff[0];
        Console.WriteLine(o.GetType().Name + " " + o.GetType().BaseType.Name + " " + (o is IComparable<Employee>));
        Console.WriteLine(o.Equals(staff[0]) + " " + ReferenceEquals(o, staff[1]));
    }
}
