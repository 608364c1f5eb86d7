using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

// What a single-threaded program asks of the runtime's threading: the current thread and its
// identity, thread-static fields, locks (lock, Monitor.TryEnter, re-entrancy), Interlocked,
// Volatile, a lazily initialised singleton, and a stopwatch.
class Cache
{
    [ThreadStatic] static int hits;
    static readonly object gate = new object();
    static Dictionary<int, long> squares = new Dictionary<int, long>();
    public static long Square(int n)
    {
        lock (gate)
        {
            long v;
            if (squares.TryGetValue(n, out v)) { hits++; return v; }
            lock (gate) { squares[n] = v = (long)n * n; }
            return v;
        }
    }
    public static int Hits { get { return hits; } }
}

class Config
{
    static Config instance;
    public readonly int Created = Interlocked.Increment(ref count);
    static int count;
    public static Config Instance { get { return LazyInitializer.EnsureInitialized(ref instance, () => new Config()); } }
}

class MainThread
{
    static void Main()
    {
        var t = Thread.CurrentThread;
        Console.WriteLine((t.ManagedThreadId > 0) + " " + t.IsAlive + " " + t.IsBackground + " " + (t.Name == null));
        t.Name = "main";
        Console.WriteLine(Thread.CurrentThread.Name + " " + (Thread.CurrentThread == t));
        for (int i = 0; i < 20; i++) Cache.Square(i % 7);
        Console.WriteLine("hits " + Cache.Hits);
        int counter = 0;
        for (int i = 0; i < 1000; i++) Interlocked.Increment(ref counter);
        Interlocked.Add(ref counter, 24);
        Console.WriteLine(counter + " " + Interlocked.CompareExchange(ref counter, 5, 1024) + " " + counter + " " + Interlocked.Exchange(ref counter, 9) + " " + Volatile.Read(ref counter));
        object o = new object();
        Console.WriteLine(Monitor.TryEnter(o) + " " + Monitor.IsEntered(o));
        Monitor.Enter(o); Monitor.Exit(o);
        Console.WriteLine(Monitor.IsEntered(o));
        Monitor.Exit(o);
        Console.WriteLine(Monitor.IsEntered(o));
        try { Monitor.Exit(o); } catch (SynchronizationLockException) { Console.WriteLine("not the owner"); }
        Console.WriteLine(Config.Instance.Created + " " + Config.Instance.Created);
        var sw = Stopwatch.StartNew();
        long spin = 0; for (int i = 0; i < 100000; i++) spin += i;
        sw.Stop();
        Console.WriteLine(spin + " " + (sw.ElapsedTicks >= 0) + " " + Stopwatch.IsHighResolution + " " + (Stopwatch.Frequency > 0));
        Thread.Sleep(1);
        var local = new ThreadLocal<int>(() => 42);
        Console.WriteLine(local.Value + " " + local.IsValueCreated);
    }
}
