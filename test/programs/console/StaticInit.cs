using System;
using System.Collections.Generic;

// Initialisation order: static constructors, static field initialisers, instance constructor
// chains, field initialisers and a lazily created singleton.
class Log { public static List<string> Lines = new List<string>(); public static int Add(string s) { Lines.Add(s); return Lines.Count; } }

class Config
{
    public static readonly int Version = Log.Add("Config.Version initialiser");
    public static readonly Config Instance;
    static Config() { Log.Add("Config static constructor"); Instance = new Config(); }
    public string Name = "cfg" + Log.Add("Config.Name initialiser");
    private Config() { Log.Add("Config instance constructor"); }
}

class Base
{
    protected int a = Log.Add("Base field");
    public Base() { Log.Add("Base ctor"); Describe(); }
    public virtual void Describe() { Log.Add("Base.Describe"); }
}

class Derived : Base
{
    int b = Log.Add("Derived field");
    string label;
    public Derived() : this("default") { Log.Add("Derived()"); }
    public Derived(string l) : base() { label = l; Log.Add("Derived(string) " + label); }
    public override void Describe() { Log.Add("Derived.Describe label=" + (label ?? "null") + " b=" + b); }
}

class Counter { public static int Value; static Counter() { Value = 100; Log.Add("Counter cctor"); } public static int Next() { return ++Value; } }

class StaticInit
{
    static Lazy<string> expensive = new Lazy<string>(() => { Log.Add("computing lazy"); return "lazy value"; });

    static void Main()
    {
        Log.Add("main start");
        new Derived();
        Log.Add("before Config");
        Console.WriteLine(Config.Instance.Name + " v" + Config.Version);
        Log.Add("before Counter");
        Console.WriteLine(Counter.Next() + " " + Counter.Next());
        Console.WriteLine(expensive.IsValueCreated);
        Console.WriteLine(expensive.Value + " " + expensive.Value);
        for (int i = 0; i < Log.Lines.Count; i++) Console.WriteLine(i + 1 + ". " + Log.Lines[i]);
    }
}
