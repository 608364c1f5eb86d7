/**
 * `System.Math` (icall-def.h group MATH): the floating-point functions the class library's
 * managed parts call. Each is the C library function Mono's icall wraps (icall.c / math.c); where
 * JavaScript's `Math` differs from C99 Annex F the difference is handled here:
 *  - `pow(1, y)` and `pow(-1, ±inf)` are 1 in C (JavaScript gives NaN);
 *  - `Round` is Mono's own half-to-even rounding (`ves_icall_System_Math_Round`), which returns
 *    +0 for -0.5 < x < 0 as its floor-based algorithm does;
 *  - `FMod` is C `fmod`, which JavaScript's `%` implements exactly for doubles.
 */
import { icall, type IcallTable } from './registry';

/** C99 pow (Annex F.9.4.4) on top of Math.pow. */
export function cPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/** Mono's `ves_icall_System_Math_Round`: round half to even by floor and remainder. */
export function monoRound(x: number): number {
  let intPart = Math.floor(x);
  const decPart = x - intPart;
  if ((decPart === 0.5 && 2.0 * (intPart / 2.0 - Math.floor(intPart / 2.0)) !== 0.0) || decPart > 0.5) intPart++;
  return intPart;
}

const d1 = (name: string, f: (x: number) => number) =>
  icall(`System.Math::${name}(double)`, ['f64'], 'f64', (_ctx, x) => f(x));

export const mathIcalls: IcallTable = [
  d1('Abs', Math.abs),
  icall('System.Math::Abs(single)', ['f32'], 'f32', (_ctx, x) => Math.fround(Math.abs(x))),
  d1('Acos', Math.acos), d1('Acosh', Math.acosh), d1('Asin', Math.asin), d1('Asinh', Math.asinh),
  d1('Atan', Math.atan), d1('Atanh', Math.atanh), d1('Cbrt', Math.cbrt),
  icall('System.Math::Atan2(double,double)', ['f64', 'f64'], 'f64', (_ctx, y, x) => Math.atan2(y, x)),
  d1('Ceiling', Math.ceil), d1('Floor', Math.floor),
  d1('Cos', Math.cos), d1('Cosh', Math.cosh), d1('Sin', Math.sin), d1('Sinh', Math.sinh),
  d1('Tan', Math.tan), d1('Tanh', Math.tanh),
  d1('Exp', Math.exp), d1('Log', Math.log), d1('Log10', Math.log10),
  d1('Sqrt', Math.sqrt),
  d1('Round', monoRound),
  icall('System.Math::Pow(double,double)', ['f64', 'f64'], 'f64', (_ctx, x, y) => cPow(x, y)),
  icall('System.Math::FMod(double,double)', ['f64', 'f64'], 'f64', (_ctx, x, y) => x % y),
  /** modf: the integral part through the pointer, the fraction (same sign as x) as the result. */
  icall('System.Math::ModF(double,double*)', ['f64', 'ptr'], 'f64', (ctx, x, intPtr) => {
    const whole = Number.isFinite(x) ? Math.trunc(x) : x;
    ctx.rt.machine.memory.setF64(intPtr, whole);
    if (!Number.isFinite(x)) return Number.isNaN(x) ? x : (x > 0 ? 0 : -0);
    const frac = x - whole;
    return frac === 0 ? (Object.is(x, -0) || x < 0 ? -0 : 0) : frac;
  }),
];
