using System;
using System.Collections.Generic;

// A thermostat publishing events to subscribers; delegates, multicast, lambdas and closures.
class TemperatureEventArgs : EventArgs
{
    public double Celsius;
    public TemperatureEventArgs(double c) { Celsius = c; }
}

class Thermostat
{
    public event EventHandler<TemperatureEventArgs> Changed;
    public event Action Overheated;
    double current;
    public void Set(double c)
    {
        if (c == current) return;
        current = c;
        var h = Changed;
        if (h != null) h(this, new TemperatureEventArgs(c));
        if (c > 30 && Overheated != null) Overheated();
    }
}

class Events
{
    delegate int Op(int a, int b);
    static int Add(int a, int b) { return a + b; }
    static int log;

    static void Main()
    {
        var t = new Thermostat();
        var readings = new List<double>();
        EventHandler<TemperatureEventArgs> record = (s, e) => readings.Add(e.Celsius);
        t.Changed += record;
        t.Changed += (s, e) => Console.WriteLine("now " + e.Celsius);
        t.Overheated += () => Console.WriteLine("too hot!");
        t.Set(20); t.Set(20); t.Set(31.5);
        t.Changed -= record;
        t.Set(25);
        Console.WriteLine("recorded " + readings.Count);

        Op op = Add;
        op += (a, b) => { log++; return a * b; };
        Console.WriteLine(op(3, 4) + " " + log + " " + op.GetInvocationList().Length);
        Func<int, Func<int, int>> adder = x => y => x + y;
        var add5 = adder(5);
        Console.WriteLine(add5(10));
        var counters = new List<Func<int>>();
        for (int i = 0; i < 3; i++) { int j = i; counters.Add(() => j * 10); }
        foreach (var c in counters) Console.Write(c() + " ");
        Console.WriteLine();
        Action<string> shout = s => Console.WriteLine(s.ToUpper());
        shout += s => Console.WriteLine(s.Length);
        shout("quiet");
        Predicate<int> even = n => n % 2 == 0;
        Console.WriteLine(Array.FindAll(new[] { 1, 2, 3, 4 }, even).Length);
        Comparison<string> byLen = (a, b) => a.Length - b.Length;
        var ws = new List<string> { "ccc", "a", "bb" };
        ws.Sort(byLen);
        Console.WriteLine(string.Join(",", ws));
        Func<double, double> sq = Math.Sqrt;
        Console.WriteLine(sq(81) + " " + sq.Method.Name);
    }
}
