/**
 * The guest's clock and entropy: virtual and deterministic, so two runs of a program print the
 * same thing, and seeded (`clremu run --seed N`), so a different seed gives the guest different
 * times and random bytes where it reads them.
 *
 * Time starts at a fixed instant (FIXED_START, a Monday) with the machine "booted" a fixed time
 * before, and moves only when the guest looks at it (each query advances it by QUERY_STEP, so a
 * loop polling GetTickCount finishes) or sleeps (Sleep(ms) advances it by ms). Local time is UTC.
 * FILETIME counts 100-ns intervals since 1601-01-01 (MS-DTYP §2.3.3).
 *
 * The seed: 0 (the default) keeps exactly those instants. Any other seed moves the start within
 * that same day and the boot up to a day earlier, by amounts drawn from the seed, so programs that
 * seed from the clock (`new Random()` in .NET Framework seeds from Environment.TickCount, C
 * programs call srand(time(NULL))) see different values. Random bytes the OS or runtime hands the
 * guest (`randomBytes`: Mono's System.Native random functions) come from a SplitMix64 stream of
 * the seed; no host entropy ever reaches the guest.
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

/** One day in milliseconds: the most a seed moves the start time or the boot. */
const DAY_MS = 86_400_000n;
const MASK64 = (1n << 64n) - 1n;

/** SplitMix64 (Steele, Lea, Flood 2014): a small, well-mixed 64-bit generator for a seeded stream. */
export class SplitMix64 {
  private state: bigint;
  constructor(seed: bigint) {
    this.state = BigInt.asUintN(64, seed);
  }
  next(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  }
}

/** A `--seed` value that is not a whole number in the 64-bit range. */
export class SeedError extends Error {
  override name = 'SeedError';
  constructor(readonly value: string) {
    super(`--seed ${JSON.stringify(value)}: expected a whole number from 0 to 2^64-1 (decimal or 0x hex)`);
  }
}

/** Parses `--seed` (decimal or 0x hex, 0 ≤ N < 2^64). */
export function parseSeed(text: string): bigint {
  const t = text.trim();
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(t)) throw new SeedError(text);
  const v = BigInt(t);
  if (v > MASK64) throw new SeedError(text);
  return v;
}

export class VirtualClock implements ClockInterface {
  readonly performanceFrequency = PERFORMANCE_FREQUENCY;
  /** 100-ns ticks since the run started. */
  private elapsed = 0n;
  private readonly startUnixMs: bigint;
  private readonly uptimeAtStartMs: bigint;
  private readonly entropy: SplitMix64;

  constructor(readonly seed: bigint = 0n) {
    // The clock's offsets and the entropy come from separate streams, so reading random bytes
    // never changes the time and vice versa.
    const offsets = new SplitMix64(seed ^ 0x636c6f636bn);
    this.startUnixMs = BigInt(FIXED_START_UNIX_MS) + (seed === 0n ? 0n : offsets.next() % DAY_MS);
    this.uptimeAtStartMs = UPTIME_AT_START_MS + (seed === 0n ? 0n : offsets.next() % DAY_MS);
    this.entropy = new SplitMix64(seed);
  }

  systemTime(): bigint {
    return FILETIME_UNIX_EPOCH + this.startUnixMs * 10_000n + this.tick();
  }

  tickCount(): bigint {
    return this.uptimeAtStartMs + this.tick() / 10_000n;
  }

  performanceCounter(): bigint {
    // The frequency equals the tick rate, so the counter is simply uptime in 100-ns ticks.
    return this.uptimeAtStartMs * 10_000n + this.tick();
  }

  /** `count` bytes of the seed's random stream. */
  randomBytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i += 8) {
      let v = this.entropy.next();
      for (let k = i; k < Math.min(count, i + 8); k++, v >>= 8n) out[k] = Number(v & 0xffn);
    }
    return out;
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
