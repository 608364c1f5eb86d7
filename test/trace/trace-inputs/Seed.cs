// Reads every time and randomness source a managed program sees: the tick count, a Random seeded
// by the runtime (System.Native's random bytes), the system time, and a Guid-free random draw.
using System;
class Seed {
  static int Main() {
    Console.WriteLine("tick " + Environment.TickCount);
    Console.WriteLine("random " + new Random().Next());
    Console.WriteLine("utc " + DateTime.UtcNow.Ticks);
    return 0;
  }
}
