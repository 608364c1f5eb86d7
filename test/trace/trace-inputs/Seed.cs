// Reads the time and randomness sources a managed program sees: the tick count, a Random seeded
// by the class library from System.Native's random bytes, and the system time (UTC: DateTime.Now
// needs TimeZoneInfo, which reads the time zone files through System.Native's file functions).
using System;
class Seed {
  static int Main() {
    Console.WriteLine("tick " + Environment.TickCount);
    Console.WriteLine("random " + new Random().Next());
    Console.WriteLine("utc " + DateTime.UtcNow.Ticks);
    return 0;
  }
}
