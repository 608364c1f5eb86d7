/** Array.FastCopy and Array.ClearInternal: bit copies only where no conversion is needed. */
import { ARRAY_DATA_OFFSET, type TypeDesc } from '../../src/vm/type-desc';
import { callIcall, icallRuntime, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
beforeAll(() => { t = icallRuntime(); });
afterAll(() => t.close());

const arr = (elem: string, n: number): bigint => {
  const type: TypeDesc = t.rt.types.ensureLoaded(t.rt.types.arrayOf(t.rt.types.corlibType(elem)));
  return t.rt.objects.allocArray(type, n);
};
const ints = (a: bigint, n: number): number[] => Array.from({ length: n }, (_, i) => t.machine.memory.u32(a + BigInt(ARRAY_DATA_OFFSET + 4 * i)) | 0);
const setInts = (a: bigint, xs: number[]): void => xs.forEach((x, i) => t.machine.memory.setU32(a + BigInt(ARRAY_DATA_OFFSET + 4 * i), x >>> 0));
const FAST_COPY = 'System.Array::FastCopy(System.Array,int,System.Array,int,int)';

test('FastCopy_SameElementType_CopiesRange_True', () => {
  const a = arr('System.Int32', 5);
  const b = arr('System.Int32', 5);
  setInts(a, [1, 2, 3, 4, 5]);
  expect(callIcall(t, FAST_COPY, [a, 1n, b, 2n, 3n])).toBe(1n);
  expect(ints(b, 5)).toEqual([0, 0, 2, 3, 4]);
});

test('FastCopy_OverlappingSameArray_AsMemmove', () => {
  const a = arr('System.Int32', 5);
  setInts(a, [1, 2, 3, 4, 5]);
  expect(callIcall(t, FAST_COPY, [a, 0n, a, 1n, 4n])).toBe(1n);
  expect(ints(a, 5)).toEqual([1, 1, 2, 3, 4]);
});

test('FastCopy_StringsToObjects_True_ObjectsToStrings_False', () => {
  const s = arr('System.String', 2);
  const o = arr('System.Object', 2);
  t.machine.memory.setU64(s + 32n, t.rt.objects.allocString('x'));
  expect(callIcall(t, FAST_COPY, [s, 0n, o, 0n, 2n])).toBe(1n);
  expect(t.machine.memory.u64(o + 32n)).toBe(t.machine.memory.u64(s + 32n));
  expect(callIcall(t, FAST_COPY, [o, 0n, s, 0n, 2n])).toBe(0n);
});

test('FastCopy_NeedsConversion_False_NothingCopied', () => {
  const a = arr('System.Int32', 2);
  setInts(a, [7, 8]);
  const l = arr('System.Int64', 2);
  const o = arr('System.Object', 2);
  expect([callIcall(t, FAST_COPY, [a, 0n, l, 0n, 2n]), callIcall(t, FAST_COPY, [a, 0n, o, 0n, 2n])]).toEqual([0n, 0n]);
  expect([t.machine.memory.u64(l + 32n), t.machine.memory.u64(o + 32n)]).toEqual([0n, 0n]);
});

test('FastCopy_RangeOutside_False', () => {
  const a = arr('System.Int32', 3);
  const b = arr('System.Int32', 3);
  expect(callIcall(t, FAST_COPY, [a, 2n, b, 0n, 2n])).toBe(0n);
  expect(callIcall(t, FAST_COPY, [a, 0n, b, BigInt.asUintN(64, -1n), 1n])).toBe(0n);
});

test('ClearInternal_ZeroesElements_OutOfRange_IndexOutOfRangeException', () => {
  const a = arr('System.Int32', 4);
  setInts(a, [1, 2, 3, 4]);
  callIcall(t, 'System.Array::ClearInternal(System.Array,int,int)', [a, 1n, 2n]);
  expect(ints(a, 4)).toEqual([1, 0, 0, 4]);
  expect(() => callIcall(t, 'System.Array::ClearInternal(System.Array,int,int)', [a, 3n, 2n])).toThrow(/IndexOutOfRangeException/);
});
