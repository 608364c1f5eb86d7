// The local time zone as the environment selects it (TZ, read from a zone file): its id, and the
// offsets and daylight-saving answers for fixed instants in winter and summer, converted both ways.
using System;
using System.Globalization;

class TimeZones
{
    static int Main()
    {
        TimeZoneInfo local = TimeZoneInfo.Local;
        Console.WriteLine("id " + local.Id);
        Console.WriteLine("base offset {0} minutes, supports DST {1}", local.BaseUtcOffset.TotalMinutes, local.SupportsDaylightSavingTime);
        foreach (var utc in new[] { new DateTime(2024, 1, 15, 12, 0, 0, DateTimeKind.Utc), new DateTime(2024, 7, 15, 12, 0, 0, DateTimeKind.Utc) })
        {
            DateTime there = TimeZoneInfo.ConvertTimeFromUtc(utc, local);
            Console.WriteLine("{0} -> {1} offset {2} dst {3}", utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                there.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), local.GetUtcOffset(utc).TotalHours, local.IsDaylightSavingTime(there));
            Console.WriteLine("  back " + TimeZoneInfo.ConvertTimeToUtc(there, local).ToString("HH:mm", CultureInfo.InvariantCulture));
        }
        return 0;
    }
}
