/**
 * Decimal and hexadecimal digit strings of IEEE-754 doubles, as the printf engine needs them.
 *
 * A finite double is m·2^e exactly, so its decimal expansion is finite: we compute it with BigInt
 * (m·5^k / 10^k for negative exponents) and never lose a digit. msvcrt's formatter (the old
 * `_cfltcvt`/`_fltout` path in msvcrt.dll) first rounds a value to 17 significant digits and then
 * rounds that string to the precision asked for, half away from zero: `%.0f` of 0.5 is "1" and
 * `%.20f` of 0.1 is "0.10000000000000001000". `msvcrtDigits` reproduces both steps.
 *
 * Invariant: a `DecimalDigits` has no leading zeros in `digits` unless the value is zero, in which
 * case `digits` is "0" and `pointPos` is 1.
 */

/** value = 0.d1d2d3… × 10^pointPos, i.e. `pointPos` digits stand before the decimal point. */
export interface DecimalDigits {
  readonly digits: string;
  readonly pointPos: number;
}

/** The significant digits msvcrt.dll keeps before formatting (its _fltout precision). */
export const MSVCRT_SIGNIFICANT_DIGITS = 17;

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** Raw bits of a double. */
export function doubleBits(x: number): bigint {
  f64[0] = x;
  return u64[0]!;
}

/** Exact decimal expansion of |x| for a finite x. */
export function exactDecimal(x: number): DecimalDigits {
  const bits = doubleBits(Math.abs(x));
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  if (biased === 0 && fraction === 0n) return { digits: '0', pointPos: 1 };
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exp2 = (biased === 0 ? 1 : biased) - 1075;
  let digits: string;
  let pointPos: number;
  if (exp2 >= 0) {
    digits = (mantissa << BigInt(exp2)).toString();
    pointPos = digits.length;
  } else {
    const k = -exp2;
    digits = (mantissa * 5n ** BigInt(k)).toString();
    pointPos = digits.length - k;
  }
  return normalize(digits, pointPos);
}

function normalize(digits: string, pointPos: number): DecimalDigits {
  let start = 0;
  while (start < digits.length - 1 && digits[start] === '0') start++;
  let end = digits.length;
  while (end > start + 1 && digits[end - 1] === '0') end--;
  const trimmed = digits.slice(start, end);
  if (trimmed === '0') return { digits: '0', pointPos: 1 };
  return { digits: trimmed, pointPos: pointPos - start };
}

/**
 * Keeps `keep` leading digits, rounding half away from zero on the exact remainder. `keep` may be
 * zero or negative (everything is dropped; a first dropped digit ≥ 5 at position 0 still rounds up).
 */
export function roundDigits(d: DecimalDigits, keep: number): DecimalDigits {
  if (d.digits === '0' || keep >= d.digits.length) return d;
  if (keep < 0) return { digits: '0', pointPos: 1 };
  const roundUp = d.digits.charCodeAt(keep) >= 0x35; // '5'
  let kept = d.digits.slice(0, keep);
  if (!roundUp) return kept === '' ? { digits: '0', pointPos: 1 } : normalize(kept, d.pointPos);
  // Add one unit in the last kept place, carrying leftwards.
  const chars = kept.split('');
  let i = chars.length - 1;
  while (i >= 0 && chars[i] === '9') {
    chars[i] = '0';
    i--;
  }
  if (i >= 0) {
    chars[i] = String.fromCharCode(chars[i]!.charCodeAt(0) + 1);
    kept = chars.join('');
    return normalize(kept, d.pointPos);
  }
  return normalize('1' + chars.join(''), d.pointPos + 1);
}

/** The digits msvcrt.dll works from: the exact expansion rounded to 17 significant digits. */
export function msvcrtDigits(x: number): DecimalDigits {
  return roundDigits(exactDecimal(x), MSVCRT_SIGNIFICANT_DIGITS);
}

/** Which kind of non-finite value (given as raw bits) msvcrt names: `1.#INF`, `1.#QNAN`, `1.#SNAN`, `1.#IND`. */
export function specialName(bits: bigint): 'INF' | 'QNAN' | 'SNAN' | 'IND' {
  if ((bits & 0xfffffffffffffn) === 0n) return 'INF';
  const quiet = (bits & (1n << 51n)) !== 0n;
  // The x87/SSE "indefinite" NaN (what 0.0/0.0 produces) is negative, quiet, payload zero.
  if (bits === 0xfff8000000000000n) return 'IND';
  return quiet ? 'QNAN' : 'SNAN';
}

/** Sign bit of a double's bits, so that -0.0 and negative NaNs print their '-'. */
export function signBit(bits: bigint): boolean {
  return (bits >> 63n) === 1n;
}

/** The double with these raw bits. NaN payloads do not survive a JS number: keep the bits. */
export function bitsToDouble(bits: bigint): number {
  u64[0] = BigInt.asUintN(64, bits);
  return f64[0]!;
}

/**
 * Hexadecimal mantissa and binary exponent of a finite |x| for `%a`: lead digit (1 for normal, 0
 * for subnormal and zero), 13 hex fraction digits, exponent (−1022 for subnormals, 0 for zero).
 */
export function hexFloatParts(x: number): { lead: number; fraction: bigint; exp2: number } {
  const bits = doubleBits(Math.abs(x));
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  if (biased === 0) return { lead: 0, fraction, exp2: fraction === 0n ? 0 : -1022 };
  return { lead: 1, fraction, exp2: biased - 1023 };
}
