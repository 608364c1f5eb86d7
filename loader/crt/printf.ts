/**
 * The printf engine of the emulated msvcrt.dll: format string + argument slots → output bytes.
 *
 * Pure: it reads arguments through a `VarArgs` reader and strings through the `PrintfStrings` it
 * is given, and reports `%n` through a callback; it never touches guest state itself. The same
 * engine serves the narrow (`printf`, bytes) and wide (`wprintf`, UTF-16LE) families.
 *
 * Semantics are msvcrt.dll's (Microsoft "Format Specification Syntax: printf and wprintf
 * Functions"), where they differ from C99/glibc:
 * - `l` is 32 bits (LLP64); `I`, `I64`, `z`, `j`, `t`, `ll` are 64 bits; `I32` is 32 bits.
 * - `%p` prints 16 upper-case hex digits, no `0x`.
 * - exponents have at least three digits: `1.500000e+000`.
 * - values are rounded to 17 significant digits first, then half away from zero (float-digits.ts).
 * - non-finite values print as a number would: `1.#INF00`, `-1.#IND00`, `1.#QNAN0`, and `%.1f`
 *   of infinity is `1.$` (msvcrt rounds the text "#INF" like digits).
 * - `%a` prints all 13 hex fraction digits unless a precision is given.
 * - in the narrow family `%S`/`%C` are wide strings/characters; in the wide family they are narrow.
 * - `(null)` for a null string pointer; an unknown conversion character prints itself.
 */
import type { VarArgs } from '../dlls/api';
import { bitsToDouble, hexFloatParts, msvcrtDigits, roundDigits, signBit, specialName, type DecimalDigits } from './float-digits';

/** Reads C strings out of guest memory for `%s`, `%S`. */
export interface PrintfStrings {
  /** Bytes of a NUL-terminated narrow string (at most `max` when given), without the NUL. */
  narrow(addr: bigint, max?: number): Uint8Array;
  /** UTF-16 code units of a NUL-terminated wide string (at most `max`), without the NUL. */
  wide(addr: bigint, max?: number): Uint16Array;
}

export interface PrintfOptions {
  /** True for the wide family: the format is UTF-16LE and so is the output. */
  readonly wide: boolean;
  /** Where `%s` strings come from; a format that needs it without one raises PrintfFormatError. */
  readonly strings?: PrintfStrings;
  /** Called for `%n` with the characters written so far and the store size in bytes. */
  readonly storeCount?: (addr: bigint, count: number, size: 1 | 2 | 4 | 8) => void;
}

/** A format the engine refuses (absurd width, `%n` with nowhere to store…), with its position. */
export class PrintfFormatError extends Error {
  override name = 'PrintfFormatError';
  constructor(
    readonly position: number,
    readonly problem: string,
  ) {
    super(`printf format at character ${position}: ${problem}`);
  }
}

/** Widths and precisions beyond this are refused rather than allocating gigabytes on the host. */
export const MAX_FIELD = 1 << 20;

/** Integer argument size after the length modifier. */
const enum IntSize {
  /** `hh`: char. */
  Byte = 1,
  /** `h`: short. */
  Short = 2,
  /** no modifier, `l`, `I32`: int/long (32 bits on Windows). */
  Int = 4,
  /** `ll`, `I`, `I64`, `z`, `j`, `t`, `L`: 64 bits. */
  Long = 8,
}

/** Whether a `c`/`s` conversion takes narrow or wide data. */
const enum CharWidth {
  /** The family's default (`%s` in printf is narrow, in wprintf wide). */
  Default,
  /** `h` forces narrow. */
  Narrow,
  /** `l`/`w` forces wide. */
  Wide,
}

interface Spec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  hash: boolean;
  zero: boolean;
  width: number;
  precision: number; // -1 when absent
  intSize: IntSize;
  charWidth: CharWidth;
}


/** Formats one call's output. Returns the bytes (narrow) or UTF-16LE bytes (wide). */
export function formatPrintf(format: Uint8Array, args: VarArgs, opts: PrintfOptions): Uint8Array {
  const fmt = opts.wide ? toUnits16(format) : format;
  const out: number[] = [];
  const emit = (s: string) => {
    for (let k = 0; k < s.length; k++) out.push(s.charCodeAt(k));
  };
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c !== 0x25 /* % */) {
      out.push(c);
      i++;
      continue;
    }
    const start = i;
    i++;
    if (i >= fmt.length) break; // a lone '%' at the end prints nothing, as msvcrt does
    const spec: Spec = { minus: false, plus: false, space: false, hash: false, zero: false, width: 0, precision: -1, intSize: IntSize.Int, charWidth: CharWidth.Default };
    // flags
    for (; i < fmt.length; i++) {
      const f = fmt[i]!;
      if (f === 0x2d) spec.minus = true;
      else if (f === 0x2b) spec.plus = true;
      else if (f === 0x20) spec.space = true;
      else if (f === 0x23) spec.hash = true;
      else if (f === 0x30) spec.zero = true;
      else break;
    }
    // width
    if (fmt[i] === 0x2a) {
      const w = Number(BigInt.asIntN(32, args.next()));
      if (w < 0) {
        spec.minus = true;
        spec.width = -w;
      } else spec.width = w;
      i++;
    } else {
      let w = 0;
      while (i < fmt.length && fmt[i]! >= 0x30 && fmt[i]! <= 0x39) {
        w = w * 10 + (fmt[i]! - 0x30);
        if (w > MAX_FIELD) throw new PrintfFormatError(start, `field width beyond ${MAX_FIELD}`);
        i++;
      }
      spec.width = w;
    }
    if (spec.width > MAX_FIELD) throw new PrintfFormatError(start, `field width beyond ${MAX_FIELD}`);
    // precision
    if (fmt[i] === 0x2e) {
      i++;
      if (fmt[i] === 0x2a) {
        const p = Number(BigInt.asIntN(32, args.next()));
        spec.precision = p < 0 ? -1 : p;
        i++;
      } else {
        let p = 0;
        while (i < fmt.length && fmt[i]! >= 0x30 && fmt[i]! <= 0x39) {
          p = p * 10 + (fmt[i]! - 0x30);
          if (p > MAX_FIELD) throw new PrintfFormatError(start, `precision beyond ${MAX_FIELD}`);
          i++;
        }
        spec.precision = p;
      }
      if (spec.precision > MAX_FIELD) throw new PrintfFormatError(start, `precision beyond ${MAX_FIELD}`);
    }
    // length
    i = parseLength(fmt, i, spec);
    if (i >= fmt.length) break;
    const conv = String.fromCharCode(fmt[i]!);
    i++;
    switch (conv) {
      case 'd':
      case 'i':
        emit(formatSigned(args.next(), spec));
        break;
      case 'u':
      case 'o':
      case 'x':
      case 'X':
        emit(formatUnsigned(args.next(), spec, conv));
        break;
      case 'p':
        emit(pad(BigInt.asUintN(64, args.next()).toString(16).toUpperCase().padStart(16, '0'), spec, false));
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
      case 'a':
      case 'A':
        // Raw slot bits, not a JS number: NaN payloads (#SNAN vs #QNAN) must survive.
        emit(formatFloat(args.next(), spec, conv));
        break;
      case 'c':
      case 'C': {
        const wideChar = isWideData(conv === 'C', spec, opts.wide);
        const v = Number(args.next() & (wideChar ? 0xffffn : 0xffn));
        const units = convertUnits([v], wideChar, opts.wide);
        padUnits(out, units, spec);
        break;
      }
      case 's':
      case 'S': {
        const wideStr = isWideData(conv === 'S', spec, opts.wide);
        const addr = args.next();
        let units: number[];
        if (addr === 0n) units = Array.from('(null)', (ch) => ch.charCodeAt(0));
        else {
          if (!opts.strings) throw new PrintfFormatError(start, '%s needs guest memory and none was given');
          const max = spec.precision >= 0 ? spec.precision : undefined;
          const raw = wideStr ? opts.strings.wide(addr, max) : opts.strings.narrow(addr, max);
          units = convertUnits(Array.from(raw), wideStr, opts.wide);
        }
        if (spec.precision >= 0 && units.length > spec.precision) units = units.slice(0, spec.precision);
        padUnits(out, units, spec);
        break;
      }
      case 'n': {
        const addr = args.next();
        if (!opts.storeCount) throw new PrintfFormatError(start, '%n has nowhere to store its count');
        opts.storeCount(addr, out.length, spec.intSize as 1 | 2 | 4 | 8);
        break;
      }
      case '%':
        out.push(0x25);
        break;
      default:
        // msvcrt prints an unknown conversion character as itself.
        out.push(fmt[i - 1]!);
    }
  }
  return opts.wide ? fromUnits16(out) : Uint8Array.from(out, (u) => u & 0xff);
}

function parseLength(fmt: ArrayLike<number>, i: number, spec: Spec): number {
  const at = (k: number) => (k < fmt.length ? String.fromCharCode(fmt[k]!) : '');
  switch (at(i)) {
    case 'h':
      if (at(i + 1) === 'h') {
        spec.intSize = IntSize.Byte;
        spec.charWidth = CharWidth.Narrow;
        return i + 2;
      }
      spec.intSize = IntSize.Short;
      spec.charWidth = CharWidth.Narrow;
      return i + 1;
    case 'l':
      if (at(i + 1) === 'l') {
        spec.intSize = IntSize.Long;
        return i + 2;
      }
      spec.intSize = IntSize.Int;
      spec.charWidth = CharWidth.Wide;
      return i + 1;
    case 'w':
      spec.charWidth = CharWidth.Wide;
      return i + 1;
    case 'I':
      if (at(i + 1) === '6' && at(i + 2) === '4') {
        spec.intSize = IntSize.Long;
        return i + 3;
      }
      if (at(i + 1) === '3' && at(i + 2) === '2') {
        spec.intSize = IntSize.Int;
        return i + 3;
      }
      spec.intSize = IntSize.Long; // size_t on x64
      return i + 1;
    case 'z':
    case 'j':
    case 't':
    case 'L':
      spec.intSize = IntSize.Long;
      return i + 1;
    default:
      return i;
  }
}

function isWideData(upper: boolean, spec: Spec, wideFamily: boolean): boolean {
  if (spec.charWidth === CharWidth.Narrow) return false;
  if (spec.charWidth === CharWidth.Wide) return true;
  return upper ? !wideFamily : wideFamily;
}

/**
 * Converts string data to the output family's units. Narrow → wide maps bytes one to one (the
 * "C" locale's mbtowc); wide → narrow keeps code units below 256 and writes '?' for the rest,
 * which is what a "C"-locale wctomb cannot represent.
 */
function convertUnits(units: number[], dataWide: boolean, outWide: boolean): number[] {
  if (dataWide === outWide || !dataWide) return units;
  return units.map((u) => (u < 0x100 ? u : 0x3f));
}

function padUnits(out: number[], units: number[], spec: Spec): void {
  const fill = Math.max(0, spec.width - units.length);
  const padChar = spec.zero && !spec.minus ? 0x30 : 0x20;
  if (!spec.minus) for (let k = 0; k < fill; k++) out.push(padChar);
  for (const u of units) out.push(u);
  if (spec.minus) for (let k = 0; k < fill; k++) out.push(0x20);
}

function truncateSigned(v: bigint, size: IntSize): bigint {
  return BigInt.asIntN(size * 8, v);
}

function formatSigned(raw: bigint, spec: Spec): string {
  const v = truncateSigned(raw, spec.intSize);
  const negative = v < 0n;
  let digits = (negative ? -v : v).toString();
  digits = applyIntPrecision(digits, spec);
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return padNumber(sign, digits, spec, spec.precision < 0);
}

function formatUnsigned(raw: bigint, spec: Spec, conv: string): string {
  const v = BigInt.asUintN(spec.intSize * 8, raw);
  const radix = conv === 'o' ? 8 : conv === 'u' ? 10 : 16;
  let digits = v.toString(radix);
  if (conv === 'X') digits = digits.toUpperCase();
  digits = applyIntPrecision(digits, spec);
  let prefix = '';
  if (spec.hash && v !== 0n) {
    if (conv === 'x') prefix = '0x';
    else if (conv === 'X') prefix = '0X';
  }
  if (spec.hash && conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
  return padNumber(prefix, digits, spec, spec.precision < 0);
}

function applyIntPrecision(digits: string, spec: Spec): string {
  if (spec.precision < 0) return digits;
  if (spec.precision === 0 && digits === '0') return '';
  return digits.padStart(spec.precision, '0');
}

/** Pads `prefix + body` to the width: zeros go between prefix and body when allowed. */
function padNumber(prefix: string, body: string, spec: Spec, zeroAllowed: boolean): string {
  const len = prefix.length + body.length;
  if (len >= spec.width) return prefix + body;
  const fill = spec.width - len;
  if (spec.minus) return prefix + body + ' '.repeat(fill);
  if (spec.zero && zeroAllowed) return prefix + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + prefix + body;
}

function pad(body: string, spec: Spec, zeroAllowed: boolean): string {
  return padNumber('', body, spec, zeroAllowed);
}

function formatFloat(bits: bigint, spec: Spec, conv: string): string {
  const x = bitsToDouble(bits);
  const upper = conv === 'E' || conv === 'G' || conv === 'A';
  const negative = signBit(BigInt.asUintN(64, bits));
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  let body: string;
  const lower = conv.toLowerCase();
  if (!Number.isFinite(x)) body = formatSpecial(BigInt.asUintN(64, bits), spec, lower);
  else if (lower === 'f') body = formatFixed(msvcrtDigits(x), spec.precision < 0 ? 6 : spec.precision, spec.hash);
  else if (lower === 'e') body = formatExp(msvcrtDigits(x), spec.precision < 0 ? 6 : spec.precision, spec.hash, upper);
  else if (lower === 'g') body = formatGeneral(msvcrtDigits(x), spec, upper);
  else body = formatHex(x, spec, upper);
  return padNumber(sign, body, spec, true);
}

/** Fraction digits of `d` at decimal places 1…count after rounding at `places`. */
function fixedParts(d: DecimalDigits, places: number): { intPart: string; frac: string } {
  const r = roundDigits(d, d.pointPos + places);
  const all = r.digits === '0' ? '' : r.digits;
  const intPart = r.pointPos > 0 ? (all.slice(0, r.pointPos).padEnd(r.pointPos, '0') || '0') : '0';
  let frac = '';
  if (places > 0) {
    if (r.pointPos >= 0) frac = all.slice(r.pointPos);
    else frac = '0'.repeat(-r.pointPos) + all;
    frac = frac.slice(0, places).padEnd(places, '0');
  }
  return { intPart, frac };
}

function formatFixed(d: DecimalDigits, precision: number, hash: boolean): string {
  const { intPart, frac } = fixedParts(d, precision);
  return precision > 0 ? `${intPart}.${frac}` : hash ? `${intPart}.` : intPart;
}

function exponentText(exp: number, upper: boolean): string {
  const e = upper ? 'E' : 'e';
  return `${e}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(3, '0')}`;
}

function formatExp(d: DecimalDigits, precision: number, hash: boolean, upper: boolean): string {
  const r = roundDigits(d, precision + 1);
  const exp = r.digits === '0' ? 0 : r.pointPos - 1;
  const digits = r.digits.padEnd(precision + 1, '0');
  const mantissa = precision > 0 ? `${digits[0]}.${digits.slice(1, precision + 1)}` : hash ? `${digits[0]}.` : digits[0]!;
  return mantissa + exponentText(exp, upper);
}

function formatGeneral(d: DecimalDigits, spec: Spec, upper: boolean): string {
  const p = spec.precision < 0 ? 6 : spec.precision === 0 ? 1 : spec.precision;
  const r = roundDigits(d, p);
  const x = r.digits === '0' ? 0 : r.pointPos - 1;
  let text: string;
  if (x < p && x >= -4) text = formatFixed(d, p - 1 - x, spec.hash);
  else text = formatExp(d, p - 1, spec.hash, upper);
  if (!spec.hash) text = stripTrailingZeros(text);
  return text;
}

/** `%g` without `#` drops trailing fraction zeros and a bare point, keeping any exponent. */
function stripTrailingZeros(text: string): string {
  const ePos = text.search(/[eE]/);
  const mantissa = ePos < 0 ? text : text.slice(0, ePos);
  const exponent = ePos < 0 ? '' : text.slice(ePos);
  if (!mantissa.includes('.')) return text;
  return mantissa.replace(/0+$/, '').replace(/\.$/, '') + exponent;
}

function formatHex(x: number, spec: Spec, upper: boolean): string {
  const { lead, fraction, exp2 } = hexFloatParts(x);
  let fracDigits = fraction.toString(16).padStart(13, '0');
  let leadDigit = lead;
  if (spec.precision >= 0 && spec.precision < 13) {
    // Round the 52-bit fraction to `precision` hex digits, half away from zero.
    const drop = BigInt((13 - spec.precision) * 4);
    let kept = fraction >> drop;
    const half = 1n << (drop - 1n);
    if ((fraction & ((1n << drop) - 1n)) >= half) kept += 1n;
    if (kept >> BigInt(spec.precision * 4) !== 0n) {
      leadDigit += 1;
      kept &= (1n << BigInt(spec.precision * 4)) - 1n;
    }
    fracDigits = spec.precision === 0 ? '' : kept.toString(16).padStart(spec.precision, '0');
  } else if (spec.precision > 13) fracDigits = fracDigits.padEnd(spec.precision, '0');
  const point = fracDigits.length > 0 || spec.hash ? '.' : '';
  const text = `0x${leadDigit}${point}${fracDigits}p${exp2 < 0 ? '-' : '+'}${Math.abs(exp2)}`;
  return upper ? text.toUpperCase() : text;
}

/**
 * msvcrt formats infinities and NaNs by running the text "1.#INF" (or #QNAN, #SNAN, #IND) through
 * the same digit logic as a number: padded with zeros to the precision, and "rounded" character by
 * character when the precision is shorter, so `%.1f` of infinity is "1.$" and `%.2f` is "1.#J".
 */
function formatSpecial(bits: bigint, spec: Spec, conv: string): string {
  const name = '#' + specialName(bits);
  const precision = spec.precision < 0 ? 6 : spec.precision;
  if (conv === 'g') {
    const p = precision === 0 ? 1 : precision;
    const text = specialMantissa(name, p - 1, spec.hash);
    return spec.hash ? text : stripTrailingZeros(text);
  }
  const mantissa = specialMantissa(name, precision, spec.hash);
  if (conv === 'e' || conv === 'a') return mantissa + exponentText(0, false);
  return mantissa;
}

function specialMantissa(name: string, places: number, hash: boolean): string {
  const chars = ('1' + name.padEnd(places, '0')).split('').map((ch) => ch.charCodeAt(0));
  if (places < name.length) {
    const roundUp = chars[places + 1]! >= 0x35;
    chars.length = places + 1;
    if (roundUp) {
      let k = places;
      while (k >= 0 && chars[k] === 0x39) {
        chars[k] = 0x30;
        k--;
      }
      if (k >= 0) chars[k]! += 1;
      else chars.unshift(0x31);
    }
  }
  const text = String.fromCharCode(...chars);
  const intLen = text.length - places;
  return places > 0 ? `${text.slice(0, intLen)}.${text.slice(intLen)}` : hash ? `${text}.` : text;
}

function toUnits16(bytes: Uint8Array): Uint16Array {
  const n = bytes.length >> 1;
  const units = new Uint16Array(n);
  for (let k = 0; k < n; k++) units[k] = bytes[2 * k]! | (bytes[2 * k + 1]! << 8);
  return units;
}

function fromUnits16(units: number[]): Uint8Array {
  const bytes = new Uint8Array(units.length * 2);
  for (let k = 0; k < units.length; k++) {
    bytes[2 * k] = units[k]! & 0xff;
    bytes[2 * k + 1] = (units[k]! >> 8) & 0xff;
  }
  return bytes;
}

