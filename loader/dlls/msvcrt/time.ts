/**
 * msvcrt exports declared in time.h, over the virtual clock (deterministic; the time zone is UTC):
 * time/_time64/_time32, clock (milliseconds since the CRT started, CLOCKS_PER_SEC = 1000),
 * gmtime/localtime into one static `struct tm` (nine ints: sec, min, hour, mday, mon, year−1900,
 * wday, yday, isdst), mktime, difftime, asctime/ctime ("Wed Jan 02 02:03:55 1980\n") and strftime
 * for the "C" locale's specifiers.
 */
import { fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import { filetimeToUnixSeconds } from '../../clock';
import { crt, setErrno, staticBlock, staticString } from './state';
import { cBytes, writeCBytes } from './guest-data';
import { Errno } from './errors';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface Tm {
  sec: number;
  min: number;
  hour: number;
  mday: number;
  mon: number;
  year: number; // since 1900
  wday: number;
  yday: number;
  isdst: number;
}

function now(os: Os): bigint {
  return filetimeToUnixSeconds(os.clock.systemTime());
}

function toTm(t: bigint): Tm | undefined {
  const ms = Number(t) * 1000;
  if (t < 0n || !Number.isFinite(ms) || t > 32535215999n) return undefined; // msvcrt: 1970 … 3000-12-31
  const d = new Date(ms);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    sec: d.getUTCSeconds(),
    min: d.getUTCMinutes(),
    hour: d.getUTCHours(),
    mday: d.getUTCDate(),
    mon: d.getUTCMonth(),
    year: d.getUTCFullYear() - 1900,
    wday: d.getUTCDay(),
    yday: Math.floor((ms - start) / 86400000),
    isdst: 0,
  };
}

function readTm(os: Os, addr: bigint): Tm {
  const f = (i: number) => os.memory.i32(addr + BigInt(i * 4));
  return { sec: f(0), min: f(1), hour: f(2), mday: f(3), mon: f(4), year: f(5), wday: f(6), yday: f(7), isdst: f(8) };
}

function writeTm(os: Os, addr: bigint, tm: Tm): void {
  [tm.sec, tm.min, tm.hour, tm.mday, tm.mon, tm.year, tm.wday, tm.yday, tm.isdst].forEach((v, i) => os.memory.setU32(addr + BigInt(i * 4), v >>> 0));
}

function staticTm(os: Os, t: bigint): bigint {
  const tm = toTm(t);
  if (!tm) {
    setErrno(os, Errno.EINVAL);
    return 0n;
  }
  const addr = staticBlock(os, 'tm', 36);
  writeTm(os, addr, tm);
  return addr;
}

const two = (n: number) => String(n).padStart(2, '0');

function asctime(tm: Tm): string {
  return `${DAYS[tm.wday] ?? '???'} ${MONTHS[tm.mon] ?? '???'} ${two(tm.mday)} ${two(tm.hour)}:${two(tm.min)}:${two(tm.sec)} ${tm.year + 1900}\n`;
}

function strftime(fmt: string, tm: Tm): string {
  return fmt.replace(/%#?([a-zA-Z%])/g, (_m, c: string) => {
    switch (c) {
      case 'a': return DAYS[tm.wday] ?? '';
      case 'A': return DAYS_LONG[tm.wday] ?? '';
      case 'b': return MONTHS[tm.mon] ?? '';
      case 'B': return MONTHS_LONG[tm.mon] ?? '';
      case 'c': return `${two(tm.mon + 1)}/${two(tm.mday)}/${two(tm.year % 100)} ${two(tm.hour)}:${two(tm.min)}:${two(tm.sec)}`;
      case 'd': return two(tm.mday);
      case 'H': return two(tm.hour);
      case 'I': return two(tm.hour % 12 === 0 ? 12 : tm.hour % 12);
      case 'j': return String(tm.yday + 1).padStart(3, '0');
      case 'm': return two(tm.mon + 1);
      case 'M': return two(tm.min);
      case 'p': return tm.hour < 12 ? 'AM' : 'PM';
      case 'S': return two(tm.sec);
      case 'U': return two(Math.floor((tm.yday + 7 - tm.wday) / 7));
      case 'w': return String(tm.wday);
      case 'W': return two(Math.floor((tm.yday + 7 - ((tm.wday + 6) % 7)) / 7));
      case 'x': return `${two(tm.mon + 1)}/${two(tm.mday)}/${two(tm.year % 100)}`;
      case 'X': return `${two(tm.hour)}:${two(tm.min)}:${two(tm.sec)}`;
      case 'y': return two(tm.year % 100);
      case 'Y': return String(tm.year + 1900);
      case 'z':
      case 'Z': return c === 'z' ? '+0000' : 'Coordinated Universal Time';
      case '%': return '%';
      default: return '';
    }
  });
}

function mktime(os: Os, addr: bigint): bigint {
  const tm = readTm(os, addr);
  const ms = Date.UTC(tm.year + 1900, tm.mon, tm.mday, tm.hour, tm.min, tm.sec);
  if (!Number.isFinite(ms) || ms < 0) return -1n;
  const t = BigInt(Math.floor(ms / 1000));
  const norm = toTm(t);
  if (!norm) return -1n;
  writeTm(os, addr, norm); // mktime normalises the fields and fills wday/yday
  return t;
}

function storeTime(os: Os, out: bigint, t: bigint, bits: 32 | 64): bigint {
  if (out !== 0n) {
    if (bits === 64) os.memory.setU64(out, t);
    else os.memory.setU32(out, Number(t & 0xffffffffn));
  }
  return t;
}

/** struct __timeb64 (x64): time_t time +0, millitm +8, timezone +10 (minutes west of UTC), dstflag +12. */
function ftime(os: Os, out: bigint): void {
  const ft = os.clock.systemTime();
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setBigInt64(0, filetimeToUnixSeconds(ft), true);
  dv.setUint16(8, Number(((ft / 10_000n) % 1000n)), true);
  os.memory.write(out, b);
}

function dateParts(os: Os): Tm {
  return toTm(now(os))!;
}

export const time: ApiTable = {
  _ftime: fn('void _ftime(struct _timeb *timeptr)', ['ptr'], 'void', ({ os }, p) => ftime(os, p)),
  _ftime64: fn('void _ftime64(struct __timeb64 *timeptr)', ['ptr'], 'void', ({ os }, p) => ftime(os, p)),
  _strdate: fn('char *_strdate(char *datestr)', ['ptr'], 'ptr', ({ os }, buf) => {
    const tm = dateParts(os);
    writeCBytes(os.memory, buf, Buffer.from(`${two(tm.mon + 1)}/${two(tm.mday)}/${two(tm.year % 100)}`, 'latin1'));
    return buf;
  }),
  _strtime: fn('char *_strtime(char *timestr)', ['ptr'], 'ptr', ({ os }, buf) => {
    const tm = dateParts(os);
    writeCBytes(os.memory, buf, Buffer.from(`${two(tm.hour)}:${two(tm.min)}:${two(tm.sec)}`, 'latin1'));
    return buf;
  }),
  _sleep: fn('void _sleep(unsigned long duration)', ['u32'], 'void', ({ os }, ms) => {
    (os.clock as { advance?: (ms: number) => void }).advance?.(ms);
  }),
  time: fn('time_t time(time_t *destTime)', ['ptr'], 'i64', ({ os }, out) => storeTime(os, out, now(os), 64)),
  _time64: fn('__time64_t _time64(__time64_t *destTime)', ['ptr'], 'i64', ({ os }, out) => storeTime(os, out, now(os), 64)),
  _time32: fn('__time32_t _time32(__time32_t *destTime)', ['ptr'], 'i32', ({ os }, out) => Number(storeTime(os, out, now(os), 32))),
  clock: fn('clock_t clock(void)', [], 'i32', ({ os }) => Number(os.clock.tickCount() - crt(os).startTick)),
  difftime: fn('double difftime(time_t timeEnd, time_t timeStart)', ['i64', 'i64'], 'f64', (_c, a, b) => Number(a - b)),
  _difftime64: fn('double _difftime64(__time64_t timeEnd, __time64_t timeStart)', ['i64', 'i64'], 'f64', (_c, a, b) => Number(a - b)),
  gmtime: fn('struct tm *gmtime(const time_t *sourceTime)', ['ptr'], 'ptr', ({ os }, p) => staticTm(os, os.memory.i64(p))),
  _gmtime64: fn('struct tm *_gmtime64(const __time64_t *sourceTime)', ['ptr'], 'ptr', ({ os }, p) => staticTm(os, os.memory.i64(p))),
  _gmtime32: fn('struct tm *_gmtime32(const __time32_t *sourceTime)', ['ptr'], 'ptr', ({ os }, p) => staticTm(os, BigInt(os.memory.i32(p)))),
  localtime: fn('struct tm *localtime(const time_t *sourceTime)', ['ptr'], 'ptr', ({ os }, p) => staticTm(os, os.memory.i64(p))),
  _localtime64: fn('struct tm *_localtime64(const __time64_t *sourceTime)', ['ptr'], 'ptr', ({ os }, p) => staticTm(os, os.memory.i64(p))),
  _localtime32: fn('struct tm *_localtime32(const __time32_t *sourceTime)', ['ptr'], 'ptr', ({ os }, p) => staticTm(os, BigInt(os.memory.i32(p)))),
  mktime: fn('time_t mktime(struct tm *timeptr)', ['ptr'], 'i64', ({ os }, p) => mktime(os, p)),
  _mktime64: fn('__time64_t _mktime64(struct tm *timeptr)', ['ptr'], 'i64', ({ os }, p) => mktime(os, p)),
  asctime: fn('char *asctime(const struct tm *timeptr)', ['ptr'], 'ptr', ({ os }, p) => staticString(os, asctime(readTm(os, p)))),
  ctime: fn('char *ctime(const time_t *sourceTime)', ['ptr'], 'ptr', ({ os }, p) => {
    const tm = toTm(os.memory.i64(p));
    return tm ? staticString(os, asctime(tm)) : 0n;
  }),
  _ctime64: fn('char *_ctime64(const __time64_t *sourceTime)', ['ptr'], 'ptr', ({ os }, p) => {
    const tm = toTm(os.memory.i64(p));
    return tm ? staticString(os, asctime(tm)) : 0n;
  }),
  strftime: fn('size_t strftime(char *strDest, size_t maxsize, const char *format, const struct tm *timeptr)', ['ptr', 'u64', 'ptr', 'ptr'], 'u64', ({ os }, dest, max, f, p) => {
    const text = strftime(Buffer.from(cBytes(os.memory, f)).toString('latin1'), readTm(os, p));
    if (BigInt(text.length) >= max) return 0n;
    writeCBytes(os.memory, dest, Buffer.from(text, 'latin1'));
    return BigInt(text.length);
  }),
};
