/**
 * The raw Unicorn 2 binding: loads `libunicorn.so.2` through koffi and declares the handful of C
 * entry points, callback prototypes and constants the rest of `emu/` uses. Nothing here knows
 * about Windows; the rest of the folder wraps these calls in typed classes.
 *
 * Constants follow unicorn-engine/unicorn `include/unicorn/unicorn.h` and `include/unicorn/x86.h`
 * as shipped in Unicorn 2.0.1 (Debian libunicorn2); the numeric values below were checked against
 * the installed library by probing (hook ids fire, register ids round-trip).
 *
 * The binding is a lazily created singleton; callback prototypes are anonymous because koffi's
 * named types are global to the process.
 */
import * as koffi from 'koffi';

/** The library name the dynamic loader looks for (Debian package libunicorn2). */
export const UNICORN_LIBRARY = 'libunicorn.so.2';

/** uc_arch values used here (unicorn.h `uc_arch`). */
export const enum UcArch {
  /** UC_ARCH_X86: the x86 family; the mode picks 16/32/64-bit. */
  X86 = 4,
}

/** uc_mode values used here (unicorn.h `uc_mode`). */
export const enum UcMode {
  /** UC_MODE_64: long mode, 64-bit code segment. */
  Mode64 = 1 << 3,
}

/** uc_err codes (unicorn.h `uc_err`). */
export const enum UcErr {
  /** UC_ERR_OK: no error. */
  Ok = 0,
  /** UC_ERR_READ_UNMAPPED: a guest read touched unmapped memory. */
  ReadUnmapped = 6,
  /** UC_ERR_WRITE_UNMAPPED: a guest write touched unmapped memory. */
  WriteUnmapped = 7,
  /** UC_ERR_FETCH_UNMAPPED: an instruction fetch touched unmapped memory. */
  FetchUnmapped = 8,
  /** UC_ERR_HOOK: a hook could not be installed. */
  Hook = 9,
  /** UC_ERR_INSN_INVALID: an invalid instruction stopped emulation. */
  InsnInvalid = 10,
  /** UC_ERR_MAP: a mapping request overlapped or was malformed. */
  Map = 11,
  /** UC_ERR_WRITE_PROT: a guest write to a page without write permission. */
  WriteProt = 12,
  /** UC_ERR_READ_PROT: a guest read from a page without read permission. */
  ReadProt = 13,
  /** UC_ERR_FETCH_PROT: a fetch from a page without execute permission. */
  FetchProt = 14,
  /** UC_ERR_EXCEPTION: an unhandled CPU exception (no interrupt hook caught it). */
  Exception = 21,
}

/** uc_prot flags (unicorn.h `uc_prot`). */
export const enum UcProt {
  /** UC_PROT_NONE: no access. */
  None = 0,
  /** UC_PROT_READ: data reads allowed. */
  Read = 1,
  /** UC_PROT_WRITE: data writes allowed. */
  Write = 2,
  /** UC_PROT_EXEC: instruction fetch allowed. */
  Exec = 4,
}

/** uc_hook_type flags (unicorn.h `uc_hook_type`). */
export const enum UcHookType {
  /** UC_HOOK_INTR: CPU interrupts and exceptions (int n, #DE, #BP …). */
  Intr = 1 << 0,
  /** UC_HOOK_INSN: one specific instruction (syscall, cpuid), chosen by an extra argument. */
  Insn = 1 << 1,
  /** UC_HOOK_CODE: before every instruction in the range. */
  Code = 1 << 2,
  /** UC_HOOK_BLOCK: at the start of every basic block in the range. */
  Block = 1 << 3,
  /** UC_HOOK_MEM_READ_UNMAPPED | WRITE_UNMAPPED | FETCH_UNMAPPED | READ_PROT | WRITE_PROT | FETCH_PROT. */
  MemInvalid = (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9),
  /** UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE: valid data accesses. */
  MemReadWrite = (1 << 10) | (1 << 11),
  /** UC_HOOK_INSN_INVALID: an undecodable instruction. */
  InsnInvalid = 1 << 14,
}

/** uc_mem_type values passed to memory hooks (unicorn.h `uc_mem_type`). */
export const enum UcMemType {
  /** UC_MEM_READ_UNMAPPED. */
  ReadUnmapped = 19,
  /** UC_MEM_WRITE_UNMAPPED. */
  WriteUnmapped = 20,
  /** UC_MEM_FETCH_UNMAPPED. */
  FetchUnmapped = 21,
  /** UC_MEM_WRITE_PROT. */
  WriteProt = 22,
  /** UC_MEM_READ_PROT. */
  ReadProt = 23,
  /** UC_MEM_FETCH_PROT. */
  FetchProt = 24,
}

/** uc_x86_insn ids for UC_HOOK_INSN (x86.h `uc_x86_insn`). */
export const enum UcX86Insn {
  /** UC_X86_INS_CPUID. */
  Cpuid = 113,
  /** UC_X86_INS_SYSCALL. */
  Syscall = 699,
}

/** uc_query_type values (unicorn.h `uc_query_type`). */
export const enum UcQuery {
  /** UC_QUERY_TIMEOUT: whether the last uc_emu_start ended by its own timeout. */
  Timeout = 4,
}

/**
 * uc_ctl requests are encoded as `type | (argCount << 26) | (direction << 30)` (unicorn.h UC_CTL).
 * Only the one needed here is spelled out.
 */
export const UC_CTL_TB_REMOVE_CACHE_WRITE = 9 | (2 << 26) | (1 << 30);

/** The C functions, typed loosely as koffi returns them; wrapped by `Machine` and `Memory`. */
export interface UnicornApi {
  uc_open(arch: number, mode: number, out: unknown[]): number;
  uc_close(uc: bigint): number;
  uc_strerror(err: number): string;
  uc_version(major: number[], minor: number[]): number;
  uc_query(uc: bigint, type: number, result: bigint[]): number;
  uc_reg_read(uc: bigint, regid: number, value: Uint8Array | BigUint64Array): number;
  uc_reg_write(uc: bigint, regid: number, value: Uint8Array | BigUint64Array): number;
  uc_mem_map(uc: bigint, address: bigint, size: number | bigint, perms: number): number;
  uc_mem_write(uc: bigint, address: bigint, bytes: Uint8Array, size: number | bigint): number;
  uc_mem_map_ptr(uc: bigint, address: bigint, size: number | bigint, perms: number, ptr: bigint): number;
  uc_mem_unmap(uc: bigint, address: bigint, size: number | bigint): number;
  uc_emu_start(uc: bigint, begin: bigint, until: bigint, timeout: number, count: number): number;
  uc_emu_stop(uc: bigint): number;
  uc_hook_add(uc: bigint, out: bigint[], type: number, cb: bigint, userData: null,
              begin: bigint, end: bigint, ...variadic: unknown[]): number;
  uc_hook_del(uc: bigint, hook: bigint): number;
  uc_ctl(uc: bigint, control: number, ...variadic: unknown[]): number;
  uc_context_alloc(uc: bigint, out: unknown[]): number;
  uc_context_save(uc: bigint, context: bigint): number;
  uc_context_restore(uc: bigint, context: bigint): number;
  uc_context_free(context: bigint): number;
}

/** Host-side helpers from libc used for guest memory backing. */
export interface LibcApi {
  mmap(addr: null, length: number | bigint, prot: number, flags: number, fd: number, offset: number): bigint | null;
  munmap(addr: bigint, length: number | bigint): number;
  madvise(addr: bigint, length: number | bigint, advice: number): number;
}

/** Callback prototypes, as koffi pointer types ready for `koffi.register`. */
export interface UnicornCallbackTypes {
  /** void (uc, uint64 address, uint32 size, void *user): UC_HOOK_CODE and UC_HOOK_BLOCK. */
  code: koffi.TypeObject;
  /** void (uc, uint32 intno, void *user): UC_HOOK_INTR. */
  intr: koffi.TypeObject;
  /** void (uc, void *user): UC_HOOK_INSN for syscall. */
  syscall: koffi.TypeObject;
  /** int (uc, void *user): UC_HOOK_INSN for cpuid; returning 1 skips the real instruction. */
  cpuid: koffi.TypeObject;
  /** bool (uc, uc_mem_type, uint64 address, int size, int64 value, void *user): invalid memory. */
  memInvalid: koffi.TypeObject;
  /** void (uc, uc_mem_type, uint64 address, int size, int64 value, void *user): valid accesses. */
  memAccess: koffi.TypeObject;
}

/** Raised when the Unicorn library is missing or a call into it fails unexpectedly. */
export class UnicornError extends Error {
  constructor(message: string, readonly call?: string, readonly ucErr?: number) {
    super(message);
    this.name = 'UnicornError';
  }
}

export interface UnicornBinding {
  readonly uc: UnicornApi;
  readonly libc: LibcApi;
  readonly callbacks: UnicornCallbackTypes;
  /** Major/minor of the loaded library, e.g. [2, 0]. */
  readonly version: readonly [number, number];
}

let binding: UnicornBinding | undefined;

/** Loads the library once; throws `UnicornError` naming the missing library if it is absent. */
export function unicorn(): UnicornBinding {
  if (binding) return binding;
  let lib: koffi.LibraryHandle;
  try {
    lib = koffi.load(UNICORN_LIBRARY);
  } catch (e) {
    throw new UnicornError(
      `cannot load ${UNICORN_LIBRARY} (install Debian package libunicorn2): ${(e as Error).message}`);
  }
  const libcHandle = koffi.load('libc.so.6');
  const f = (decl: string) => lib.func(decl);
  const api = {
    uc_open: f('int uc_open(int arch, int mode, _Out_ void **uc)'),
    uc_close: f('int uc_close(void *uc)'),
    uc_strerror: f('const char *uc_strerror(int code)'),
    uc_version: f('uint32_t uc_version(_Out_ uint32_t *major, _Out_ uint32_t *minor)'),
    uc_query: f('int uc_query(void *uc, int type, _Out_ size_t *result)'),
    uc_reg_read: f('int uc_reg_read(void *uc, int regid, _Out_ void *value)'),
    uc_reg_write: f('int uc_reg_write(void *uc, int regid, const void *value)'),
    uc_mem_map: f('int uc_mem_map(void *uc, uint64_t address, size_t size, uint32_t perms)'),
    uc_mem_write: f('int uc_mem_write(void *uc, uint64_t address, const void *bytes, size_t size)'),
    uc_mem_map_ptr: f('int uc_mem_map_ptr(void *uc, uint64_t address, size_t size, uint32_t perms, void *ptr)'),
    uc_mem_unmap: f('int uc_mem_unmap(void *uc, uint64_t address, size_t size)'),
    uc_emu_start: f('int uc_emu_start(void *uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count)'),
    uc_emu_stop: f('int uc_emu_stop(void *uc)'),
    uc_hook_add: f('int uc_hook_add(void *uc, _Out_ size_t *hh, int type, void *cb, void *user, uint64_t begin, uint64_t end, ...)'),
    uc_hook_del: f('int uc_hook_del(void *uc, size_t hh)'),
    uc_ctl: f('int uc_ctl(void *uc, int control, ...)'),
    uc_context_alloc: f('int uc_context_alloc(void *uc, _Out_ void **context)'),
    uc_context_save: f('int uc_context_save(void *uc, void *context)'),
    uc_context_restore: f('int uc_context_restore(void *uc, void *context)'),
    uc_context_free: f('int uc_context_free(void *context)'),
  } as unknown as UnicornApi;
  const libc = {
    mmap: libcHandle.func('void *mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)'),
    munmap: libcHandle.func('int munmap(void *addr, size_t length)'),
    madvise: libcHandle.func('int madvise(void *addr, size_t length, int advice)'),
  } as unknown as LibcApi;
  // Anonymous prototypes: named ones are process-global in koffi, and Jest loads this module once
  // per test file into the same process.
  const callbacks: UnicornCallbackTypes = {
    code: koffi.pointer(koffi.proto('void', ['void *', 'uint64_t', 'uint32_t', 'void *'])),
    intr: koffi.pointer(koffi.proto('void', ['void *', 'uint32_t', 'void *'])),
    syscall: koffi.pointer(koffi.proto('void', ['void *', 'void *'])),
    cpuid: koffi.pointer(koffi.proto('int', ['void *', 'void *'])),
    memInvalid: koffi.pointer(koffi.proto('bool', ['void *', 'int', 'uint64_t', 'int', 'int64_t', 'void *'])),
    memAccess: koffi.pointer(koffi.proto('void', ['void *', 'int', 'uint64_t', 'int', 'int64_t', 'void *'])),
  };

  const major = [0];
  const minor = [0];
  api.uc_version(major, minor);
  binding = { uc: api, libc, callbacks, version: [major[0], minor[0]] };
  return binding;
}

/** Throws a `UnicornError` naming the call when a uc_* function fails. */
export function check(err: number, call: string): void {
  if (err !== UcErr.Ok) {
    throw new UnicornError(`${call} failed: ${unicorn().uc.uc_strerror(err)}`, call, err);
  }
}

/** koffi's view over host memory; isolated here so the rest of emu/ never imports koffi. */
export function hostView(ptr: bigint, length: number): ArrayBuffer {
  return koffi.view(ptr, length);
}

/** Registers a JS function as a C callback of the given prototype; returns the function pointer. */
export function registerCallback(fn: (...args: never[]) => unknown, type: koffi.TypeObject): bigint {
  return koffi.register(fn as unknown as Function, type);
}

export function unregisterCallback(ptr: bigint): void {
  koffi.unregister(ptr);
}
