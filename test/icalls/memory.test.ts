/**
 * Raw memory and native string icalls: Buffer.InternalMemcpy, RuntimeImports.Memmove (overlap
 * both ways, and across the chunk size), ZeroMemory, Memmove_wbarrier by element count, and
 * SafeStringMarshal.StringToUtf8/GFree over the process heap.
 */
import { IcallArgumentError } from '../../src/vm/icalls';
import { callIcall, icallRuntime, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
let buf: bigint;
const SIZE = 3 << 20;
beforeAll(() => {
  t = icallRuntime({ withProcess: true });
  buf = t.rt.heaps.loader.alloc(SIZE, 16);
});
afterAll(() => t.close());

const fill = (n: number): void => t.machine.memory.write(buf, Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff));
const read = (at: bigint, n: number): number[] => [...t.machine.memory.read(at, n)];

test('InternalMemcpy_CopiesCount_NegativeCopiesNothing', () => {
  fill(64);
  const before = read(buf, 64);
  callIcall(t, 'System.Buffer::InternalMemcpy(byte*,byte*,int)', [buf + 32n, buf, 16n]);
  expect(read(buf + 32n, 16)).toEqual(before.slice(0, 16));
  callIcall(t, 'System.Buffer::InternalMemcpy(byte*,byte*,int)', [buf, buf + 48n, BigInt.asUintN(64, -5n)]);
  expect(read(buf, 16)).toEqual(before.slice(0, 16));
});

test('Memmove_OverlapForwardAndBackward_AsMemmove', () => {
  fill(32);
  const src = read(buf, 32);
  callIcall(t, 'System.Runtime.RuntimeImports::Memmove(byte*,byte*,uint)', [buf + 4n, buf, 20n]);
  expect(read(buf + 4n, 20)).toEqual(src.slice(0, 20));
  fill(32);
  callIcall(t, 'System.Runtime.RuntimeImports::Memmove(byte*,byte*,uint)', [buf, buf + 4n, 20n]);
  expect(read(buf, 20)).toEqual(src.slice(4, 24));
});

test('Memmove_OverlapLargerThanChunk_Exact', () => {
  const n = (1 << 20) * 2 + 123;
  fill(n + 4096);
  const src = read(buf, n);
  callIcall(t, 'System.Runtime.RuntimeImports::Memmove(byte*,byte*,uint)', [buf + 4096n, buf, BigInt(n)]);
  expect(Buffer.from(read(buf + 4096n, n)).equals(Buffer.from(src))).toBe(true);
});

test('ZeroMemory_ClearsRange', () => {
  fill(16);
  callIcall(t, 'System.Runtime.RuntimeImports::ZeroMemory(void*,uint)', [buf + 2n, 10n]);
  expect(read(buf, 16).slice(2, 12).every((b) => b === 0)).toBe(true);
  expect(read(buf, 2)).toEqual([3, 10]);
});

test('MemmoveWbarrier_LengthInElementsOfType', () => {
  fill(64);
  const src = read(buf, 64);
  const int64 = t.rt.types.ensureLoaded(t.rt.types.corlibType('System.Int64'));
  callIcall(t, 'System.Runtime.RuntimeImports::Memmove_wbarrier(byte*,byte*,uint,intptr)', [buf + 32n, buf, 3n, int64.methodTable]);
  expect(read(buf + 32n, 32)).toEqual([...src.slice(0, 24), ...src.slice(56, 64)]);
  expect(() => callIcall(t, 'System.Runtime.RuntimeImports::Memmove_wbarrier(byte*,byte*,uint,intptr)', [buf, buf, 1n, 0x42n])).toThrow(IcallArgumentError);
});

test('StringToUtf8_NulTerminatedUtf8_GFreeReleases', () => {
  const s = t.rt.objects.allocString('h€llo');
  const p = callIcall(t, 'Mono.SafeStringMarshal::StringToUtf8(string)', [s]);
  expect(t.machine.memory.cString(p, 100, 'utf8')).toBe('h€llo');
  expect(t.machine.memory.u8(p + 7n)).toBe(0);
  expect(t.process!.heap.live.has(p)).toBe(true);
  callIcall(t, 'Mono.SafeStringMarshal::GFree(intptr)', [p]);
  expect(t.process!.heap.live.has(p)).toBe(false);
});

test('StringToUtf8_Null_Null_GFreeNull_NoOp', () => {
  expect(callIcall(t, 'Mono.SafeStringMarshal::StringToUtf8(string)', [0n])).toBe(0n);
  expect(() => callIcall(t, 'Mono.SafeStringMarshal::GFree(intptr)', [0n])).not.toThrow();
});

test('GFree_ForeignPointer_Invalid_IcallArgumentError', () => {
  expect(() => callIcall(t, 'Mono.SafeStringMarshal::GFree(intptr)', [buf])).toThrow(IcallArgumentError);
});
