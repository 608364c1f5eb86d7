/**
 * MonoIO console icalls over the process's handle table: the std handles, their file type, and
 * Write/Read moving bytes unchanged through the same kernel objects WriteFile/ReadFile use.
 */
import { NullDevice } from '../../loader/handles';
import { ARRAY_DATA_OFFSET } from '../../src/vm/type-desc';
import { callIcall, icallRuntime, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
let err: bigint;
beforeAll(() => {
  t = icallRuntime({ withProcess: true, stdin: 'typed\r\n' });
  err = t.process!.heap.alloc(4);
});
afterAll(() => t.close());

const byteArray = (bytes: number[]): bigint => {
  const a = t.rt.objects.allocArray(t.rt.types.ensureLoaded(t.rt.types.arrayOf(t.rt.types.corlibType('System.Byte'))), bytes.length);
  t.machine.memory.write(a + BigInt(ARRAY_DATA_OFFSET), Uint8Array.from(bytes));
  return a;
};
const errorCode = (): number => t.machine.memory.u32(err);

test('ConsoleHandles_AreTheProcessStdHandles', () => {
  const h = t.process!.handles;
  expect([callIcall(t, `System.IO.MonoIO::get_ConsoleInput()`), callIcall(t, `System.IO.MonoIO::get_ConsoleOutput()`), callIcall(t, `System.IO.MonoIO::get_ConsoleError()`)])
    .toEqual([h.std('input'), h.std('output'), h.std('error')]);
});

test('GetFileType_Console_Char', () => {
  expect(callIcall(t, `System.IO.MonoIO::GetFileType(intptr,System.IO.MonoIOError&)`, [t.process!.handles.std('output'), err])).toBe(2n);
  expect(errorCode()).toBe(0);
});

test('GetFileType_ClosedHandle_UnknownInvalidHandle', () => {
  expect(callIcall(t, `System.IO.MonoIO::GetFileType(intptr,System.IO.MonoIOError&)`, [0x7777n, err])).toBe(0n);
  expect(errorCode()).toBe(6);
});

test('Write_Stdout_BytesUnchanged_ReturnsCount', () => {
  const a = byteArray([0x58, 0x48, 0x69, 0x0d, 0x0a, 0xe9, 0x59]);
  const n = callIcall(t, `System.IO.MonoIO::Write(intptr,byte[],int,int,System.IO.MonoIOError&)`, [t.process!.handles.std('output'), a, 1n, 5n, err]);
  expect([n, errorCode(), t.process!.io.stdout]).toEqual([5n, 0, 'Hi\r\n\xe9']);
});

test('Write_Stderr_GoesToStderr', () => {
  callIcall(t, `System.IO.MonoIO::Write(intptr,byte[],int,int,System.IO.MonoIOError&)`, [t.process!.handles.std('error'), byteArray([0x21]), 0n, 1n, err]);
  expect(t.process!.io.stderr).toBe('!');
});

test('Write_NulDevice_Accepted', () => {
  const nul = new NullDevice();
  const h = t.process!.handles.add(nul);
  expect(callIcall(t, `System.IO.MonoIO::Write(intptr,byte[],int,int,System.IO.MonoIOError&)`, [h, byteArray([1, 2, 3]), 0n, 3n, err])).toBe(3n);
  expect(nul.written).toBe(3);
});

test('Write_InputHandle_MinusOneAccessDenied', () => {
  const n = callIcall(t, `System.IO.MonoIO::Write(intptr,byte[],int,int,System.IO.MonoIOError&)`, [t.process!.handles.std('input'), byteArray([1]), 0n, 1n, err]);
  expect([BigInt.asIntN(32, n), errorCode()]).toEqual([-1n, 5]);
});

test('Write_BadHandle_MinusOneInvalidHandle', () => {
  const n = callIcall(t, `System.IO.MonoIO::Write(intptr,byte[],int,int,System.IO.MonoIOError&)`, [0x9999n, byteArray([1]), 0n, 1n, err]);
  expect([BigInt.asIntN(32, n), errorCode()]).toEqual([-1n, 6]);
});

test('Write_RangePastArray_ArgumentOutOfRangeException', () => {
  expect(() => callIcall(t, `System.IO.MonoIO::Write(intptr,byte[],int,int,System.IO.MonoIOError&)`, [t.process!.handles.std('output'), byteArray([1, 2]), 1n, 2n, err]))
    .toThrow(/ArgumentOutOfRangeException/);
});

test('Read_Stdin_BytesThenEndOfInput', () => {
  const a = byteArray(new Array(16).fill(0));
  const stdin = t.process!.handles.std('input');
  const n = callIcall(t, `System.IO.MonoIO::Read(intptr,byte[],int,int,System.IO.MonoIOError&)`, [stdin, a, 2n, 14n, err]);
  expect(n).toBe(7n);
  expect(new TextDecoder().decode(t.machine.memory.read(a + BigInt(ARRAY_DATA_OFFSET + 2), 7))).toBe('typed\r\n');
  expect(callIcall(t, `System.IO.MonoIO::Read(intptr,byte[],int,int,System.IO.MonoIOError&)`, [stdin, a, 0n, 16n, err])).toBe(0n);
});

test('Separators_Windows', () => {
  const chars = [
    'System.IO.MonoIO::get_DirectorySeparatorChar()', 'System.IO.MonoIO::get_AltDirectorySeparatorChar()',
    'System.IO.MonoIO::get_VolumeSeparatorChar()', 'System.IO.MonoIO::get_PathSeparator()',
  ].map((key) => String.fromCharCode(Number(callIcall(t, key))));
  expect(chars).toEqual(['\\', '/', ':', ';']);
});

test('Flush_ConsoleOutput_True_Input_FalseInvalidHandle', () => {
  expect(callIcall(t, `System.IO.MonoIO::Flush(intptr,System.IO.MonoIOError&)`, [t.process!.handles.std('output'), err])).toBe(1n);
  expect(errorCode()).toBe(0);
  expect(callIcall(t, `System.IO.MonoIO::Flush(intptr,System.IO.MonoIOError&)`, [t.process!.handles.std('input'), err])).toBe(0n);
  expect(errorCode()).toBe(6);
});

test('Close_RemovesHandle_SecondCloseInvalidHandle', () => {
  const h = t.process!.handles.add(new NullDevice());
  expect(callIcall(t, `System.IO.MonoIO::Close(intptr,System.IO.MonoIOError&)`, [h, err])).toBe(1n);
  expect(t.process!.handles.get(h)).toBeUndefined();
  expect(callIcall(t, `System.IO.MonoIO::Close(intptr,System.IO.MonoIOError&)`, [h, err])).toBe(0n);
  expect(errorCode()).toBe(6);
});
