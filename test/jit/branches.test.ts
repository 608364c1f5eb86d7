/**
 * Every CIL branch and comparison form, imported from hand-written IL and run on the emulated
 * CPU: the ten two-operand conditional branches in short and long form, brtrue/brfalse, and
 * ceq/cgt/cgt.un/clt/clt.un, over int32, int64, float32 and float64 operands including NaN
 * (ECMA-335 §III.1.5: the `.un` forms of float comparisons are true for unordered operands).
 */
import { compileMethod } from '../../src/jit/codegen/compile';
import { IrType } from '../../src/jit/ir/types';
import { Arg, JitMachine } from './support/harness';
import { ilMethod } from './support/il';

let jm: JitMachine;
beforeAll(() => { jm = new JitMachine(); });
afterAll(() => jm.close());

type Model = (a: number | bigint, b: number | bigint, unordered: boolean, unsigned: (x: number | bigint) => number | bigint) => boolean;

/** [mnemonic, short opcode, long opcode, model]. */
const BRANCHES: [string, number, number, Model][] = [
  ['beq', 0x2e, 0x3b, (a, b) => a === b],
  ['bge', 0x2f, 0x3c, (a, b) => a >= b],
  ['bgt', 0x30, 0x3d, (a, b) => a > b],
  ['ble', 0x31, 0x3e, (a, b) => a <= b],
  ['blt', 0x32, 0x3f, (a, b) => a < b],
  ['bne.un', 0x33, 0x40, (a, b, un) => un || a !== b],
  ['bge.un', 0x34, 0x41, (a, b, un, u) => un || u(a) >= u(b)],
  ['bgt.un', 0x35, 0x42, (a, b, un, u) => un || u(a) > u(b)],
  ['ble.un', 0x36, 0x43, (a, b, un, u) => un || u(a) <= u(b)],
  ['blt.un', 0x37, 0x44, (a, b, un, u) => un || u(a) < u(b)],
];

const COMPARES: [string, number, Model][] = [
  ['ceq', 0x01, (a, b) => a === b],
  ['cgt', 0x02, (a, b) => a > b],
  ['cgt.un', 0x03, (a, b, un, u) => un || u(a) > u(b)],
  ['clt', 0x04, (a, b) => a < b],
  ['clt.un', 0x05, (a, b, un, u) => un || u(a) < u(b)],
];

const TYPES: [string, IrType, (number | bigint)[], (x: number | bigint) => Arg, (x: number | bigint) => number | bigint][] = [
  ['int32', IrType.I4, [0n, 1n, -1n, 2147483647n, -2147483648n], (x) => x as bigint, (x) => BigInt.asUintN(32, x as bigint)],
  ['int64', IrType.I8, [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 32n], (x) => x as bigint, (x) => BigInt.asUintN(64, x as bigint)],
  ['float64', IrType.R8, [0, -0, 1, -1.5, Infinity, -Infinity, NaN], (x) => ({ f64: x as number }), (x) => x],
  ['float32', IrType.R4, [0, 1, -1.5, 3.4e38, -Infinity, NaN], (x) => ({ f32: x as number }), (x) => x],
];

const hex = (n: number): string => n.toString(16).padStart(2, '0');
const isNaNish = (x: number | bigint): boolean => typeof x === 'number' && Number.isNaN(x);

describe.each(TYPES)('%s', (_t, type, values, arg, unsigned) => {
  test.each(BRANCHES)('%s_ShortAndLongForms_MatchModel', (name, short, long, model) => {
    // ldarg.0 ldarg.1 b<cc>(.s) TAKEN; ldc.i4.0 ret; TAKEN: ldc.i4.1 ret
    const forms = [
      ilMethod(`T::${name}.s`, `02 03 ${hex(short)} 02 16 2A 17 2A`, { params: [type, type] }),
      ilMethod(`T::${name}`, `02 03 ${hex(long)} 02000000 16 2A 17 2A`, { params: [type, type] }),
    ];
    for (const info of forms) {
      const entry = jm.install(compileMethod(info, jm.host));
      for (const a of values) for (const b of values) {
        const want = model(a, b, isNaNish(a) || isNaNish(b), unsigned) ? 1n : 0n;
        expect([info.name, a, b, jm.call(entry, [arg(a), arg(b)], IrType.I4)]).toEqual([info.name, a, b, want]);
      }
    }
  });

  test.each(COMPARES)('%s_MatchModel', (name, code, model) => {
    const entry = jm.install(compileMethod(ilMethod(`T::${name}`, `02 03 FE${hex(code)} 2A`, { params: [type, type] }), jm.host));
    for (const a of values) for (const b of values) {
      const want = model(a, b, isNaNish(a) || isNaNish(b), unsigned) ? 1n : 0n;
      expect([a, b, jm.call(entry, [arg(a), arg(b)], IrType.I4)]).toEqual([a, b, want]);
    }
  });
});

test.each([['int32', IrType.I4], ['int64', IrType.I8], ['native int', IrType.I], ['object', IrType.Ref]] as [string, IrType][])(
  'BrtrueBrfalse_%s_TestWholeValue', (_n, type) => {
    const t = jm.install(compileMethod(ilMethod('T::brtrue', '02 2D 02 16 2A 17 2A', { params: [type] }), jm.host));
    const f = jm.install(compileMethod(ilMethod('T::brfalse', '02 39 02000000 16 2A 17 2A', { params: [type] }), jm.host));
    const width = type === IrType.I4 ? 32 : 64;
    for (const v of [0n, 1n, -1n, 2n ** 31n, 2n ** 32n, 2n ** 40n]) {
      const nonzero = BigInt.asUintN(width, v) !== 0n;
      expect([v, jm.call(t, [v], IrType.I4)]).toEqual([v, nonzero ? 1n : 0n]);
      expect([v, jm.call(f, [v], IrType.I4)]).toEqual([v, nonzero ? 0n : 1n]);
    }
  });

test('Switch_InRangeOutOfRangeNegative_JumpsOrFallsThrough', () => {
  const info = ilMethod('T::Switch', `
    02 45 03000000 02000000 05000000 08000000 // ldarg.0 switch (L0, L1, L2)
    15 2A                                      // default: ldc.i4.m1 ret
    1F 0A 2A  1F 14 2A  1F 1E 2A               // L0: 10  L1: 20  L2: 30`, { params: [IrType.I4] });
  const entry = jm.install(compileMethod(info, jm.host));
  const cases: [bigint, bigint][] = [[0n, 10n], [1n, 20n], [2n, 30n], [3n, -1n], [-1n, -1n], [-2147483648n, -1n], [1000n, -1n]];
  for (const [v, want] of cases) expect([v, jm.call(entry, [v], IrType.I4)]).toEqual([v, want]);
});

test('LoopKeepingSumOnStack_AcrossBackEdge_Sums', () => {
  // sum = 0; while (n != 0) { sum += n; n--; } with `sum` living on the evaluation stack across
  // the back edge, so the loop head's block-entry value is defined by two predecessors.
  const info = ilMethod('T::StackLoop', `
    16           // 0000 ldc.i4.0
    02 2C 09     // 0001 ldarg.0 brfalse.s 000d
    02 58        // 0004 ldarg.0 add
    02 17 59     // 0006 ldarg.0 ldc.i4.1 sub
    10 00        // 0009 starg.s 0
    2B F4        // 000b br.s 0001
    2A           // 000d ret`, { params: [IrType.I4] });
  const entry = jm.install(compileMethod(info, jm.host));
  for (const n of [0n, 1n, 10n, 1000n]) expect(jm.call(entry, [n], IrType.I4)).toBe((n * (n + 1n)) / 2n);
});
