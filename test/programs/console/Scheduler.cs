using System;
using System.Collections.Generic;
using System.Linq;

// A meeting scheduler over DateTime and TimeSpan: parsing, overlap detection, free slots, week
// numbers, and formatting with custom format strings.
class Meeting { public string Title; public DateTime Start; public TimeSpan Length; public DateTime End { get { return Start + Length; } } }

class Scheduler
{
    static void Main()
    {
        var day = new DateTime(2024, 5, 13);
        var meetings = new List<Meeting>
        {
            new Meeting { Title = "standup", Start = day.AddHours(9), Length = TimeSpan.FromMinutes(15) },
            new Meeting { Title = "design", Start = day.AddHours(10).AddMinutes(30), Length = TimeSpan.FromHours(1.5) },
            new Meeting { Title = "lunch", Start = day.AddHours(12), Length = TimeSpan.FromMinutes(45) },
            new Meeting { Title = "review", Start = day.AddHours(11).AddMinutes(45), Length = TimeSpan.FromMinutes(30) },
            new Meeting { Title = "1:1", Start = day.AddHours(15), Length = new TimeSpan(0, 25, 30) },
        };
        meetings.Sort((a, b) => a.Start.CompareTo(b.Start));
        foreach (var m in meetings) Console.WriteLine("{0:HH:mm}-{1:HH:mm:ss} {2,-8} {3}", m.Start, m.End, m.Title, m.Length);
        for (int i = 0; i < meetings.Count; i++)
            for (int j = i + 1; j < meetings.Count; j++)
                if (meetings[i].End > meetings[j].Start && meetings[j].End > meetings[i].Start)
                    Console.WriteLine("overlap: {0} and {1} for {2} min", meetings[i].Title, meetings[j].Title, (Min(meetings[i].End, meetings[j].End) - meetings[j].Start).TotalMinutes);
        var cursor = day.AddHours(9);
        foreach (var m in meetings)
        {
            if (m.Start - cursor >= TimeSpan.FromMinutes(30)) Console.WriteLine("free {0:t} for {1}", cursor, m.Start - cursor);
            if (m.End > cursor) cursor = m.End;
        }
        Console.WriteLine("busy {0} of {1}", TimeSpan.FromTicks(meetings.Sum(m => m.Length.Ticks)), TimeSpan.FromHours(8));
        Console.WriteLine(day.ToString("dddd, MMMM d, yyyy") + " | " + day.DayOfYear + " | " + DateTime.IsLeapYear(2024) + " | " + DateTime.DaysInMonth(2024, 2));
        var parsed = DateTime.ParseExact("2024-12-25 18:30", "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine(parsed.ToString("s") + " " + (parsed - day).TotalDays.ToString("F3") + " " + parsed.AddDays(7).DayOfWeek + " " + parsed.ToString("o").Substring(0, 19));
        Console.WriteLine(TimeSpan.Parse("1.02:03:04.5").TotalSeconds + " " + TimeSpan.FromMilliseconds(123456789).ToString(@"d\.hh\:mm\:ss"));
        var ticks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        Console.WriteLine(ticks + " " + new DateTime(ticks, DateTimeKind.Utc).Kind + " " + DateTime.MinValue.ToString("yyyy-MM-dd") + " " + DateTime.MaxValue.Year);
    }
    static DateTime Min(DateTime a, DateTime b) { return a < b ? a : b; }
}
