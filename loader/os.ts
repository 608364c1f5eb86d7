/**
 * The emulated operating system of one process, as emulated APIs see it.
 *
 * Each part is a small object with one concern: the process parameters, the loaded modules, the
 * current thread (its TEB holds LastErrorValue and the TLS slots), the heaps, the kernel handle
 * table and the host streams that back the console. Emulated DLL functions receive an `Os` through
 * their `ApiContext` and touch guest state only through it and through guest memory.
 */
import type { Machine, Memory } from '../emu';
import type { GuestFileSystem } from './fs/file-system';

export interface ProcessInfo {
  /** Full guest path of the executable, e.g. `C:\app\hello.exe`. */
  readonly imagePath: string;
  /** The command line as Windows keeps it (program name quoted when it has spaces). */
  readonly commandLine: string;
  /** argv as the C runtime splits the command line (program first). */
  readonly argv: readonly string[];
  /** The environment: names are case-insensitive on Windows; this map keeps the guest's spelling. */
  readonly environment: Map<string, string>;
  /** Guest addresses of the command line in ANSI and UTF-16, owned by the process parameters. */
  readonly commandLineA: bigint;
  readonly commandLineW: bigint;
  /** Guest address of the UTF-16 environment block (NAME=VALUE\0…\0). */
  readonly environmentBlockW: bigint;
  readonly imageBase: bigint;
  readonly pebAddress: bigint;
}

export interface LoadedModule {
  /** File name as loaded, e.g. `KERNEL32.dll`, `hello.exe`. */
  readonly name: string;
  readonly path: string;
  readonly base: bigint;
  readonly size: number;
  readonly entryPoint: bigint;
  /** True for DLLs clremu emulates in TypeScript rather than maps from a file. */
  readonly emulated: boolean;
}

export interface ModuleManager {
  /** The main executable. */
  readonly main: LoadedModule;
  list(): readonly LoadedModule[];
  /** GetModuleHandle: by name (case-insensitive, `.dll` optional), or the main image for null. */
  byName(name: string | null): LoadedModule | undefined;
  byAddress(addr: bigint): LoadedModule | undefined;
  /** GetProcAddress semantics, forwarders followed; undefined when absent. */
  exportAddress(module: LoadedModule, nameOrOrdinal: string | number): bigint | undefined;
  /** LoadLibrary: maps (or finds) the module, runs its DllMain/TLS callbacks on first load. */
  load(name: string): LoadedModule;
  /** FreeLibrary: drops one reference; false when the handle is not a loaded module. */
  free(base: bigint): boolean;
}

export interface ThreadState {
  readonly id: number;
  readonly tebAddress: bigint;
  readonly stackBase: bigint;
  readonly stackLimit: bigint;
  /** LastErrorValue in the TEB. */
  lastError: number;
  /** TlsAlloc slots live in the TEB (TlsSlots, then TlsExpansionSlots). */
  tlsAlloc(): number;
  tlsFree(index: number): boolean;
  tlsGet(index: number): bigint;
  tlsSet(index: number, value: bigint): boolean;
}

/** A heap in guest memory (the process heap, HeapCreate heaps, the C runtime's malloc). */
export interface GuestHeap {
  readonly handle: bigint;
  alloc(size: number, zero: boolean): bigint; // 0n when out of memory
  free(addr: bigint): boolean; // false for an address this heap did not hand out
  realloc(addr: bigint, size: number, zero: boolean): bigint;
  sizeOf(addr: bigint): number; // -1 when not a live block of this heap
}

export interface HeapManager {
  readonly processHeap: GuestHeap;
  create(initialSize: number, maximumSize: number): GuestHeap;
  byHandle(handle: bigint): GuestHeap | undefined;
  destroy(handle: bigint): boolean;
}

/** A kernel object reachable through a HANDLE. */
export interface KernelObject {
  readonly type: string; // 'console', 'file', 'event', 'mutex', 'module', …
  close?(): void;
}

export interface HandleTable {
  add(object: KernelObject): bigint;
  get<T extends KernelObject>(handle: bigint, type?: string): T | undefined;
  close(handle: bigint): boolean;
  /** The console handles GetStdHandle returns (STD_INPUT/OUTPUT/ERROR_HANDLE). */
  std(which: 'input' | 'output' | 'error'): bigint;
}

/** Where the guest's console bytes go and come from on the host, unchanged. */
export interface HostIo {
  writeStdout(bytes: Uint8Array): void;
  writeStderr(bytes: Uint8Array): void;
  /** Reads up to `max` bytes of standard input; an empty result is end of file. */
  readStdin(max: number): Uint8Array;
}

/** The guest's notion of time: virtual and deterministic, advanced by the run itself. */
export interface VirtualClock {
  /** 100-ns intervals since 1601-01-01 (FILETIME). */
  systemTime(): bigint;
  /** Milliseconds since boot (GetTickCount64). */
  tickCount(): bigint;
  /** QueryPerformanceCounter and its frequency. */
  performanceCounter(): bigint;
  readonly performanceFrequency: bigint;
  /** Random bytes from the run's seeded stream (never host entropy: runs stay reproducible). */
  randomBytes(count: number): Uint8Array;
}

export interface Os {
  readonly machine: Machine;
  readonly memory: Memory;
  readonly process: ProcessInfo;
  readonly modules: ModuleManager;
  readonly thread: ThreadState;
  readonly heaps: HeapManager;
  readonly handles: HandleTable;
  readonly io: HostIo;
  readonly clock: VirtualClock;
  /** The guest's file system (mounts); absent in test processes, which see none (loader/fs fileSystemOf). */
  readonly fs?: GuestFileSystem;
  /** A `[loader]`-style trace line when the user asked for that channel; cheap when off. */
  trace(channel: 'loader' | 'api', message: string): void;
  /** Calls guest code (callbacks: atexit handlers, TLS callbacks, qsort comparators …). */
  callGuest(fn: bigint, args: bigint[]): bigint;
  /** Ends the process (ExitProcess, exit): never returns. */
  exit(code: number): never;
}
