/**
 * Shared helpers for the icall tests: a runtime over a fresh machine (optionally with a small
 * emulated process: handle table, clock, command line, environment, heap), finding a corlib
 * icall method by its registry key, and calling its bound entry from the host through a guest
 * thunk so that XMM results can be read (Machine.callGuest restores every register afterwards);
 * and running a whole C# program with the runtime inside the emulated process.
 */
import * as path from 'path';
import { GuestExit, Machine, Prot, Reg } from '../../emu';
import { BufferedHostIo, createKnownDlls, findExport, normalizeDllName, runImage, type RunResult } from '../../loader';
import { buildEmulatedDll, emulatedDllSize } from '../../loader/dlls/gate-dll';
import { kernel32 } from '../../loader/dlls/kernel32';
import { ProcessHandleTable } from '../../loader/handles';
import type { GuestHeap, Os } from '../../loader/os';
import { createMscoreeDll } from '../../src/mscoree';
import { icallSignature } from '../../src/vm/icalls';
import type { MethodDesc } from '../../src/vm/method-desc';
import { prepareMethod } from '../../src/vm/prestub';
import { Runtime } from '../../src/vm/runtime';
import { VirtualClock } from '../../loader/clock';

export const ROOT = path.resolve(__dirname, '..', '..');
const STACK_SIZE = 1 << 20;

/** A bump heap in guest memory that records frees (enough for StringToUtf8/GFree and P/Invoke temporaries). */
export class TestHeap implements GuestHeap {
  readonly handle = 0x1000n;
  readonly live = new Map<bigint, number>();
  private next: bigint;
  private readonly end: bigint;
  constructor(private readonly machine: Machine, size = 1 << 20) {
    this.next = machine.memory.reserve(size);
    machine.memory.commit(this.next, size, Prot.Read | Prot.Write);
    this.end = this.next + BigInt(size);
  }
  alloc(size: number): bigint {
    const at = this.next;
    if (at + BigInt(size) > this.end) return 0n;
    this.next += BigInt((size + 15) & ~15);
    this.live.set(at, size);
    return at;
  }
  free(addr: bigint): boolean {
    return this.live.delete(addr);
  }
  realloc(addr: bigint, size: number): bigint {
    const old = this.live.get(addr);
    if (old === undefined) return 0n;
    const to = this.alloc(size);
    if (to === 0n) return 0n;
    this.machine.memory.write(to, this.machine.memory.read(addr, Math.min(old, size)));
    this.live.delete(addr);
    return to;
  }
  sizeOf(addr: bigint): number {
    return this.live.get(addr) ?? -1;
  }
}

export interface TestProcess {
  os: Os;
  io: BufferedHostIo;
  heap: TestHeap;
  handles: ProcessHandleTable;
  setTicks(t: bigint): void;
}

/** The parts of an emulated process the icalls use, over `machine` (the emulated kernel32 maps on first LoadLibrary). */
export function testProcess(machine: Machine, options: { argv?: string[]; env?: Record<string, string>; stdin?: string } = {}): TestProcess {
  const io = new BufferedHostIo(new TextEncoder().encode(options.stdin ?? ''));
  const handles = new ProcessHandleTable(io);
  const heap = new TestHeap(machine);
  let ticks = 0n;
  const thread = { lastError: 0 };
  const kernel32Module = { name: 'kernel32.dll', path: 'C:\\Windows\\System32\\kernel32.dll', base: 0n, size: 0, entryPoint: 0n, emulated: true };
  const modules = {
    byName: (name: string | null) => (name !== null && normalizeDllName(name) === 'kernel32.dll' && kernel32Module.base !== 0n ? kernel32Module : undefined),
    load: (name: string) => {
      if (normalizeDllName(name) !== 'kernel32.dll') throw new Error(`test process: no ${name}`);
      if (kernel32Module.base === 0n) {
        kernel32Module.size = emulatedDllSize(kernel32);
        kernel32Module.base = machine.memory.reserve(kernel32Module.size);
        buildEmulatedDll(machine, os, kernel32, kernel32Module.base);
      }
      return kernel32Module;
    },
    exportAddress: (m: typeof kernel32Module, symbol: string | number) => {
      const e = findExport(machine.memory, m.base, m.size, m.name, symbol);
      return e?.kind === 'address' ? e.address : undefined;
    },
  };
  // The seeded random stream of a real virtual clock (seed 0), as a run without --seed has.
  const entropy = new VirtualClock();
  const os = {
    machine, memory: machine.memory, io, handles, thread, modules,
    process: {
      imagePath: 'C:\\app\\test.exe', commandLine: 'test.exe', argv: options.argv ?? ['test.exe'],
      environment: new Map(Object.entries(options.env ?? { COMPUTERNAME: 'CLREMU', USERNAME: 'user' })),
    },
    heaps: { processHeap: heap },
    clock: { tickCount: () => ticks, systemTime: () => 0n, performanceCounter: () => 0n, performanceFrequency: 10_000_000n, randomBytes: (n: number) => entropy.randomBytes(n) },
    exit: (code: number): never => { throw new GuestExit(code >>> 0); },
    trace: () => undefined,
    callGuest: (fn: bigint, args: bigint[]) => machine.callGuest(fn, args),
  } as unknown as Os;
  return { os, io, heap, handles, setTicks: (t) => { ticks = t; } };
}

export interface IcallTestRuntime {
  machine: Machine;
  rt: Runtime;
  process?: TestProcess;
  close(): void;
}

/** A runtime (Mono's class library) over a fresh machine with a stack; `withProcess` adds a test process. */
export function icallRuntime(options: { withProcess?: boolean; argv?: string[]; env?: Record<string, string>; stdin?: string } = {}): IcallTestRuntime {
  const machine = Machine.create();
  const stack = machine.memory.reserve(STACK_SIZE);
  machine.memory.commit(stack, STACK_SIZE, Prot.Read | Prot.Write);
  machine.setReg(Reg.RSP, stack + BigInt(STACK_SIZE) - 0x100n);
  const process = options.withProcess ? testProcess(machine, options) : undefined;
  const rt = new Runtime({ machine, appDirectory: ROOT, ...(process ? { os: process.os } : {}) });
  return { machine, rt, ...(process ? { process } : {}), close: () => machine.close() };
}

/** The corlib methods an icall key names: one for `Type::Name(sig)`, every overload for `Type::Name`. */
export function corlibMethods(rt: Runtime, key: string): MethodDesc[] {
  const m = /^(.*)::([^(]+)(\(.*\))?$/.exec(key);
  if (!m) throw new Error(`bad icall key ${key}`);
  const type = rt.types.corlibType(m[1]!);
  const asm = type.assembly!;
  const hits: MethodDesc[] = [];
  for (const row of asm.md.methodsOf(type.row)) {
    if (asm.md.row.methodDef(row).name !== m[2]) continue;
    const md = rt.types.methodDesc(asm, row);
    if (m[3] === undefined || icallSignature(rt, md).fullName === key) hits.push(md);
  }
  return hits;
}

/** The one corlib method an icall key names; throws when there is none or several. */
export function corlibMethod(rt: Runtime, key: string): MethodDesc {
  const hits = corlibMethods(rt, key);
  if (hits.length !== 1) throw new Error(`${key} matches ${hits.length} corlib methods`);
  return hits[0]!;
}

/** Guest thunk: sub rsp,28h; mov rax,target; call rax; movq rax,xmm0; add rsp,28h; ret. */
function xmmResultThunk(rt: Runtime, target: bigint): bigint {
  const b = new Uint8Array(32).fill(0xcc);
  b.set([0x48, 0x83, 0xec, 0x28, 0x48, 0xb8], 0);
  new DataView(b.buffer).setBigUint64(6, target, true);
  b.set([0xff, 0xd0, 0x66, 0x48, 0x0f, 0x7e, 0xc0, 0x48, 0x83, 0xc4, 0x28, 0xc3], 14);
  return rt.code.writeStub(b);
}

export type TestArg = bigint | { f64: number } | { f32: number };

/** Calls the icall `key` with `args` (integers, or `{f64}`/`{f32}` for XMM positions); returns RAX. */
export function callIcall(t: IcallTestRuntime, key: string, args: TestArg[] = []): bigint {
  const entry = prepareMethod(t.rt, corlibMethod(t.rt, key));
  return t.machine.callGuest(entry, placeArgs(t, args));
}

/** Calls the icall `key` and returns XMM0's low 8 bytes (a double, or a float in the low 4). */
export function callIcallXmm(t: IcallTestRuntime, key: string, args: TestArg[] = []): DataView {
  const entry = prepareMethod(t.rt, corlibMethod(t.rt, key));
  const bits = t.machine.callGuest(xmmResultThunk(t.rt, entry), placeArgs(t, args));
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, bits, true);
  return dv;
}

export const f64Result = (dv: DataView): number => dv.getFloat64(0, true);
export const f32Result = (dv: DataView): number => dv.getFloat32(0, true);

function placeArgs(t: IcallTestRuntime, args: TestArg[]): bigint[] {
  return args.map((a, i) => {
    if (typeof a === 'bigint') return a;
    const x = new Uint8Array(16);
    const dv = new DataView(x.buffer);
    if ('f64' in a) dv.setFloat64(0, a.f64, true);
    else dv.setFloat32(0, a.f32, true);
    if (i < 4) t.machine.setXmm(i, x);
    return dv.getBigUint64(0, true);
  });
}

/** A managed String's text. */
export function str(t: IcallTestRuntime, obj: bigint): string {
  return t.rt.objects.readString(obj);
}

// ---- whole programs --------------------------------------------------------------------------

export const PROGRAMS = path.join(ROOT, 'build', 'test', 'icalls', 'programs');

export interface ProgramRun {
  result: RunResult;
  stdout: string;
  stderr: string;
  trace: string[];
}

/** Runs a program of test/icalls/programs through the loader with the in-process runtime. */
export async function runProgram(exe: string, args: string[] = []): Promise<ProgramRun> {
  const file = path.join(PROGRAMS, exe);
  const io = new BufferedHostIo();
  const trace: string[] = [];
  const registry = createKnownDlls();
  registry.registerEmulatedDll(createMscoreeDll({ appDirectory: path.dirname(file), trace: (channel, message) => trace.push(`[${channel}] ${message}`) }));
  const result = await runImage({ imagePath: file, args, io, registry, timeoutMs: 120_000 });
  return { result, stdout: io.stdout, stderr: io.stderr, trace };
}
