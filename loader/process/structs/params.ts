/**
 * RTL_USER_PROCESS_PARAMETERS (x64) and UNICODE_STRING: the image path, command line, current
 * directory and environment that GetCommandLineW, GetEnvironmentStringsW and the C runtime read.
 */
export const UNICODE_STRING64 = {
  /** Length in bytes, without the terminating NUL. */
  Length: 0x00,
  /** Capacity in bytes. */
  MaximumLength: 0x02,
  Buffer: 0x08,
  SIZE: 0x10,
} as const;

export const RTL_USER_PROCESS_PARAMETERS64 = {
  MaximumLength: 0x00,
  Length: 0x04,
  Flags: 0x08,
  DebugFlags: 0x0c,
  ConsoleHandle: 0x10,
  ConsoleFlags: 0x18,
  StandardInput: 0x20,
  StandardOutput: 0x28,
  StandardError: 0x30,
  /** CURDIR.DosPath (UNICODE_STRING), then CURDIR.Handle. */
  CurrentDirectoryPath: 0x38,
  CurrentDirectoryHandle: 0x48,
  DllPath: 0x50,
  ImagePathName: 0x60,
  CommandLine: 0x70,
  /** UTF-16 block of NAME=VALUE strings, ended by an empty string. */
  Environment: 0x80,
  WindowTitle: 0xb0,
  DesktopInfo: 0xc0,
  ShellInfo: 0xd0,
  RuntimeData: 0xe0,
  EnvironmentSize: 0x3f0,
  SIZE: 0x400,
} as const;

/** RTL_USER_PROC_PARAMS_NORMALIZED: pointers are absolute, not offsets. */
export const PARAMS_NORMALIZED = 0x1;
