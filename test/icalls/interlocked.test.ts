/** Interlocked icalls: exact results and stores for every overload the class library uses. */
import { callIcall, callIcallXmm, f32Result, f64Result, icallRuntime, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
let cell: bigint;
beforeAll(() => {
  t = icallRuntime();
  cell = t.rt.heaps.loader.alloc(32, 8);
});
afterAll(() => t.close());

const i32 = (v: bigint): bigint => BigInt.asIntN(32, v);
const mem = () => t.machine.memory;

test('Int32_IncrementDecrementAdd_WrapAndReturnNew', () => {
  mem().setU32(cell, 0x7fff_ffff);
  expect(i32(callIcall(t, `System.Threading.Interlocked::Increment(int&)`, [cell]))).toBe(-0x8000_0000n);
  expect(i32(callIcall(t, `System.Threading.Interlocked::Decrement(int&)`, [cell]))).toBe(0x7fff_ffffn);
  expect(i32(callIcall(t, `System.Threading.Interlocked::Add(int&,int)`, [cell, BigInt.asUintN(64, -0x7fff_fff0n)]))).toBe(15n);
  expect(mem().u32(cell)).toBe(15);
});

test('Int32_CompareExchange_StoresOnlyOnMatch_ReturnsOld', () => {
  mem().setU32(cell, 5);
  expect(callIcall(t, `System.Threading.Interlocked::CompareExchange(int&,int,int)`, [cell, 9n, 4n])).toBe(5n);
  expect(mem().u32(cell)).toBe(5);
  expect(callIcall(t, `System.Threading.Interlocked::CompareExchange(int&,int,int)`, [cell, 9n, 5n])).toBe(5n);
  expect(mem().u32(cell)).toBe(9);
});

test('Int32_CompareExchangeSucceeded_SetsFlag', () => {
  const flag = cell + 16n;
  mem().setU32(cell, 1);
  callIcall(t, `System.Threading.Interlocked::CompareExchange(int&,int,int,bool&)`, [cell, 2n, 1n, flag]);
  expect([mem().u32(cell), mem().u8(flag)]).toEqual([2, 1]);
  callIcall(t, `System.Threading.Interlocked::CompareExchange(int&,int,int,bool&)`, [cell, 3n, 1n, flag]);
  expect([mem().u32(cell), mem().u8(flag)]).toEqual([2, 0]);
});

test('Int32_Exchange_ReturnsOld', () => {
  mem().setU32(cell, 11);
  expect(callIcall(t, `System.Threading.Interlocked::Exchange(int&,int)`, [cell, 12n])).toBe(11n);
  expect(mem().u32(cell)).toBe(12);
});

test('Int64_AllOperations_Exact', () => {
  mem().setU64(cell, 0x7fff_ffff_ffff_ffffn);
  expect(BigInt.asIntN(64, callIcall(t, `System.Threading.Interlocked::Increment(long&)`, [cell]))).toBe(-0x8000_0000_0000_0000n);
  expect(BigInt.asIntN(64, callIcall(t, `System.Threading.Interlocked::Decrement(long&)`, [cell]))).toBe(0x7fff_ffff_ffff_ffffn);
  mem().setU64(cell, 100n);
  expect(callIcall(t, `System.Threading.Interlocked::Add(long&,long)`, [cell, 1n << 40n])).toBe(100n + (1n << 40n));
  expect(callIcall(t, `System.Threading.Interlocked::Exchange(long&,long)`, [cell, 7n])).toBe(100n + (1n << 40n));
  expect(callIcall(t, `System.Threading.Interlocked::CompareExchange(long&,long,long)`, [cell, 8n, 7n])).toBe(7n);
  expect(mem().u64(cell)).toBe(8n);
});

test('Object_CompareExchangeAndExchange_ThroughResultSlot', () => {
  const [loc, val, cmp, res] = [cell, cell + 8n, cell + 16n, cell + 24n];
  mem().setU64(loc, 0x1000n); mem().setU64(val, 0x2000n); mem().setU64(cmp, 0x1000n);
  callIcall(t, `System.Threading.Interlocked::CompareExchange(object&,object&,object&,object&)`, [loc, val, cmp, res]);
  expect([mem().u64(loc), mem().u64(res)]).toEqual([0x2000n, 0x1000n]);
  mem().setU64(val, 0x3000n);
  callIcall(t, `System.Threading.Interlocked::CompareExchange(object&,object&,object&,object&)`, [loc, val, cmp, res]);
  expect([mem().u64(loc), mem().u64(res)]).toEqual([0x2000n, 0x2000n]);
  callIcall(t, `System.Threading.Interlocked::Exchange(object&,object&,object&)`, [loc, val, res]);
  expect([mem().u64(loc), mem().u64(res)]).toEqual([0x3000n, 0x2000n]);
});

test('Double_CompareExchange_ComparesBits', () => {
  mem().setF64(cell, -0);
  const r = f64Result(callIcallXmm(t, `System.Threading.Interlocked::CompareExchange(double&,double,double)`, [cell, { f64: 5 }, { f64: 0 }]));
  expect(Object.is(r, -0)).toBe(true);
  expect(Object.is(mem().f64(cell), -0)).toBe(true);
  mem().setF64(cell, NaN);
  callIcallXmm(t, `System.Threading.Interlocked::CompareExchange(double&,double,double)`, [cell, { f64: 5 }, { f64: NaN }]);
  expect(mem().f64(cell)).toBe(5);
});

test('NativeInt_ExchangeAndCompareExchange_FullWidth', () => {
  mem().setU64(cell, 0x1234_5678_9abc_def0n);
  expect(callIcall(t, `System.Threading.Interlocked::Exchange(intptr&,intptr)`, [cell, 0xffff_0000_0000_0001n])).toBe(0x1234_5678_9abc_def0n);
  expect(callIcall(t, `System.Threading.Interlocked::CompareExchange(intptr&,intptr,intptr)`, [cell, 5n, 0xffff_0000_0000_0001n])).toBe(0xffff_0000_0000_0001n);
  expect(mem().u64(cell)).toBe(5n);
});

test('FloatingPoint_Exchange_ReturnsOldInXmm0', () => {
  mem().setF64(cell, 2.5);
  expect(f64Result(callIcallXmm(t, `System.Threading.Interlocked::Exchange(double&,double)`, [cell, { f64: -1 }]))).toBe(2.5);
  expect(mem().f64(cell)).toBe(-1);
  mem().setF32(cell, 1.5);
  expect(f32Result(callIcallXmm(t, `System.Threading.Interlocked::Exchange(single&,single)`, [cell, { f32: 3 }]))).toBe(1.5);
  expect(f32Result(callIcallXmm(t, `System.Threading.Interlocked::CompareExchange(single&,single,single)`, [cell, { f32: 4 }, { f32: 3 }]))).toBe(3);
  expect(mem().f32(cell)).toBe(4);
});
