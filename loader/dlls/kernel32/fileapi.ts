/**
 * kernel32 exports declared in the Windows SDK's fileapi.h: reading and writing handles, file
 * types, opening files and devices, file pointers.
 *
 * The guest's C: drive shows host files only where the user mounts them, and no mounts exist yet:
 * CreateFile of a path fails the way Windows does for a missing file (ERROR_FILE_NOT_FOUND when
 * opening, ERROR_ACCESS_DENIED when creating on the read-only virtual drive), and says so in the
 * `api` trace. The console devices CONIN$ and CONOUT$ open, and so does NUL.
 */
import { fn, type ApiTable, type ApiContext } from '../api';
import { ConsoleInput, ConsoleOutput, INVALID_HANDLE_VALUE, NullDevice } from '../../handles';
import { failWith, Win32Error } from '../../handles/win32-error';

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

/** dwCreationDisposition values. */
const enum Disposition {
  /** CREATE_NEW. */
  CreateNew = 1,
  /** CREATE_ALWAYS. */
  CreateAlways = 2,
  /** OPEN_EXISTING. */
  OpenExisting = 3,
  /** OPEN_ALWAYS. */
  OpenAlways = 4,
  /** TRUNCATE_EXISTING. */
  TruncateExisting = 5,
}

/** INVALID_SET_FILE_POINTER and INVALID_FILE_ATTRIBUTES / INVALID_FILE_SIZE. */
const INVALID_DWORD = 0xffffffff;

function openPath(ctx: ApiContext, name: string, disposition: number): bigint {
  const { os } = ctx;
  const device = name.replace(/^\\\\\.\\/, '').toUpperCase();
  if (device === 'CONIN$') return os.handles.add(new ConsoleInput(os.io));
  if (device === 'CONOUT$') return os.handles.add(new ConsoleOutput(os.io, 'stdout'));
  if (device === 'NUL' || device === 'NUL:') return os.handles.add(new NullDevice());
  if (disposition < Disposition.CreateNew || disposition > Disposition.TruncateExisting) return failWith(os, Win32Error.InvalidParameter, INVALID_HANDLE_VALUE);
  const creates = disposition === Disposition.CreateNew || disposition === Disposition.CreateAlways || disposition === Disposition.OpenAlways;
  os.trace('api', `CreateFile("${name}"): no host directory is mounted, ${creates ? 'creating is denied' : 'the file does not exist'}`);
  return failWith(os, creates ? Win32Error.AccessDenied : Win32Error.FileNotFound, INVALID_HANDLE_VALUE);
}

export const fileapi: ApiTable = {
  WriteFile: fn(
    'BOOL WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite, LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped)',
    ['ptr', 'ptr', 'u32', 'ptr', 'ptr'],
    'i32',
    ({ os }, h, buf, count, lpWritten) => {
      const out = os.handles.get(h);
      if (lpWritten !== 0n) os.memory.setU32(lpWritten, 0);
      if (!(out instanceof ConsoleOutput || out instanceof NullDevice)) return failWith(os, out ? Win32Error.AccessDenied : Win32Error.InvalidHandle, 0);
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
      const input = os.handles.get(h);
      if (lpRead !== 0n) os.memory.setU32(lpRead, 0);
      if (!(input instanceof ConsoleInput || input instanceof NullDevice)) return failWith(os, input ? Win32Error.AccessDenied : Win32Error.InvalidHandle, 0);
      // End of input is a successful read of zero bytes, as for a console at Ctrl+Z or a closed pipe.
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
    (ctx, lpName, _access, _share, _sa, disposition) => {
      void _access, void _share, void _sa;
      if (lpName === 0n) return failWith(ctx.os, Win32Error.PathNotFound, INVALID_HANDLE_VALUE);
      return openPath(ctx, ctx.os.memory.cString(lpName, 32767), disposition);
    },
  ),

  CreateFileW: fn(
    'HANDLE CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode, LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)',
    ['ptr', 'u32', 'u32', 'ptr', 'u32', 'u32', 'ptr'],
    'ptr',
    (ctx, lpName, _access, _share, _sa, disposition) => {
      void _access, void _share, void _sa;
      if (lpName === 0n) return failWith(ctx.os, Win32Error.PathNotFound, INVALID_HANDLE_VALUE);
      return openPath(ctx, ctx.os.memory.wString(lpName, 32767), disposition);
    },
  ),

  FlushFileBuffers: fn('BOOL FlushFileBuffers(HANDLE hFile)', ['ptr'], 'i32', ({ os }, h) => {
    const obj = os.handles.get(h);
    if (!obj) return failWith(os, Win32Error.InvalidHandle, 0);
    // Console writes reach the host stream at once; there is nothing buffered to flush.
    return obj instanceof ConsoleOutput || obj instanceof NullDevice ? 1 : failWith(os, Win32Error.InvalidHandle, 0);
  }),

  SetFilePointer: fn(
    'DWORD SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh, DWORD dwMoveMethod)',
    ['ptr', 'i32', 'ptr', 'u32'],
    'u32',
    ({ os }, h) => {
      const obj = os.handles.get(h);
      if (!obj) return failWith(os, Win32Error.InvalidHandle, INVALID_DWORD);
      // Consoles cannot seek (the only objects a handle can name today).
      return failWith(os, Win32Error.InvalidFunction, INVALID_DWORD);
    },
  ),

  SetFilePointerEx: fn(
    'BOOL SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove, PLARGE_INTEGER lpNewFilePointer, DWORD dwMoveMethod)',
    ['ptr', 'i64', 'ptr', 'u32'],
    'i32',
    ({ os }, h) => {
      const obj = os.handles.get(h);
      return failWith(os, obj ? Win32Error.InvalidFunction : Win32Error.InvalidHandle, 0);
    },
  ),

  GetFileSize: fn('DWORD GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh)', ['ptr', 'ptr'], 'u32', ({ os }, h) => {
    const obj = os.handles.get(h);
    return failWith(os, obj ? Win32Error.InvalidFunction : Win32Error.InvalidHandle, INVALID_DWORD);
  }),

  GetFileAttributesA: fn('DWORD GetFileAttributesA(LPCSTR lpFileName)', ['ptr'], 'u32', ({ os }, lpName) => {
    if (lpName !== 0n) os.trace('api', `GetFileAttributesA("${os.memory.cString(lpName, 32767)}"): no host directory is mounted`);
    return failWith(os, Win32Error.FileNotFound, INVALID_DWORD);
  }),

  GetFileAttributesW: fn('DWORD GetFileAttributesW(LPCWSTR lpFileName)', ['ptr'], 'u32', ({ os }, lpName) => {
    if (lpName !== 0n) os.trace('api', `GetFileAttributesW("${os.memory.wString(lpName, 32767)}"): no host directory is mounted`);
    return failWith(os, Win32Error.FileNotFound, INVALID_DWORD);
  }),

  DeleteFileA: fn('BOOL DeleteFileA(LPCSTR lpFileName)', ['ptr'], 'i32', ({ os }) => failWith(os, Win32Error.FileNotFound, 0)),
  DeleteFileW: fn('BOOL DeleteFileW(LPCWSTR lpFileName)', ['ptr'], 'i32', ({ os }) => failWith(os, Win32Error.FileNotFound, 0)),
};
