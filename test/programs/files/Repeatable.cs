// Prints values that differ from run to run on a real machine (a new GUID, unseeded random
// numbers, the current time, elapsed ticks): under clremu the virtual clock and the process's
// generator make two runs print the same.
using System;
using System.Diagnostics;
using System.Globalization;

class Repeatable
{
    static int Main()
    {
        var sw = Stopwatch.StartNew();
        Console.WriteLine(Guid.NewGuid());
        var r = new Random();
        Console.WriteLine("{0} {1} {2}", r.Next(), r.Next(1000), r.NextDouble().ToString("R", CultureInfo.InvariantCulture));
        Console.WriteLine(DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        Console.WriteLine(Environment.TickCount);
        Console.WriteLine(sw.ElapsedTicks);
        return 0;
    }
}
