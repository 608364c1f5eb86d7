/**
 * msvcrt exports declared in io.h and direct.h, and the file-management part of stdio.h: files by
 * name (open, access, remove, rename), directories, and descriptor helpers.
 *
 * The guest's C: drive shows host files only where the user mounts them, and no mounts exist yet:
 * opening or probing a path fails as for a missing file (ENOENT), and anything that would write
 * to the drive fails as on a read-only one (EACCES), each with a line in the `api` trace. The
 * current directory is the one in the process parameters (the application directory).
 */
import { fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import { cBytes, writeCBytes, writeWUnits } from './guest-data';
import { crt, setErrno } from './state';
import { CrtInvalidParameterError, Errno } from './errors';
import { iobEntry, releaseFd } from './streams';

/** _open flags that ask for writing or creating. */
const enum OpenFlag {
  /** _O_WRONLY. */
  WriteOnly = 0x1,
  /** _O_RDWR. */
  ReadWrite = 0x2,
  /** _O_CREAT. */
  Create = 0x100,
  /** _O_TRUNC. */
  Truncate = 0x200,
}

const NOT_MOUNTED = 'no host directory is mounted on the guest\'s C: drive';

function noFile(os: Os, what: string, errno: Errno): number {
  os.trace('api', `${what}: ${NOT_MOUNTED}`);
  setErrno(os, errno);
  return -1;
}

function pathA(os: Os, p: bigint, fnName: string): string {
  if (p === 0n) throw new CrtInvalidParameterError(fnName, 'path is NULL');
  return os.memory.cString(p, 32767);
}

function pathW(os: Os, p: bigint, fnName: string): string {
  if (p === 0n) throw new CrtInvalidParameterError(fnName, 'path is NULL');
  return os.memory.wString(p, 32767);
}

/** CURDIR.DosPath of the process parameters (RTL_USER_PROCESS_PARAMETERS +0x38), without the trailing backslash. */
export function currentDirectory(os: Os): string {
  const params = os.memory.u64(os.process.pebAddress + 0x20n);
  const len = os.memory.u16(params + 0x38n);
  const dir = os.memory.wString(os.memory.u64(params + 0x40n), len / 2);
  return dir.length > 3 && dir.endsWith('\\') ? dir.slice(0, -1) : dir;
}

function getcwd(os: Os, buf: bigint, size: number, wide: boolean): bigint {
  const dir = currentDirectory(os);
  if (buf === 0n) {
    // msvcrt allocates max(size, length + 1) characters with malloc.
    const n = Math.max(size, dir.length + 1);
    buf = crt(os).heap.alloc(n * (wide ? 2 : 1), true);
    if (buf === 0n) {
      setErrno(os, Errno.ENOMEM);
      return 0n;
    }
  } else if (size < dir.length + 1) {
    setErrno(os, Errno.ERANGE);
    return 0n;
  }
  if (wide) writeWUnits(os.memory, buf, Array.from(dir, (c) => c.charCodeAt(0)));
  else writeCBytes(os.memory, buf, Buffer.from(dir, 'latin1'));
  return buf;
}

function openFails(os: Os, name: string, flags: number): number {
  const writes = (flags & (OpenFlag.WriteOnly | OpenFlag.ReadWrite | OpenFlag.Create | OpenFlag.Truncate)) !== 0;
  return noFile(os, `_open("${name}")`, writes ? Errno.EACCES : Errno.ENOENT);
}

export const lowio: ApiTable = {
  _open: fn('int _open(const char *filename, int oflag, ...)', ['ptr', 'i32', '...'], 'i32', ({ os }, p, flags) => openFails(os, pathA(os, p, '_open'), flags)),
  _wopen: fn('int _wopen(const wchar_t *filename, int oflag, ...)', ['ptr', 'i32', '...'], 'i32', ({ os }, p, flags) => openFails(os, pathW(os, p, '_wopen'), flags)),
  _sopen: fn('int _sopen(const char *filename, int oflag, int shflag, ...)', ['ptr', 'i32', 'i32', '...'], 'i32', ({ os }, p, flags) => openFails(os, pathA(os, p, '_sopen'), flags)),
  _close: fn('int _close(int fd)', ['i32'], 'i32', ({ os }, fd) => {
    if (fd > 2 && releaseFd(os, fd)) return 0;
    if (fd < 0 || fd > 2 || !crt(os).textMode.has(fd)) {
      setErrno(os, Errno.EBADF);
      return -1;
    }
    crt(os).textMode.delete(fd);
    return 0;
  }),
  _lseek: fn('long _lseek(int fd, long offset, int origin)', ['i32', 'i32', 'i32'], 'i32', ({ os }, fd) => {
    // Descriptors 0–2 are the console, which cannot seek; there are no others.
    setErrno(os, fd >= 0 && fd <= 2 ? Errno.EINVAL : Errno.EBADF);
    return -1;
  }),
  _lseeki64: fn('__int64 _lseeki64(int fd, __int64 offset, int origin)', ['i32', 'i64', 'i32'], 'i64', ({ os }, fd) => {
    setErrno(os, fd >= 0 && fd <= 2 ? Errno.EINVAL : Errno.EBADF);
    return -1n;
  }),
  _tell: fn('long _tell(int fd)', ['i32'], 'i32', ({ os }, fd) => {
    setErrno(os, fd >= 0 && fd <= 2 ? Errno.EINVAL : Errno.EBADF);
    return -1;
  }),
  _get_osfhandle: fn('intptr_t _get_osfhandle(int fd)', ['i32'], 'i64', ({ os }, fd) => {
    if (fd === 0) return os.handles.std('input');
    if (fd === 1) return os.handles.std('output');
    if (fd === 2) return os.handles.std('error');
    const h = crt(os).fds.get(fd);
    if (h !== undefined) return h;
    setErrno(os, Errno.EBADF);
    return -1n;
  }),
  _fdopen: fn('FILE *_fdopen(int fd, const char *mode)', ['i32', 'ptr'], 'ptr', ({ os }, fd) => {
    // The standard descriptors already have their streams; no other descriptor can exist.
    if (fd >= 0 && fd <= 2 && crt(os).streams.has(iobEntry(os, fd))) return iobEntry(os, fd);
    setErrno(os, Errno.EBADF);
    return 0n;
  }),
  _access: fn('int _access(const char *path, int mode)', ['ptr', 'i32'], 'i32', ({ os }, p) => noFile(os, `_access("${pathA(os, p, '_access')}")`, Errno.ENOENT)),
  _waccess: fn('int _waccess(const wchar_t *path, int mode)', ['ptr', 'i32'], 'i32', ({ os }, p) => noFile(os, `_waccess("${pathW(os, p, '_waccess')}")`, Errno.ENOENT)),
  remove: fn('int remove(const char *path)', ['ptr'], 'i32', ({ os }, p) => noFile(os, `remove("${pathA(os, p, 'remove')}")`, Errno.ENOENT)),
  _unlink: fn('int _unlink(const char *filename)', ['ptr'], 'i32', ({ os }, p) => noFile(os, `_unlink("${pathA(os, p, '_unlink')}")`, Errno.ENOENT)),
  _wremove: fn('int _wremove(const wchar_t *path)', ['ptr'], 'i32', ({ os }, p) => noFile(os, `_wremove("${pathW(os, p, '_wremove')}")`, Errno.ENOENT)),
  _wunlink: fn('int _wunlink(const wchar_t *filename)', ['ptr'], 'i32', ({ os }, p) => noFile(os, `_wunlink("${pathW(os, p, '_wunlink')}")`, Errno.ENOENT)),
  rename: fn('int rename(const char *oldname, const char *newname)', ['ptr', 'ptr'], 'i32', ({ os }, a) => noFile(os, `rename("${pathA(os, a, 'rename')}")`, Errno.ENOENT)),
  _wrename: fn('int _wrename(const wchar_t *oldname, const wchar_t *newname)', ['ptr', 'ptr'], 'i32', ({ os }, a) => noFile(os, `_wrename("${pathW(os, a, '_wrename')}")`, Errno.ENOENT)),
  _mkdir: fn('int _mkdir(const char *dirname)', ['ptr'], 'i32', ({ os }, p) => noFile(os, `_mkdir("${pathA(os, p, '_mkdir')}")`, Errno.EACCES)),
  _rmdir: fn('int _rmdir(const char *dirname)', ['ptr'], 'i32', ({ os }, p) => noFile(os, `_rmdir("${pathA(os, p, '_rmdir')}")`, Errno.ENOENT)),
  _chdir: fn('int _chdir(const char *dirname)', ['ptr'], 'i32', ({ os }, p) => {
    const target = pathA(os, p, '_chdir').replace(/[\\/]+$/, '');
    // Only the current directory itself exists as far as the guest can see.
    if (target.toLowerCase() === currentDirectory(os).toLowerCase() || target === '.') return 0;
    return noFile(os, `_chdir("${target}")`, Errno.ENOENT);
  }),
  _getcwd: fn('char *_getcwd(char *buffer, int maxlen)', ['ptr', 'i32'], 'ptr', ({ os }, b, n) => getcwd(os, b, n, false)),
  _wgetcwd: fn('wchar_t *_wgetcwd(wchar_t *buffer, int maxlen)', ['ptr', 'i32'], 'ptr', ({ os }, b, n) => getcwd(os, b, n, true)),
  tmpfile: fn('FILE *tmpfile(void)', [], 'ptr', ({ os }) => {
    os.trace('api', `tmpfile(): ${NOT_MOUNTED}`);
    setErrno(os, Errno.EACCES);
    return 0n;
  }),
  system: fn('int system(const char *command)', ['ptr'], 'i32', ({ os }, cmd) => {
    // system(NULL) asks whether a command interpreter exists: there is none in the guest.
    if (cmd === 0n) return 0;
    os.trace('api', `system("${Buffer.from(cBytes(os.memory, cmd)).toString('latin1')}"): no command interpreter`);
    setErrno(os, Errno.ENOENT);
    return -1;
  }),
};
