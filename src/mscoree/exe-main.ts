/**
 * `_CorExeMain`: the managed entry point the loader redirected a managed EXE to (design.md
 * "One run, as data flows"; Mono's mono_runtime_exec_main is the behavioural model).
 *
 *  1. start the runtime (src/vm): binder over the application directory, then the class library
 *     and its Facades; the corlib binds lazily, when first named;
 *  2. open the main assembly, resolve the CLI header's EntryPointToken and check Main's shape;
 *  3. build `string[] args` in the managed heap from the process arguments, program name excluded;
 *  4. continue (a gate tail call) at a boot thunk in the code heap that calls Main through its
 *     precode and passes the result — int Main's return value, 0 for void Main — to
 *     kernel32!ExitProcess, as the CLR's _CorExeMain does. Main runs at the top of the initial
 *     thread's stack, so stack growth, faults and crash reports work as for native code.
 *
 * An unhandled managed exception prints what .NET Framework prints and ends the process with
 * the CLR's exception code 0xE0434352. Faults in JIT-compiled code reach the runtime through a
 * vectored exception handler it registers first (src/vm/exceptions/faults.ts).
 */
import * as path from 'path';
import type { ApiContext } from '../../loader/dlls/api';
import type { GcOptions } from '../vm/gc/collector';
import { Runtime, type RuntimeTrace } from '../vm/runtime';
import { prepareForMain } from '../vm/startup';
import type { StartupProfile } from '../vm/startup-profile';
import type { CrashContext } from '../../loader/run';
import { functionLookup } from '../../loader/seh';
import type { Os } from '../../loader/os';
import type { HardwareFault, UnhandledManagedException } from '../vm/errors';
import { installManagedFaultHandler, registerCodeHeapWithSeh } from '../vm/exceptions';

/** The exit code of a process that dies of an unhandled managed exception (the CLR's SEH code). */
export const CLR_UNHANDLED_EXCEPTION_CODE = 0xe0434352;

export interface ManagedHostOptions {
  /** Host directory holding the EXE (its guest directory maps to it). */
  appDirectory: string;
  /** Class library directory (`--bcl`); default `CLREMU_BCL`, else Mono's 4.5 directory. */
  bclDirectory?: string;
  /** Receives `[jit]` and runtime `[loader]` events. */
  trace?: RuntimeTrace;
  /** Garbage collector options (`--gc-stats` hooks `onCreated` to print statistics at exit). */
  gc?: GcOptions;
  /** Times the run's phases (`--startup-profile`). */
  profile?: StartupProfile;
  /** Hears of the runtime once it exists (traces name JIT-compiled code through its code map). */
  onRuntime?: (rt: Runtime) => void;
  /**
   * An unhandled managed exception that a hardware fault raised (an AccessViolationException from
   * a wild write …): called with the original fault, while the process still exists, before the
   * unhandled-exception output (crash reports and minidumps show the fault, as a Windows dump would).
   */
  onUnhandledFault?: (crash: CrashContext) => void;
}

/** The crash context of a hardware fault that became an unhandled managed exception. */
function crashOfFault(os: Os, fault: HardwareFault): CrashContext {
  const code = fault.code >>> 0;
  const codeHex = `0x${code.toString(16).toUpperCase().padStart(8, '0')}`;
  const kind = code === 0xc0000005 ? 'access-violation' : 'managed-fault';
  return {
    fault: {
      kind, rip: fault.rip, address: fault.address, access: fault.access, code,
      describe: () => `${kind === 'access-violation' ? `access violation ${fault.access ?? 'read'} of 0x${(fault.address ?? 0n).toString(16)}` : `exception ${codeHex}`} at 0x${fault.rip.toString(16)} (unhandled as a managed exception)`,
    },
    context: fault.context,
    memory: os.memory,
    machine: os.machine,
    modules: os.modules.list(),
    lookup: functionLookup(os),
    note: 'the fault became a managed exception that no handler caught',
  };
}

const hex = (a: bigint): string => `0x${a.toString(16)}`;

/**
 * The boot thunk: `sub rsp,28h; [mov rcx,args]; call Main; [call exitCodeOfVoidMain]; mov ecx,eax;
 * call ExitProcess; int3`. For a void Main the exit code is what `Environment.ExitCode` was set to,
 * which `voidMainExitCode` (a gate) answers.
 */
export function bootThunkBytes(main: bigint, args: bigint | null, voidMainExitCode: bigint | null, exitProcess: bigint): Uint8Array {
  const out: number[] = [0x48, 0x83, 0xec, 0x28];
  const imm64 = (v: bigint): number[] => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, v, true);
    return [...b];
  };
  if (args !== null) out.push(0x48, 0xb9, ...imm64(args));
  out.push(0x48, 0xb8, ...imm64(main), 0xff, 0xd0);
  if (voidMainExitCode !== null) out.push(0x48, 0xb8, ...imm64(voidMainExitCode), 0xff, 0xd0);
  out.push(0x89, 0xc1);
  out.push(0x48, 0xb8, ...imm64(exitProcess), 0xff, 0xd0);
  out.push(0xcc);
  return Uint8Array.from(out);
}

/** The `_CorExeMain` implementation; `ctx.call.jump` continues at the boot thunk. */
export function corExeMain(ctx: ApiContext, options: ManagedHostOptions): void {
  const os = ctx.os;
  const trace = (m: string): void => os.trace('loader', m);
  const rt = new Runtime({
    machine: os.machine,
    appDirectory: options.appDirectory,
    bclDirectory: options.bclDirectory,
    trace: options.trace ?? ((channel, message) => { if (channel === 'loader') trace(message); }),
    callGuest: (fn, args) => os.callGuest(fn, args),
    os,
    gc: options.gc,
    profile: options.profile,
    onUnhandledException: (e: UnhandledManagedException) => {
      if (e.hardwareFault) options.onUnhandledFault?.(crashOfFault(os, e.hardwareFault));
      os.io.writeStderr(new TextEncoder().encode(e.format().replace(/\n/g, '\r\n')));
      return os.exit(CLR_UNHANDLED_EXCEPTION_CODE);
    },
  });
  options.onRuntime?.(rt);
  // Faults in JIT-compiled code become managed exceptions (NullReferenceException …), and the
  // process's exception dispatch unwinds JIT frames with their own unwind info.
  installManagedFaultHandler(rt, os);
  registerCodeHeapWithSeh(rt, os);
  const guestPath = os.modules.main.path;
  const file = path.join(options.appDirectory, guestPath.replace(/^.*[\\/]/, ''));
  trace(`_CorExeMain: runtime started; binding ${guestPath} from ${file}`);
  const asm = rt.loadMainAssembly(file);
  const ep = rt.entryPoint(asm);
  trace(`_CorExeMain: EntryPointToken 0x${ep.method.token.toString(16).padStart(8, '0')} is ${ep.method.fullName} (${ep.takesArgs ? 'string[] args' : 'no arguments'}, returns ${ep.returnsInt ? 'int' : 'void'})`);
  const args = ep.takesArgs ? rt.mainArguments(os.process.argv.slice(1)) : null;
  const main = rt.entryOf(ep.method);
  prepareForMain(rt);
  const kernel32 = os.modules.byName('kernel32.dll');
  const exitProcess = kernel32 ? os.modules.exportAddress(kernel32, 'ExitProcess') : undefined;
  if (exitProcess === undefined) throw new MscoreeError('kernel32.dll!ExitProcess is not available to end the process after Main');
  const thunk = rt.code.writeStub(bootThunkBytes(main, args, ep.returnsInt ? null : os.machine.gates.define('mscoree!VoidMainExitCode', () => rt.icalls.exitCode), exitProcess), { kind: 'boot thunk', owner: ep.method.fullName });
  trace(`_CorExeMain: calling Main through precode ${hex(main)}${args !== null ? ` with args ${hex(args)}` : ''}; its result goes to ExitProcess`);
  ctx.call.jump(thunk);
}

/** The shim cannot do what was asked of it (a missing export it relies on, a DLL entry). */
export class MscoreeError extends Error {
  override name = 'MscoreeError';
}
