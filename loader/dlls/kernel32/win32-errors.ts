/** Win32 error codes (winerror.h) the loader-core APIs set through SetLastError. */
export const enum Win32Error {
  /** ERROR_SUCCESS. */
  Success = 0,
  /** ERROR_FILE_NOT_FOUND. */
  FileNotFound = 2,
  /** ERROR_INVALID_HANDLE. */
  InvalidHandle = 6,
  /** ERROR_NOT_ENOUGH_MEMORY. */
  NotEnoughMemory = 8,
  /** ERROR_INVALID_PARAMETER. */
  InvalidParameter = 87,
  /** ERROR_INSUFFICIENT_BUFFER. */
  InsufficientBuffer = 122,
  /** ERROR_MOD_NOT_FOUND. */
  ModNotFound = 126,
  /** ERROR_PROC_NOT_FOUND. */
  ProcNotFound = 127,
  /** ERROR_BAD_EXE_FORMAT. */
  BadExeFormat = 193,
  /** ERROR_ENVVAR_NOT_FOUND. */
  EnvVarNotFound = 203,
  /** ERROR_NO_MORE_ITEMS (TlsAlloc out of slots). */
  NoMoreItems = 259,
  /** ERROR_DLL_INIT_FAILED. */
  DllInitFailed = 1114,
}
