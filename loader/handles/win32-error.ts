/**
 * Win32 error codes (winerror.h) that the emulated APIs set through
 * `os.thread.lastError`, and a helper for the usual "set the error, return the failure value"
 * shape of a failing Win32 call.
 */
import type { Os } from '../os';

/** System error codes, winerror.h. */
export const enum Win32Error {
  /** The operation completed successfully. */
  Success = 0,
  /** Incorrect function (the operation is not valid for this object). */
  InvalidFunction = 1,
  /** The system cannot find the file specified. */
  FileNotFound = 2,
  /** The system cannot find the path specified. */
  PathNotFound = 3,
  /** Access is denied. */
  AccessDenied = 5,
  /** The handle is invalid. */
  InvalidHandle = 6,
  /** Not enough memory resources are available to process this command. */
  NotEnoughMemory = 8,
  /** The data area passed to a system call is too small. */
  InsufficientBuffer = 122,
  /** The parameter is incorrect. */
  InvalidParameter = 87,
  /** The filename, directory name, or volume label syntax is incorrect. */
  InvalidName = 123,
  /** Attempt to access invalid address. */
  InvalidAddress = 487,
  /** Reached the end of the file. */
  HandleEof = 38,
  /** The system could not find the environment option that was entered. */
  EnvVarNotFound = 203,
  /** The system cannot move the file to a different disk drive. */
  NotSameDevice = 17,
  /** There are no more files (FindNextFile at the end). */
  NoMoreFiles = 18,
  /** The file exists (CreateFile CREATE_NEW, CopyFile with bFailIfExists). */
  FileExists = 80,
  /** The process cannot access the file because another process has locked a portion of it. */
  LockViolation = 33,
  /** The segment is already unlocked. */
  NotLocked = 158,
  /** The network path was not found (a UNC path). */
  BadNetPath = 53,
  /** An attempt was made to move the file pointer before the beginning of the file. */
  NegativeSeek = 131,
  /** The directory is not empty. */
  DirNotEmpty = 145,
  /** The directory name is invalid (a file where a directory was expected). */
  Directory = 267,
  /** Attempt to release mutex not owned by caller. */
  NotOwner = 288,
  /** Invalid access to memory location. */
  NoAccess = 998,
  /** The flags are invalid. */
  InvalidFlags = 1004,
  /** No mapping for the Unicode character exists in the target multi-byte code page. */
  NoUnicodeTranslation = 1113,
  /** This operation returned because the timeout period expired. */
  Timeout = 1460,
  /** The object already exists (CreateEvent/CreateMutex of an existing name). */
  AlreadyExists = 183,
  /** The data is invalid. */
  InvalidData = 13,
  /** Too many posts were made to a semaphore. */
  TooManyPosts = 298,
  /** The specified module could not be found. */
  ModNotFound = 126,
  /** The specified procedure could not be found. */
  ProcNotFound = 127,
  /** The file is not a valid Win32 application. */
  BadExeFormat = 193,
  /** No more data is available (TlsAlloc out of slots). */
  NoMoreItems = 259,
  /** A dynamic link library (DLL) initialization routine failed. */
  DllInitFailed = 1114,
}

/** Sets the thread's last error and returns `result` (the API's failure value). */
export function failWith<T>(os: Os, error: Win32Error, result: T): T {
  os.thread.lastError = error;
  return result;
}
