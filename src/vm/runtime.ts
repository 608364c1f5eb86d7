/**
 * One runtime instance inside one emulated process: it owns the binder, the type loader, the
 * guest heaps, the object allocator, the code manager, the prestub gate and the JIT helpers, and
 * offers what the mscoree shim and `clremu regression` need: load the main assembly, find and
 * call its entry point, build a `string[]`, run class constructors.
 *
 * Nothing is loaded at creation: the corlib binds on first reference (a signature naming
 * `int32`, `string[]` …), types load as code names them, methods compile on first call.
 */
import type { Machine } from '../../emu';
import type { Os } from '../../loader/os';
import type { CompileOptions } from '../jit/codegen/compile';
import { TableId, tokenRow, tokenTable } from '../metadata';
import type { Assembly } from './assembly';
import { AssemblyBinder, resolveBclDirectory } from './binder';
import { CodeManager } from './code-manager';
import { ExceptionDispatcher, ManagedExceptionEscape } from './exceptions';
import { EntryPointError, UnhandledManagedException } from './errors';
import { GarbageCollector, type GcOptions } from './gc/collector';
import { GcHandleType } from './gc/handles';
import { collectorIcalls } from './gc/icalls';
import { staticRefOffsets } from './gc/type-info';
import { RuntimeHeaps } from './heaps';
import { JitHelpers } from './helpers';
import type { FinalizationControl } from './icalls/gc';
import { IcallRuntime } from './icalls/state';
import { MethodAttr, type MethodDesc } from './method-desc';
import { ObjectAllocator } from './objects';
import { PInvokeRuntime } from './pinvoke/stub';
import { prestubHandler } from './prestub';
import { RuntimeTypes } from './reflection/runtime-types';
import { CctorState, TypeDesc, TypeKind } from './type-desc';
import { TypeLoader } from './type-loader';
import type { StartupProfile } from './startup-profile';

/** Trace channels the runtime writes to: `jit` (prestub/jit/backpatch, cctors) and `loader` (assemblies, types). */
export type RuntimeTraceChannel = 'jit' | 'loader';
export type RuntimeTrace = (channel: RuntimeTraceChannel, message: string) => void;

export interface RuntimeOptions {
  machine: Machine;
  /** Host directory of the application: the first place assemblies are probed. */
  appDirectory: string;
  /** Class library directory (default: `CLREMU_BCL`, else Mono's 4.5 directory). */
  bclDirectory?: string;
  trace?: RuntimeTrace;
  /** What an unhandled managed exception does; by default it is thrown to the host. */
  onUnhandledException?: (e: UnhandledManagedException) => never;
  /** Calls into the guest from the host (class constructors); default `machine.callGuest`. */
  callGuest?: (fn: bigint, args: bigint[]) => bigint;
  compileOptions?: CompileOptions;
  /**
   * The emulated process the runtime lives in: icalls reach its handles, clock, command line and
   * environment through it, and P/Invoke resolves targets through its module manager. Without
   * it, those icalls and every P/Invoke raise a named error when called.
   */
  os?: Os;
  /** Garbage collector settings; `CLREMU_GC_STRESS=1` in the environment turns on stress mode. */
  gc?: GcOptions;
  /** Times the run's phases (`--startup-profile`). */
  profile?: StartupProfile;
}

/** The entry point and how to call it (ECMA-335 §II.15.4.1.2). */
export interface EntryPoint {
  readonly method: MethodDesc;
  /** `Main(string[] args)` rather than `Main()`. */
  readonly takesArgs: boolean;
  /** Returns int32 (the exit code) rather than void. */
  readonly returnsInt: boolean;
}

export class Runtime {
  readonly machine: Machine;
  readonly binder: AssemblyBinder;
  readonly heaps: RuntimeHeaps;
  readonly types: TypeLoader;
  readonly objects: ObjectAllocator;
  /** The garbage collector that owns the managed heap (src/vm/gc). */
  readonly gc: GarbageCollector;
  readonly code: CodeManager;
  readonly helpers: JitHelpers;
  /** Managed exception dispatch (src/vm/exceptions). */
  readonly exceptions: ExceptionDispatcher;
  readonly compileOptions: CompileOptions;
  /** The emulated process (RuntimeOptions.os), if any. */
  readonly os: Os | undefined;
  /** Internal calls: the registry and their per-runtime state (src/vm/icalls). */
  readonly icalls: IcallRuntime;
  /** P/Invoke state (src/vm/pinvoke). */
  readonly pinvoke = new PInvokeRuntime();
  /** Reflection's type identity: one RuntimeType object per type (src/vm/reflection). */
  readonly reflection: RuntimeTypes;
  /** The collector's finalization queue, once there is one (GC._SuppressFinalize calls it). */
  finalization?: FinalizationControl;
  private prestubGate = 0n;
  private readonly traceSink?: RuntimeTrace;
  private readonly callGuestFn: (fn: bigint, args: bigint[]) => bigint;
  private readonly onUnhandled?: (e: UnhandledManagedException) => never;

  constructor(options: RuntimeOptions) {
    this.machine = options.machine;
    this.traceSink = options.trace;
    this.onUnhandled = options.onUnhandledException;
    const callGuest = options.callGuest ?? ((fn, args) => this.machine.callGuest(fn, args));
    // A nested guest call saves the caller's registers out of the stack scan's sight: keep them as roots.
    this.callGuestFn = (fn, args) => this.gc.withSavedRegisters(() => callGuest(fn, args));
    // CLREMU_JIT_DIVIDE=hardware: integer division faults in hardware (src/vm/exceptions/README.md).
    this.compileOptions = { ...(process.env.CLREMU_JIT_DIVIDE === 'hardware' ? { divideChecks: 'hardware' as const } : {}), ...options.compileOptions };
    this.os = options.os;
    this.icalls = new IcallRuntime(this);
    const bcl = resolveBclDirectory(options.bclDirectory);
    this.binder = new AssemblyBinder({
      appDirectory: options.appDirectory,
      bclDirectory: bcl,
      onLoad: (a) => this.trace('loader', `assembly ${a.name} loaded from ${a.filePath}`),
      profile: options.profile,
    });
    this.profile = options.profile ?? null;
    this.heaps = new RuntimeHeaps(this.machine.memory);
    this.code = new CodeManager(this.machine, this.heaps, () => this.prestub(), () => this.types.loadedTypes);
    this.types = new TypeLoader(this.binder, this.machine.memory, this.heaps, (md) => this.code.ensurePrecode(md));
    this.types.profile = this.profile;
    this.types.onStaticsAllocated = (t) => {
      this.gc.addStaticRoots(t.staticsBase, staticRefOffsets(t));
      this.initializeRuntimeStatics(t);
    };
    this.gc = this.createCollector(options.gc);
    this.finalization = this.gc;
    this.gc.addRootProvider(() => [this.icalls.tombstone]);
    this.gc.ephemeronTombstone = () => this.icalls.tombstone;
    this.reflection = new RuntimeTypes(this);
    this.icalls.registry.add(collectorIcalls);
    this.objects = new ObjectAllocator(this.machine.memory, this.heaps, this.gc, () => this.types.ensureLoaded(this.types.corlibType('System.String')));
    this.helpers = new JitHelpers(this);
    this.exceptions = new ExceptionDispatcher(this);
  }

  /** Calls guest code from the host (its registers stay GC roots meanwhile); returns RAX. */
  callGuest(fn: bigint, args: bigint[]): bigint {
    return this.callGuestFn(fn, args);
  }

  /** The collector, with the runtime as its host (types by MethodTable, finalizers through nested calls). */
  private createCollector(options: GcOptions = {}): GarbageCollector {
    let objectFinalize: MethodDesc | null | undefined;
    return new GarbageCollector({
      machine: this.machine,
      typeOfMethodTable: (mt) => this.types.typeOfMethodTable(mt),
      objectFinalize: () => {
        if (objectFinalize === undefined) {
          const obj = this.types.ensureLoaded(this.types.corlibType('System.Object'));
          objectFinalize = obj.vtable.find((m) => m.name === 'Finalize') ?? null;
        }
        return objectFinalize;
      },
      isStringType: (t) => t.assembly === this.binder.corlib && t.fullName === 'System.String',
      runFinalizer: (md, obj) => {
        this.trace('jit', `finalize ${md.fullName} on 0x${obj.toString(16)}`);
        this.callGuestFn(this.entryOf(md), [obj]);
      },
    }, { stress: process.env.CLREMU_GC_STRESS === '1', ...options });
  }

  trace(channel: RuntimeTraceChannel, message: string): void {
    this.traceSink?.(channel, message);
  }

  /** The shared prestub gate, defined on first use. */
  private prestub(): bigint {
    if (this.prestubGate === 0n) this.prestubGate = this.machine.gates.define('clr!ThePreStub', (call) => this.exceptions.guard(call, () => prestubHandler(this, call)));
    return this.prestubGate;
  }

  /** Hands an unhandled managed exception to the configured policy. */
  unhandled(e: UnhandledManagedException): never {
    if (this.onUnhandled) return this.onUnhandled(e);
    throw e;
  }

  /** Static fields the runtime itself fills before managed code runs (String.Empty). */
  private initializeRuntimeStatics(t: TypeDesc): void {
    if (t.assembly === this.binder.corlib && t.fullName === 'System.String') {
      const empty = t.staticFields.find((f) => f.name === 'Empty');
      if (empty && empty.address !== 0n) this.machine.memory.setU64(empty.address, this.objects.allocString(''));
    }
  }

  /** Loads the application's main assembly from a host file. */
  loadMainAssembly(file: string): Assembly {
    this.mainAssembly = this.binder.loadFile(file);
    return this.mainAssembly;
  }

  /** Times the run's phases when `--startup-profile` asked for it. */
  readonly profile: StartupProfile | null;

  /** The program's own assembly (Assembly.GetEntryAssembly), once `_CorExeMain` loaded it. */
  mainAssembly: Assembly | null = null;

  /** The method named by the CLI header's EntryPointToken, checked to be callable as Main. */
  entryPoint(asm: Assembly): EntryPoint {
    const token = asm.md.cliHeader?.entryPointToken ?? 0;
    if (token === 0) throw new EntryPointError(asm.name, 'has no entry point (EntryPointToken is 0): it is a library');
    if (tokenTable(token) !== TableId.MethodDef) throw new EntryPointError(asm.name, `EntryPointToken 0x${(token >>> 0).toString(16)} is not a MethodDef (multi-module entry points are not supported)`);
    const md = this.types.methodDesc(asm, tokenRow(token));
    if (!(md.attributes & MethodAttr.Static)) throw new EntryPointError(asm.name, `entry point ${md.fullName} is not static`);
    const sig = asm.md.methodDefSignature(md.row, this.types.provider(asm), null);
    const ret = sig.returnType;
    const returnsInt = ret.fullName === 'System.Int32' || ret.fullName === 'System.UInt32';
    if (!returnsInt && ret.fullName !== 'System.Void') throw new EntryPointError(asm.name, `entry point ${md.fullName} returns ${ret.fullName}; Main must return void or int`);
    const ps = sig.parameterTypes;
    const takesArgs = ps.length === 1;
    if (ps.length > 1 || (takesArgs && !(ps[0]!.kind === TypeKind.SzArray && ps[0]!.element!.fullName === 'System.String'))) {
      throw new EntryPointError(asm.name, `entry point ${md.fullName} takes (${ps.map(String).join(', ')}); Main takes nothing or string[]`);
    }
    return { method: md, takesArgs, returnsInt };
  }

  /** The address to call `md` through (its code, or its precode until compiled). */
  entryOf(md: MethodDesc): bigint {
    this.types.ensureLoaded(md.declaringType);
    return md.code !== 0n ? md.code : this.code.ensurePrecode(md);
  }

  /** A managed `string[]` holding `items` as String objects (collectable like any other). */
  newStringArray(items: readonly string[]): bigint {
    const arrType = this.types.ensureLoaded(this.types.arrayOf(this.types.corlibType('System.String')));
    const arr = this.objects.allocArray(arrType, items.length);
    this.gc.protect([arr], () => items.forEach((s, i) => {
      const str = this.objects.allocString(s);
      this.machine.memory.setU64(arr + 32n + 8n * BigInt(i), str);
    }));
    return arr;
  }

  /**
   * Main's `string[] args`, kept alive for the rest of the run by a pinned handle: the boot thunk
   * that passes it to Main holds it as an immediate in its code, which no root scan sees and no
   * collector could rewrite.
   */
  mainArguments(items: readonly string[]): bigint {
    const arr = this.newStringArray(items);
    this.gc.handles.alloc(Number(arr), GcHandleType.Pinned);
    return arr;
  }

  /**
   * Runs `t`'s class constructor if it has not started (§II.10.5.3.2: re-entry sees it running).
   * An exception leaving it becomes a TypeInitializationException wrapping it (a ManagedRaise for
   * the guarded gate that triggered the run), then and on every later trigger, as in the CLR.
   */
  runClassConstructor(t: TypeDesc): void {
    const failed = this.exceptions.initializerFailure(t);
    if (failed) throw failed;
    if (t.cctorState !== CctorState.Pending || !t.cctor) return;
    t.cctorState = CctorState.Running;
    this.trace('jit', `cctor ${t.fullName}`);
    const cctor = this.entryOf(t.cctor);
    try {
      const run = (): bigint => this.exceptions.hostCatches(() => this.callGuestFn(cctor, []));
      if (this.profile) this.profile.measure('class initialisation', run);
      else run();
    } catch (e) {
      if (!(e instanceof ManagedExceptionEscape)) throw e;
      t.cctorState = CctorState.Done;
      throw this.exceptions.recordInitializerFailure(t, e.object);
    }
    t.cctorState = CctorState.Done;
    if (t.cctorDoneFlag !== 0n) this.machine.memory.setU8(t.cctorDoneFlag, 1);
  }

  /**
   * The trigger stub for a precise type's .cctor (created once):
   *   cmp byte [rip+flag], 0 ; je slow ; ret ; slow: mov rax, gate ; jmp rax ; flag
   * so that after the first run a static field access costs a compare, not a gate.
   */
  cctorTriggerFor(t: TypeDesc): bigint {
    if (t.cctorTrigger !== 0n) return t.cctorTrigger;
    const gate = this.machine.gates.define(`clr!cctor:${t.fullName}`, (call) => this.exceptions.guard(call, () => this.runClassConstructor(t)));
    const b = new Uint8Array(32).fill(0xcc);
    const dv = new DataView(b.buffer);
    const FLAG = 24;
    b.set([0x80, 0x3d], 0); // cmp byte [rip+disp32], imm8
    dv.setInt32(2, FLAG - 7, true); // disp relative to the next instruction (offset 7)
    b[6] = 0x00;
    b.set([0x74, 0x01, 0xc3], 7); // je +1 ; ret
    b.set([0x48, 0xb8], 10); // mov rax, imm64
    dv.setBigUint64(12, gate, true);
    b.set([0xff, 0xe0], 20); // jmp rax
    b[FLAG] = t.cctorState === CctorState.Done ? 1 : 0;
    const at = this.code.writeStub(b, { kind: 'cctor trigger', owner: t.fullName });
    t.cctorTrigger = at;
    t.cctorDoneFlag = at + BigInt(FLAG);
    return at;
  }
}
