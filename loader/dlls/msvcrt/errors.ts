/**
 * msvcrt's errno values and messages (errno.h, `_sys_errlist`), and the invalid-parameter
 * failure: msvcrt.dll hands a NULL stream or format to its invalid-parameter handler, whose
 * default ends the process with STATUS_INVALID_CRUNTIME_PARAMETER — here a named error.
 */

/** errno values, errno.h. */
export const enum Errno {
  /** Operation not permitted. */
  EPERM = 1,
  /** No such file or directory. */
  ENOENT = 2,
  /** Bad file descriptor. */
  EBADF = 9,
  /** Not enough space. */
  ENOMEM = 12,
  /** Permission denied. */
  EACCES = 13,
  /** Invalid argument. */
  EINVAL = 22,
  /** Too many open files. */
  EMFILE = 24,
  /** Invalid seek. */
  ESPIPE = 29,
  /** Domain error (math). */
  EDOM = 33,
  /** Result too large. */
  ERANGE = 34,
  /** Illegal byte sequence. */
  EILSEQ = 42,
}

/** `_sys_errlist`: the messages strerror and perror print, by errno. */
export const SYS_ERRLIST: readonly string[] = [
  'No error', 'Operation not permitted', 'No such file or directory', 'No such process', 'Interrupted function call',
  'Input/output error', 'No such device or address', 'Arg list too long', 'Exec format error', 'Bad file descriptor',
  'No child processes', 'Resource temporarily unavailable', 'Not enough space', 'Permission denied', 'Bad address',
  'Unknown error', 'Resource device', 'File exists', 'Improper link', 'No such device', 'Not a directory',
  'Is a directory', 'Invalid argument', 'Too many open files in system', 'Too many open files',
  'Inappropriate I/O control operation', 'Unknown error', 'File too large', 'No space left on device', 'Invalid seek',
  'Read-only file system', 'Too many links', 'Broken pipe', 'Domain error', 'Result too large', 'Unknown error',
  'Resource deadlock avoided', 'Unknown error', 'Filename too long', 'No locks available', 'Function not implemented',
  'Directory not empty', 'Illegal byte sequence',
];

export function errnoMessage(errnum: number): string {
  return SYS_ERRLIST[errnum] ?? 'Unknown error';
}

/** What msvcrt's default invalid-parameter handler does: end the process with 0xC0000417. */
export class CrtInvalidParameterError extends Error {
  override name = 'CrtInvalidParameterError';
  /** STATUS_INVALID_CRUNTIME_PARAMETER. */
  readonly ntstatus = 0xc0000417;
  constructor(
    readonly fn: string,
    readonly problem: string,
  ) {
    super(`msvcrt!${fn}: ${problem} (the C runtime's invalid-parameter handler ends the process with STATUS_INVALID_CRUNTIME_PARAMETER)`);
  }
}
