/**
 * Code generation for integer arithmetic, comparisons and float arithmetic, checked on the
 * emulated CPU against a BigInt/Number model of ECMA-335 Partition III for many edge inputs:
 * wrapping, checked overflow (OverflowException), division by zero, MinValue / -1, shift-count
 * masking, NaN ordering rules of the `.un` comparisons. IR is built directly (no importer).
 */
import { generateCode } from '../../src/jit/codegen/compile';
import { CondKind, Op } from '../../src/jit/ir/ir';
import { IrType } from '../../src/jit/ir/types';
import { validateFunction } from '../../src/jit/ir/validate';
import { Arg, JitMachine, ManagedThrow } from './support/harness';
import { buildIr } from './support/ir-builder';

let jm: JitMachine;
beforeAll(() => { jm = new JitMachine(); });
afterAll(() => jm.close());

type Outcome = bigint | number | string;

function run(entry: bigint, args: Arg[], ret: IrType): Outcome {
  try {
    return jm.call(entry, args, ret)!;
  } catch (e) {
    if (e instanceof ManagedThrow) return e.helper;
    throw e;
  }
}

const edges = (w: number): bigint[] => {
  const min = -(1n << BigInt(w - 1));
  const max = (1n << BigInt(w - 1)) - 1n;
  return [0n, 1n, -1n, 2n, -2n, 7n, -7n, 31n, 33n, 63n, 65n, 0x1234n, min, max, min + 1n, max - 1n, max / 3n, min / 5n];
};

function intRef(op: Op, w: number, a: bigint, b: bigint): Outcome {
  const W = BigInt(w);
  const s = (x: bigint) => BigInt.asIntN(w, x);
  const u = (x: bigint) => BigInt.asUintN(w, x);
  const fitsS = (x: bigint) => x === s(x);
  const fitsU = (x: bigint) => x === u(x);
  const wrap = (x: bigint) => s(x);
  switch (op) {
    case Op.Add: return wrap(a + b);
    case Op.Sub: return wrap(a - b);
    case Op.Mul: return wrap(a * b);
    case Op.And: return wrap(a & b);
    case Op.Or: return wrap(a | b);
    case Op.Xor: return wrap(a ^ b);
    case Op.AddOvf: return fitsS(s(a) + s(b)) ? s(a) + s(b) : 'ThrowOverflow';
    case Op.SubOvf: return fitsS(s(a) - s(b)) ? s(a) - s(b) : 'ThrowOverflow';
    case Op.MulOvf: return fitsS(s(a) * s(b)) ? s(a) * s(b) : 'ThrowOverflow';
    case Op.AddOvfUn: return fitsU(u(a) + u(b)) ? wrap(u(a) + u(b)) : 'ThrowOverflow';
    case Op.SubOvfUn: return fitsU(u(a) - u(b)) ? wrap(u(a) - u(b)) : 'ThrowOverflow';
    case Op.MulOvfUn: return fitsU(u(a) * u(b)) ? wrap(u(a) * u(b)) : 'ThrowOverflow';
    case Op.Div:
    case Op.Rem:
      if (b === 0n) return 'ThrowDivideByZero';
      if (s(a) === -(1n << (W - 1n)) && s(b) === -1n) return 'ThrowOverflow';
      return op === Op.Div ? s(a) / s(b) : s(a) % s(b);
    case Op.DivUn:
    case Op.RemUn:
      if (b === 0n) return 'ThrowDivideByZero';
      return wrap(op === Op.DivUn ? u(a) / u(b) : u(a) % u(b));
    case Op.Shl: return wrap(a << (b & (W - 1n)));
    case Op.Shr: return s(a) >> (b & (W - 1n));
    case Op.ShrUn: return wrap(u(a) >> (b & (W - 1n)));
    default: throw new Error(`no model for ${op}`);
  }
}

const INT_OPS: [string, Op][] = [
  ['add', Op.Add], ['sub', Op.Sub], ['mul', Op.Mul], ['and', Op.And], ['or', Op.Or], ['xor', Op.Xor],
  ['add.ovf', Op.AddOvf], ['add.ovf.un', Op.AddOvfUn], ['sub.ovf', Op.SubOvf], ['sub.ovf.un', Op.SubOvfUn],
  ['mul.ovf', Op.MulOvf], ['mul.ovf.un', Op.MulOvfUn], ['div', Op.Div], ['div.un', Op.DivUn], ['rem', Op.Rem], ['rem.un', Op.RemUn],
];
const SHIFT_OPS: [string, Op][] = [['shl', Op.Shl], ['shr', Op.Shr], ['shr.un', Op.ShrUn]];
const INT_TYPES: [string, IrType, number][] = [['int32', IrType.I4, 32], ['int64', IrType.I8, 64], ['native int', IrType.I, 64]];

describe.each(INT_TYPES)('%s', (_n, t, w) => {
  test.each(INT_OPS)('%s_EdgeInputs_MatchModel', (_name, op) => {
    const entry = jm.install(generateCode(validated(buildIr([t, t], t, (e) => e.op(op, t, [e.args[0]!, e.args[1]!]))), jm.host));
    const vals = edges(w);
    const mismatches: string[] = [];
    for (const a of vals) for (const b of vals) {
      const got = run(entry, [a, b], t);
      const want = intRef(op, w, a, b);
      if (got !== want) mismatches.push(`${a} ${_name} ${b}: got ${got}, want ${want}`);
    }
    expect(mismatches).toEqual([]);
  });

  test.each(SHIFT_OPS)('%s_CountsIncludingOversized_MaskedLikeX86', (_name, op) => {
    const entry = jm.install(generateCode(validated(buildIr([t, IrType.I4], t, (e) => e.op(op, t, [e.args[0]!, e.args[1]!]))), jm.host));
    const mismatches: string[] = [];
    for (const a of edges(w)) for (const n of [0n, 1n, 5n, 31n, 32n, 33n, 63n, 64n]) {
      const got = run(entry, [a, n], t);
      const want = intRef(op, w, a, n);
      if (got !== want) mismatches.push(`${a} ${_name} ${n}: got ${got}, want ${want}`);
    }
    expect(mismatches).toEqual([]);
  });

  test('NegNot_EdgeInputs_MatchModel', () => {
    const neg = jm.install(generateCode(validated(buildIr([t], t, (e) => e.op(Op.Neg, t, [e.args[0]!]))), jm.host));
    const not = jm.install(generateCode(validated(buildIr([t], t, (e) => e.op(Op.Not, t, [e.args[0]!]))), jm.host));
    for (const a of edges(w)) {
      expect(run(neg, [a], t)).toBe(BigInt.asIntN(w, -a));
      expect(run(not, [a], t)).toBe(BigInt.asIntN(w, ~a));
    }
  });
});

test('MixedInt32NativeInt_Add_SignExtendsInt32', () => {
  const entry = jm.install(generateCode(validated(buildIr([IrType.I4, IrType.I], IrType.I, (e) => e.op(Op.Add, IrType.I, [e.args[0]!, e.args[1]!]))), jm.host));
  expect(run(entry, [-1n, 0x1_0000_0000n], IrType.I)).toBe(0xffff_ffffn);
  expect(run(entry, [0xffff_ffffn, 1n], IrType.I)).toBe(0n); // the int32 -1, whatever the upper register half held
});

const CONDS: [string, CondKind][] = [
  ['eq', CondKind.Eq], ['ne.un', CondKind.NeUn], ['lt', CondKind.Lt], ['le', CondKind.Le], ['gt', CondKind.Gt], ['ge', CondKind.Ge],
  ['lt.un', CondKind.LtUn], ['le.un', CondKind.LeUn], ['gt.un', CondKind.GtUn], ['ge.un', CondKind.GeUn],
];

function condRefInt(c: CondKind, w: number, a: bigint, b: bigint): boolean {
  const s = (x: bigint) => BigInt.asIntN(w, x), u = (x: bigint) => BigInt.asUintN(w, x);
  switch (c) {
    case CondKind.Eq: return s(a) === s(b);
    case CondKind.NeUn: return s(a) !== s(b);
    case CondKind.Lt: return s(a) < s(b);
    case CondKind.Le: return s(a) <= s(b);
    case CondKind.Gt: return s(a) > s(b);
    case CondKind.Ge: return s(a) >= s(b);
    case CondKind.LtUn: return u(a) < u(b);
    case CondKind.LeUn: return u(a) <= u(b);
    case CondKind.GtUn: return u(a) > u(b);
    case CondKind.GeUn: return u(a) >= u(b);
  }
}

function condRefFloat(c: CondKind, a: number, b: number): boolean {
  const un = Number.isNaN(a) || Number.isNaN(b);
  switch (c) {
    case CondKind.Eq: return a === b;
    case CondKind.NeUn: return un || a !== b;
    case CondKind.Lt: return a < b;
    case CondKind.Le: return a <= b;
    case CondKind.Gt: return a > b;
    case CondKind.Ge: return a >= b;
    case CondKind.LtUn: return un || a < b;
    case CondKind.LeUn: return un || a <= b;
    case CondKind.GtUn: return un || a > b;
    case CondKind.GeUn: return un || a >= b;
  }
}

describe.each(CONDS)('cmp.%s', (_name, cond) => {
  test.each(INT_TYPES)('%s_EdgeInputs_MatchModel', (_t, t, w) => {
    const entry = jm.install(generateCode(validated(buildIr([t, t], IrType.I4, (e) => e.op(Op.Cmp, IrType.I4, [e.args[0]!, e.args[1]!], { cond }))), jm.host));
    for (const a of edges(w)) for (const b of edges(w)) {
      expect([a, b, run(entry, [a, b], IrType.I4)]).toEqual([a, b, condRefInt(cond, w, a, b) ? 1n : 0n]);
    }
  });

  test.each([['float64', IrType.R8], ['float32', IrType.R4]] as [string, IrType][])('%s_NaNAndSignedZero_MatchModel', (_t, t) => {
    const entry = jm.install(generateCode(validated(buildIr([t, t], IrType.I4, (e) => e.op(Op.Cmp, IrType.I4, [e.args[0]!, e.args[1]!], { cond }))), jm.host));
    const vals = [0, -0, 1, -1, 1.5, NaN, Infinity, -Infinity, 3.4e38];
    const wrap = (x: number): Arg => (t === IrType.R8 ? { f64: x } : { f32: x });
    for (const a of vals) for (const b of vals) {
      expect([a, b, run(entry, [wrap(a), wrap(b)], IrType.I4)]).toEqual([a, b, condRefFloat(cond, a, b) ? 1n : 0n]);
    }
  });
});

const FLOAT_OPS: [string, Op, (a: number, b: number) => number][] = [
  ['add', Op.Add, (a, b) => a + b], ['sub', Op.Sub, (a, b) => a - b], ['mul', Op.Mul, (a, b) => a * b],
  ['div', Op.Div, (a, b) => a / b], ['rem', Op.Rem, (a, b) => a % b],
];
const FLOAT_VALS = [0, -0, 1, -1, 2.5, -7.25, 1e300, 1e-300, 3.4e38, 1 / 3, NaN, Infinity, -Infinity, 5e-324];

describe.each([['float64', IrType.R8], ['float32', IrType.R4]] as [string, IrType][])('%s', (_t, t) => {
  const r = (x: number) => (t === IrType.R4 ? Math.fround(x) : x);
  const wrap = (x: number): Arg => (t === IrType.R8 ? { f64: x } : { f32: x });
  test.each(FLOAT_OPS)('%s_SpecialValues_MatchIEEE', (_name, op, model) => {
    const entry = jm.install(generateCode(validated(buildIr([t, t], t, (e) => e.op(op, t, [e.args[0]!, e.args[1]!]))), jm.host));
    for (const a of FLOAT_VALS) for (const b of FLOAT_VALS) {
      expect([a, b, run(entry, [wrap(a), wrap(b)], t)]).toEqual([a, b, r(model(r(a), r(b)))]);
    }
  });

  test('neg_FlipsSignOfZeroAndNaN_MatchIEEE', () => {
    const entry = jm.install(generateCode(validated(buildIr([t], t, (e) => e.op(Op.Neg, t, [e.args[0]!]))), jm.host));
    for (const a of FLOAT_VALS) expect(Object.is(run(entry, [wrap(a)], t), r(-r(a)))).toBe(true);
  });

  test('ckfinite_NaNAndInfinity_ThrowNotFinite', () => {
    const entry = jm.install(generateCode(validated(buildIr([t], t, (e) => e.op(Op.CkFinite, t, [e.args[0]!]))), jm.host));
    for (const a of FLOAT_VALS) {
      expect(run(entry, [wrap(a)], t)).toEqual(Number.isFinite(r(a)) ? r(a) : 'ThrowNotFinite');
    }
  });
});

test('MixedFloat32Float64_Add_ComputesInDouble', () => {
  const entry = jm.install(generateCode(validated(buildIr([IrType.R4, IrType.R8], IrType.R8, (e) => e.op(Op.Add, IrType.R8, [e.args[0]!, e.args[1]!]))), jm.host));
  expect(run(entry, [{ f32: 0.1 }, { f64: 0.2 }], IrType.R8)).toBe(Math.fround(0.1) + 0.2);
});

function validated<T extends Parameters<typeof validateFunction>[0]>(f: T): T {
  validateFunction(f);
  return f;
}
