/**
 * MonoIO's file icalls call the emulated kernel32 (CreateFileW, SetFilePointerEx, GetFileSize,
 * GetFileAttributesW, DeleteFileW) with Mono's conversions, and report kernel32's errors.
 */
import { desiredAccess, flagsAndAttributes } from '../../src/vm/icalls/monoio-files';
import { callIcall, icallRuntime, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
let err: bigint;
let path: bigint;
beforeAll(() => {
  t = icallRuntime({ withProcess: true });
  err = t.process!.heap.alloc(4);
  path = t.process!.heap.alloc(512);
});
afterAll(() => t.close());

const errorCode = (): number => t.machine.memory.u32(err);
const named = (s: string): bigint => {
  t.machine.memory.writeWString(path, s);
  return path;
};

test('Conversions_AccessAndOptions_AsMono', () => {
  expect([desiredAccess(1), desiredAccess(2), desiredAccess(3)]).toEqual([0x8000_0000, 0x4000_0000, 0xc000_0000]);
  expect(flagsAndAttributes(0)).toBe(0x80);
  expect(flagsAndAttributes(0x0800_0000 | 0x1)).toBe(0x0800_0000 | 0x80 | 0x100);
  expect(flagsAndAttributes(0x4000)).toBe(0x4000);
});

test('Open_NulDevice_HandleOfTheDevice_GetFileTypeChar', () => {
  const h = callIcall(t, 'System.IO.MonoIO::Open(char*,System.IO.FileMode,System.IO.FileAccess,System.IO.FileShare,System.IO.FileOptions,System.IO.MonoIOError&)', [named('NUL'), 3n, 2n, 1n, 0n, err]);
  expect(errorCode()).toBe(0);
  expect(t.process!.handles.get(h)?.type).toBe('device');
  expect(callIcall(t, 'System.IO.MonoIO::GetFileType(intptr,System.IO.MonoIOError&)', [h, err])).toBe(2n);
});

test('Open_MissingFile_MinusOneFileNotFound', () => {
  expect(callIcall(t, 'System.IO.MonoIO::Open(char*,System.IO.FileMode,System.IO.FileAccess,System.IO.FileShare,System.IO.FileOptions,System.IO.MonoIOError&)', [named('C:\\missing.txt'), 3n, 1n, 1n, 0n, err])).toBe(0xffff_ffff_ffff_ffffn);
  expect(errorCode()).toBe(2);
});

test('Open_MissingDirectory_MinusOnePathNotFound', () => {
  expect(callIcall(t, 'System.IO.MonoIO::Open(char*,System.IO.FileMode,System.IO.FileAccess,System.IO.FileShare,System.IO.FileOptions,System.IO.MonoIOError&)', [named('C:\\nope\\missing.txt'), 3n, 1n, 1n, 0n, err])).toBe(0xffff_ffff_ffff_ffffn);
  expect(errorCode()).toBe(3);
});

test('Open_BadMode_MinusOneInvalidParameter', () => {
  expect(callIcall(t, 'System.IO.MonoIO::Open(char*,System.IO.FileMode,System.IO.FileAccess,System.IO.FileShare,System.IO.FileOptions,System.IO.MonoIOError&)', [named('NUL'), 9n, 1n, 1n, 0n, err])).toBe(0xffff_ffff_ffff_ffffn);
  expect(errorCode()).toBe(87);
});

test('SeekAndGetLength_Console_KernelErrors', () => {
  const out = t.process!.handles.std('output');
  expect(BigInt.asIntN(64, callIcall(t, 'System.IO.MonoIO::Seek(intptr,long,System.IO.SeekOrigin,System.IO.MonoIOError&)', [out, 0n, 1n, err]))).toBe(-1n);
  expect(errorCode()).toBe(1);
  expect(BigInt.asIntN(64, callIcall(t, 'System.IO.MonoIO::GetLength(intptr,System.IO.MonoIOError&)', [0x4444n, err]))).toBe(-1n);
  expect(errorCode()).toBe(6);
});

test('AttributesAndDelete_NoMount_FileNotFound', () => {
  expect(BigInt.asIntN(32, callIcall(t, 'System.IO.MonoIO::GetFileAttributes(char*,System.IO.MonoIOError&)', [named('C:\\x.txt'), err]))).toBe(-1n);
  expect(errorCode()).toBe(2);
  expect(callIcall(t, 'System.IO.MonoIO::DeleteFile(char*,System.IO.MonoIOError&)', [named('C:\\x.txt'), err])).toBe(0n);
  expect(errorCode()).toBe(2);
});
