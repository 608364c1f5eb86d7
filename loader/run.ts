/**
 * One run of a process, start to end: parse the EXE, build the process (PEB, TEB, stack, heaps,
 * handles), map the EXE and its DLLs, run TLS callbacks and DllMains in dependency order, call the
 * entry point as BaseThreadInitThunk would, and turn what happened into a `RunResult`.
 *
 * Outcomes, and what the CLI makes of them:
 * - exited: ExitProcess/exit, or the entry point returned (its EAX is the exit code);
 * - crashed: a guest fault nobody handled (access violation, stack overflow, …), an exception the
 *   program raised, or a budget/timeout stop; `exitCode` is the NTSTATUS, as Windows reports it;
 * - failed: the load failed (DLL not found, bad image, …) or the program called an API clremu does
 *   not implement; the error is typed and names what is missing.
 * Host exceptions from clremu itself are not caught here: they are bugs and the CLI says so.
 *
 * Stack growth: a guard-page fault inside the main stack commits the next page and the run resumes
 * at the faulting instruction (registers are left there by the machine); when the stack cannot
 * grow, the run ends with STATUS_STACK_OVERFLOW.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Fault, GuestExit, GuestFault, MemoryError, Machine, Reg, type CallOptions, type Memory } from '../emu';
import { ProcessHandleTable } from './handles';
import { HeapSet } from './heap';
import { VirtualClock } from './clock';
import { UnimplementedApiError } from './dlls/api';
import { GuestExceptionRaised } from './dlls/kernel32/errhandlingapi';
import { DeadlockError } from './dlls/kernel32/synchapi';
import { createKnownDlls, type DllRegistry } from './dlls/registry';
import { ImplicitTls } from './image/tls';
import { Modules, type ModuleRecord } from './modules';
import type { HostIo, LoadedModule, ProcessInfo } from './os';
import { BadImageFormatError, parsePe, parsePeMapped, type PeImage } from './pe';
import { defaultEnvironment, setVariable } from './process/environment';
import { GuestFileSystem, type Mount } from './fs';
import { LoaderError, ManagedRuntimeMissingError, NtStatus, UnsupportedImageError } from './process/errors';
import { GuestOs, ProcessHostIo, type TraceSink } from './process/guest-os';
import { TLS_ARRAY_SIZE } from './process/layout';
import { ProcessSpace } from './process/process';
import { applyContext, createModuleLookup, type Context64, type FunctionLookup } from './unwind';
import { dispatchException, dispatchFault, functionLookup, isDispatchable } from './seh';

export interface RunOptions {
  /** Host path of the EXE (its directory is the application directory for DLL search). */
  imagePath: string;
  /** The EXE's bytes, when the caller already has them (the file at imagePath is then not read). */
  bytes?: Uint8Array;
  /** Arguments after the program name. */
  args?: readonly string[];
  io?: HostIo;
  trace?: TraceSink;
  /** Instruction budget for the whole run (DllMains and callbacks included). */
  maxInstructions?: number;
  /** Wall-clock limit for the whole run, in milliseconds. */
  timeoutMs?: number;
  /** Map every image away from its preferred base (exercises relocations). */
  rebase?: boolean;
  /** The known (emulated) DLLs; `createKnownDlls()` when absent. */
  registry?: DllRegistry;
  /** Extra environment variables for the guest (`--env`), added to the default set or replacing its entries. */
  environment?: Record<string, string>;
  /** Host directories the guest sees (`--mount`, checked by loader/fs createMounts); none by default. */
  mounts?: readonly Mount[];
  /** The guest's directory for the EXE and its DLLs (default `C:\app`). */
  guestDirectory?: string;
  /** Called while the crashed process still exists, to build a crash report. */
  onCrash?: (crash: CrashContext) => void | Promise<void>;
  /** Watches the run from outside (instruction traces): see `RunObserver`. */
  observer?: RunObserver;
  /** Seed of the guest's virtual clock and random bytes (loader/clock.ts); 0 by default. */
  seed?: bigint;
}

/**
 * Hooks for tools that watch a run (src/trace). `started` comes once the process exists and before
 * any guest instruction runs (DllMains, TLS callbacks and the entry follow); `resumedAfterFault`
 * when the OS fixed a fault (stack growth) and the faulting instruction is about to run again;
 * `dispatchingFault` before a fault goes to the guest's exception handlers; `finished` after the
 * run (after `onCrash` for a crash), while the machine is still open.
 */
export interface RunObserver {
  started?(run: { readonly machine: Machine; readonly modules: () => readonly LoadedModule[] }): void;
  resumedAfterFault?(fault: Fault): void;
  dispatchingFault?(fault: Fault): void;
  finished?(result: RunResult): void;
}

/**
 * The exception a crash reports: a machine Fault, or one the OS layer derived from it (a guard-page
 * fault that became STATUS_STACK_OVERFLOW, a RaiseException code), with the NTSTATUS in `code`.
 */
export interface ReportedFault {
  readonly kind: string;
  readonly rip: bigint;
  readonly address?: bigint;
  readonly access?: 'read' | 'write' | 'execute';
  readonly code: number;
  describe(): string;
}

/** Reports `fault` under a different exception code (and says why). */
function withCode(fault: Fault, kind: string, code: number, what: string): ReportedFault {
  return {
    kind, rip: fault.rip, address: fault.address, access: fault.access, code,
    describe: () => `${what} (0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}) at 0x${fault.rip.toString(16)}`,
  };
}

/** Everything a crash report needs, valid only during `onCrash`. */
export interface CrashContext {
  readonly fault: ReportedFault;
  readonly context: Context64;
  readonly memory: Memory;
  readonly machine: Machine;
  readonly modules: readonly LoadedModule[];
  readonly lookup: FunctionLookup;
  /** A one-line cause when the fault was synthesized from an API call (e.g. a bad pointer). */
  readonly note?: string;
}

export type RunResult =
  | { kind: 'exited'; exitCode: number }
  | { kind: 'crashed'; exitCode: number; fault: ReportedFault; note?: string }
  | { kind: 'failed'; exitCode: number; error: Error };

/** Stack committed before any guest code runs (for DllMain, TLS callbacks and CRT callbacks). */
const PRECOMMITTED_STACK = 0x4_0000n;

/** The exit status of a failed run whose error carries no NTSTATUS (e.g. an unimplemented API). */
export const CLREMU_FAILURE_EXIT = 2;

/** Tracks the run's instruction budget and deadline across nested runs. */
class Limits {
  private readonly deadline?: number;
  private readonly start: bigint;
  constructor(
    private readonly machine: Machine,
    private readonly maxInstructions?: number,
    timeoutMs?: number,
  ) {
    this.deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
    this.start = machine.instructionsExecuted;
  }
  current(): CallOptions {
    const used = Number(this.machine.instructionsExecuted - this.start);
    return {
      maxInstructions: this.maxInstructions === undefined ? undefined : Math.max(1, this.maxInstructions - used),
      timeoutMs: this.deadline === undefined ? undefined : Math.max(1, this.deadline - performance.now()),
    };
  }
}

export async function runImage(options: RunOptions): Promise<RunResult> {
  const name = path.basename(options.imagePath);
  const trace = (message: string): void => options.trace?.('loader', message);
  let bytes: Uint8Array;
  try {
    bytes = options.bytes ?? fs.readFileSync(options.imagePath);
  } catch (err) {
    return { kind: 'failed', exitCode: CLREMU_FAILURE_EXIT, error: new ImageFileError(options.imagePath, (err as NodeJS.ErrnoException).code ?? 'unreadable') };
  }
  let pe: PeImage;
  try {
    pe = parsePe(bytes, name);
  } catch (err) {
    if (err instanceof BadImageFormatError) return { kind: 'failed', exitCode: NtStatus.InvalidImageFormat & 0xff, error: err };
    throw err;
  }
  trace(`parsed ${name}: ${pe.is64 ? 'PE32+' : 'PE32'} ${pe.isDll ? 'DLL' : 'EXE'}, machine 0x${pe.fileHeader.machine.toString(16)}, ImageBase 0x${pe.optionalHeader.imageBase.toString(16)}, entry RVA 0x${pe.optionalHeader.addressOfEntryPoint.toString(16)}`);
  if (pe.isDll) {
    return { kind: 'failed', exitCode: NtStatus.InvalidImageFormat & 0xff, error: new UnsupportedImageError(name, 'is a DLL, not an executable; load it from an EXE') };
  }
  const registry = options.registry ?? createKnownDlls();
  const managed = pe.isManaged;
  trace(managed ? `${name} is managed (data directory 14, COM descriptor, is present)` : `${name} is native (no COM descriptor)`);
  if (managed && !hasManagedRuntime(registry)) {
    return { kind: 'failed', exitCode: NtStatus.InvalidImageFormat & 0xff, error: new ManagedRuntimeMissingError(name) };
  }

  const machine = Machine.create();
  try {
    const result = await runInMachine(machine, options, registry, name, pe, trace);
    options.observer?.finished?.(result);
    return result;
  } finally {
    machine.close();
  }
}

async function runInMachine(
  machine: Machine, options: RunOptions, registry: DllRegistry, name: string, pe: PeImage, trace: (m: string) => void,
): Promise<RunResult> {
  const limits = new Limits(machine, options.maxInstructions, options.timeoutMs);
  const guestDirectory = options.guestDirectory ?? 'C:\\app';
  const environment = defaultEnvironment();
  for (const [k, v] of Object.entries(options.environment ?? {})) setVariable(environment, k, v);
  let space: ProcessSpace | undefined;
  let modules: Modules | undefined;
  let entryStarted = false;
  try {
    space = new ProcessSpace(machine.memory, {
      imagePath: `${guestDirectory}\\${name}`,
      args: options.args ?? [],
      environment,
      currentDirectory: guestDirectory,
      stackReserve: pe.optionalHeader.sizeOfStackReserve,
      stackCommit: pe.optionalHeader.sizeOfStackCommit,
    });
    const sp = space;
    const io = options.io ?? new ProcessHostIo();
    // The process heap is created on first use: after the EXE is mapped (so it never takes the
    // EXE's preferred base) and before anything allocates (emulated DLLs' data, DllMain).
    let heapSet: HeapSet | undefined;
    const heaps = (): HeapSet => {
      if (!heapSet) {
        heapSet = new HeapSet(machine.memory);
        sp.setProcessHeap(heapSet.processHeap.handle);
        trace(`process heap at 0x${heapSet.processHeap.handle.toString(16)}`);
      }
      return heapSet;
    };
    const handles = new ProcessHandleTable(io);
    sp.setStandardHandles(handles.std('input'), handles.std('output'), handles.std('error'));
    const tls = new ImplicitTls(machine.memory, sp.tlsArray, TLS_ARRAY_SIZE / 8, (size) => sp.arena.alloc(size, 16));
    let os: GuestOs | undefined;
    const mods = new Modules({
      machine, registry, space: sp, tls, trace, os: () => os!,
      hostAppDirectory: path.dirname(path.resolve(options.imagePath)), guestAppDirectory: guestDirectory, forceRebase: options.rebase === true,
    });
    modules = mods;
    options.observer?.started?.({ machine, modules: () => mods.list() });
    let imageBase = 0n;
    const processInfo: ProcessInfo = {
      imagePath: `${guestDirectory}\\${name}`,
      commandLine: sp.commandLine,
      argv: sp.argv,
      environment,
      commandLineA: sp.commandLineA,
      commandLineW: sp.commandLineW,
      environmentBlockW: sp.environmentBlockW,
      get imageBase() {
        return imageBase;
      },
      pebAddress: sp.peb.address,
    };
    const clock = new VirtualClock(options.seed ?? 0n);
    const fileSystem = new GuestFileSystem({ mounts: options.mounts ?? [], appDirectory: guestDirectory, currentDirectory: guestDirectory, now: () => clock.systemTime() });
    os = new GuestOs({
      machine, process: processInfo, modules: mods, thread: () => sp.thread, heaps, handles, io, clock, fs: fileSystem,
      trace: options.trace, callLimits: () => limits.current(),
    });
    const guestOs = os;

    let managedEntry: bigint | undefined;
    const main = mods.loadMain(options.imagePath, pe, {
      allowPe32: pe.isManaged,
      afterMapped: () => startMainThread(machine, sp, trace),
      preload: ['ntdll.dll', 'kernel32.dll'].filter((d) => registry.has(d)),
      beforeImports: pe.isManaged ? (m) => {
        const r = validateManagedImage(machine, guestOs, sp, mods, m, trace);
        managedEntry = r.entry;
        return r.pe;
      } : undefined,
    });
    imageBase = main.base;
    heaps();
    mods.initializeDlls(true);
    mods.runMainTlsCallbacks();

    const entry = managedEntry ?? main.entryPoint;
    if (entry === 0n) throw new LoaderError(NtStatus.InvalidImageFormat, `${name} has no entry point (AddressOfEntryPoint is 0)`);
    trace(`entry ${managedEntry !== undefined ? 'mscoree.dll!_CorExeMain' : `${name}+0x${(entry - main.base).toString(16)}`} at 0x${entry.toString(16)}`);
    entryStarted = true;
    return await runEntry(machine, sp, entry, limits, options, mods, guestOs);
  } catch (err) {
    return await failure(err, machine, options, modules, entryStarted);
  }
}

/** The initial thread: stack and TEB, GS pointing at the TEB, RSP ready for host-initiated calls. */
function startMainThread(machine: Machine, sp: ProcessSpace, trace: (m: string) => void): void {
  const thread = sp.startMainThread();
  const stack = thread.stack;
  // Host-initiated guest calls cannot resume after a guard-page fault, so they get committed
  // stack up front (see ThreadStack.precommit); the entry point's own run grows on demand.
  stack.precommit(PRECOMMITTED_STACK);
  thread.syncStackLimit();
  trace(`main thread: TEB 0x${thread.tebAddress.toString(16)}, PEB 0x${sp.peb.address.toString(16)}, stack 0x${stack.limit.toString(16)}-0x${stack.base.toString(16)} committed (reserved from 0x${stack.reservationBase.toString(16)})`);
  machine.setReg(Reg.GS_BASE, thread.tebAddress);
  // Host-side guest calls before the entry (DllMain, TLS callbacks, _CorValidateImage) run here.
  machine.setReg(Reg.RSP, stack.base - 0x40n);
}

/** Calls the entry point the way BaseThreadInitThunk does, and handles stack growth. */
async function runEntry(machine: Machine, space: ProcessSpace, entry: bigint, limits: Limits, options: RunOptions, modules: Modules, os: GuestOs): Promise<RunResult> {
  // Returning from the entry point lands on this gate, which ends the process with EAX, as
  // BaseThreadInitThunk's call to ExitThread/ExitProcess would.
  const returnGate = machine.gates.define('kernel32!BaseThreadInitThunk', (call) => {
    throw new GuestExit(Number(call.machine.reg(Reg.RAX) & 0xffff_ffffn));
  });
  const stack = space.thread.stack;
  let sp = stack.base - 0x30n;
  sp -= sp % 16n;
  sp -= 8n;
  machine.memory.setU64(sp, returnGate);
  machine.setReg(Reg.RSP, sp);
  machine.setReg(Reg.RCX, space.peb.address);
  let begin = entry;
  for (;;) {
    const outcome = machine.run({ begin, until: returnGate + 1n, ...limits.current() });
    switch (outcome.kind) {
      case 'exited':
        return processExit(modules, outcome.code >>> 0);
      case 'returned':
        return processExit(modules, Number(machine.reg(Reg.RAX) & 0xffff_ffffn));
      case 'stopped':
        throw new LoaderError(NtStatus.Success, 'the run was stopped');
      case 'fault': {
        const fault = outcome.fault;
        if (fault.kind === 'guard-page' && fault.address !== undefined && stack.contains(fault.address)) {
          const grown = stack.onGuardPage(fault.address);
          space.thread.syncStackLimit();
          if (grown === 'grown') {
            options.observer?.resumedAfterFault?.(fault);
            begin = machine.reg(Reg.RIP);
            continue;
          }
          const overflow = withCode(fault, 'stack-overflow', NtStatus.StackOverflow, 'stack overflow');
          // Windows raises STATUS_STACK_OVERFLOW through the process's exception dispatch on the
          // page the guard left: a runtime's vectored handler may end the process its own way
          // (the CLR's fail-fast); nobody handling it is the crash it always was.
          const dispatched = dispatchStackOverflow(os, fault);
          if (dispatched) {
            applyContext(machine, dispatched);
            begin = dispatched.rip;
            continue;
          }
          return crash(machine, options, modules, overflow, 'the stack cannot grow past its reservation (STATUS_STACK_OVERFLOW)', os);
        }
        // --- Structured exception dispatch (loader/seh): vectored handlers, frame handlers and the
        // unhandled-exception filter see the fault first; only an unhandled one is a crash.
        if (isDispatchable(fault)) {
          options.observer?.dispatchingFault?.(fault);
          const outcome = dispatchFault(os, fault);
          if (outcome.kind === 'resume') {
            applyContext(machine, outcome.context);
            begin = outcome.context.rip;
            continue;
          }
          if (outcome.record.code !== fault.code) {
            return crash(machine, options, modules, withCode(fault, 'nested-exception', outcome.record.code, 'exception raised while dispatching'), undefined, os);
          }
        }
        // --- end of structured exception dispatch
        return crash(machine, options, modules, fault, undefined, os);
      }
    }
  }
}

/**
 * Dispatches STATUS_STACK_OVERFLOW for `fault` (the last guard page was touched). The context to
 * resume at when a handler continued execution; undefined when nobody handled it or the
 * dispatcher itself ran out of stack (then the registers are restored to the fault's for the
 * crash report). A handler that ends the process throws GuestExit, which ends the run as an exit.
 */
function dispatchStackOverflow(os: GuestOs, fault: Fault): Context64 | undefined {
  const saved = captureContext(os.machine, fault);
  const record = { code: NtStatus.StackOverflow, flags: 0, nested: 0n, address: fault.rip, information: [fault.access === 'write' ? 1n : 0n, fault.address ?? 0n] };
  try {
    const outcome = dispatchException(os, record, { ...saved });
    if (outcome.kind === 'resume') return outcome.context;
  } catch (err) {
    if (!(err instanceof GuestFault)) throw err;
  }
  applyContext(os.machine, saved);
  return undefined;
}

/**
 * ExitProcess's last step: DLL_PROCESS_DETACH notifications. A second ExitProcess from a
 * detach routine ends them early, keeping the first exit code; a fault there is a crash, as on Windows.
 */
function processExit(modules: Modules, code: number): RunResult {
  try {
    modules.detachAll();
  } catch (err) {
    if (!(err instanceof GuestExit)) throw err;
  }
  return { kind: 'exited', exitCode: code };
}

/** Maps the outcome of an exception escaping the load or the run. */
async function failure(err: unknown, machine: Machine, options: RunOptions, modules: Modules | undefined, entryStarted: boolean): Promise<RunResult> {
  if (err instanceof GuestExit) return { kind: 'exited', exitCode: err.code >>> 0 };
  if (err instanceof GuestFault) {
    // The fault happened in guest code the host called (DllMain, a TLS callback, a CRT callback):
    // the machine has restored the caller's registers, so only RIP and the fault are exact.
    const where = entryStarted ? 'in guest code called back from an emulated API' : 'during process initialization (DllMain or TLS callback)';
    return crash(machine, options, modules, err.fault, `${where}; registers and stack below are those at the call into the guest, only the fault line is exact`);
  }
  if (err instanceof GuestExceptionRaised) {
    const raised = new Fault({ kind: 'breakpoint', rip: err.returnAddress });
    return crash(machine, options, modules, withCode(raised, 'raised-exception', err.code >>> 0, 'exception raised by RaiseException'), err.message);
  }
  if (err instanceof MemoryError) {
    // An emulated API touched a bad guest pointer: on Windows the API itself would fault.
    const ret = machine.memory.isAccessible(machine.reg(Reg.RSP), 8, 'read') ? machine.memory.u64(machine.reg(Reg.RSP)) : 0n;
    const fault = new Fault({ kind: 'access-violation', rip: ret, address: err.address, access: 'read', detail: 'inside an emulated API' });
    return crash(machine, options, modules, fault, `an emulated API was given a bad pointer: ${err.message}`);
  }
  const status = processEndingStatus(err);
  if (status !== undefined) {
    // The emulated OS ended the process the way Windows does for this condition (heap
    // corruption, an invalid CRT parameter, …): a crash with that status at the API's caller.
    const ret = machine.memory.isAccessible(machine.reg(Reg.RSP), 8, 'read') ? machine.memory.u64(machine.reg(Reg.RSP)) : 0n;
    const raised = new Fault({ kind: 'breakpoint', rip: ret, detail: 'inside an emulated API' });
    return crash(machine, options, modules, withCode(raised, 'process-ending-error', status, (err as Error).name), (err as Error).message);
  }
  if (err instanceof DeadlockError) return { kind: 'failed', exitCode: CLREMU_FAILURE_EXIT, error: err };
  if (err instanceof LoaderError) return { kind: 'failed', exitCode: err.status & 0xff, error: err };
  if (err instanceof BadImageFormatError) return { kind: 'failed', exitCode: NtStatus.InvalidImageFormat & 0xff, error: err };
  if (err instanceof UnimplementedApiError) return { kind: 'failed', exitCode: CLREMU_FAILURE_EXIT, error: err };
  throw err;
}

/** The NTSTATUS of an error an emulated API raises to end the process (`ntstatus` on the error). */
function processEndingStatus(err: unknown): number | undefined {
  if (!(err instanceof Error)) return undefined;
  const status = (err as { ntstatus?: unknown }).ntstatus;
  return typeof status === 'number' ? status >>> 0 : undefined;
}

/**
 * Reports a crash. With the process's `os`, stack walks use every function table the process
 * knows (images, RtlAddFunctionTable, the managed code heap), so JIT-compiled frames show too.
 */
async function crash(machine: Machine, options: RunOptions, modules: Modules | undefined, fault: ReportedFault, note?: string, os?: GuestOs): Promise<RunResult> {
  if (options.onCrash) {
    const memory = machine.memory;
    const list = modules?.list() ?? [];
    await options.onCrash({
      fault, memory, machine, note,
      context: captureContext(machine, fault),
      modules: list,
      lookup: os ? functionLookup(os) : createModuleLookup(memory, () => list),
    });
  }
  return { kind: 'crashed', exitCode: fault.code >>> 0, fault, note };
}

function captureContext(machine: Machine, fault: ReportedFault): Context64 {
  const r = (x: Reg): bigint => machine.reg(x);
  return {
    rax: r(Reg.RAX), rcx: r(Reg.RCX), rdx: r(Reg.RDX), rbx: r(Reg.RBX), rsp: r(Reg.RSP), rbp: r(Reg.RBP), rsi: r(Reg.RSI), rdi: r(Reg.RDI),
    r8: r(Reg.R8), r9: r(Reg.R9), r10: r(Reg.R10), r11: r(Reg.R11), r12: r(Reg.R12), r13: r(Reg.R13), r14: r(Reg.R14), r15: r(Reg.R15),
    rip: fault.rip, rflags: r(Reg.RFLAGS),
  };
}

function hasManagedRuntime(registry: DllRegistry): boolean {
  const mscoree = registry.lookup('mscoree.dll');
  return mscoree !== undefined && '_CorValidateImage' in mscoree.exports && '_CorExeMain' in mscoree.exports;
}

/**
 * The managed hand-off, as Windows' loader does it for an image with a COM descriptor: load
 * mscoree.dll, call `_CorValidateImage(&ImageBase, FileName)` (which may rewrite a PE32 IL-only
 * image into PE32+ in place), re-read the headers from guest memory, and make `_CorExeMain` (or
 * `_CorDllMain`) the entry point.
 */
function validateManagedImage(machine: Machine, os: GuestOs, space: ProcessSpace, modules: Modules, main: ModuleRecord, trace: (m: string) => void): { pe: PeImage; entry: bigint } {
  const mscoree = modules.load('mscoree.dll');
  const validate = modules.exportAddress(mscoree, '_CorValidateImage');
  const entryName = main.isDll ? '_CorDllMain' : '_CorExeMain';
  const entry = modules.exportAddress(mscoree, entryName);
  if (validate === undefined || entry === undefined) throw new ManagedRuntimeMissingError(main.name);
  const slot = space.arena.alloc(8, 8);
  machine.memory.setU64(slot, main.base);
  const fileName = space.arena.wString(main.path);
  trace(`managed hand-off: mscoree.dll!_CorValidateImage(0x${main.base.toString(16)}, "${main.path}")`);
  const hr = Number(os.callGuest(validate, [slot, fileName]) & 0xffff_ffffn);
  if (hr !== 0) throw new LoaderError(hr, `mscoree.dll!_CorValidateImage rejected ${main.name} (HRESULT 0x${hr.toString(16).padStart(8, '0')})`);
  const memory = machine.memory;
  const pe = parsePeMapped({ read: (rva, length) => memory.read(main.base + BigInt(rva), Math.min(length, main.size - rva)) }, main.name);
  trace(`managed hand-off: headers re-read (${pe.is64 ? 'PE32+' : 'PE32'}), entry is mscoree.dll!${entryName}`);
  return { pe, entry };
}

/** The EXE file itself could not be read. */
export class ImageFileError extends Error {
  override name = 'ImageFileError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot read ${path}: ${reason}`);
  }
}
