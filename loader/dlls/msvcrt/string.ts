/**
 * msvcrt exports declared in string.h and wchar.h (the string part): byte and wide string
 * functions and the mem* family, run on the host over guest memory.
 *
 * Comparisons are by unsigned code unit and return -1, 0 or 1 as msvcrt does; the case-insensitive
 * ones fold ASCII only (the "C" locale). Overlapping memcpy behaves like memmove (msvcrt's does too).
 */
import { fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import { cBytes, MAX_STRING, wUnits, writeCBytes, writeWUnits } from './guest-data';
import { crt, setErrno } from './state';
import { CrtInvalidParameterError, Errno } from './errors';

/** Largest block the mem* functions move in one host call (2 GiB − 1). */
const MAX_BLOCK = 0x7fffffffn;

function size(n: bigint, fnName: string): number {
  if (n > MAX_BLOCK) throw new CrtInvalidParameterError(fnName, `size ${n} is beyond what clremu copies in one call`);
  return Number(n);
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function lowerAscii(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

function upperAscii(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
}

function compare(a: ArrayLike<number>, b: ArrayLike<number>, n: number, fold: boolean): number {
  for (let i = 0; i < n; i++) {
    let x = i < a.length ? a[i]! : 0;
    let y = i < b.length ? b[i]! : 0;
    if (fold) {
      x = lowerAscii(x);
      y = lowerAscii(y);
    }
    if (x !== y) return sign(x - y);
    if (x === 0) return 0;
  }
  return 0;
}

function indexOf(hay: ArrayLike<number>, needle: ArrayLike<number>): number {
  if (needle.length === 0) return 0;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function dup(os: Os, bytes: Uint8Array): bigint {
  const p = crt(os).heap.alloc(bytes.length + 1, false);
  if (p === 0n) {
    setErrno(os, Errno.ENOMEM);
    return 0n;
  }
  writeCBytes(os.memory, p, bytes);
  return p;
}

function str(os: Os, addr: bigint, fnName: string): Uint8Array {
  if (addr === 0n) throw new CrtInvalidParameterError(fnName, 'string is NULL');
  return cBytes(os.memory, addr);
}

function wstr(os: Os, addr: bigint, fnName: string): Uint16Array {
  if (addr === 0n) throw new CrtInvalidParameterError(fnName, 'string is NULL');
  return wUnits(os.memory, addr);
}

/** Bytes of the first `n` characters of a string (stops at its NUL). */
function strN(os: Os, addr: bigint, n: bigint): Uint8Array {
  return cBytes(os.memory, addr, n > BigInt(MAX_STRING) ? MAX_STRING : Number(n));
}

export const string: ApiTable = {
  strlen: fn('size_t strlen(const char *str)', ['ptr'], 'u64', ({ os }, s) => BigInt(str(os, s, 'strlen').length)),
  strnlen: fn('size_t strnlen(const char *str, size_t numberOfElements)', ['ptr', 'u64'], 'u64', ({ os }, s, n) => BigInt(strN(os, s, n).length)),
  strcpy: fn('char *strcpy(char *dest, const char *src)', ['ptr', 'ptr'], 'ptr', ({ os }, d, s) => {
    writeCBytes(os.memory, d, str(os, s, 'strcpy'));
    return d;
  }),
  strncpy: fn('char *strncpy(char *dest, const char *src, size_t count)', ['ptr', 'ptr', 'u64'], 'ptr', ({ os }, d, s, n) => {
    const count = size(n, 'strncpy');
    const bytes = strN(os, s, n);
    // Pads with NULs up to count; no terminator when src is count bytes or longer.
    const out = new Uint8Array(count);
    out.set(bytes.subarray(0, count));
    if (count > 0) os.memory.write(d, out);
    return d;
  }),
  strcat: fn('char *strcat(char *dest, const char *src)', ['ptr', 'ptr'], 'ptr', ({ os }, d, s) => {
    const end = d + BigInt(str(os, d, 'strcat').length);
    writeCBytes(os.memory, end, str(os, s, 'strcat'));
    return d;
  }),
  strncat: fn('char *strncat(char *dest, const char *src, size_t count)', ['ptr', 'ptr', 'u64'], 'ptr', ({ os }, d, s, n) => {
    const end = d + BigInt(str(os, d, 'strncat').length);
    writeCBytes(os.memory, end, strN(os, s, n));
    return d;
  }),
  strcmp: fn('int strcmp(const char *string1, const char *string2)', ['ptr', 'ptr'], 'i32', ({ os }, a, b) => {
    const x = str(os, a, 'strcmp');
    const y = str(os, b, 'strcmp');
    return compare(x, y, Math.max(x.length, y.length) + 1, false);
  }),
  strncmp: fn('int strncmp(const char *string1, const char *string2, size_t count)', ['ptr', 'ptr', 'u64'], 'i32', ({ os }, a, b, n) =>
    compare(strN(os, a, n), strN(os, b, n), n > BigInt(MAX_STRING) ? MAX_STRING : Number(n), false),
  ),
  strcoll: fn('int strcoll(const char *string1, const char *string2)', ['ptr', 'ptr'], 'i32', ({ os }, a, b) => {
    const x = str(os, a, 'strcoll');
    const y = str(os, b, 'strcoll');
    return compare(x, y, Math.max(x.length, y.length) + 1, false);
  }),
  _stricmp: fn('int _stricmp(const char *string1, const char *string2)', ['ptr', 'ptr'], 'i32', ({ os }, a, b) => {
    const x = str(os, a, '_stricmp');
    const y = str(os, b, '_stricmp');
    return compare(x, y, Math.max(x.length, y.length) + 1, true);
  }),
  _strcmpi: fn('int _strcmpi(const char *string1, const char *string2)', ['ptr', 'ptr'], 'i32', ({ os }, a, b) => {
    const x = str(os, a, '_strcmpi');
    const y = str(os, b, '_strcmpi');
    return compare(x, y, Math.max(x.length, y.length) + 1, true);
  }),
  _strnicmp: fn('int _strnicmp(const char *string1, const char *string2, size_t count)', ['ptr', 'ptr', 'u64'], 'i32', ({ os }, a, b, n) =>
    compare(strN(os, a, n), strN(os, b, n), n > BigInt(MAX_STRING) ? MAX_STRING : Number(n), true),
  ),
  strchr: fn('char *strchr(const char *str, int c)', ['ptr', 'i32'], 'ptr', ({ os }, s, c) => {
    const bytes = str(os, s, 'strchr');
    const ch = c & 0xff;
    if (ch === 0) return s + BigInt(bytes.length);
    const i = bytes.indexOf(ch);
    return i < 0 ? 0n : s + BigInt(i);
  }),
  strrchr: fn('char *strrchr(const char *str, int c)', ['ptr', 'i32'], 'ptr', ({ os }, s, c) => {
    const bytes = str(os, s, 'strrchr');
    const ch = c & 0xff;
    if (ch === 0) return s + BigInt(bytes.length);
    const i = bytes.lastIndexOf(ch);
    return i < 0 ? 0n : s + BigInt(i);
  }),
  strstr: fn('char *strstr(const char *str, const char *strSearch)', ['ptr', 'ptr'], 'ptr', ({ os }, s, t) => {
    const i = indexOf(str(os, s, 'strstr'), str(os, t, 'strstr'));
    return i < 0 ? 0n : s + BigInt(i);
  }),
  strspn: fn('size_t strspn(const char *str, const char *strCharSet)', ['ptr', 'ptr'], 'u64', ({ os }, s, set) => {
    const bytes = str(os, s, 'strspn');
    const chars = new Set(str(os, set, 'strspn'));
    let i = 0;
    while (i < bytes.length && chars.has(bytes[i]!)) i++;
    return BigInt(i);
  }),
  strcspn: fn('size_t strcspn(const char *str, const char *strCharSet)', ['ptr', 'ptr'], 'u64', ({ os }, s, set) => {
    const bytes = str(os, s, 'strcspn');
    const chars = new Set(str(os, set, 'strcspn'));
    let i = 0;
    while (i < bytes.length && !chars.has(bytes[i]!)) i++;
    return BigInt(i);
  }),
  strpbrk: fn('char *strpbrk(const char *str, const char *strCharSet)', ['ptr', 'ptr'], 'ptr', ({ os }, s, set) => {
    const bytes = str(os, s, 'strpbrk');
    const chars = new Set(str(os, set, 'strpbrk'));
    const i = bytes.findIndex((b) => chars.has(b));
    return i < 0 ? 0n : s + BigInt(i);
  }),
  strtok: fn('char *strtok(char *strToken, const char *strDelimit)', ['ptr', 'ptr'], 'ptr', ({ os }, s, delim) => {
    const state = crt(os);
    let at = s !== 0n ? s : state.strtokNext;
    if (at === 0n) return 0n;
    const delims = new Set(str(os, delim, 'strtok'));
    const bytes = cBytes(os.memory, at);
    let i = 0;
    while (i < bytes.length && delims.has(bytes[i]!)) i++;
    if (i === bytes.length) {
      state.strtokNext = 0n;
      return 0n;
    }
    let j = i;
    while (j < bytes.length && !delims.has(bytes[j]!)) j++;
    const token = at + BigInt(i);
    if (j < bytes.length) {
      os.memory.setU8(at + BigInt(j), 0);
      state.strtokNext = at + BigInt(j + 1);
    } else state.strtokNext = 0n;
    at = token;
    return at;
  }),
  _strdup: fn('char *_strdup(const char *strSource)', ['ptr'], 'ptr', ({ os }, s) => (s === 0n ? 0n : dup(os, cBytes(os.memory, s)))),
  strdup: fn('char *strdup(const char *strSource)', ['ptr'], 'ptr', ({ os }, s) => (s === 0n ? 0n : dup(os, cBytes(os.memory, s)))),
  _strrev: fn('char *_strrev(char *str)', ['ptr'], 'ptr', ({ os }, s) => {
    writeCBytes(os.memory, s, str(os, s, '_strrev').reverse());
    return s;
  }),
  _strlwr: fn('char *_strlwr(char *str)', ['ptr'], 'ptr', ({ os }, s) => {
    writeCBytes(os.memory, s, str(os, s, '_strlwr').map(lowerAscii));
    return s;
  }),
  _strupr: fn('char *_strupr(char *str)', ['ptr'], 'ptr', ({ os }, s) => {
    writeCBytes(os.memory, s, str(os, s, '_strupr').map(upperAscii));
    return s;
  }),

  memcpy: fn('void *memcpy(void *dest, const void *src, size_t count)', ['ptr', 'ptr', 'u64'], 'ptr', ({ os }, d, s, n) => {
    const count = size(n, 'memcpy');
    if (count > 0) os.memory.write(d, os.memory.read(s, count));
    return d;
  }),
  memmove: fn('void *memmove(void *dest, const void *src, size_t count)', ['ptr', 'ptr', 'u64'], 'ptr', ({ os }, d, s, n) => {
    const count = size(n, 'memmove');
    if (count > 0) os.memory.write(d, os.memory.read(s, count));
    return d;
  }),
  memset: fn('void *memset(void *dest, int c, size_t count)', ['ptr', 'i32', 'u64'], 'ptr', ({ os }, d, c, n) => {
    const count = size(n, 'memset');
    if (count > 0) os.memory.write(d, new Uint8Array(count).fill(c & 0xff));
    return d;
  }),
  memcmp: fn('int memcmp(const void *buffer1, const void *buffer2, size_t count)', ['ptr', 'ptr', 'u64'], 'i32', ({ os }, a, b, n) => {
    const count = size(n, 'memcmp');
    if (count === 0) return 0;
    const x = os.memory.read(a, count);
    const y = os.memory.read(b, count);
    for (let i = 0; i < count; i++) if (x[i] !== y[i]) return sign(x[i]! - y[i]!);
    return 0;
  }),
  _memicmp: fn('int _memicmp(const void *buffer1, const void *buffer2, size_t count)', ['ptr', 'ptr', 'u64'], 'i32', ({ os }, a, b, n) => {
    const count = size(n, '_memicmp');
    if (count === 0) return 0;
    const x = os.memory.read(a, count);
    const y = os.memory.read(b, count);
    for (let i = 0; i < count; i++) if (lowerAscii(x[i]!) !== lowerAscii(y[i]!)) return sign(lowerAscii(x[i]!) - lowerAscii(y[i]!));
    return 0;
  }),
  memchr: fn('void *memchr(const void *buffer, int c, size_t count)', ['ptr', 'i32', 'u64'], 'ptr', ({ os }, p, c, n) => {
    const count = size(n, 'memchr');
    if (count === 0) return 0n;
    const i = os.memory.read(p, count).indexOf(c & 0xff);
    return i < 0 ? 0n : p + BigInt(i);
  }),

  wcslen: fn('size_t wcslen(const wchar_t *str)', ['ptr'], 'u64', ({ os }, s) => BigInt(wstr(os, s, 'wcslen').length)),
  wcsnlen: fn('size_t wcsnlen(const wchar_t *str, size_t numberOfElements)', ['ptr', 'u64'], 'u64', ({ os }, s, n) =>
    BigInt(wUnits(os.memory, s, n > BigInt(MAX_STRING) ? MAX_STRING : Number(n)).length),
  ),
  wcscpy: fn('wchar_t *wcscpy(wchar_t *dest, const wchar_t *src)', ['ptr', 'ptr'], 'ptr', ({ os }, d, s) => {
    writeWUnits(os.memory, d, wstr(os, s, 'wcscpy'));
    return d;
  }),
  wcsncpy: fn('wchar_t *wcsncpy(wchar_t *dest, const wchar_t *src, size_t count)', ['ptr', 'ptr', 'u64'], 'ptr', ({ os }, d, s, n) => {
    const count = size(n, 'wcsncpy');
    const units = wUnits(os.memory, s, Math.min(count, MAX_STRING));
    const out = new Uint8Array(count * 2);
    units.forEach((u, i) => {
      out[2 * i] = u & 0xff;
      out[2 * i + 1] = u >> 8;
    });
    if (count > 0) os.memory.write(d, out);
    return d;
  }),
  wcscat: fn('wchar_t *wcscat(wchar_t *dest, const wchar_t *src)', ['ptr', 'ptr'], 'ptr', ({ os }, d, s) => {
    writeWUnits(os.memory, d + BigInt(wstr(os, d, 'wcscat').length * 2), wstr(os, s, 'wcscat'));
    return d;
  }),
  wcscmp: fn('int wcscmp(const wchar_t *string1, const wchar_t *string2)', ['ptr', 'ptr'], 'i32', ({ os }, a, b) => {
    const x = wstr(os, a, 'wcscmp');
    const y = wstr(os, b, 'wcscmp');
    return compare(x, y, Math.max(x.length, y.length) + 1, false);
  }),
  wcsncmp: fn('int wcsncmp(const wchar_t *string1, const wchar_t *string2, size_t count)', ['ptr', 'ptr', 'u64'], 'i32', ({ os }, a, b, n) => {
    const count = n > BigInt(MAX_STRING) ? MAX_STRING : Number(n);
    return compare(wUnits(os.memory, a, count), wUnits(os.memory, b, count), count, false);
  }),
  _wcsicmp: fn('int _wcsicmp(const wchar_t *string1, const wchar_t *string2)', ['ptr', 'ptr'], 'i32', ({ os }, a, b) => {
    const x = wstr(os, a, '_wcsicmp');
    const y = wstr(os, b, '_wcsicmp');
    return compare(x, y, Math.max(x.length, y.length) + 1, true);
  }),
  wcschr: fn('wchar_t *wcschr(const wchar_t *str, wchar_t c)', ['ptr', 'u32'], 'ptr', ({ os }, s, c) => {
    const units = wstr(os, s, 'wcschr');
    const ch = c & 0xffff;
    if (ch === 0) return s + BigInt(units.length * 2);
    const i = units.indexOf(ch);
    return i < 0 ? 0n : s + BigInt(i * 2);
  }),
  wcsrchr: fn('wchar_t *wcsrchr(const wchar_t *str, wchar_t c)', ['ptr', 'u32'], 'ptr', ({ os }, s, c) => {
    const units = wstr(os, s, 'wcsrchr');
    const ch = c & 0xffff;
    if (ch === 0) return s + BigInt(units.length * 2);
    const i = units.lastIndexOf(ch);
    return i < 0 ? 0n : s + BigInt(i * 2);
  }),
  wcsstr: fn('wchar_t *wcsstr(const wchar_t *str, const wchar_t *strSearch)', ['ptr', 'ptr'], 'ptr', ({ os }, s, t) => {
    const i = indexOf(wstr(os, s, 'wcsstr'), wstr(os, t, 'wcsstr'));
    return i < 0 ? 0n : s + BigInt(i * 2);
  }),
  wcsncat: fn('wchar_t *wcsncat(wchar_t *dest, const wchar_t *src, size_t count)', ['ptr', 'ptr', 'u64'], 'ptr', ({ os }, d, s, n) => {
    const count = n > BigInt(MAX_STRING) ? MAX_STRING : Number(n);
    writeWUnits(os.memory, d + BigInt(wstr(os, d, 'wcsncat').length * 2), wUnits(os.memory, s, count));
    return d;
  }),
  _wcsnicmp: fn('int _wcsnicmp(const wchar_t *string1, const wchar_t *string2, size_t count)', ['ptr', 'ptr', 'u64'], 'i32', ({ os }, a, b, n) => {
    const count = n > BigInt(MAX_STRING) ? MAX_STRING : Number(n);
    return compare(wUnits(os.memory, a, count), wUnits(os.memory, b, count), count, true);
  }),
  wcsspn: fn('size_t wcsspn(const wchar_t *str, const wchar_t *strCharSet)', ['ptr', 'ptr'], 'u64', ({ os }, s, set) => {
    const units = wstr(os, s, 'wcsspn');
    const chars = new Set(wstr(os, set, 'wcsspn'));
    let i = 0;
    while (i < units.length && chars.has(units[i]!)) i++;
    return BigInt(i);
  }),
  wcscspn: fn('size_t wcscspn(const wchar_t *str, const wchar_t *strCharSet)', ['ptr', 'ptr'], 'u64', ({ os }, s, set) => {
    const units = wstr(os, s, 'wcscspn');
    const chars = new Set(wstr(os, set, 'wcscspn'));
    let i = 0;
    while (i < units.length && !chars.has(units[i]!)) i++;
    return BigInt(i);
  }),
  wcspbrk: fn('wchar_t *wcspbrk(const wchar_t *str, const wchar_t *strCharSet)', ['ptr', 'ptr'], 'ptr', ({ os }, s, set) => {
    const units = wstr(os, s, 'wcspbrk');
    const chars = new Set(wstr(os, set, 'wcspbrk'));
    const i = units.findIndex((u) => chars.has(u));
    return i < 0 ? 0n : s + BigInt(i * 2);
  }),
  wcscoll: fn('int wcscoll(const wchar_t *string1, const wchar_t *string2)', ['ptr', 'ptr'], 'i32', ({ os }, a, b) => {
    const x = wstr(os, a, 'wcscoll');
    const y = wstr(os, b, 'wcscoll');
    return compare(x, y, Math.max(x.length, y.length) + 1, false);
  }),
  _wcslwr: fn('wchar_t *_wcslwr(wchar_t *str)', ['ptr'], 'ptr', ({ os }, s) => {
    writeWUnits(os.memory, s, wstr(os, s, '_wcslwr').map(lowerAscii));
    return s;
  }),
  _wcsupr: fn('wchar_t *_wcsupr(wchar_t *str)', ['ptr'], 'ptr', ({ os }, s) => {
    writeWUnits(os.memory, s, wstr(os, s, '_wcsupr').map(upperAscii));
    return s;
  }),
  _strset: fn('char *_strset(char *str, int c)', ['ptr', 'i32'], 'ptr', ({ os }, s, c) => {
    writeCBytes(os.memory, s, str(os, s, '_strset').fill(c & 0xff));
    return s;
  }),
  _strnset: fn('char *_strnset(char *str, int c, size_t count)', ['ptr', 'i32', 'u64'], 'ptr', ({ os }, s, c, n) => {
    const bytes = str(os, s, '_strnset');
    const k = n > BigInt(bytes.length) ? bytes.length : Number(n);
    bytes.fill(c & 0xff, 0, k);
    writeCBytes(os.memory, s, bytes);
    return s;
  }),
  strxfrm: fn('size_t strxfrm(char *strDest, const char *strSource, size_t count)', ['ptr', 'ptr', 'u64'], 'u64', ({ os }, d, s, n) => {
    // In the "C" locale the transformation is the identity.
    const bytes = str(os, s, 'strxfrm');
    if (BigInt(bytes.length) < n && d !== 0n) writeCBytes(os.memory, d, bytes);
    return BigInt(bytes.length);
  }),
  _wcsdup: fn('wchar_t *_wcsdup(const wchar_t *strSource)', ['ptr'], 'ptr', ({ os }, s) => {
    if (s === 0n) return 0n;
    const units = wUnits(os.memory, s);
    const p = crt(os).heap.alloc(units.length * 2 + 2, false);
    if (p === 0n) {
      setErrno(os, Errno.ENOMEM);
      return 0n;
    }
    writeWUnits(os.memory, p, units);
    return p;
  }),
};
