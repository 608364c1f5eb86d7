/**
 * System.Native's file functions (CoreFX's pal_io.h, as libmono-native exports them), over the
 * guest file system. Mono's class library is the Linux build: File.Exists, Directory.*, FileInfo
 * and friends call these with the guest's Windows paths (UTF-8, NUL-terminated) and read the
 * result as CoreFX's `FileStatus`:
 *
 *   int32 Flags; int32 Mode; uint32 Uid; uint32 Gid; int64 Size; int64 ATime, ATimeNsec,
 *   MTime, MTimeNsec, CTime, CTimeNsec, BirthTime, BirthTimeNsec, Dev, Ino; uint32 UserFlags
 *
 * (128 bytes, sequential). Each returns 0, or -1 with the errno (errno.ts) as the thread's last
 * error, which the P/Invoke (SetLastError=true) hands to Marshal.GetLastWin32Error. File handles
 * are the process's kernel handles, as MonoIO opened them. Symbolic links are never shown to the
 * guest (the file system refuses links leading outside a mount and follows the others), so
 * LStat is Stat and ReadLink says EINVAL ("not a link"); Symlink is EPERM.
 */
import { fn, type ApiTable } from '../api';
import { fileSystemOf, FileObject, FsFailure, formatGuestPath, type FsResult, type NodeInfo } from '../../fs';
import type { KernelObject, Os } from '../../os';
import { FILETIME_UNIX_EPOCH } from '../../clock';
import { isConsole } from '../../handles';
import { Errno, win32ToErrno } from './errno';

/** Owner and group of every file, and the process's effective ids: the guest owns its files. */
export const GUEST_UID = 1000;

/** FileStatus layout (offsets). */
const enum FileStatusOffset {
  Flags = 0, Mode = 4, Uid = 8, Gid = 12, Size = 16, ATime = 24, ATimeNsec = 32, MTime = 40, MTimeNsec = 48,
  CTime = 56, CTimeNsec = 64, BirthTime = 72, BirthTimeNsec = 80, Dev = 88, Ino = 96, UserFlags = 104, Size_ = 112,
}

/** st_mode file types (sys/stat.h). */
const enum ModeType {
  Directory = 0o040000,
  Regular = 0o100000,
  CharDevice = 0o020000,
}

/** FileStatusFlags.HasBirthTime. */
const HAS_BIRTH_TIME = 1;

/** Reads a UTF-8, NUL-terminated path argument. */
export function utf8Arg(os: Os, p: bigint): string | null {
  return p === 0n ? null : os.memory.cString(p, 0x8000, 'utf8');
}

/** -1 with errno as the last error. */
export function errnoFail(os: Os, errno: Errno): number {
  os.thread.lastError = errno;
  return -1;
}

/** 0, or -1 with the errno of the file-system failure. */
function result(os: Os, api: string, r: FsResult<void>): number {
  if (r instanceof FsFailure) {
    os.trace('api', `${api}: ${r.detail}`);
    return errnoFail(os, win32ToErrno(r.code));
  }
  os.thread.lastError = 0;
  return 0;
}

function writeStatus(os: Os, out: bigint, info: NodeInfo): void {
  const m = os.memory;
  m.write(out, new Uint8Array(FileStatusOffset.Size_));
  const perms = info.directory ? (info.readOnly ? 0o555 : 0o755) : info.readOnly ? 0o444 : 0o644;
  m.setU32(out + BigInt(FileStatusOffset.Flags), HAS_BIRTH_TIME);
  m.setU32(out + BigInt(FileStatusOffset.Mode), (info.directory ? ModeType.Directory : ModeType.Regular) | perms);
  m.setU32(out + BigInt(FileStatusOffset.Uid), GUEST_UID);
  m.setU32(out + BigInt(FileStatusOffset.Gid), GUEST_UID);
  m.setU64(out + BigInt(FileStatusOffset.Size), BigInt(info.size));
  const times: [number, number, bigint][] = [
    [FileStatusOffset.ATime, FileStatusOffset.ATimeNsec, info.lastAccessTime],
    [FileStatusOffset.MTime, FileStatusOffset.MTimeNsec, info.lastWriteTime],
    [FileStatusOffset.CTime, FileStatusOffset.CTimeNsec, info.lastWriteTime],
    [FileStatusOffset.BirthTime, FileStatusOffset.BirthTimeNsec, info.creationTime],
  ];
  for (const [sec, nsec, ft] of times) {
    const ticks = ft - FILETIME_UNIX_EPOCH;
    m.setU64(out + BigInt(sec), BigInt.asUintN(64, ticks / 10_000_000n));
    m.setU64(out + BigInt(nsec), (ticks % 10_000_000n) * 100n);
  }
  m.setU64(out + BigInt(FileStatusOffset.Dev), info.device);
  m.setU64(out + BigInt(FileStatusOffset.Ino), info.inode);
}

function stat(os: Os, api: string, p: bigint, out: bigint): number {
  const name = utf8Arg(os, p);
  if (name === null) return errnoFail(os, Errno.EINVAL);
  const info = fileSystemOf(os).stat(name);
  if (info instanceof FsFailure) return result(os, `${api}("${name}")`, info);
  writeStatus(os, out, info);
  os.thread.lastError = 0;
  return 0;
}

/** A path operation: one or two UTF-8 paths, the file system's answer as 0 / -1 + errno. */
function onPaths(os: Os, api: string, paths: bigint[], op: (...names: string[]) => FsResult<void>): number {
  const names = paths.map((p) => utf8Arg(os, p));
  if (names.some((n) => n === null)) return errnoFail(os, Errno.EINVAL);
  return result(os, `${api}(${names.map((n) => `"${n}"`).join(', ')})`, op(...(names as string[])));
}

function fileHandle(os: Os, h: bigint): FileObject | undefined {
  const obj = os.handles.get<KernelObject>(h);
  return obj instanceof FileObject ? obj : undefined;
}

const seconds = (s: bigint, usec: bigint): bigint => FILETIME_UNIX_EPOCH + s * 10_000_000n + usec * 10n;

export const systemNativeFiles: ApiTable = {
  SystemNative_Stat2: fn('int32_t SystemNative_Stat2(const char* path, FileStatus* output)', ['ptr', 'ptr'], 'i32', ({ os }, p, out) => stat(os, 'Stat2', p, out)),
  SystemNative_LStat2: fn('int32_t SystemNative_LStat2(const char* path, FileStatus* output)', ['ptr', 'ptr'], 'i32', ({ os }, p, out) => stat(os, 'LStat2', p, out)),
  SystemNative_FStat2: fn('int32_t SystemNative_FStat2(intptr_t fd, FileStatus* output)', ['ptr', 'ptr'], 'i32', ({ os }, h, out) => {
    const obj = os.handles.get<KernelObject>(h);
    if (obj instanceof FileObject) {
      const info = fileSystemOf(os).stat(formatGuestPath(obj.guestPath));
      if (info instanceof FsFailure) return result(os, 'FStat2', info);
      writeStatus(os, out, info);
      return 0;
    }
    if (isConsole(obj) || obj?.type === 'device') {
      os.memory.write(out, new Uint8Array(FileStatusOffset.Size_));
      os.memory.setU32(out + BigInt(FileStatusOffset.Mode), ModeType.CharDevice | 0o620);
      return 0;
    }
    return errnoFail(os, Errno.EBADF);
  }),
  /**
   * Creates missing parents too: the Linux build's Directory.CreateDirectory finds the missing
   * parents by splitting at '/' only (PathInternal.IsDirectorySeparator), so with the guest's
   * `\` paths it asks for the whole path at once, meaning "and its parents" as on Windows.
   */
  SystemNative_MkDir: fn('int32_t SystemNative_MkDir(const char* path, int32_t mode)', ['ptr', 'i32'], 'i32',
    ({ os }, p) => onPaths(os, 'MkDir', [p], (n) => fileSystemOf(os).createDirectory(n, true))),
  SystemNative_RmDir: fn('int32_t SystemNative_RmDir(const char* path)', ['ptr'], 'i32',
    ({ os }, p) => onPaths(os, 'RmDir', [p], (n) => fileSystemOf(os).removeDirectory(n))),
  SystemNative_Unlink: fn('int32_t SystemNative_Unlink(const char* path)', ['ptr'], 'i32',
    ({ os }, p) => onPaths(os, 'Unlink', [p], (n) => fileSystemOf(os).deleteFile(n))),
  /** rename(2) replaces an existing destination file. */
  SystemNative_Rename: fn('int32_t SystemNative_Rename(const char* oldPath, const char* newPath)', ['ptr', 'ptr'], 'i32',
    ({ os }, a, b) => onPaths(os, 'Rename', [a, b], (x, y) => fileSystemOf(os).move(x, y, true, false))),
  SystemNative_Link: fn('int32_t SystemNative_Link(const char* source, const char* linkTarget)', ['ptr', 'ptr'], 'i32',
    ({ os }, a, b) => onPaths(os, 'Link', [a, b], (x, y) => fileSystemOf(os).link(x, y))),
  SystemNative_Symlink: fn('int32_t SystemNative_Symlink(const char* target, const char* linkPath)', ['ptr', 'ptr'], 'i32', ({ os }) => errnoFail(os, Errno.EPERM)),
  SystemNative_ReadLink: fn('int32_t SystemNative_ReadLink(const char* path, char* buffer, int32_t bufferSize)', ['ptr', 'ptr', 'i32'], 'i32', ({ os }, p) => {
    const name = utf8Arg(os, p);
    if (name === null) return errnoFail(os, Errno.EINVAL);
    const info = fileSystemOf(os).stat(name);
    return info instanceof FsFailure ? result(os, `ReadLink("${name}")`, info) : errnoFail(os, Errno.EINVAL);
  }),
  /** Only the owner's write bit matters: it is Windows' read-only attribute. */
  SystemNative_ChMod: fn('int32_t SystemNative_ChMod(const char* path, int32_t mode)', ['ptr', 'i32'], 'i32',
    ({ os }, p, mode) => onPaths(os, 'ChMod', [p], (n) => fileSystemOf(os).setReadOnly(n, (mode & 0o200) === 0))),
  SystemNative_UTime: fn('int32_t SystemNative_UTime(const char* path, UTimBuf* times)', ['ptr', 'ptr'], 'i32', ({ os }, p, t) => {
    const [access, modified] = [os.memory.u64(t), os.memory.u64(t + 8n)].map((s) => seconds(BigInt.asIntN(64, s), 0n));
    return onPaths(os, 'UTime', [p], (n) => fileSystemOf(os).setTimes(n, access!, modified!));
  }),
  SystemNative_UTimes: fn('int32_t SystemNative_UTimes(const char* path, TimeValPair* times)', ['ptr', 'ptr'], 'i32', ({ os }, p, t) => {
    const v = [0n, 8n, 16n, 24n].map((o) => BigInt.asIntN(64, os.memory.u64(t + o)));
    return onPaths(os, 'UTimes', [p], (n) => fileSystemOf(os).setTimes(n, seconds(v[0]!, v[1]!), seconds(v[2]!, v[3]!)));
  }),
  /** Copies the whole source (from its start) to the destination at its file pointer. */
  SystemNative_CopyFile: fn('int32_t SystemNative_CopyFile(intptr_t sourceFd, intptr_t destinationFd)', ['ptr', 'ptr'], 'i32', ({ os }, src, dst) => {
    const from = fileHandle(os, src);
    const to = fileHandle(os, dst);
    if (!from || !to || !from.canRead || !to.canWrite) return errnoFail(os, Errno.EBADF);
    const saved = from.position;
    from.position = 0;
    for (let chunk = from.read(1 << 20); chunk.length > 0; chunk = from.read(1 << 20)) to.write(chunk);
    from.position = saved;
    return 0;
  }),
  SystemNative_LChflags: fn('int32_t SystemNative_LChflags(const char* path, uint32_t flags)', ['ptr', 'u32'], 'i32', ({ os }) => errnoFail(os, Errno.EOPNOTSUPP)),
  SystemNative_LChflagsCanSetHiddenFlag: fn('int32_t SystemNative_LChflagsCanSetHiddenFlag(void)', [], 'i32', () => 0),
  SystemNative_GetEUid: fn('uint32_t SystemNative_GetEUid(void)', [], 'u32', () => GUEST_UID),
  SystemNative_GetEGid: fn('uint32_t SystemNative_GetEGid(void)', [], 'u32', () => GUEST_UID),
};
