/**
 * kernel32 exports declared in the Windows SDK's fileapi.h that work on handles: opening files
 * and devices, reading and writing, file types, file pointers, sizes, times and byte-range locks.
 *
 * Files live in the guest file system (loader/fs): host directories appear only where the user
 * mounted them, and CreateFile elsewhere fails the way Windows does (ERROR_FILE_NOT_FOUND,
 * ERROR_PATH_NOT_FOUND, ERROR_ACCESS_DENIED on a read-only mount or a virtual directory), with
 * the reason in the `api` trace. The console devices CONIN$ and CONOUT$ open, and so does NUL.
 * Path operations (attributes, directories, moving, finding) are in fileapi-paths.ts and
 * fileapi-find.ts.
 */
import { fn, type ApiTable, type ApiContext } from '../api';
import { ConsoleInput, ConsoleOutput, INVALID_HANDLE_VALUE, NullDevice } from '../../handles';
import { failWith, Win32Error } from '../../handles/win32-error';
import { fileSystemOf, FileObject, FsFailure, type Disposition } from '../../fs';
import type { KernelObject, Os } from '../../os';

/** GetFileType results. */
const enum FileType {
  /** FILE_TYPE_UNKNOWN: also the failure value. */
  Unknown = 0,
  /** FILE_TYPE_DISK. */
  Disk = 1,
  /** FILE_TYPE_CHAR: a character device such as the console. */
  Char = 2,
  /** FILE_TYPE_PIPE. */
  Pipe = 3,
}

/** Access and flag bits CreateFile looks at. */
const enum CreateFlags {
  /** GENERIC_READ. */
  GenericRead = 0x8000_0000,
  /** GENERIC_WRITE. */
  GenericWrite = 0x4000_0000,
  /** GENERIC_ALL. */
  GenericAll = 0x1000_0000,
  /** FILE_READ_DATA. */
  ReadData = 0x1,
  /** FILE_WRITE_DATA | FILE_APPEND_DATA. */
  WriteData = 0x6,
  /** FILE_FLAG_DELETE_ON_CLOSE. */
  DeleteOnClose = 0x0400_0000,
}

/** INVALID_SET_FILE_POINTER and INVALID_FILE_SIZE. */
const INVALID_DWORD = 0xffffffff;

/** Reports a file-system failure: sets the last error, traces why, returns `result`. */
export function fsFail<T>(os: Os, api: string, failure: FsFailure, result: T): T {
  os.trace('api', `${api}: ${failure.detail} (error ${failure.code})`);
  return failWith(os, failure.code, result);
}

function openPath(ctx: ApiContext, api: string, name: string, access: number, disposition: number, flags: number): bigint {
  const { os } = ctx;
  const device = name.replace(/^\\\\\.\\/, '').toUpperCase();
  if (device === 'CONIN$') return os.handles.add(new ConsoleInput(os.io));
  if (device === 'CONOUT$') return os.handles.add(new ConsoleOutput(os.io, 'stdout'));
  if (device === 'NUL' || device === 'NUL:') return os.handles.add(new NullDevice());
  if (disposition < 1 || disposition > 5) return failWith(os, Win32Error.InvalidParameter, INVALID_HANDLE_VALUE);
  const r = fileSystemOf(os).open(name, {
    read: (access & (CreateFlags.GenericRead | CreateFlags.GenericAll | CreateFlags.ReadData)) !== 0,
    write: (access & (CreateFlags.GenericWrite | CreateFlags.GenericAll | CreateFlags.WriteData)) !== 0,
    disposition: disposition as Disposition,
    deleteOnClose: (flags & CreateFlags.DeleteOnClose) !== 0,
  });
  if (r instanceof FsFailure) return fsFail(os, `${api}("${name}")`, r, INVALID_HANDLE_VALUE);
  // CREATE_ALWAYS and OPEN_ALWAYS on an existing file succeed with ERROR_ALREADY_EXISTS.
  os.thread.lastError = r.existed && (disposition === 2 || disposition === 4) ? Win32Error.AlreadyExists : Win32Error.Success;
  return os.handles.add(r.file);
}

/** The handle's file, or a failure code (ERROR_INVALID_HANDLE, or ERROR_INVALID_FUNCTION for non-files). */
function fileOf(os: Os, h: bigint): FileObject | Win32Error {
  const obj = os.handles.get<KernelObject>(h);
  if (!obj) return Win32Error.InvalidHandle;
  return obj instanceof FileObject ? obj : Win32Error.InvalidFunction;
}


export const fileapi: ApiTable = {
  WriteFile: fn(
    'BOOL WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite, LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped)',
    ['ptr', 'ptr', 'u32', 'ptr', 'ptr'],
    'i32',
    ({ os }, h, buf, count, lpWritten) => {
      if (lpWritten !== 0n) os.memory.setU32(lpWritten, 0);
      const obj = os.handles.get<KernelObject>(h);
      if (obj instanceof FileObject && !obj.canWrite) return failWith(os, Win32Error.AccessDenied, 0);
      const out = obj instanceof ConsoleOutput || obj instanceof NullDevice || obj instanceof FileObject ? obj : undefined;
      if (!out) return failWith(os, obj ? Win32Error.AccessDenied : Win32Error.InvalidHandle, 0);
      out.write(count > 0 ? os.memory.read(buf, count) : new Uint8Array(0));
      if (lpWritten !== 0n) os.memory.setU32(lpWritten, count);
      return 1;
    },
  ),

  ReadFile: fn(
    'BOOL ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead, LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped)',
    ['ptr', 'ptr', 'u32', 'ptr', 'ptr'],
    'i32',
    ({ os }, h, buf, count, lpRead) => {
      const input = os.handles.get<KernelObject>(h);
      if (lpRead !== 0n) os.memory.setU32(lpRead, 0);
      if (input instanceof FileObject && !input.canRead) return failWith(os, Win32Error.AccessDenied, 0);
      if (!(input instanceof ConsoleInput || input instanceof NullDevice || input instanceof FileObject)) return failWith(os, input ? Win32Error.AccessDenied : Win32Error.InvalidHandle, 0);
      // End of input is a successful read of zero bytes, as for a console at Ctrl+Z, a closed pipe or end of file.
      const bytes = input.read(count);
      if (bytes.length > 0) os.memory.write(buf, bytes);
      if (lpRead !== 0n) os.memory.setU32(lpRead, bytes.length);
      return 1;
    },
  ),

  GetFileType: fn('DWORD GetFileType(HANDLE hFile)', ['ptr'], 'u32', ({ os }, h) => {
    const obj = os.handles.get(h);
    if (!obj) return failWith(os, Win32Error.InvalidHandle, FileType.Unknown);
    os.thread.lastError = Win32Error.Success;
    return obj.type === 'console' || obj.type === 'device' ? FileType.Char : obj.type === 'file' ? FileType.Disk : obj.type === 'pipe' ? FileType.Pipe : FileType.Unknown;
  }),

  CreateFileA: fn(
    'HANDLE CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode, LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)',
    ['ptr', 'u32', 'u32', 'ptr', 'u32', 'u32', 'ptr'],
    'ptr',
    (ctx, lpName, access, _share, _sa, disposition, flags) => {
      void _share, void _sa;
      if (lpName === 0n) return failWith(ctx.os, Win32Error.PathNotFound, INVALID_HANDLE_VALUE);
      return openPath(ctx, 'CreateFileA', ctx.os.memory.cString(lpName, 32767), access, disposition, flags);
    },
  ),

  CreateFileW: fn(
    'HANDLE CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode, LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)',
    ['ptr', 'u32', 'u32', 'ptr', 'u32', 'u32', 'ptr'],
    'ptr',
    (ctx, lpName, access, _share, _sa, disposition, flags) => {
      void _share, void _sa;
      if (lpName === 0n) return failWith(ctx.os, Win32Error.PathNotFound, INVALID_HANDLE_VALUE);
      return openPath(ctx, 'CreateFileW', ctx.os.memory.wString(lpName, 32767), access, disposition, flags);
    },
  ),

  FlushFileBuffers: fn('BOOL FlushFileBuffers(HANDLE hFile)', ['ptr'], 'i32', ({ os }, h) => {
    const obj = os.handles.get(h);
    if (!obj) return failWith(os, Win32Error.InvalidHandle, 0);
    // Console writes reach the host stream at once and file writes the host file: nothing is buffered here.
    if (obj instanceof FileObject) return obj.canWrite ? 1 : failWith(os, Win32Error.AccessDenied, 0);
    return obj instanceof ConsoleOutput || obj instanceof NullDevice ? 1 : failWith(os, Win32Error.InvalidHandle, 0);
  }),

  SetFilePointer: fn(
    'DWORD SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh, DWORD dwMoveMethod)',
    ['ptr', 'i32', 'ptr', 'u32'],
    'u32',
    ({ os }, h, low, lpHigh, method) => {
      const f = fileOf(os, h);
      if (!(f instanceof FileObject)) return failWith(os, f, INVALID_DWORD);
      if (method > 2) return failWith(os, Win32Error.InvalidParameter, INVALID_DWORD);
      // With lpDistanceToMoveHigh the distance is a 64-bit value; without it, the signed 32-bit low part.
      const distance = lpHigh === 0n ? low : Number((BigInt(os.memory.u32(lpHigh) | 0) << 32n) | BigInt(low >>> 0));
      const to = f.seek(distance, method);
      if (to === undefined) return failWith(os, Win32Error.NegativeSeek, INVALID_DWORD);
      if (lpHigh !== 0n) os.memory.setU32(lpHigh, Math.floor(to / 2 ** 32) >>> 0);
      os.thread.lastError = Win32Error.Success;
      return to >>> 0;
    },
  ),

  SetFilePointerEx: fn(
    'BOOL SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove, PLARGE_INTEGER lpNewFilePointer, DWORD dwMoveMethod)',
    ['ptr', 'i64', 'ptr', 'u32'],
    'i32',
    ({ os }, h, distance, lpNew, method) => {
      const f = fileOf(os, h);
      if (!(f instanceof FileObject)) return failWith(os, f, 0);
      if (method > 2) return failWith(os, Win32Error.InvalidParameter, 0);
      const to = f.seek(Number(BigInt.asIntN(64, distance)), method);
      if (to === undefined) return failWith(os, Win32Error.NegativeSeek, 0);
      if (lpNew !== 0n) os.memory.setU64(lpNew, BigInt(to));
      return 1;
    },
  ),

  SetEndOfFile: fn('BOOL SetEndOfFile(HANDLE hFile)', ['ptr'], 'i32', ({ os }, h) => {
    const f = fileOf(os, h);
    if (!(f instanceof FileObject)) return failWith(os, f, 0);
    if (!f.canWrite) return failWith(os, Win32Error.AccessDenied, 0);
    f.truncate(f.position);
    return 1;
  }),

  GetFileSize: fn('DWORD GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh)', ['ptr', 'ptr'], 'u32', ({ os }, h, lpHigh) => {
    const f = fileOf(os, h);
    if (!(f instanceof FileObject)) return failWith(os, f, INVALID_DWORD);
    const size = f.size;
    if (lpHigh !== 0n) os.memory.setU32(lpHigh, Math.floor(size / 2 ** 32) >>> 0);
    // A size whose low part is 0xFFFFFFFF is told apart from failure by the last error.
    os.thread.lastError = Win32Error.Success;
    return size >>> 0;
  }),

  GetFileSizeEx: fn('BOOL GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize)', ['ptr', 'ptr'], 'i32', ({ os }, h, lpSize) => {
    const f = fileOf(os, h);
    if (!(f instanceof FileObject)) return failWith(os, f, 0);
    os.memory.setU64(lpSize, BigInt(f.size));
    return 1;
  }),

  SetFileTime: fn(
    'BOOL SetFileTime(HANDLE hFile, const FILETIME *lpCreationTime, const FILETIME *lpLastAccessTime, const FILETIME *lpLastWriteTime)',
    ['ptr', 'ptr', 'ptr', 'ptr'],
    'i32',
    ({ os }, h, _creation, lpAccess, lpWrite) => {
      void _creation;
      const f = fileOf(os, h);
      if (!(f instanceof FileObject)) return failWith(os, f, 0);
      if (!f.canWrite) return failWith(os, Win32Error.AccessDenied, 0);
      // The creation time is not kept by the host file systems clremu mounts (it is ignored).
      f.setTimes(lpAccess === 0n ? 0n : os.memory.u64(lpAccess), lpWrite === 0n ? 0n : os.memory.u64(lpWrite));
      return 1;
    },
  ),

  LockFile: fn(
    'BOOL LockFile(HANDLE hFile, DWORD dwFileOffsetLow, DWORD dwFileOffsetHigh, DWORD nNumberOfBytesToLockLow, DWORD nNumberOfBytesToLockHigh)',
    ['ptr', 'u32', 'u32', 'u32', 'u32'],
    'i32',
    ({ os }, h, offLow, offHigh, lenLow, lenHigh) => {
      const f = fileOf(os, h);
      if (!(f instanceof FileObject)) return failWith(os, f, 0);
      return f.lock(offHigh * 2 ** 32 + offLow, lenHigh * 2 ** 32 + lenLow) ? 1 : failWith(os, Win32Error.LockViolation, 0);
    },
  ),

  UnlockFile: fn(
    'BOOL UnlockFile(HANDLE hFile, DWORD dwFileOffsetLow, DWORD dwFileOffsetHigh, DWORD nNumberOfBytesToUnlockLow, DWORD nNumberOfBytesToUnlockHigh)',
    ['ptr', 'u32', 'u32', 'u32', 'u32'],
    'i32',
    ({ os }, h, offLow, offHigh, lenLow, lenHigh) => {
      const f = fileOf(os, h);
      if (!(f instanceof FileObject)) return failWith(os, f, 0);
      return f.unlock(offHigh * 2 ** 32 + offLow, lenHigh * 2 ** 32 + lenLow) ? 1 : failWith(os, Win32Error.NotLocked, 0);
    },
  ),

  GetFileTime: fn(
    'BOOL GetFileTime(HANDLE hFile, LPFILETIME lpCreationTime, LPFILETIME lpLastAccessTime, LPFILETIME lpLastWriteTime)',
    ['ptr', 'ptr', 'ptr', 'ptr'],
    'i32',
    ({ os }, h, lpCreation, lpAccess, lpWrite) => {
      const f = fileOf(os, h);
      if (!(f instanceof FileObject)) return failWith(os, f, 0);
      const info = fileSystemOf(os).stat(`${f.guestPath.drive}:\\${f.guestPath.components.join('\\')}`);
      if (info instanceof FsFailure) return fsFail(os, 'GetFileTime', info, 0);
      for (const [p, t] of [[lpCreation, info.creationTime], [lpAccess, info.lastAccessTime], [lpWrite, info.lastWriteTime]] as const) {
        if (p !== 0n) os.memory.setU64(p, t);
      }
      return 1;
    },
  ),
};
