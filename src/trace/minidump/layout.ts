/**
 * Minidump file layout constants: stream types, structure sizes and field offsets, as Microsoft's
 * minidumpapiset.h and winnt.h declare them (structures are packed to 4 bytes; all little-endian).
 * Readers cross-checked: Google Breakpad's minidump_format.h, rust-minidump, lldb's
 * MinidumpTypes.h.
 */

/** `MDMP`, MINIDUMP_HEADER.Signature. */
export const MINIDUMP_SIGNATURE = 0x504d444d;
/** MINIDUMP_VERSION (low 16 bits of MINIDUMP_HEADER.Version). */
export const MINIDUMP_VERSION = 0xa793;

/** MINIDUMP_STREAM_TYPE values written by clremu. */
export const enum StreamType {
  /** MINIDUMP_THREAD_LIST. */
  ThreadList = 3,
  /** MINIDUMP_MODULE_LIST. */
  ModuleList = 4,
  /** MINIDUMP_MEMORY_LIST. */
  MemoryList = 5,
  /** MINIDUMP_EXCEPTION_STREAM. */
  Exception = 6,
  /** MINIDUMP_SYSTEM_INFO. */
  SystemInfo = 7,
  /** MINIDUMP_MISC_INFO (the process id). */
  MiscInfo = 15,
}

/** Structure sizes in bytes. */
export const enum Size {
  /** MINIDUMP_HEADER. */
  Header = 32,
  /** MINIDUMP_DIRECTORY. */
  Directory = 12,
  /** MINIDUMP_SYSTEM_INFO (CPU_INFORMATION included). */
  SystemInfo = 56,
  /** MINIDUMP_EXCEPTION_STREAM. */
  ExceptionStream = 168,
  /** MINIDUMP_THREAD. */
  Thread = 48,
  /** MINIDUMP_MODULE (VS_FIXEDFILEINFO included). */
  Module = 108,
  /** MINIDUMP_MEMORY_DESCRIPTOR. */
  MemoryDescriptor = 16,
  /** MINIDUMP_MISC_INFO (the first version: process id and times). */
  MiscInfo = 24,
  /** CONTEXT on AMD64 (winnt.h), 16-byte aligned in memory. */
  ContextAmd64 = 0x4d0,
}

/** SYSTEM_INFO / MINIDUMP_SYSTEM_INFO.ProcessorArchitecture. */
export const PROCESSOR_ARCHITECTURE_AMD64 = 9;
/** OSVERSIONINFO.dwPlatformId for every NT-based Windows. */
export const VER_PLATFORM_WIN32_NT = 2;
/** MINIDUMP_SYSTEM_INFO.ProductType: a workstation (client) Windows. */
export const VER_NT_WORKSTATION = 1;
/** The Windows the guest believes it runs on: Windows 10 version 2004 (build 19041). */
export const WINDOWS_VERSION = { major: 10, minor: 0, build: 19041 } as const;

/** CONTEXT.ContextFlags bits for AMD64 (winnt.h). */
export const enum ContextFlags {
  /** CONTEXT_AMD64: identifies the layout. */
  Amd64 = 0x100000,
  /** SegSs, Rsp, SegCs, Rip, EFlags. */
  Control = 0x100001,
  /** Rax…R15. */
  Integer = 0x100002,
  /** SegDs, SegEs, SegFs, SegGs. */
  Segments = 0x100004,
  /** FltSave (x87/SSE state, XMM0–15) and MxCsr. */
  FloatingPoint = 0x100008,
  /** CONTEXT_FULL = CONTROL | INTEGER | FLOATING_POINT. */
  Full = 0x10000b,
}

/** The CONTEXT's field offsets live with its encoder (loader/seh/layouts.ts). */
/** MXCSR after reset (all exceptions masked, round to nearest). */
export const DEFAULT_MXCSR = 0x1f80;

/** EXCEPTION_RECORD.ExceptionInformation[0] of an access violation (winnt.h). */
export const enum AccessViolationType {
  /** The thread tried to read. */
  Read = 0,
  /** The thread tried to write. */
  Write = 1,
  /** A DEP violation: the thread tried to execute non-executable memory. */
  Execute = 8,
}

/** EXCEPTION_MAXIMUM_PARAMETERS. */
export const EXCEPTION_MAXIMUM_PARAMETERS = 15;
/** EXCEPTION_NONCONTINUABLE, set for faults a handler cannot resume (clremu reports only those). */
export const EXCEPTION_NONCONTINUABLE = 1;

/** MINIDUMP_MISC_INFO.Flags1: ProcessId is valid. */
export const MINIDUMP_MISC1_PROCESS_ID = 1;
