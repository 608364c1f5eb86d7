/**
 * The emulated System.Native.dll over the guest file system: FileStatus as CoreFX lays it out,
 * errno values and their PAL numbers, directory streams, MkDir creating parents, and the
 * deterministic random generator behind GetNonCryptographicallySecureRandomBytes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createMounts, GuestFileSystem } from '../../loader/fs';
import { systemNativeFiles } from '../../loader/dlls/system-native/files';
import { systemNativeDirectories } from '../../loader/dlls/system-native/directories';
import { errnoToPal, palToErrno, strerror, win32ToErrno } from '../../loader/dlls/system-native/errno';
import { createTestProcess, type TestProcess } from '../crt/fake-os';

let p: TestProcess;
let host: string;
beforeAll(() => {
  p = createTestProcess();
  host = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-native-'));
  fs.writeFileSync(path.join(host, 'five.txt'), '12345');
  Object.assign(p.os, { fs: new GuestFileSystem({ mounts: createMounts([{ host, guest: 'C:\\data', readOnly: false }]), appDirectory: 'C:\\app', currentDirectory: 'C:\\app', now: () => 0n }) });
});
afterAll(() => {
  p.close();
  fs.rmSync(host, { recursive: true, force: true });
});

const utf8 = (at: bigint, s: string): bigint => {
  p.os.memory.write(at, Uint8Array.from([...Buffer.from(s, 'utf8'), 0]));
  return at;
};

test('Errno_LinuxNumbers_PalNumbers_Messages', () => {
  expect([errnoToPal(2), errnoToPal(13), errnoToPal(17), errnoToPal(0), errnoToPal(999)]).toEqual([0x1002d, 0x10002, 0x10014, 0, 0x10104]);
  expect([palToErrno(0x1002d), palToErrno(0x10039), palToErrno(0x7777)]).toEqual([2, 20, -1]);
  expect(strerror(2)).toBe('No such file or directory');
  expect([win32ToErrno(2), win32ToErrno(3), win32ToErrno(5), win32ToErrno(183), win32ToErrno(145)]).toEqual([2, 2, 13, 17, 39]);
});

test('Stat2_FileStatusLayout_SizeModeTimes_MissingIsEnoent', () => {
  const out = p.scratch + 0x1000n;
  expect(p.call(systemNativeFiles, 'SystemNative_Stat2', utf8(p.scratch, 'C:\\DATA\\five.txt'), out)).toBe(0);
  const m = p.os.memory;
  expect({ flags: m.u32(out), mode: m.u32(out + 4n).toString(8), size: m.u64(out + 16n), mtimeAfter2000: m.u64(out + 40n) > 946684800n }).toEqual({ flags: 1, mode: '100644', size: 5n, mtimeAfter2000: true });
  expect(p.call(systemNativeFiles, 'SystemNative_Stat2', utf8(p.scratch, 'C:\\data'), out)).toBe(0);
  expect(m.u32(out + 4n).toString(8)).toBe('40755');
  expect(p.call(systemNativeFiles, 'SystemNative_Stat2', utf8(p.scratch, 'C:\\data\\none'), out)).toBe(-1);
  expect(p.os.thread.lastError).toBe(2);
});

test('MkDir_CreatesParents_ExistingIsEexist_RmDirNonEmptyIsEnotempty', () => {
  expect(p.call(systemNativeFiles, 'SystemNative_MkDir', utf8(p.scratch, 'C:\\data\\a\\b\\c'), 0o777)).toBe(0);
  expect(fs.statSync(path.join(host, 'a', 'b', 'c')).isDirectory()).toBe(true);
  expect(p.call(systemNativeFiles, 'SystemNative_MkDir', utf8(p.scratch, 'C:\\data\\a'), 0o777)).toBe(-1);
  expect(p.os.thread.lastError).toBe(17);
  expect(p.call(systemNativeFiles, 'SystemNative_RmDir', utf8(p.scratch, 'C:\\data\\a'))).toBe(-1);
  expect(p.os.thread.lastError).toBe(39);
});

test('OpenDir_ReadDirR_DotsThenSortedEntries_ThenMinusOne_CloseDir', () => {
  const dir = p.call(systemNativeDirectories, 'SystemNative_OpenDir', utf8(p.scratch, 'C:\\data')) as bigint;
  expect(dir).not.toBe(0n);
  const buf = p.scratch + 0x2000n;
  const entry = p.scratch + 0x3000n;
  const names: string[] = [];
  for (;;) {
    const r = p.call(systemNativeDirectories, 'SystemNative_ReadDirR', dir, buf, 1024, entry);
    if (r === -1) break;
    expect(r).toBe(0);
    const m = p.os.memory;
    names.push(`${Buffer.from(m.read(m.u64(entry), m.u32(entry + 8n))).toString('utf8')}:${m.u32(entry + 12n)}`);
  }
  expect(names).toEqual(['.:4', '..:4', 'a:4', 'five.txt:8']);
  expect(p.call(systemNativeDirectories, 'SystemNative_CloseDir', dir)).toBe(0);
  expect(p.call(systemNativeDirectories, 'SystemNative_CloseDir', dir)).toBe(-1);
  expect(p.call(systemNativeDirectories, 'SystemNative_OpenDir', utf8(p.scratch, 'C:\\elsewhere'))).toBe(0n);
  expect(p.os.thread.lastError).toBe(2);
});

test('Rename_ReplacesExistingFile_LinkMakesSecondName_SymlinkIsEperm', () => {
  fs.writeFileSync(path.join(host, 'old.txt'), 'old');
  expect(p.call(systemNativeFiles, 'SystemNative_Rename', utf8(p.scratch, 'C:\\data\\old.txt'), utf8(p.scratch + 0x100n, 'C:\\data\\five.txt'))).toBe(0);
  expect(fs.readFileSync(path.join(host, 'five.txt'), 'utf8')).toBe('old');
  expect(p.call(systemNativeFiles, 'SystemNative_Link', utf8(p.scratch, 'C:\\data\\five.txt'), utf8(p.scratch + 0x100n, 'C:\\data\\six.txt'))).toBe(0);
  expect(fs.statSync(path.join(host, 'six.txt')).nlink).toBe(2);
  expect(p.call(systemNativeFiles, 'SystemNative_Symlink', utf8(p.scratch, '/etc'), utf8(p.scratch + 0x100n, 'C:\\data\\etc'))).toBe(-1);
  expect(p.os.thread.lastError).toBe(1);
});

