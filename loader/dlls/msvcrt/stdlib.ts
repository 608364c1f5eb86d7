/**
 * msvcrt exports declared in stdlib.h (and malloc.h, search.h): the malloc family on the CRT's
 * own heap, number conversions, qsort/bsearch calling the guest's comparator, rand/srand with
 * msvcrt's LCG (seed·214013 + 2531011, bits 16–30), getenv, integer-to-string helpers.
 *
 * free() of a pointer the heap does not own, or a second free, ends the process as msvcrt on a
 * 64-bit Windows 10 does (STATUS_HEAP_CORRUPTION) — a `HeapMisuseError` naming the address.
 * qsort sorts a copy's indices with the guest comparator and writes the elements back: the order
 * of equal elements may differ from msvcrt's (its qsort is not stable either).
 */
import { fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import { freeOrFail } from '../kernel32/heapapi';
import { cBytes, wUnits, writeCBytes } from './guest-data';
import { crt, setErrno } from './state';
import { CrtInvalidParameterError, Errno } from './errors';
import { findEnv, putEnv } from './process-args';

function malloc(os: Os, n: bigint): bigint {
  const p = n > 0x7fffffe0n ? 0n : crt(os).heap.alloc(Number(n), false);
  if (p === 0n) setErrno(os, Errno.ENOMEM);
  return p;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function digit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  return 99;
}

interface ParsedInt {
  value: bigint; // magnitude with sign applied, unbounded
  end: number; // characters consumed (0 when no digits)
}

/** The strtol family's parser (C89 §7.10.1.5): whitespace, sign, base prefix, digits. */
export function parseInteger(units: ArrayLike<number>, base: number): ParsedInt | undefined {
  if (base !== 0 && (base < 2 || base > 36)) return undefined;
  let i = 0;
  while (i < units.length && isSpace(units[i]!)) i++;
  let negative = false;
  if (units[i] === 0x2b || units[i] === 0x2d) negative = units[i++] === 0x2d;
  if ((base === 0 || base === 16) && units[i] === 0x30 && (units[i + 1]! | 0x20) === 0x78 && digit(units[i + 2] ?? 0) < 16) {
    i += 2;
    base = 16;
  } else if (base === 0) base = units[i] === 0x30 ? 8 : 10;
  const start = i;
  let value = 0n;
  while (i < units.length && digit(units[i]!) < base) value = value * BigInt(base) + BigInt(digit(units[i++]!));
  if (i === start) return { value: 0n, end: 0 };
  return { value: negative ? -value : value, end: i };
}

function strtoInt(os: Os, s: bigint, endptr: bigint, base: number, bits: 32 | 64, signed: boolean, wide: boolean, fnName: string): bigint {
  if (s === 0n) throw new CrtInvalidParameterError(fnName, 'string is NULL');
  const units = wide ? wUnits(os.memory, s) : cBytes(os.memory, s);
  const parsed = parseInteger(units, base);
  if (!parsed) {
    setErrno(os, Errno.EINVAL);
    if (endptr !== 0n) os.memory.setU64(endptr, s);
    return 0n;
  }
  if (endptr !== 0n) os.memory.setU64(endptr, s + BigInt(parsed.end * (wide ? 2 : 1)));
  let v = parsed.value;
  if (signed) {
    const max = (1n << BigInt(bits - 1)) - 1n;
    const min = -(1n << BigInt(bits - 1));
    if (v > max || v < min) {
      setErrno(os, Errno.ERANGE);
      v = v > max ? max : min;
    }
    return BigInt.asUintN(64, BigInt.asIntN(bits, v));
  }
  const umax = (1n << BigInt(bits)) - 1n;
  const magnitude = v < 0n ? -v : v;
  if (magnitude > umax) {
    setErrno(os, Errno.ERANGE);
    return umax;
  }
  // strtoul negates in unsigned arithmetic: "-1" is ULONG_MAX.
  return BigInt.asUintN(bits, v);
}

/** strtod's syntax: [sign] digits [. digits] [e|E [sign] digits]; returns the text length used. */
export function parseDouble(units: ArrayLike<number>): { value: number; end: number; range: boolean } {
  let i = 0;
  while (i < units.length && isSpace(units[i]!)) i++;
  const start = i;
  let text = '';
  if (units[i] === 0x2b || units[i] === 0x2d) text += String.fromCharCode(units[i++]!);
  let digits = 0;
  while (i < units.length && digit(units[i]!) < 10) {
    text += String.fromCharCode(units[i++]!);
    digits++;
  }
  if (units[i] === 0x2e) {
    text += '.';
    i++;
    while (i < units.length && digit(units[i]!) < 10) {
      text += String.fromCharCode(units[i++]!);
      digits++;
    }
  }
  if (digits === 0) return { value: 0, end: 0, range: false };
  if ((units[i]! | 0x20) === 0x65) {
    let j = i + 1;
    let exp = 'e';
    if (units[j] === 0x2b || units[j] === 0x2d) exp += String.fromCharCode(units[j++]!);
    const expStart = j;
    while (j < units.length && digit(units[j]!) < 10) exp += String.fromCharCode(units[j++]!);
    if (j > expStart) {
      text += exp;
      i = j;
    }
  }
  void start;
  const value = Number(text.endsWith('.') ? text + '0' : text.replace(/^([+-]?)\./, '$10.'));
  const nonZeroDigits = /[1-9]/.test(text.split(/e/i)[0]!);
  const range = !Number.isFinite(value) || (value === 0 && nonZeroDigits);
  return { value, end: i, range };
}

function strtod(os: Os, s: bigint, endptr: bigint, wide: boolean, fnName: string): number {
  if (s === 0n) throw new CrtInvalidParameterError(fnName, 'string is NULL');
  const units = wide ? wUnits(os.memory, s) : cBytes(os.memory, s);
  const r = parseDouble(units);
  if (endptr !== 0n) os.memory.setU64(endptr, s + BigInt(r.end * (wide ? 2 : 1)));
  if (r.range) setErrno(os, Errno.ERANGE);
  return r.value;
}

function toText(os: Os, value: bigint, buf: bigint, radix: number, fnName: string): bigint {
  if (buf === 0n || radix < 2 || radix > 36) throw new CrtInvalidParameterError(fnName, 'buffer is NULL or radix is outside 2–36');
  writeCBytes(os.memory, buf, Buffer.from(value.toString(radix), 'latin1'));
  return buf;
}

/** Sorts `count` elements of `width` bytes at `base` with the guest comparator. */
function qsort(os: Os, base: bigint, count: bigint, width: bigint, compare: bigint): void {
  if (count < 2n || width === 0n) return;
  if (count * width > 0x7fffffffn) throw new CrtInvalidParameterError('qsort', 'array is beyond what clremu sorts in one call');
  if (compare === 0n) throw new CrtInvalidParameterError('qsort', 'comparison function is NULL');
  const n = Number(count);
  const w = Number(width);
  const total = n * w;
  const original = os.memory.read(base, total);
  // The comparator needs pointers to elements: compare in a copy that stays put while we sort.
  const scratch = crt(os).heap.alloc(total, false);
  if (scratch === 0n) throw new CrtInvalidParameterError('qsort', 'no memory for the sort');
  try {
    os.memory.write(scratch, original);
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => Number(BigInt.asIntN(32, os.callGuest(compare, [scratch + BigInt(a * w), scratch + BigInt(b * w)]))));
    const sorted = new Uint8Array(total);
    order.forEach((from, to) => sorted.set(original.subarray(from * w, from * w + w), to * w));
    os.memory.write(base, sorted);
  } finally {
    crt(os).heap.free(scratch);
  }
}

function bsearch(os: Os, key: bigint, base: bigint, count: bigint, width: bigint, compare: bigint): bigint {
  let lo = 0n;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    const elem = base + mid * width;
    const r = Number(BigInt.asIntN(32, os.callGuest(compare, [key, elem])));
    if (r === 0) return elem;
    if (r < 0) hi = mid;
    else lo = mid + 1n;
  }
  return 0n;
}

export const stdlib: ApiTable = {
  malloc: fn('void *malloc(size_t size)', ['u64'], 'ptr', ({ os }, n) => malloc(os, n)),
  calloc: fn('void *calloc(size_t number, size_t size)', ['u64', 'u64'], 'ptr', ({ os }, count, n) => {
    const total = count * n;
    const p = total > 0x7fffffe0n ? 0n : crt(os).heap.alloc(Number(total), true);
    if (p === 0n) setErrno(os, Errno.ENOMEM);
    return p;
  }),
  realloc: fn('void *realloc(void *memblock, size_t size)', ['ptr', 'u64'], 'ptr', ({ os }, p, n) => {
    const heap = crt(os).heap;
    if (p === 0n) return malloc(os, n);
    if (n === 0n) {
      freeOrFail(heap, p, 'realloc');
      return 0n;
    }
    if (heap.sizeOf(p) < 0) freeOrFail(heap, p, 'realloc'); // raises the named misuse
    const q = n > 0x7fffffe0n ? 0n : heap.realloc(p, Number(n), false);
    if (q === 0n) setErrno(os, Errno.ENOMEM);
    return q;
  }),
  free: fn('void free(void *memblock)', ['ptr'], 'void', ({ os }, p) => {
    if (p !== 0n) freeOrFail(crt(os).heap, p, 'free');
  }),
  _msize: fn('size_t _msize(void *memblock)', ['ptr'], 'u64', ({ os }, p) => {
    const n = crt(os).heap.sizeOf(p);
    if (n < 0) throw new CrtInvalidParameterError('_msize', `0x${p.toString(16)} is not a live malloc block`);
    return BigInt(n);
  }),

  strtol: fn('long strtol(const char *nptr, char **endptr, int base)', ['ptr', 'ptr', 'i32'], 'i32', ({ os }, s, e, b) => Number(BigInt.asIntN(32, strtoInt(os, s, e, b, 32, true, false, 'strtol')))),
  strtoul: fn('unsigned long strtoul(const char *nptr, char **endptr, int base)', ['ptr', 'ptr', 'i32'], 'u32', ({ os }, s, e, b) => Number(strtoInt(os, s, e, b, 32, false, false, 'strtoul'))),
  _strtoi64: fn('__int64 _strtoi64(const char *nptr, char **endptr, int base)', ['ptr', 'ptr', 'i32'], 'i64', ({ os }, s, e, b) => strtoInt(os, s, e, b, 64, true, false, '_strtoi64')),
  _strtoui64: fn('unsigned __int64 _strtoui64(const char *nptr, char **endptr, int base)', ['ptr', 'ptr', 'i32'], 'u64', ({ os }, s, e, b) => strtoInt(os, s, e, b, 64, false, false, '_strtoui64')),
  wcstol: fn('long wcstol(const wchar_t *nptr, wchar_t **endptr, int base)', ['ptr', 'ptr', 'i32'], 'i32', ({ os }, s, e, b) => Number(BigInt.asIntN(32, strtoInt(os, s, e, b, 32, true, true, 'wcstol')))),
  wcstoul: fn('unsigned long wcstoul(const wchar_t *nptr, wchar_t **endptr, int base)', ['ptr', 'ptr', 'i32'], 'u32', ({ os }, s, e, b) => Number(strtoInt(os, s, e, b, 32, false, true, 'wcstoul'))),
  strtod: fn('double strtod(const char *nptr, char **endptr)', ['ptr', 'ptr'], 'f64', ({ os }, s, e) => strtod(os, s, e, false, 'strtod')),
  wcstod: fn('double wcstod(const wchar_t *nptr, wchar_t **endptr)', ['ptr', 'ptr'], 'f64', ({ os }, s, e) => strtod(os, s, e, true, 'wcstod')),
  atoi: fn('int atoi(const char *str)', ['ptr'], 'i32', ({ os }, s) => Number(BigInt.asIntN(32, parseInteger(cBytes(os.memory, s), 10)!.value))),
  atol: fn('long atol(const char *str)', ['ptr'], 'i32', ({ os }, s) => Number(BigInt.asIntN(32, parseInteger(cBytes(os.memory, s), 10)!.value))),
  _atoi64: fn('__int64 _atoi64(const char *str)', ['ptr'], 'i64', ({ os }, s) => BigInt.asIntN(64, parseInteger(cBytes(os.memory, s), 10)!.value)),
  _wtoi: fn('int _wtoi(const wchar_t *str)', ['ptr'], 'i32', ({ os }, s) => Number(BigInt.asIntN(32, parseInteger(wUnits(os.memory, s), 10)!.value))),
  atof: fn('double atof(const char *str)', ['ptr'], 'f64', ({ os }, s) => parseDouble(cBytes(os.memory, s)).value),

  _itoa: fn('char *_itoa(int value, char *buffer, int radix)', ['i32', 'ptr', 'i32'], 'ptr', ({ os }, v, b, r) =>
    toText(os, r === 10 ? BigInt(v) : BigInt.asUintN(32, BigInt(v)), b, r, '_itoa'),
  ),
  _ltoa: fn('char *_ltoa(long value, char *buffer, int radix)', ['i32', 'ptr', 'i32'], 'ptr', ({ os }, v, b, r) =>
    toText(os, r === 10 ? BigInt(v) : BigInt.asUintN(32, BigInt(v)), b, r, '_ltoa'),
  ),
  _ultoa: fn('char *_ultoa(unsigned long value, char *buffer, int radix)', ['u32', 'ptr', 'i32'], 'ptr', ({ os }, v, b, r) => toText(os, BigInt(v), b, r, '_ultoa')),
  _i64toa: fn('char *_i64toa(__int64 value, char *buffer, int radix)', ['i64', 'ptr', 'i32'], 'ptr', ({ os }, v, b, r) =>
    toText(os, r === 10 ? v : BigInt.asUintN(64, v), b, r, '_i64toa'),
  ),
  _ui64toa: fn('char *_ui64toa(unsigned __int64 value, char *buffer, int radix)', ['u64', 'ptr', 'i32'], 'ptr', ({ os }, v, b, r) => toText(os, v, b, r, '_ui64toa')),

  qsort: fn('void qsort(void *base, size_t number, size_t width, int (*compare)(const void *, const void *))', ['ptr', 'u64', 'u64', 'ptr'], 'void', ({ os }, base, n, w, cmp) =>
    qsort(os, base, n, w, cmp),
  ),
  bsearch: fn(
    'void *bsearch(const void *key, const void *base, size_t number, size_t width, int (*compare)(const void *, const void *))',
    ['ptr', 'ptr', 'u64', 'u64', 'ptr'],
    'ptr',
    ({ os }, key, base, n, w, cmp) => bsearch(os, key, base, n, w, cmp),
  ),

  abs: fn('int abs(int n)', ['i32'], 'i32', (_c, n) => Math.abs(n) | 0),
  labs: fn('long labs(long n)', ['i32'], 'i32', (_c, n) => Math.abs(n) | 0),
  _abs64: fn('__int64 _abs64(__int64 n)', ['i64'], 'i64', (_c, n) => BigInt.asIntN(64, n < 0n ? -n : n)),

  div: fn('div_t div(int numer, int denom)', ['i32', 'i32'], 'u64', (_c, a, b) => {
    if (b === 0) throw new CrtInvalidParameterError('div', 'division by zero');
    // div_t {int quot; int rem;} is 8 bytes and comes back in RAX, quot in the low half.
    const quot = Math.trunc(a / b) | 0;
    const rem = (a - quot * b) | 0;
    return (BigInt(rem >>> 0) << 32n) | BigInt(quot >>> 0);
  }),
  ldiv: fn('ldiv_t ldiv(long numer, long denom)', ['i32', 'i32'], 'u64', (_c, a, b) => {
    if (b === 0) throw new CrtInvalidParameterError('ldiv', 'division by zero');
    const quot = Math.trunc(a / b) | 0;
    const rem = (a - quot * b) | 0;
    return (BigInt(rem >>> 0) << 32n) | BigInt(quot >>> 0);
  }),
  _rotl: fn('unsigned int _rotl(unsigned int value, int shift)', ['u32', 'i32'], 'u32', (_c, v, n) => {
    const k = n & 31;
    return ((v << k) | (v >>> ((32 - k) & 31))) >>> 0;
  }),
  _rotr: fn('unsigned int _rotr(unsigned int value, int shift)', ['u32', 'i32'], 'u32', (_c, v, n) => {
    const k = n & 31;
    return ((v >>> k) | (v << ((32 - k) & 31))) >>> 0;
  }),
  _wtol: fn('long _wtol(const wchar_t *str)', ['ptr'], 'i32', ({ os }, s) => Number(BigInt.asIntN(32, parseInteger(wUnits(os.memory, s), 10)!.value))),
  _wtof: fn('double _wtof(const wchar_t *str)', ['ptr'], 'f64', ({ os }, s) => parseDouble(wUnits(os.memory, s)).value),
  _get_errno: fn('errno_t _get_errno(int *pValue)', ['ptr'], 'i32', ({ os }, p) => {
    if (p === 0n) return Errno.EINVAL;
    os.memory.setU32(p, os.memory.u32(crt(os).errnoAddr));
    return 0;
  }),
  _set_errno: fn('errno_t _set_errno(int value)', ['i32'], 'i32', ({ os }, v) => {
    setErrno(os, v);
    return 0;
  }),

  rand: fn('int rand(void)', [], 'i32', ({ os }) => {
    const state = crt(os);
    state.randSeed = (Math.imul(state.randSeed, 214013) + 2531011) >>> 0;
    return (state.randSeed >>> 16) & 0x7fff;
  }),
  srand: fn('void srand(unsigned int seed)', ['u32'], 'void', ({ os }, seed) => {
    crt(os).randSeed = seed >>> 0;
  }),

  getenv: fn('char *getenv(const char *varname)', ['ptr'], 'ptr', ({ os }, name) => {
    if (name === 0n) throw new CrtInvalidParameterError('getenv', 'varname is NULL');
    return findEnv(os, os.memory.cString(name), false);
  }),
  _putenv: fn('int _putenv(const char *envstring)', ['ptr'], 'i32', ({ os }, p) => {
    if (p === 0n) throw new CrtInvalidParameterError('_putenv', 'envstring is NULL');
    if (putEnv(os, os.memory.cString(p, 32767))) return 0;
    setErrno(os, Errno.EINVAL);
    return -1;
  }),
  _wputenv: fn('int _wputenv(const wchar_t *envstring)', ['ptr'], 'i32', ({ os }, p) => {
    if (p === 0n) throw new CrtInvalidParameterError('_wputenv', 'envstring is NULL');
    if (putEnv(os, os.memory.wString(p, 32767))) return 0;
    setErrno(os, Errno.EINVAL);
    return -1;
  }),
  _wgetenv: fn('wchar_t *_wgetenv(const wchar_t *varname)', ['ptr'], 'ptr', ({ os }, name) => {
    if (name === 0n) throw new CrtInvalidParameterError('_wgetenv', 'varname is NULL');
    return findEnv(os, os.memory.wString(name), true);
  }),
};
