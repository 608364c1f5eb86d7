// Time and randomness the class library reaches: DateTime.Now/UtcNow, TimeZoneInfo.Local, Stopwatch, Environment.TickCount, Guid.NewGuid, new Random() and RNGCryptoServiceProvider. Values
// differ between machines, so only facts that hold everywhere are printed.
using System;
using System.Diagnostics;
using System.Security.Cryptography;

class TimeAndChance
{
    static int Main()
    {
        var sw = Stopwatch.StartNew();
        DateTime utc = DateTime.UtcNow;
        DateTime local = DateTime.Now;
        Console.WriteLine("utc kind is Utc {0}, after 2020 {1}", utc.Kind == DateTimeKind.Utc, utc.Year >= 2020);
        Console.WriteLine("local kind is Local {0}, within 14 hours {1}", local.Kind == DateTimeKind.Local, Math.Abs((local - utc).TotalHours) <= 14);
        Console.WriteLine("zone offset sane {0}", Math.Abs(TimeZoneInfo.Local.GetUtcOffset(utc).TotalHours) <= 14);
        int t0 = Environment.TickCount;
        long sum = 0;
        for (int i = 0; i < 20000; i++) sum += i;
        sw.Stop();
        Console.WriteLine("sum {0}, elapsed >= 0 {1}, ticks move forward {2}", sum, sw.ElapsedTicks >= 0, Environment.TickCount - t0 >= 0);
        Console.WriteLine("frequency {0}, high resolution {1}", Stopwatch.Frequency > 0, Stopwatch.IsHighResolution);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        Console.WriteLine("guid length {0}, distinct {1}, version 4 {2}", a.ToString().Length, a != b, a.ToString()[14] == '4');
        var rnd = new Random();
        bool inRange = true;
        for (int i = 0; i < 1000; i++) { int v = rnd.Next(10, 20); inRange &= v >= 10 && v < 20; }
        Console.WriteLine("random in range {0}, double in [0,1) {1}", inRange, rnd.NextDouble() < 1.0);
        var seeded = new Random(1234);
        Console.WriteLine("seeded: {0} {1} {2}", seeded.Next(), seeded.Next(100), seeded.Next(5, 50));
        var bytes = new byte[32];
        using (var rng = new RNGCryptoServiceProvider()) rng.GetBytes(bytes);
        int nonZero = 0;
        foreach (byte x in bytes) if (x != 0) nonZero++;
        Console.WriteLine("rng bytes mostly non-zero {0}", nonZero > 16);
        return 0;
    }
}
