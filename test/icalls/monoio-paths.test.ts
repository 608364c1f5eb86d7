/**
 * MonoIO's path icalls, SetLength, Path.get_temp_path, the clock and RNG icalls and
 * Environment.InternalSetEnvironmentVariable, called directly on a test process whose guest file
 * system mounts a fresh host folder at C:\data. Each answers as kernel32 does underneath.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createMounts, FileObject, GuestFileSystem } from '../../loader/fs';
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET } from '../../src/vm/type-desc';
import { callIcall, icallRuntime, str, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
let err: bigint;
let bufs: bigint[];
let host: string;
beforeAll(() => {
  t = icallRuntime({ withProcess: true, env: { TEMP: 'C:\\data\\tmp', COMPUTERNAME: 'CLREMU' } });
  host = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-monoio-'));
  const mounts = createMounts([{ host, guest: 'C:\\data', readOnly: false }, { host, guest: 'E:\\again', readOnly: true }]);
  Object.assign(t.process!.os, { fs: new GuestFileSystem({ mounts, appDirectory: 'C:\\app', currentDirectory: 'C:\\app', now: () => 0n }) });
  err = t.process!.heap.alloc(4);
  bufs = [0, 1, 2].map(() => t.process!.heap.alloc(1024));
});
afterAll(() => {
  t.close();
  fs.rmSync(host, { recursive: true, force: true });
});

const errorCode = (): number => t.machine.memory.u32(err);
/** A UTF-16 guest string in the i-th scratch buffer. */
const w = (i: number, s: string): bigint => {
  t.machine.memory.writeWString(bufs[i]!, s);
  return bufs[i]!;
};
const OPEN = 'System.IO.MonoIO::Open(char*,System.IO.FileMode,System.IO.FileAccess,System.IO.FileShare,System.IO.FileOptions,System.IO.MonoIOError&)';

test('CreateDirectory_RemoveDirectory_OnMount_HostFolderFollows', () => {
  expect(callIcall(t, 'System.IO.MonoIO::CreateDirectory(char*,System.IO.MonoIOError&)', [w(0, 'C:\\data\\made'), err])).toBe(1n);
  expect(fs.statSync(path.join(host, 'made')).isDirectory()).toBe(true);
  expect(callIcall(t, 'System.IO.MonoIO::CreateDirectory(char*,System.IO.MonoIOError&)', [w(0, 'C:\\DATA\\MADE'), err])).toBe(0n);
  expect(errorCode()).toBe(183);
  expect(callIcall(t, 'System.IO.MonoIO::RemoveDirectory(char*,System.IO.MonoIOError&)', [w(0, 'C:\\data\\Made'), err])).toBe(1n);
  expect(fs.existsSync(path.join(host, 'made'))).toBe(false);
  expect(callIcall(t, 'System.IO.MonoIO::RemoveDirectory(char*,System.IO.MonoIOError&)', [w(0, 'C:\\data\\made'), err])).toBe(0n);
  expect(errorCode()).toBe(2);
});

test('CreateDirectory_OutsideMounts_AccessDeniedOrPathNotFound', () => {
  expect(callIcall(t, 'System.IO.MonoIO::CreateDirectory(char*,System.IO.MonoIOError&)', [w(0, 'C:\\elsewhere\\x'), err])).toBe(0n);
  expect(errorCode()).toBe(3);
  expect(callIcall(t, 'System.IO.MonoIO::CreateDirectory(char*,System.IO.MonoIOError&)', [w(0, 'C:\\data'), err])).toBe(0n);
  expect(errorCode()).toBe(183);
});

test('SetCurrentDirectory_ThenRelativePathsResolveThere', () => {
  expect(callIcall(t, 'System.IO.MonoIO::SetCurrentDirectory(char*,System.IO.MonoIOError&)', [w(0, 'C:\\data'), err])).toBe(1n);
  expect(str(t, callIcall(t, 'System.IO.MonoIO::GetCurrentDirectory(System.IO.MonoIOError&)', [err]))).toBe('C:\\data');
  expect(callIcall(t, 'System.IO.MonoIO::CreateDirectory(char*,System.IO.MonoIOError&)', [w(0, 'rel'), err])).toBe(1n);
  expect(fs.existsSync(path.join(host, 'rel'))).toBe(true);
  expect(callIcall(t, 'System.IO.MonoIO::SetCurrentDirectory(char*,System.IO.MonoIOError&)', [w(0, 'C:\\data\\nope'), err])).toBe(0n);
  expect(errorCode()).toBe(2);
  expect(callIcall(t, 'System.IO.MonoIO::SetCurrentDirectory(char*,System.IO.MonoIOError&)', [w(0, 'C:\\app'), err])).toBe(1n);
});

test('CopyFile_MoveFile_ReplaceFile_AsKernel32', () => {
  fs.writeFileSync(path.join(host, 'a.txt'), 'alpha');
  const copy = 'System.IO.MonoIO::CopyFile(char*,char*,bool,System.IO.MonoIOError&)';
  expect(callIcall(t, copy, [w(0, 'C:\\data\\a.txt'), w(1, 'C:\\data\\b.txt'), 0n, err])).toBe(1n);
  expect(callIcall(t, copy, [w(0, 'C:\\data\\a.txt'), w(1, 'C:\\data\\b.txt'), 0n, err])).toBe(0n);
  expect(errorCode()).toBe(80);
  expect(callIcall(t, copy, [w(0, 'C:\\data\\a.txt'), w(1, 'C:\\data\\b.txt'), 1n, err])).toBe(1n);
  const move = 'System.IO.MonoIO::MoveFile(char*,char*,System.IO.MonoIOError&)';
  expect(callIcall(t, move, [w(0, 'C:\\data\\b.txt'), w(1, 'C:\\data\\a.txt'), err])).toBe(0n);
  expect(errorCode()).toBe(183);
  expect(callIcall(t, move, [w(0, 'C:\\data\\b.txt'), w(1, 'C:\\data\\c.txt'), err])).toBe(1n);
  fs.writeFileSync(path.join(host, 'c.txt'), 'gamma');
  const replace = 'System.IO.MonoIO::ReplaceFile(char*,char*,char*,bool,System.IO.MonoIOError&)';
  expect(callIcall(t, replace, [w(0, 'C:\\data\\c.txt'), w(1, 'C:\\data\\a.txt'), w(2, 'C:\\data\\a.bak'), 0n, err])).toBe(1n);
  expect([fs.readFileSync(path.join(host, 'a.txt'), 'utf8'), fs.readFileSync(path.join(host, 'a.bak'), 'utf8'), fs.existsSync(path.join(host, 'c.txt'))]).toEqual(['gamma', 'alpha', false]);
});

test('SetLength_TruncatesAndExtends_PositionKept', () => {
  const h = callIcall(t, OPEN, [w(0, 'C:\\data\\len.bin'), 2n, 3n, 0n, 0n, err]);
  expect(errorCode()).toBe(0);
  const file = t.process!.handles.get<FileObject>(h)!;
  file.write(new Uint8Array(100));
  const setLength = 'System.IO.MonoIO::SetLength(intptr,long,System.IO.MonoIOError&)';
  expect(callIcall(t, setLength, [h, 10n, err])).toBe(1n);
  expect(callIcall(t, 'System.IO.MonoIO::GetLength(intptr,System.IO.MonoIOError&)', [h, err])).toBe(10n);
  expect(file.position).toBe(100);
  expect(callIcall(t, setLength, [h, 4096n, err])).toBe(1n);
  expect(fs.statSync(path.join(host, 'len.bin')).size).toBe(4096);
  expect(callIcall(t, setLength, [0x7770n, 1n, err])).toBe(0n);
  expect(errorCode()).toBe(6);
  expect(callIcall(t, 'System.IO.MonoIO::Close(intptr,System.IO.MonoIOError&)', [h, err])).toBe(1n);
});

test('GetTempPath_FromTempVariable_EndsWithBackslash', () => {
  expect(str(t, callIcall(t, 'System.IO.Path::get_temp_path()'))).toBe('C:\\data\\tmp\\');
});

test('GetSystemTimeAsFileTime_TheVirtualClock', () => {
  expect(callIcall(t, 'System.DateTime::GetSystemTimeAsFileTime()')).toBe(t.process!.os.clock.systemTime());
});

test('Rng_OpenInitializeGetBytesClose_DeterministicBytes', () => {
  expect(callIcall(t, 'System.Security.Cryptography.RNGCryptoServiceProvider::RngOpen()')).toBe(1n);
  const h = callIcall(t, 'System.Security.Cryptography.RNGCryptoServiceProvider::RngInitialize(byte*,intptr)', [0n, 0n]);
  expect(h).not.toBe(0n);
  const buf = bufs[0]!;
  t.machine.memory.write(buf, new Uint8Array(64));
  expect(callIcall(t, 'System.Security.Cryptography.RNGCryptoServiceProvider::RngGetBytes(intptr,byte*,intptr)', [h, buf, 64n])).toBe(h);
  const bytes = t.machine.memory.read(buf, 64);
  expect(new Set(bytes).size).toBeGreaterThan(16);
  callIcall(t, 'System.Security.Cryptography.RNGCryptoServiceProvider::RngClose(intptr)', [h]);
});

test('InternalSetEnvironmentVariable_SetReplaceCaseInsensitive_EmptyRemoves', () => {
  const key = 'System.Environment::InternalSetEnvironmentVariable(char*,int,char*,int)';
  const env = t.process!.os.process.environment;
  callIcall(t, key, [w(0, 'Color'), 5n, w(1, 'red'), 3n]);
  callIcall(t, key, [w(0, 'COLOR'), 5n, w(1, 'blue!'), 4n]);
  expect([...env].filter(([k]) => k.toUpperCase() === 'COLOR')).toEqual([['Color', 'blue']]);
  callIcall(t, key, [w(0, 'color'), 5n, 0n, 0n]);
  expect([...env.keys()].some((k) => k.toUpperCase() === 'COLOR')).toBe(false);
});

test('FindFirstFile_FindNextFile_FindCloseFile_NamesAttributesThenNoMoreFiles', () => {
  fs.mkdirSync(path.join(host, 'find'));
  fs.writeFileSync(path.join(host, 'find', 'one.txt'), '1');
  fs.writeFileSync(path.join(host, 'find', 'two.log'), '22');
  fs.mkdirSync(path.join(host, 'find', 'sub'));
  const outs = t.process!.heap.alloc(24);
  const [name, attr] = [outs, outs + 8n];
  const seen: string[] = [];
  const h = callIcall(t, 'System.IO.MonoIO::FindFirstFile(char*,string&,int&,int&)', [w(0, 'C:\\data\\find\\*'), name, attr, err]);
  expect(errorCode()).toBe(0);
  for (let more = true; more; more = callIcall(t, 'System.IO.MonoIO::FindNextFile(intptr,string&,int&,int&)', [h, name, attr, err]) === 1n) {
    seen.push(`${str(t, t.machine.memory.u64(name))}:${t.machine.memory.u32(attr).toString(16)}`);
  }
  expect(errorCode()).toBe(18);
  expect(seen).toEqual(['.:10', '..:10', 'one.txt:80', 'sub:10', 'two.log:80']);
  expect(callIcall(t, 'System.IO.MonoIO::FindCloseFile(intptr)', [h])).toBe(1n);
  expect(callIcall(t, 'System.IO.MonoIO::FindCloseFile(intptr)', [h])).toBe(0n);
  expect(callIcall(t, 'System.IO.MonoIO::FindFirstFile(char*,string&,int&,int&)', [w(0, 'C:\\data\\find\\*.cs'), name, attr, err])).toBe(0xffff_ffff_ffff_ffffn);
  expect([errorCode(), t.machine.memory.u64(name)]).toEqual([2, 0n]);
});

test('GetFileStat_SetFileAttributes_ReadOnlyAndSize', () => {
  fs.writeFileSync(path.join(host, 'stat.txt'), 'twelve bytes');
  const stat = t.process!.heap.alloc(40);
  expect(callIcall(t, 'System.IO.MonoIO::GetFileStat(char*,System.IO.MonoIOStat&,System.IO.MonoIOError&)', [w(0, 'C:\\data\\stat.txt'), stat, err])).toBe(1n);
  const mem = t.machine.memory;
  expect([mem.u32(stat), mem.u64(stat + 8n), mem.u64(stat + 32n) > 116444736000000000n]).toEqual([0x80, 12n, true]);
  expect(callIcall(t, 'System.IO.MonoIO::SetFileAttributes(char*,System.IO.FileAttributes,System.IO.MonoIOError&)', [w(0, 'C:\\data\\stat.txt'), 1n, err])).toBe(1n);
  expect(callIcall(t, 'System.IO.MonoIO::GetFileAttributes(char*,System.IO.MonoIOError&)', [w(0, 'C:\\data\\stat.txt'), err])).toBe(1n);
  expect(fs.statSync(path.join(host, 'stat.txt')).mode & 0o200).toBe(0);
  callIcall(t, 'System.IO.MonoIO::SetFileAttributes(char*,System.IO.FileAttributes,System.IO.MonoIOError&)', [w(0, 'C:\\data\\stat.txt'), 0x80n, err]);
  expect(callIcall(t, 'System.IO.MonoIO::GetFileStat(char*,System.IO.MonoIOStat&,System.IO.MonoIOError&)', [w(0, 'C:\\data\\nope.txt'), stat, err])).toBe(0n);
  expect(errorCode()).toBe(2);
});

test('SetFileTime_LastWrite_NegativeLeavesOthers_Lock_Unlock_Overlap', () => {
  const h = callIcall(t, OPEN, [w(0, 'C:\\data\\times.bin'), 2n, 3n, 0n, 0n, err]);
  const jan2020 = 116444736000000000n + BigInt(Date.UTC(2020, 0, 1)) * 10_000n;
  expect(callIcall(t, 'System.IO.MonoIO::SetFileTime(intptr,long,long,long,System.IO.MonoIOError&)', [h, -1n, -1n, jan2020, err])).toBe(1n);
  expect(fs.statSync(path.join(host, 'times.bin')).mtime.toISOString()).toBe('2020-01-01T00:00:00.000Z');
  const lock = 'System.IO.MonoIO::Lock(intptr,long,long,System.IO.MonoIOError&)';
  const unlock = 'System.IO.MonoIO::Unlock(intptr,long,long,System.IO.MonoIOError&)';
  callIcall(t, lock, [h, 0n, 10n, err]);
  expect(errorCode()).toBe(0);
  callIcall(t, lock, [h, 5n, 10n, err]);
  expect(errorCode()).toBe(33);
  callIcall(t, unlock, [h, 0n, 4n, err]);
  expect(errorCode()).toBe(158);
  callIcall(t, unlock, [h, 0n, 10n, err]);
  expect(errorCode()).toBe(0);
  callIcall(t, 'System.IO.MonoIO::Close(intptr,System.IO.MonoIOError&)', [h, err]);
});

test('LogicalDrives_CAndEachMountedDrive', () => {
  const arr = callIcall(t, 'System.Environment::GetLogicalDrivesInternal()');
  const mem = t.machine.memory;
  const n = mem.u32(arr + BigInt(ARRAY_LENGTH_OFFSET));
  expect(Array.from({ length: n }, (_, i) => str(t, mem.u64(arr + BigInt(ARRAY_DATA_OFFSET + 8 * i))))).toEqual(['C:\\', 'E:\\']);
});
