/**
 * msvcrt exports declared in math.h and float.h, computed with the host's IEEE-754 doubles.
 * Correctly rounded operations (sqrt, floor, ceil, fabs, fmod, ldexp, frexp, modf) match msvcrt
 * bit for bit; transcendental functions (sin, exp, pow …) come from V8 and may differ from
 * msvcrt's in the last unit in the last place — deterministic, but not msvcrt's exact bits.
 * Domain errors set errno to EDOM, range errors to ERANGE, as msvcrt does.
 */
import { fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import { setErrno } from './state';
import { Errno } from './errors';

function checked(os: Os, x: number, inputs: number[]): number {
  if (Number.isNaN(x) && !inputs.some(Number.isNaN)) setErrno(os, Errno.EDOM);
  else if (!Number.isFinite(x) && inputs.every(Number.isFinite)) setErrno(os, Errno.ERANGE);
  return x;
}

function unary(name: string, f: (x: number) => number) {
  return fn(`double ${name}(double x)`, ['f64'], 'f64', ({ os }, x) => checked(os, f(x), [x]));
}

function binary(name: string, f: (x: number, y: number) => number) {
  return fn(`double ${name}(double x, double y)`, ['f64', 'f64'], 'f64', ({ os }, x, y) => checked(os, f(x, y), [x, y]));
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  f64[0] = x;
  let exp = Number((u64[0]! >> 52n) & 0x7ffn);
  if (exp === 0) {
    // Subnormal: scale into the normal range first.
    f64[0] = x * 2 ** 64;
    exp = Number((u64[0]! >> 52n) & 0x7ffn) - 64;
  }
  const e = exp - 1022;
  u64[0] = (u64[0]! & ~(0x7ffn << 52n)) | (1022n << 52n);
  return [f64[0]!, e];
}

export const math: ApiTable = {
  sqrt: unary('sqrt', Math.sqrt),
  floor: unary('floor', Math.floor),
  ceil: unary('ceil', Math.ceil),
  fabs: unary('fabs', Math.abs),
  sin: unary('sin', Math.sin),
  cos: unary('cos', Math.cos),
  tan: unary('tan', Math.tan),
  asin: unary('asin', Math.asin),
  acos: unary('acos', Math.acos),
  atan: unary('atan', Math.atan),
  sinh: unary('sinh', Math.sinh),
  cosh: unary('cosh', Math.cosh),
  tanh: unary('tanh', Math.tanh),
  exp: unary('exp', Math.exp),
  log: unary('log', Math.log),
  log10: unary('log10', Math.log10),
  atan2: binary('atan2', Math.atan2),
  pow: binary('pow', Math.pow),
  fmod: binary('fmod', (x, y) => x % y),
  _hypot: binary('_hypot', Math.hypot),
  _copysign: binary('_copysign', (x, y) => (Math.sign(y) < 0 || Object.is(y, -0) ? -Math.abs(x) : Math.abs(x))),
  ldexp: fn('double ldexp(double x, int exp)', ['f64', 'i32'], 'f64', ({ os }, x, e) => checked(os, x * 2 ** Math.max(-1100, Math.min(1100, e)), [x])),
  frexp: fn('double frexp(double x, int *expptr)', ['f64', 'ptr'], 'f64', ({ os }, x, p) => {
    const [m, e] = frexp(x);
    os.memory.setU32(p, e >>> 0);
    return m;
  }),
  modf: fn('double modf(double x, double *intptr)', ['f64', 'ptr'], 'f64', ({ os }, x, p) => {
    const i = Number.isFinite(x) ? Math.trunc(x) : x;
    os.memory.setF64(p, i);
    return Number.isFinite(x) ? x - i : Number.isNaN(x) ? x : Math.sign(x) * 0;
  }),
  _isnan: fn('int _isnan(double x)', ['f64'], 'i32', (_c, x) => (Number.isNaN(x) ? 1 : 0)),
  _finite: fn('int _finite(double x)', ['f64'], 'i32', (_c, x) => (Number.isFinite(x) ? 1 : 0)),
};
