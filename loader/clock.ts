/**
 * The guest's clock: virtual and deterministic, so two runs of a program print the same thing.
 *
 * Time starts at a fixed instant (FIXED_START, a Monday) with the machine "booted" a fixed time
 * before, and moves only when the guest looks at it (each query advances it by QUERY_STEP, so a
 * loop polling GetTickCount finishes) or sleeps (Sleep(ms) advances it by ms). Local time is UTC.
 * FILETIME counts 100-ns intervals since 1601-01-01 (MS-DTYP §2.3.3).
 */
import type { VirtualClock as ClockInterface } from './os';

/** 2024-01-01T00:00:00Z, when every run starts. */
export const FIXED_START_UNIX_MS = Date.UTC(2024, 0, 1, 0, 0, 0);
/** 100-ns intervals between 1601-01-01 and 1970-01-01. */
export const FILETIME_UNIX_EPOCH = 116444736000000000n;
/** How long the machine has been up when the run starts (GetTickCount's first answer), in ms. */
export const UPTIME_AT_START_MS = 3_600_000n;
/** Each look at the clock moves it by this many 100-ns ticks (100 µs). */
export const QUERY_STEP = 1000n;
/** QueryPerformanceFrequency: 10 MHz, as Windows 10 reports on most machines. */
export const PERFORMANCE_FREQUENCY = 10_000_000n;

export class VirtualClock implements ClockInterface {
  readonly performanceFrequency = PERFORMANCE_FREQUENCY;
  /** 100-ns ticks since the run started. */
  private elapsed = 0n;

  constructor(private readonly startUnixMs: number = FIXED_START_UNIX_MS) {}

  systemTime(): bigint {
    return FILETIME_UNIX_EPOCH + BigInt(this.startUnixMs) * 10_000n + this.tick();
  }

  tickCount(): bigint {
    return UPTIME_AT_START_MS + this.tick() / 10_000n;
  }

  performanceCounter(): bigint {
    // The frequency equals the tick rate, so the counter is simply uptime in 100-ns ticks.
    return UPTIME_AT_START_MS * 10_000n + this.tick();
  }

  /** Sleep(ms) and waits with a timeout: time passes without anyone looking. */
  advance(milliseconds: number): void {
    if (milliseconds > 0) this.elapsed += BigInt(Math.floor(milliseconds)) * 10_000n;
  }

  private tick(): bigint {
    this.elapsed += QUERY_STEP;
    return this.elapsed;
  }
}

/** Broken-down time as SYSTEMTIME holds it. */
export interface CalendarTime {
  year: number;
  month: number; // 1–12
  dayOfWeek: number; // 0 = Sunday
  day: number;
  hour: number;
  minute: number;
  second: number;
  milliseconds: number;
}

/** FILETIME → SYSTEMTIME fields (FileTimeToSystemTime). */
export function filetimeToCalendar(filetime: bigint): CalendarTime {
  const unixMs = Number((filetime - FILETIME_UNIX_EPOCH) / 10_000n);
  const d = new Date(unixMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    dayOfWeek: d.getUTCDay(),
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    milliseconds: d.getUTCMilliseconds(),
  };
}

/** FILETIME → seconds since 1970 (time()). */
export function filetimeToUnixSeconds(filetime: bigint): bigint {
  return (filetime - FILETIME_UNIX_EPOCH) / 10_000_000n;
}
