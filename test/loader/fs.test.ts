/**
 * The guest file system (loader/fs): guest path syntax as GetFullPathNameW has it, `--mount`
 * parsing, and resolution to host paths under mounts only, with Windows' errors for what is not
 * there and for escapes (symbolic links leading outside a mount).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createMounts, Disposition, formatGuestPath, FsFailure, GuestFileSystem, MountError, parseGuestPath, parseMountSpec, type GuestPath } from '../../loader/fs';

/** FILETIME of 2024-01-01T00:00:00Z, the guest clock's "now" in these tests. */
const JAN_2024 = 133485408000000000n;
const CWD: GuestPath = { drive: 'C', components: ['app'] };
const full = (p: string): string => {
  const r = parseGuestPath(p, CWD);
  return typeof r === 'number' ? `error ${r}` : formatGuestPath(r);
};

test('GuestPath_AbsoluteRelativeRootedDriveRelative_AsGetFullPathName', () => {
  expect(full('C:\\data\\x.txt')).toBe('C:\\data\\x.txt');
  expect(full('c:/data//x.txt')).toBe('C:\\data\\x.txt');
  expect(full('x.txt')).toBe('C:\\app\\x.txt');
  expect(full('\\x.txt')).toBe('C:\\x.txt');
  expect(full('C:x.txt')).toBe('C:\\app\\x.txt');
  expect(full('D:x.txt')).toBe('D:\\x.txt');
  expect(full('\\\\?\\C:\\a\\b')).toBe('C:\\a\\b');
});

test('GuestPath_DotsNormalised_DotDotStopsAtRoot_TrailingDotsAndSpacesDropped', () => {
  expect(full('C:\\a\\.\\b\\..\\c')).toBe('C:\\a\\c');
  expect(full('C:\\..\\..\\etc\\passwd')).toBe('C:\\etc\\passwd');
  expect(full('..\\..\\..\\x')).toBe('C:\\x');
  expect(full('C:\\a\\name.txt. . ')).toBe('C:\\a\\name.txt');
});

test('GuestPath_Invalid_InvalidNameOrBadNetPath', () => {
  expect(full('')).toBe('error 123');
  expect(full('C:\\a<b')).toBe('error 123');
  expect(full('C:\\a\\*.txt')).toBe('error 123');
  expect(full('\\\\server\\share\\x')).toBe('error 53');
  expect(parseGuestPath('C:\\a\\*.txt', CWD, true)).toEqual({ drive: 'C', components: ['a', '*.txt'] });
});

test('MountSpec_HostGuestReadOnly_Parsed', () => {
  expect(parseMountSpec('./data:C:\\data')).toEqual({ host: './data', guest: 'C:\\data', readOnly: false });
  expect(parseMountSpec('/srv/x:C:/in:ro')).toEqual({ host: '/srv/x', guest: 'C:/in', readOnly: true });
  expect(parseMountSpec('/a:b:D:\\')).toEqual({ host: '/a:b', guest: 'D:\\', readOnly: false });
  expect(() => parseMountSpec('./data')).toThrow(MountError);
  expect(() => parseMountSpec('./data:relative')).toThrow(MountError);
});

test('CreateMounts_MissingHostOrTwiceTheSamePoint_MountError', () => {
  expect(() => createMounts([{ host: '/no/such/clremu/dir', guest: 'C:\\x', readOnly: false }])).toThrow(expect.objectContaining({ name: 'MountError', message: expect.stringContaining('does not exist') }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-fs-'));
  try {
    expect(() => createMounts([{ host: dir, guest: 'C:\\x', readOnly: false }, { host: dir, guest: 'c:\\X\\', readOnly: true }])).toThrow(/already mounted/);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

describe('resolution', () => {
  let host: string;
  let outside: string;
  let gfs: GuestFileSystem;
  beforeAll(() => {
    host = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-fs-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-fs-outside-'));
    fs.mkdirSync(path.join(host, 'Sub'));
    fs.writeFileSync(path.join(host, 'Sub', 'Read.Me'), 'hello');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.symlinkSync(outside, path.join(host, 'escape'));
    fs.symlinkSync(path.join(host, 'Sub'), path.join(host, 'inside'));
    const ro = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-fs-ro-'));
    fs.writeFileSync(path.join(ro, 'fixed.txt'), 'fixed');
    gfs = new GuestFileSystem({
      mounts: createMounts([{ host, guest: 'C:\\data', readOnly: false }, { host: ro, guest: 'C:\\in\\ro', readOnly: true }, { host: ro, guest: 'D:\\more', readOnly: true }]),
      appDirectory: 'C:\\app', currentDirectory: 'C:\\app', now: () => JAN_2024,
    });
  });
  afterAll(() => {
    fs.rmSync(host, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });
  const code = (r: unknown): number | 'ok' => (r instanceof FsFailure ? r.code : 'ok');

  test('CaseInsensitive_NamesAsTheHostSpellsThem', () => {
    const info = gfs.stat('c:\\DATA\\sub\\read.me');
    expect(info).toMatchObject({ name: 'read.me', directory: false, size: 5 });
    expect((gfs.list('C:\\data\\SUB') as { name: string }[]).map((e) => e.name)).toEqual(['Read.Me']);
  });

  test('NothingOutsideMounts_FileNotFoundWhereParentExists_PathNotFoundElse', () => {
    expect(code(gfs.stat('C:\\etc\\passwd'))).toBe(3);
    expect(code(gfs.stat('C:\\passwd'))).toBe(2);
    expect(code(gfs.stat('C:\\data\\nope.txt'))).toBe(2);
    expect(code(gfs.stat('C:\\data\\nope\\x.txt'))).toBe(3);
    expect(code(gfs.stat('D:\\x'))).toBe(2);
    expect(code(gfs.stat('E:\\'))).toBe(3);
  });

  test('VirtualDirectories_RootAncestorsAndAppDirectory_ReadOnly', () => {
    expect((gfs.list('C:\\') as { name: string }[]).map((e) => e.name)).toEqual(['app', 'data', 'in']);
    expect((gfs.list('C:\\in') as { name: string }[]).map((e) => e.name)).toEqual(['ro']);
    expect(gfs.stat('C:\\app')).toMatchObject({ directory: true });
    expect((gfs.list('D:\\') as { name: string }[]).map((e) => e.name)).toEqual(['more']);
    expect(gfs.stat('d:\\MORE\\fixed.txt')).toMatchObject({ size: 5 });
    expect(code(gfs.open('C:\\app\\new.txt', { read: false, write: true, disposition: Disposition.CreateAlways }))).toBe(5);
    expect(code(gfs.createDirectory('C:\\Windows'))).toBe(5);
    expect(code(gfs.createDirectory('C:\\Windows\\Temp'))).toBe(3);
  });

  test('SymlinkLeadingOutside_AccessDenied_NotListed_InsideLinkFollowed', () => {
    expect(code(gfs.stat('C:\\data\\escape\\secret.txt'))).toBe(5);
    expect(code(gfs.open('C:\\data\\escape\\secret.txt', { read: true, write: false, disposition: Disposition.OpenExisting }))).toBe(5);
    expect((gfs.list('C:\\data') as { name: string }[]).map((e) => e.name)).toEqual(['Sub', 'inside']);
    expect(gfs.stat('C:\\data\\inside\\read.me')).toMatchObject({ size: 5 });
    expect(code(gfs.stat('C:\\data\\..\\..\\' + path.basename(outside)))).toBe(2);
  });

  test('ReadOnlyMount_ReadsWork_WritesAccessDenied', () => {
    const r = gfs.open('C:\\in\\ro\\fixed.txt', { read: true, write: false, disposition: Disposition.OpenExisting });
    if (r instanceof FsFailure) throw new Error(r.detail);
    expect(Buffer.from(r.file.read(100)).toString()).toBe('fixed');
    r.file.close();
    expect(code(gfs.open('C:\\in\\ro\\fixed.txt', { read: true, write: true, disposition: Disposition.OpenExisting }))).toBe(5);
    expect(code(gfs.deleteFile('C:\\in\\ro\\fixed.txt'))).toBe(5);
    expect(code(gfs.createDirectory('C:\\in\\ro\\d'))).toBe(5);
    expect(gfs.stat('C:\\in\\ro\\fixed.txt')).toMatchObject({ readOnly: true });
  });

  test('CreateNewTwice_FileExists_OpenAlwaysExisting_TruncateAndTimes', () => {
    const a = gfs.open('C:\\data\\new.txt', { read: true, write: true, disposition: Disposition.CreateNew });
    if (a instanceof FsFailure) throw new Error(a.detail);
    a.file.write(new TextEncoder().encode('0123456789'));
    expect(a.file.seek(-3, 2)).toBe(7);
    expect(a.file.seek(-20, 1)).toBeUndefined();
    a.file.close();
    expect(code(gfs.open('C:\\data\\new.txt', { read: true, write: true, disposition: Disposition.CreateNew }))).toBe(80);
    const b = gfs.open('C:\\data\\NEW.TXT', { read: false, write: true, disposition: Disposition.CreateAlways });
    if (b instanceof FsFailure) throw new Error(b.detail);
    expect(b.existed).toBe(true);
    b.file.close();
    expect(fs.statSync(path.join(host, 'new.txt')).size).toBe(0);
    // The guest wrote it: its times are the virtual clock's.
    expect(gfs.stat('C:\\data\\new.txt')).toMatchObject({ lastWriteTime: JAN_2024 });
  });

  test('MoveCopyRemove_WindowsErrors', () => {
    fs.writeFileSync(path.join(host, 'm.txt'), 'm');
    expect(code(gfs.copy('C:\\data\\m.txt', 'C:\\data\\Sub\\read.me', true))).toBe(80);
    expect(code(gfs.move('C:\\data\\m.txt', 'C:\\data\\sub\\read.me', false, false))).toBe(183);
    expect(code(gfs.move('C:\\data\\m.txt', 'C:\\in\\ro\\m.txt', false, true))).toBe(5);
    expect(code(gfs.removeDirectory('C:\\data\\sub'))).toBe(145);
    expect(code(gfs.removeDirectory('C:\\data'))).toBe(5);
    expect(code(gfs.removeDirectory('C:\\data\\m.txt'))).toBe(267);
    expect(code(gfs.deleteFile('C:\\data\\sub'))).toBe(5);
    expect(code(gfs.move('C:\\data\\m.txt', 'C:\\data\\sub\\m2.txt', false, false))).toBe('ok');
    expect(fs.readFileSync(path.join(host, 'Sub', 'm2.txt'), 'utf8')).toBe('m');
    expect(code(gfs.createDirectory('C:\\data\\p\\q\\r'))).toBe(3);
    expect(code(gfs.createDirectory('C:\\data\\p\\q\\r', true))).toBe('ok');
    expect(fs.statSync(path.join(host, 'p', 'q', 'r')).isDirectory()).toBe(true);
  });

  test('CurrentDirectory_MustExist_RelativePathsFollow', () => {
    expect(code(gfs.setCurrentDirectory('C:\\data\\nope'))).toBe(2);
    expect(gfs.setCurrentDirectory('c:\\data\\SUB')).toBe('C:\\data\\SUB');
    expect(gfs.stat('read.me')).toMatchObject({ size: 5 });
    expect(gfs.setCurrentDirectory('\\app')).toBe('C:\\app');
  });
});
