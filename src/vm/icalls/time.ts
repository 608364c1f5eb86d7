/**
 * The clocks the class library reads (icall-def.h: DateTime, and System.dll's Stopwatch), all
 * from the process's virtual clock (loader/clock.ts), so a program's timings are the same on
 * every run:
 *  - `DateTime.GetSystemTimeAsFileTime`: the clock's FILETIME (UTC; DateTime.Now adds the local
 *    zone's offset, and TimeZoneInfo.Local is UTC unless the guest can read a zone file, see the
 *    README);
 *  - `Stopwatch.GetTimestamp`: the performance counter in 100-ns ticks, which is what Mono's
 *    Stopwatch.Frequency (10,000,000) expects.
 */
import { icall, type IcallTable } from './registry';

export const timeIcalls: IcallTable = [
  icall('System.DateTime::GetSystemTimeAsFileTime()', [], 'i64', (ctx) => ctx.os('the virtual clock').clock.systemTime()),
  icall('System.Diagnostics.Stopwatch::GetTimestamp()', [], 'i64', (ctx) => {
    const clock = ctx.os('the virtual clock').clock;
    return (clock.performanceCounter() * 10_000_000n) / clock.performanceFrequency;
  }),
];
