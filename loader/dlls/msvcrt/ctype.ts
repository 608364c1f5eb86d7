/**
 * msvcrt exports declared in ctype.h, wctype.h and locale.h, for the "C" locale the runtime starts
 * in (and stays in: setlocale accepts only "C" and ""): character classes from msvcrt's `_ctype`
 * table, case mapping, `__mb_cur_max` = 1, code page 0, `localeconv` with "." as decimal point,
 * and the single-byte multibyte conversions (a byte is the character of the same value).
 *
 * Class bits (ctype.h): _UPPER 0x1, _LOWER 0x2, _DIGIT 0x4, _SPACE 0x8, _PUNCT 0x10,
 * _CONTROL 0x20, _BLANK 0x40, _HEX 0x80, _ALPHA 0x100.
 */
import { data, fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import { crt, setErrno, staticBlock, staticString } from './state';
import { cBytes, wUnits } from './guest-data';
import { Errno } from './errors';

/** Character class bits of msvcrt's `_ctype` table. */
export const enum CharClass {
  /** _UPPER. */
  Upper = 0x1,
  /** _LOWER. */
  Lower = 0x2,
  /** _DIGIT. */
  Digit = 0x4,
  /** _SPACE: HT, LF, VT, FF, CR, space. */
  Space = 0x8,
  /** _PUNCT. */
  Punct = 0x10,
  /** _CONTROL. */
  Control = 0x20,
  /** _BLANK: space (and HT). */
  Blank = 0x40,
  /** _HEX. */
  Hex = 0x80,
  /** _ALPHA (set with Upper or Lower). */
  Alpha = 0x100,
}

/** The class bits of a character in the "C" locale (0 above 0x7F). */
export function classOf(c: number): number {
  if (c < 0 || c > 0x7f) return 0;
  let bits = 0;
  if (c < 0x20 || c === 0x7f) bits |= CharClass.Control;
  if (c === 0x09) bits |= CharClass.Blank;
  if (c >= 0x09 && c <= 0x0d) bits |= CharClass.Space;
  if (c === 0x20) bits |= CharClass.Space | CharClass.Blank;
  if (c >= 0x30 && c <= 0x39) bits |= CharClass.Digit | CharClass.Hex;
  if (c >= 0x41 && c <= 0x5a) bits |= CharClass.Upper | CharClass.Alpha | (c <= 0x46 ? CharClass.Hex : 0);
  if (c >= 0x61 && c <= 0x7a) bits |= CharClass.Lower | CharClass.Alpha | (c <= 0x66 ? CharClass.Hex : 0);
  if (c > 0x20 && c < 0x7f && !(bits & (CharClass.Alpha | CharClass.Digit))) bits |= CharClass.Punct;
  return bits;
}

/** Wide classes: the C table below 0x80, Unicode letters/digits/spaces from the host above. */
function wideClassOf(c: number): number {
  if (c < 0x80) return classOf(c);
  const ch = String.fromCharCode(c);
  let bits = 0;
  if (/\p{Lu}/u.test(ch)) bits |= CharClass.Upper | CharClass.Alpha;
  else if (/\p{Ll}/u.test(ch)) bits |= CharClass.Lower | CharClass.Alpha;
  else if (/\p{L}/u.test(ch)) bits |= CharClass.Alpha;
  if (/\p{Nd}/u.test(ch)) bits |= CharClass.Digit;
  if (/\s/u.test(ch)) bits |= CharClass.Space;
  if (/\p{P}|\p{S}/u.test(ch)) bits |= CharClass.Punct;
  if (/\p{Cc}/u.test(ch)) bits |= CharClass.Control;
  return bits;
}

const toLower = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
const toUpper = (c: number) => (c >= 0x61 && c <= 0x7a ? c - 0x20 : c);

/** The 257-entry `unsigned short` class table (index -1 is EOF), returned one past its start. */
function ctypeTable(os: Os): bigint {
  const key = 'ctype-table';
  const state = crt(os);
  let addr = state.blocks.get(key);
  if (addr === undefined) {
    addr = staticBlock(os, key, 257 * 2);
    const bytes = new Uint8Array(257 * 2);
    const dv = new DataView(bytes.buffer);
    for (let c = 0; c < 256; c++) dv.setUint16((c + 1) * 2, classOf(c), true);
    os.memory.write(addr, bytes);
  }
  return addr + 2n;
}

function is(mask: number) {
  return (_ctx: unknown, c: number) => classOf(c) & mask;
}

function isw(mask: number) {
  return (_ctx: unknown, c: number) => wideClassOf(c & 0xffff) & mask;
}

/** struct lconv (x64): ten char* fields, then eight chars; the "C" locale's values. */
function lconv(os: Os): bigint {
  const state = crt(os);
  let addr = state.blocks.get('lconv');
  if (addr === undefined) {
    addr = staticBlock(os, 'lconv', 88);
    const dot = staticString(os, '.');
    const empty = staticString(os, '');
    for (let i = 0; i < 10; i++) os.memory.setU64(addr + BigInt(i * 8), i === 0 ? dot : empty);
    os.memory.write(addr + 80n, new Uint8Array(8).fill(0x7f)); // CHAR_MAX: "not available"
  }
  return addr;
}

const classFns: [string, number][] = [
  ['isalpha', CharClass.Alpha],
  ['isupper', CharClass.Upper],
  ['islower', CharClass.Lower],
  ['isdigit', CharClass.Digit],
  ['isxdigit', CharClass.Hex],
  ['isspace', CharClass.Space],
  ['ispunct', CharClass.Punct],
  ['isalnum', CharClass.Alpha | CharClass.Digit],
  ['isprint', CharClass.Alpha | CharClass.Digit | CharClass.Punct | CharClass.Blank],
  ['isgraph', CharClass.Alpha | CharClass.Digit | CharClass.Punct],
  ['iscntrl', CharClass.Control],
];

const table: ApiTable = {};
for (const [name, mask] of classFns) {
  // isprint counts the space but not HT: BLANK covers both, so exclude controls.
  const impl = name === 'isprint' ? (_ctx: unknown, c: number) => (classOf(c) & CharClass.Control ? 0 : classOf(c) & mask) : is(mask);
  table[name] = fn(`int ${name}(int c)`, ['i32'], 'i32', impl);
  const wname = `isw${name.slice(2)}`;
  const wimpl = name === 'isprint' ? (_ctx: unknown, c: number) => (wideClassOf(c & 0xffff) & CharClass.Control ? 0 : wideClassOf(c & 0xffff) & mask) : isw(mask);
  table[wname] = fn(`int ${wname}(wint_t c)`, ['u32'], 'i32', wimpl);
}

export const ctype: ApiTable = {
  ...table,
  isascii: fn('int __isascii(int c)', ['i32'], 'i32', (_c, c) => (c >= 0 && c < 0x80 ? 1 : 0)),
  __isascii: fn('int __isascii(int c)', ['i32'], 'i32', (_c, c) => (c >= 0 && c < 0x80 ? 1 : 0)),
  _isctype: fn('int _isctype(int c, int desc)', ['i32', 'i32'], 'i32', (_c, c, desc) => classOf(c) & desc),
  iswctype: fn('int iswctype(wint_t c, wctype_t desc)', ['u32', 'u32'], 'i32', (_c, c, desc) => wideClassOf(c & 0xffff) & desc),
  toupper: fn('int toupper(int c)', ['i32'], 'i32', (_c, c) => toUpper(c)),
  tolower: fn('int tolower(int c)', ['i32'], 'i32', (_c, c) => toLower(c)),
  _toupper: fn('int _toupper(int c)', ['i32'], 'i32', (_c, c) => c - 0x20),
  _tolower: fn('int _tolower(int c)', ['i32'], 'i32', (_c, c) => c + 0x20),
  towupper: fn('wint_t towupper(wint_t c)', ['u32'], 'u32', (_c, c) => {
    const up = String.fromCharCode(c & 0xffff).toUpperCase();
    return up.length === 1 ? up.charCodeAt(0) : c & 0xffff;
  }),
  towlower: fn('wint_t towlower(wint_t c)', ['u32'], 'u32', (_c, c) => {
    const low = String.fromCharCode(c & 0xffff).toLowerCase();
    return low.length === 1 ? low.charCodeAt(0) : c & 0xffff;
  }),

  _pctype: data(8, (os, addr) => os.memory.setU64(addr, ctypeTable(os))),
  __pctype_func: fn('const unsigned short *__pctype_func(void)', [], 'ptr', ({ os }) => ctypeTable(os)),
  __mb_cur_max: data(4, (os, addr) => os.memory.setU32(addr, 1)),
  ___mb_cur_max_func: fn('int ___mb_cur_max_func(void)', [], 'i32', () => 1),
  __p___mb_cur_max: fn('int *__p___mb_cur_max(void)', [], 'ptr', ({ os }) => {
    const addr = staticBlock(os, 'mb_cur_max', 4);
    os.memory.setU32(addr, 1);
    return addr;
  }),
  // The "C" locale has no code page (0): mingw's own printf then converts characters byte for byte.
  ___lc_codepage_func: fn('unsigned int ___lc_codepage_func(void)', [], 'u32', () => 0),
  localeconv: fn('struct lconv *localeconv(void)', [], 'ptr', ({ os }) => lconv(os)),
  setlocale: fn('char *setlocale(int category, const char *locale)', ['i32', 'ptr'], 'ptr', ({ os }, category, locale) => {
    if (category < 0 || category > 5) return 0n;
    if (locale === 0n) return staticString(os, 'C');
    const name = os.memory.cString(locale, 256);
    // Only the "C" locale exists; "" (the user's default) is also "C" in a clremu process.
    return name === 'C' || name === '' ? staticString(os, 'C') : 0n;
  }),

  mblen: fn('int mblen(const char *mbstr, size_t count)', ['ptr', 'u64'], 'i32', ({ os }, s, n) => (s === 0n ? 0 : n === 0n ? -1 : os.memory.u8(s) === 0 ? 0 : 1)),
  mbtowc: fn('int mbtowc(wchar_t *wchar, const char *mbchar, size_t count)', ['ptr', 'ptr', 'u64'], 'i32', ({ os }, w, s, n) => {
    if (s === 0n) return 0;
    if (n === 0n) return -1;
    const b = os.memory.u8(s);
    if (w !== 0n) os.memory.setU16(w, b);
    return b === 0 ? 0 : 1;
  }),
  wctomb: fn('int wctomb(char *mbchar, wchar_t wchar)', ['ptr', 'u32'], 'i32', ({ os }, s, w) => {
    if (s === 0n) return 0;
    if ((w & 0xffff) > 0xff) {
      setErrno(os, Errno.EILSEQ);
      return -1;
    }
    os.memory.setU8(s, w & 0xff);
    return 1;
  }),
  btowc: fn('wint_t btowc(int c)', ['i32'], 'u32', (_c, c) => (c < 0 || c > 0xff ? 0xffff : c)),
  wctob: fn('int wctob(wint_t wchar)', ['u32'], 'i32', (_c, w) => ((w & 0xffff) < 0x100 ? w & 0xff : -1)),
  mbstowcs: fn('size_t mbstowcs(wchar_t *wcstr, const char *mbstr, size_t count)', ['ptr', 'ptr', 'u64'], 'u64', ({ os }, w, s, n) => {
    const bytes = cBytes(os.memory, s);
    if (w === 0n) return BigInt(bytes.length);
    const k = Math.min(bytes.length, Number(n > 0x7fffffffn ? 0x7fffffffn : n));
    const out = new Uint8Array((k + (k < Number(n) ? 1 : 0)) * 2);
    for (let i = 0; i < k; i++) out[2 * i] = bytes[i]!;
    if (out.length > 0) os.memory.write(w, out);
    return BigInt(k);
  }),
  wcstombs: fn('size_t wcstombs(char *mbstr, const wchar_t *wcstr, size_t count)', ['ptr', 'ptr', 'u64'], 'u64', ({ os }, s, w, n) => {
    const units = wUnits(os.memory, w);
    if (units.some((u) => u > 0xff)) {
      setErrno(os, Errno.EILSEQ);
      return 0xffffffffffffffffn;
    }
    if (s === 0n) return BigInt(units.length);
    const k = Math.min(units.length, Number(n > 0x7fffffffn ? 0x7fffffffn : n));
    const out = new Uint8Array(k + (k < Number(n) ? 1 : 0));
    for (let i = 0; i < k; i++) out[i] = units[i]!;
    if (out.length > 0) os.memory.write(s, out);
    return BigInt(k);
  }),
};
