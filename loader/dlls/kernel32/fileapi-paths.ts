/**
 * kernel32 exports of fileapi.h (and winbase.h's MoveFile/CopyFile/ReplaceFile) that work on
 * paths: attributes, directories, deleting, moving and copying, and GetFullPathName. Each is the
 * guest file system's operation (loader/fs) with Windows' error for each failure; the A forms
 * read their strings as single bytes (the guest's ANSI code page is only ever given ASCII paths
 * by the programs we run) and share the W forms' code.
 */
import { fn, type ApiTable } from '../api';
import { failWith, Win32Error } from '../../handles/win32-error';
import { attributesOf, fileSystemOf, formatGuestPath, FsFailure, type FsResult } from '../../fs';
import type { Os } from '../../os';
import { fsFail } from './fileapi';
import { copyOutA, copyOutW, readA, readW } from './strings';

const INVALID_FILE_ATTRIBUTES = 0xffffffff;

/** MoveFileEx flags. */
const enum MoveFlags {
  /** MOVEFILE_REPLACE_EXISTING. */
  ReplaceExisting = 0x1,
  /** MOVEFILE_COPY_ALLOWED. */
  CopyAllowed = 0x2,
}

/** BOOL result of a file-system operation on a path. */
function boolResult(os: Os, api: string, r: FsResult<void>): number {
  if (r instanceof FsFailure) return fsFail(os, api, r, 0);
  os.thread.lastError = Win32Error.Success;
  return 1;
}

function getAttributes(os: Os, api: string, name: string | null): number {
  if (name === null) return failWith(os, Win32Error.PathNotFound, INVALID_FILE_ATTRIBUTES);
  const info = fileSystemOf(os).stat(name);
  if (info instanceof FsFailure) return fsFail(os, `${api}("${name}")`, info, INVALID_FILE_ATTRIBUTES);
  return attributesOf(info);
}

/** WIN32_FILE_ATTRIBUTE_DATA: attributes, three FILETIMEs, size high and low (36 bytes). */
function getAttributesEx(os: Os, api: string, name: string | null, level: number, out: bigint): number {
  if (name === null) return failWith(os, Win32Error.PathNotFound, 0);
  if (level !== 0) return failWith(os, Win32Error.InvalidParameter, 0); // GetFileExInfoStandard only
  const info = fileSystemOf(os).stat(name);
  if (info instanceof FsFailure) return fsFail(os, `${api}("${name}")`, info, 0);
  const m = os.memory;
  m.setU32(out, attributesOf(info));
  m.setU64(out + 4n, info.creationTime);
  m.setU64(out + 12n, info.lastAccessTime);
  m.setU64(out + 20n, info.lastWriteTime);
  m.setU32(out + 28n, Math.floor(info.size / 2 ** 32) >>> 0);
  m.setU32(out + 32n, info.size >>> 0);
  return 1;
}

function setAttributes(os: Os, api: string, name: string | null, attributes: number): number {
  if (name === null) return failWith(os, Win32Error.PathNotFound, 0);
  return boolResult(os, `${api}("${name}")`, fileSystemOf(os).setReadOnly(name, (attributes & 1) !== 0));
}

function move(os: Os, api: string, from: string | null, to: string | null, flags: number): number {
  if (from === null) return failWith(os, Win32Error.PathNotFound, 0);
  // A null destination means "delete at reboot" (MOVEFILE_DELAY_UNTIL_REBOOT): not for a guest.
  if (to === null) return failWith(os, Win32Error.InvalidParameter, 0);
  return boolResult(os, `${api}("${from}", "${to}")`, fileSystemOf(os).move(from, to, (flags & MoveFlags.ReplaceExisting) !== 0, (flags & MoveFlags.CopyAllowed) !== 0));
}

function copy(os: Os, api: string, from: string | null, to: string | null, failIfExists: number): number {
  if (from === null || to === null) return failWith(os, Win32Error.PathNotFound, 0);
  return boolResult(os, `${api}("${from}", "${to}")`, fileSystemOf(os).copy(from, to, failIfExists !== 0));
}

/**
 * GetFullPathName: the canonical path; the result's length without the NUL when it fits, the size
 * needed (with the NUL) when not. lpFilePart points at the last component (null for a root).
 */
function fullPathName(os: Os, name: string | null, size: number, buffer: bigint, filePart: bigint, wide: boolean): number {
  if (name === null) return failWith(os, Win32Error.InvalidParameter, 0);
  const r = fileSystemOf(os).fullPath(name, true);
  if (r instanceof FsFailure) return fsFail(os, `GetFullPathName("${name}")`, r, 0);
  // A trailing separator stays, as Windows keeps it (`C:\a\` → `C:\a\`).
  let full = formatGuestPath(r);
  if (/[\\/]$/.test(name) && r.components.length > 0) full += '\\';
  if (full.length + 1 > size) return full.length + 1;
  const n = wide ? copyOutW(os.memory, buffer, size, full) : copyOutA(os.memory, buffer, size, full);
  if (filePart !== 0n) {
    const last = full.endsWith('\\') ? -1 : full.lastIndexOf('\\') + 1;
    os.memory.setU64(filePart, last < 0 ? 0n : buffer + BigInt(last * (wide ? 2 : 1)));
  }
  return n;
}

/**
 * GetTempPath: the first of TMP, TEMP, USERPROFILE that is set, else the Windows directory, as an
 * absolute path ending in a backslash (the directory need not exist, as on Windows).
 */
export function tempPath(os: Os): string {
  const env = os.process.environment;
  const get = (name: string): string | undefined => [...env].find(([k]) => k.toUpperCase() === name)?.[1];
  const dir = get('TMP') ?? get('TEMP') ?? get('USERPROFILE') ?? get('SYSTEMROOT') ?? 'C:\\Windows';
  const full = fileSystemOf(os).fullPath(dir);
  const text = full instanceof FsFailure ? 'C:\\Windows' : formatGuestPath(full);
  return text.endsWith('\\') ? text : `${text}\\`;
}

export const fileapiPaths: ApiTable = {
  GetTempPathA: fn('DWORD GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer)', ['u32', 'ptr'], 'u32', ({ os }, size, buf) => {
    const t = tempPath(os);
    return t.length + 1 > size ? t.length + 1 : copyOutA(os.memory, buf, size, t);
  }),
  GetTempPathW: fn('DWORD GetTempPathW(DWORD nBufferLength, LPWSTR lpBuffer)', ['u32', 'ptr'], 'u32', ({ os }, size, buf) => {
    const t = tempPath(os);
    return t.length + 1 > size ? t.length + 1 : copyOutW(os.memory, buf, size, t);
  }),
  GetFileAttributesA: fn('DWORD GetFileAttributesA(LPCSTR lpFileName)', ['ptr'], 'u32', ({ os }, p) => getAttributes(os, 'GetFileAttributesA', readA(os.memory, p))),
  GetFileAttributesW: fn('DWORD GetFileAttributesW(LPCWSTR lpFileName)', ['ptr'], 'u32', ({ os }, p) => getAttributes(os, 'GetFileAttributesW', readW(os.memory, p))),
  GetFileAttributesExA: fn('BOOL GetFileAttributesExA(LPCSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId, LPVOID lpFileInformation)', ['ptr', 'u32', 'ptr'], 'i32',
    ({ os }, p, level, out) => getAttributesEx(os, 'GetFileAttributesExA', readA(os.memory, p), level, out)),
  GetFileAttributesExW: fn('BOOL GetFileAttributesExW(LPCWSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId, LPVOID lpFileInformation)', ['ptr', 'u32', 'ptr'], 'i32',
    ({ os }, p, level, out) => getAttributesEx(os, 'GetFileAttributesExW', readW(os.memory, p), level, out)),
  SetFileAttributesA: fn('BOOL SetFileAttributesA(LPCSTR lpFileName, DWORD dwFileAttributes)', ['ptr', 'u32'], 'i32', ({ os }, p, a) => setAttributes(os, 'SetFileAttributesA', readA(os.memory, p), a)),
  SetFileAttributesW: fn('BOOL SetFileAttributesW(LPCWSTR lpFileName, DWORD dwFileAttributes)', ['ptr', 'u32'], 'i32', ({ os }, p, a) => setAttributes(os, 'SetFileAttributesW', readW(os.memory, p), a)),

  DeleteFileA: fn('BOOL DeleteFileA(LPCSTR lpFileName)', ['ptr'], 'i32', ({ os }, p) => {
    const name = readA(os.memory, p);
    return name === null ? failWith(os, Win32Error.PathNotFound, 0) : boolResult(os, `DeleteFileA("${name}")`, fileSystemOf(os).deleteFile(name));
  }),
  DeleteFileW: fn('BOOL DeleteFileW(LPCWSTR lpFileName)', ['ptr'], 'i32', ({ os }, p) => {
    const name = readW(os.memory, p);
    return name === null ? failWith(os, Win32Error.PathNotFound, 0) : boolResult(os, `DeleteFileW("${name}")`, fileSystemOf(os).deleteFile(name));
  }),
  CreateDirectoryA: fn('BOOL CreateDirectoryA(LPCSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes)', ['ptr', 'ptr'], 'i32', ({ os }, p) => {
    const name = readA(os.memory, p);
    return name === null ? failWith(os, Win32Error.PathNotFound, 0) : boolResult(os, `CreateDirectoryA("${name}")`, fileSystemOf(os).createDirectory(name));
  }),
  CreateDirectoryW: fn('BOOL CreateDirectoryW(LPCWSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes)', ['ptr', 'ptr'], 'i32', ({ os }, p) => {
    const name = readW(os.memory, p);
    return name === null ? failWith(os, Win32Error.PathNotFound, 0) : boolResult(os, `CreateDirectoryW("${name}")`, fileSystemOf(os).createDirectory(name));
  }),
  RemoveDirectoryA: fn('BOOL RemoveDirectoryA(LPCSTR lpPathName)', ['ptr'], 'i32', ({ os }, p) => {
    const name = readA(os.memory, p);
    return name === null ? failWith(os, Win32Error.PathNotFound, 0) : boolResult(os, `RemoveDirectoryA("${name}")`, fileSystemOf(os).removeDirectory(name));
  }),
  RemoveDirectoryW: fn('BOOL RemoveDirectoryW(LPCWSTR lpPathName)', ['ptr'], 'i32', ({ os }, p) => {
    const name = readW(os.memory, p);
    return name === null ? failWith(os, Win32Error.PathNotFound, 0) : boolResult(os, `RemoveDirectoryW("${name}")`, fileSystemOf(os).removeDirectory(name));
  }),

  MoveFileA: fn('BOOL MoveFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName)', ['ptr', 'ptr'], 'i32',
    ({ os }, a, b) => move(os, 'MoveFileA', readA(os.memory, a), readA(os.memory, b), MoveFlags.CopyAllowed)),
  MoveFileW: fn('BOOL MoveFileW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName)', ['ptr', 'ptr'], 'i32',
    ({ os }, a, b) => move(os, 'MoveFileW', readW(os.memory, a), readW(os.memory, b), MoveFlags.CopyAllowed)),
  MoveFileExA: fn('BOOL MoveFileExA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName, DWORD dwFlags)', ['ptr', 'ptr', 'u32'], 'i32',
    ({ os }, a, b, f) => move(os, 'MoveFileExA', readA(os.memory, a), readA(os.memory, b), f)),
  MoveFileExW: fn('BOOL MoveFileExW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName, DWORD dwFlags)', ['ptr', 'ptr', 'u32'], 'i32',
    ({ os }, a, b, f) => move(os, 'MoveFileExW', readW(os.memory, a), readW(os.memory, b), f)),
  CopyFileA: fn('BOOL CopyFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName, BOOL bFailIfExists)', ['ptr', 'ptr', 'i32'], 'i32',
    ({ os }, a, b, fail) => copy(os, 'CopyFileA', readA(os.memory, a), readA(os.memory, b), fail)),
  CopyFileW: fn('BOOL CopyFileW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName, BOOL bFailIfExists)', ['ptr', 'ptr', 'i32'], 'i32',
    ({ os }, a, b, fail) => copy(os, 'CopyFileW', readW(os.memory, a), readW(os.memory, b), fail)),

  /** ReplaceFileW: the replaced file moves to the backup name (when given), then the replacement takes its name. */
  ReplaceFileW: fn(
    'BOOL ReplaceFileW(LPCWSTR lpReplacedFileName, LPCWSTR lpReplacementFileName, LPCWSTR lpBackupFileName, DWORD dwReplaceFlags, LPVOID lpExclude, LPVOID lpReserved)',
    ['ptr', 'ptr', 'ptr', 'u32', 'ptr', 'ptr'],
    'i32',
    ({ os }, pReplaced, pReplacement, pBackup) => {
      const replaced = readW(os.memory, pReplaced);
      const replacement = readW(os.memory, pReplacement);
      const backup = readW(os.memory, pBackup);
      if (replaced === null || replacement === null) return failWith(os, Win32Error.InvalidParameter, 0);
      const fsys = fileSystemOf(os);
      const target = fsys.stat(replaced);
      if (target instanceof FsFailure) return fsFail(os, `ReplaceFileW("${replaced}")`, target, 0);
      if (backup !== null) {
        const r = fsys.move(replaced, backup, true, true);
        if (r instanceof FsFailure) return fsFail(os, `ReplaceFileW backup "${backup}"`, r, 0);
      }
      return boolResult(os, `ReplaceFileW("${replaced}", "${replacement}")`, fsys.move(replacement, replaced, true, true));
    },
  ),

  GetFullPathNameA: fn('DWORD GetFullPathNameA(LPCSTR lpFileName, DWORD nBufferLength, LPSTR lpBuffer, LPSTR *lpFilePart)', ['ptr', 'u32', 'ptr', 'ptr'], 'u32',
    ({ os }, p, size, buf, part) => fullPathName(os, readA(os.memory, p), size, buf, part, false)),
  GetFullPathNameW: fn('DWORD GetFullPathNameW(LPCWSTR lpFileName, DWORD nBufferLength, LPWSTR lpBuffer, LPWSTR *lpFilePart)', ['ptr', 'u32', 'ptr', 'ptr'], 'u32',
    ({ os }, p, size, buf, part) => fullPathName(os, readW(os.memory, p), size, buf, part, true)),
};
