/**
 * System.Math icalls through their bound gates: arguments in XMM0/XMM1, results in XMM0, and the
 * C semantics where JavaScript's Math differs (pow's special cases, Mono's half-to-even Round).
 */
import { callIcallXmm, f32Result, f64Result, icallRuntime, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
beforeAll(() => { t = icallRuntime(); });
afterAll(() => t.close());

const d = (key: string, ...xs: number[]): number => f64Result(callIcallXmm(t, key, xs.map((x) => ({ f64: x }))));

test('Sqrt_OfSquare_ReturnsRoot', () => {
  expect(d('System.Math::Sqrt(double)', 1764)).toBe(42);
  expect(d('System.Math::Sqrt(double)', -1)).toBeNaN();
});

test('Trigonometry_MatchesC', () => {
  expect(d('System.Math::Sin(double)', Math.PI / 2)).toBe(1);
  expect(d('System.Math::Cos(double)', 0)).toBe(1);
  expect(d('System.Math::Tan(double)', 0.5)).toBe(Math.tan(0.5));
  expect(d('System.Math::Atan(double)', 1)).toBe(Math.PI / 4);
  expect(d('System.Math::Atan2(double,double)', 1, -1)).toBe((3 * Math.PI) / 4);
});

test('ExpLog_MatchC', () => {
  expect(d('System.Math::Exp(double)', 0)).toBe(1);
  expect(d('System.Math::Log(double)', Math.E)).toBe(1);
  expect(d('System.Math::Log10(double)', 1000)).toBe(3);
  expect(d('System.Math::Log(double)', -1)).toBeNaN();
});

test('Pow_CSpecialCases_OneAndMinusOneToInfinity', () => {
  expect(d('System.Math::Pow(double,double)', 2, 10)).toBe(1024);
  expect(d('System.Math::Pow(double,double)', 1, NaN)).toBe(1);
  expect(d('System.Math::Pow(double,double)', -1, Infinity)).toBe(1);
  expect(d('System.Math::Pow(double,double)', NaN, 0)).toBe(1);
});

test('FloorCeiling_TowardsInfinities', () => {
  expect(d('System.Math::Floor(double)', -2.5)).toBe(-3);
  expect(d('System.Math::Ceiling(double)', -2.5)).toBe(-2);
  expect(d('System.Math::Ceiling(double)', 2.1)).toBe(3);
});

test('Round_HalfToEven_AsMono', () => {
  expect([0.5, 1.5, 2.5, -2.5, 2.6, -0.4].map((x) => d('System.Math::Round(double)', x))).toEqual([0, 2, 2, -2, 3, 0]);
});

test('Abs_DoubleAndSingle_InXmm', () => {
  expect(d('System.Math::Abs(double)', -3.25)).toBe(3.25);
  expect(f32Result(callIcallXmm(t, 'System.Math::Abs(single)', [{ f32: -1.5 }]))).toBe(1.5);
});

test('ModF_StoresIntegralPart_ReturnsFraction', () => {
  const cell = t.rt.heaps.loader.alloc(8, 8);
  const r = f64Result(callIcallXmm(t, 'System.Math::ModF(double,double*)', [{ f64: -3.75 }, cell]));
  expect([r, t.machine.memory.f64(cell)]).toEqual([-0.75, -3]);
});

test('InverseAndHyperbolic_MatchC', () => {
  expect(d('System.Math::Acos(double)', 1)).toBe(0);
  expect(d('System.Math::Asin(double)', 1)).toBe(Math.PI / 2);
  expect(d('System.Math::Acos(double)', 2)).toBeNaN();
  expect(d('System.Math::Cosh(double)', 0)).toBe(1);
  expect(d('System.Math::Sinh(double)', 0)).toBe(0);
  expect(d('System.Math::Tanh(double)', Infinity)).toBe(1);
  expect(d('System.Math::Acosh(double)', 1)).toBe(0);
  expect(d('System.Math::Asinh(double)', 0)).toBe(0);
  expect(d('System.Math::Atanh(double)', 1)).toBe(Infinity);
  expect(d('System.Math::Cbrt(double)', -27)).toBe(-3);
});

test('FMod_SignOfDividend_AsC', () => {
  expect(d('System.Math::FMod(double,double)', -7, 3)).toBe(-1);
  expect(d('System.Math::FMod(double,double)', 7.5, 2)).toBe(1.5);
  expect(d('System.Math::FMod(double,double)', 1, 0)).toBeNaN();
});
