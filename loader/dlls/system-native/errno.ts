/**
 * errno values for System.Native: the "platform" numbers are Linux's (asm-generic/errno-base.h,
 * errno.h), as libmono-native uses them on the Linux build whose class library the guest runs;
 * `Interop.Error` (the PAL numbers the class library switches on) comes from CoreFX's pal_errno.h
 * (0x10000 + n). Win32 errors of the guest file system map to the errno Linux gives for the same
 * condition, and each errno has glibc's strerror text, which is what mono on Linux prints.
 */
import { Win32Error } from '../../handles/win32-error';

/** Linux errno values used here. */
export const enum Errno {
  EPERM = 1,
  ENOENT = 2,
  EIO = 5,
  EBADF = 9,
  EACCES = 13,
  EEXIST = 17,
  EXDEV = 18,
  ENOTDIR = 20,
  EISDIR = 21,
  EINVAL = 22,
  ENAMETOOLONG = 36,
  ENOTEMPTY = 39,
  ELOOP = 40,
  EOPNOTSUPP = 95,
}

/** [errno, Interop.Error, strerror text]. */
const TABLE: readonly (readonly [Errno, number, string])[] = [
  [Errno.EPERM, 0x10042, 'Operation not permitted'],
  [Errno.ENOENT, 0x1002d, 'No such file or directory'],
  [Errno.EIO, 0x1001d, 'Input/output error'],
  [Errno.EBADF, 0x10008, 'Bad file descriptor'],
  [Errno.EACCES, 0x10002, 'Permission denied'],
  [Errno.EEXIST, 0x10014, 'File exists'],
  [Errno.EXDEV, 0x1004f, 'Invalid cross-device link'],
  [Errno.ENOTDIR, 0x10039, 'Not a directory'],
  [Errno.EISDIR, 0x1001f, 'Is a directory'],
  [Errno.EINVAL, 0x1001c, 'Invalid argument'],
  [Errno.ENAMETOOLONG, 0x10025, 'File name too long'],
  [Errno.ENOTEMPTY, 0x1003a, 'Directory not empty'],
  [Errno.ELOOP, 0x10020, 'Too many levels of symbolic links'],
  [Errno.EOPNOTSUPP, 0x1003d, 'Operation not supported'],
];

/** Interop.Error for an errno; 0x10104 (ENONSTANDARD) for one outside the table, as CoreFX does. */
export function errnoToPal(errno: number): number {
  if (errno === 0) return 0;
  return TABLE.find((e) => e[0] === errno)?.[1] ?? 0x10104;
}

/** The errno for an Interop.Error; -1 for an unknown one (pal_errno.c answers that too). */
export function palToErrno(pal: number): number {
  if (pal === 0) return 0;
  return TABLE.find((e) => e[1] === pal)?.[0] ?? -1;
}

export function strerror(errno: number): string {
  return TABLE.find((e) => e[0] === errno)?.[2] ?? `Unknown error ${errno}`;
}

/** The errno Linux gives where Windows gives `error`. */
export function win32ToErrno(error: Win32Error): Errno {
  switch (error) {
    case Win32Error.FileNotFound:
    case Win32Error.PathNotFound:
    case Win32Error.BadNetPath:
      return Errno.ENOENT;
    case Win32Error.AccessDenied:
      return Errno.EACCES;
    case Win32Error.FileExists:
    case Win32Error.AlreadyExists:
      return Errno.EEXIST;
    case Win32Error.DirNotEmpty:
      return Errno.ENOTEMPTY;
    case Win32Error.Directory:
      return Errno.ENOTDIR;
    case Win32Error.NotSameDevice:
      return Errno.EXDEV;
    case Win32Error.InvalidName:
    case Win32Error.InvalidParameter:
      return Errno.EINVAL;
    case Win32Error.InvalidHandle:
      return Errno.EBADF;
    default:
      return Errno.EIO;
  }
}
