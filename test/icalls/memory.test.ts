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

const byteArray = (n: number): bigint => t.rt.objects.allocArray(t.rt.types.ensureLoaded(t.rt.types.arrayOf(t.rt.types.corlibType('System.Byte'))), n);
const intArray = (n: number): bigint => t.rt.objects.allocArray(t.rt.types.ensureLoaded(t.rt.types.arrayOf(t.rt.types.corlibType('System.Int32'))), n);

test('BlockCopy_ByteOffsetsAcrossElementTypes_OutOfRangeFalse', () => {
  const src = intArray(4);
  t.machine.memory.write(src + 32n, Uint8Array.from({ length: 16 }, (_, i) => i + 1));
  const dst = byteArray(8);
  expect(callIcall(t, 'System.Buffer::InternalBlockCopy(System.Array,int,System.Array,int,int)', [src, 2n, dst, 1n, 6n])).toBe(1n);
  expect(read(dst + 32n, 8)).toEqual([0, 3, 4, 5, 6, 7, 8, 0]);
  expect(callIcall(t, 'System.Buffer::InternalBlockCopy(System.Array,int,System.Array,int,int)', [src, 12n, dst, 0n, 5n])).toBe(0n);
  expect(callIcall(t, 'System.Buffer::InternalBlockCopy(System.Array,int,System.Array,int,int)', [src, 0n, dst, 4n, 5n])).toBe(0n);
});

test('ByteLength_PrimitiveArrays_MinusOneForReferences', () => {
  expect(callIcall(t, 'System.Buffer::_ByteLength(System.Array)', [intArray(5)])).toBe(20n);
  const strings = t.rt.objects.allocArray(t.rt.types.ensureLoaded(t.rt.types.arrayOf(t.rt.types.corlibType('System.String'))), 2);
  expect(BigInt.asIntN(32, callIcall(t, 'System.Buffer::_ByteLength(System.Array)', [strings]))).toBe(-1n);
  expect(() => callIcall(t, 'System.Buffer::_ByteLength(System.Array)', [0n])).toThrow(/ArgumentNullException/);
});

test('MarshalMemory_AllocReallocFree_ProcessHeap', () => {
  const heap = t.process!.heap;
  const p = callIcall(t, 'System.Runtime.InteropServices.Marshal::AllocHGlobal(intptr)', [24n]);
  const q = callIcall(t, 'System.Runtime.InteropServices.Marshal::AllocCoTaskMem(int)', [8n]);
  expect([heap.sizeOf(p), heap.sizeOf(q)]).toEqual([24, 8]);
  callIcall(t, 'System.Runtime.InteropServices.Marshal::FreeHGlobal(intptr)', [p]);
  callIcall(t, 'System.Runtime.InteropServices.Marshal::FreeCoTaskMem(intptr)', [q]);
  expect([heap.live.has(p), heap.live.has(q)]).toEqual([false, false]);
  expect(() => callIcall(t, 'System.Runtime.InteropServices.Marshal::FreeHGlobal(intptr)', [p])).toThrow(IcallArgumentError);
  expect(() => callIcall(t, 'System.Runtime.InteropServices.Marshal::AllocHGlobal(intptr)', [BigInt.asUintN(64, -1n)])).toThrow(/OutOfMemoryException/);
  const r = callIcall(t, 'System.Runtime.InteropServices.Marshal::AllocCoTaskMemSize(uintptr)', [4n]);
  expect(heap.sizeOf(r)).toBe(4);
});

test('MarshalReAlloc_KeepsContents_NullAllocates', () => {
  const heap = t.process!.heap;
  const p = callIcall(t, 'System.Runtime.InteropServices.Marshal::AllocHGlobal(intptr)', [4n]);
  t.machine.memory.write(p, Uint8Array.of(9, 8, 7, 6));
  const q = callIcall(t, 'System.Runtime.InteropServices.Marshal::ReAllocHGlobal(intptr,intptr)', [p, 16n]);
  expect([heap.sizeOf(q), read(q, 4)]).toEqual([16, [9, 8, 7, 6]]);
  const r = callIcall(t, 'System.Runtime.InteropServices.Marshal::ReAllocCoTaskMem(intptr,int)', [q, 2n]);
  expect([heap.sizeOf(r), read(r, 2)]).toEqual([2, [9, 8]]);
  const n = callIcall(t, 'System.Runtime.InteropServices.Marshal::ReAllocCoTaskMem(intptr,int)', [0n, 3n]);
  expect(heap.sizeOf(n)).toBe(3);
});

test('PtrToString_AnsiIsUtf8_UniIsUtf16_NullIsNull', () => {
  const m = t.machine.memory;
  m.writeCString(buf, 'h\u00e9!', 'utf8');
  expect(t.rt.objects.readString(callIcall(t, 'System.Runtime.InteropServices.Marshal::PtrToStringAnsi(intptr)', [buf]))).toBe('h\u00e9!');
  expect(t.rt.objects.readString(callIcall(t, 'System.Runtime.InteropServices.Marshal::PtrToStringAnsi(intptr,int)', [buf, 1n]))).toBe('h');
  m.writeWString(buf, 'w\u20acx');
  expect(t.rt.objects.readString(callIcall(t, 'System.Runtime.InteropServices.Marshal::PtrToStringUni(intptr)', [buf]))).toBe('w\u20acx');
  expect(t.rt.objects.readString(callIcall(t, 'System.Runtime.InteropServices.Marshal::PtrToStringUni(intptr,int)', [buf, 2n]))).toBe('w\u20ac');
  expect(callIcall(t, 'System.Runtime.InteropServices.Marshal::PtrToStringUni(intptr)', [0n])).toBe(0n);
  expect(() => callIcall(t, 'System.Runtime.InteropServices.Marshal::PtrToStringUni(intptr,int)', [buf, BigInt.asUintN(64, -1n)])).toThrow(/ArgumentException/);
});

test('StringToHGlobal_AnsiUtf8AndUni_NulTerminated', () => {
  const m = t.machine.memory;
  m.writeWString(buf, 'a\u00e9');
  const a = callIcall(t, 'System.Runtime.InteropServices.Marshal::StringToHGlobalAnsi(char*,int)', [buf, 2n]);
  expect([...m.read(a, 4)]).toEqual([0x61, 0xc3, 0xa9, 0]);
  const u = callIcall(t, 'System.Runtime.InteropServices.Marshal::StringToHGlobalUni(char*,int)', [buf, 2n]);
  expect(m.wString(u)).toBe('a\u00e9');
});

test('SetLastWin32Error_ThenGet', () => {
  callIcall(t, 'System.Runtime.InteropServices.Marshal::SetLastWin32Error(int)', [1234n]);
  expect(callIcall(t, 'System.Runtime.InteropServices.Marshal::GetLastWin32Error()')).toBe(1234n);
});

test('InternalIntern_SameObjectForSameText', () => {
  const a = t.rt.objects.allocString('interned text');
  const b = t.rt.objects.allocString('interned text');
  const ia = callIcall(t, 'System.String::InternalIntern(string)', [a]);
  expect(callIcall(t, 'System.String::InternalIntern(string)', [b])).toBe(ia);
  expect(t.machine.memory.u64(t.rt.objects.literalSlot('interned text'))).toBe(ia);
});

test('BadPointers_NullPage_NullReferenceException_Unmapped_AccessViolationException', () => {
  expect(() => callIcall(t, 'System.Runtime.RuntimeImports::Memmove(byte*,byte*,uint)', [0x10n, buf, 4n])).toThrow(/NullReferenceException/);
  expect(() => callIcall(t, 'System.Buffer::InternalMemcpy(byte*,byte*,int)', [buf, 0x1234_5678_0000n, 4n])).toThrow(/AccessViolationException/);
  expect(() => callIcall(t, 'System.Threading.Interlocked::Increment(int&)', [8n])).toThrow(/NullReferenceException/);
});
