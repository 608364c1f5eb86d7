/**
 * Tracing and crash artefacts for one `clremu run`: the glue between the user's settings
 * (trace-settings.ts), the run (the loader's observer calls and its crash callback) and the pieces
 * that do the work (instruction-trace.ts, crash-report.ts, minidump/).
 *
 * Order of events, and why:
 *  1. `TraceSession.create`: validates what can be checked before running (file directories, the
 *     form of `--trace-method` selectors), loads the disassembler, opens the trace file — so a bad
 *     option fails before the guest prints anything.
 *  2. `started`: the process exists, no guest instruction has run: the tracer attaches (DllMains and
 *     TLS callbacks are traced too).
 *  3. On a crash, `crashed` finishes the trace at the faulting instruction, writes the `--trace-last`
 *     ring to the trace file and hands its addresses to the crash report; `reportReady` writes the
 *     JSON report; `writeMinidump` writes the dump while guest memory still exists.
 *  3b. `resumedAfterFault`: the OS fixed a fault (stack growth); the faulting instruction runs again
 *     and is recorded once, when it completes. `dispatchingFault`: a fault goes to the guest's
 *     exception handlers; the faulting instruction is recorded (marked) before the handlers run.
 *  4. `finished`: the run is over (machine still open): the trace is completed and the file closed;
 *     a `--trace-method` that matched no code that ran is reported through `warn`, naming it and the
 *     compiled methods with similar names.
 *
 * A managed run's runtime appears mid-run (`_CorExeMain` creates it): `attachRuntime` hands over its
 * code map, from which JIT-compiled code is named (`Ns.Type::Method+0xoff [IL_000c]`) and
 * `--trace-method` finds its code. The runtime's events (`note`: prestub, jit, backpatch, assembly
 * loads) go into the trace between the instructions they happened after.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Disassembler, type Machine } from '../../emu';
import type { CrashReport } from './crash-report';
import { InstructionTracer } from './instruction-trace';
import { minidumpFromCrash, type CrashForDump, writeMinidump } from './minidump';
import { type ManagedCodeMap, type MethodSelector, nearMatches, parseMethodSelector } from './managed-code';
import { Symbolizer, type SymbolModule } from './symbols';
import { TraceFileError, TraceOptionError } from './trace-errors';
import { TraceFilter } from './trace-filter';
import { type TraceSettings, wantsInstructionTrace } from './trace-settings';
import { BufferedFileSink, type TraceSink } from './trace-sink';

/** A loaded module as the run lists it (loader's LoadedModule fits). */
export interface SessionModule extends SymbolModule {
  readonly path: string;
}

/** The run being observed: the machine and the live module list. */
export interface ObservedRun {
  readonly machine: Machine;
  readonly modules: () => readonly SessionModule[];
}

export interface TraceSessionOptions {
  /** Host directory of the EXE: module files are read from there for COFF symbols. */
  hostAppDirectory: string;
  /** Overrides the trace file (tests: a HashSink or StringSink). */
  sink?: TraceSink;
  /** Where warnings go (a `--trace-method` that matched nothing); default: dropped. */
  warn?: (message: string) => void;
}

export class TraceSession {
  private tracer?: InstructionTracer;
  private readonly sink?: TraceSink;
  private filter?: TraceFilter;
  /** The managed runtime's code map, once a runtime exists. */
  private managed?: ManagedCodeMap;
  /** The `--trace-last` ring as it was at the newest fault dispatched to the guest. */
  private ringAtFault?: { rip: bigint; addresses: bigint[] };

  private constructor(
    readonly settings: TraceSettings,
    private readonly options: TraceSessionOptions,
    private readonly disassembler: Disassembler | undefined,
    sink: TraceSink | undefined,
    private readonly methods: readonly MethodSelector[],
  ) {
    this.sink = sink;
  }

  static async create(settings: TraceSettings, options: TraceSessionOptions): Promise<TraceSession> {
    const methods = settings.methods.map((text) => {
      const selector = parseMethodSelector(text);
      if (!selector) throw new TraceOptionError('--trace-method', text, 'expected Ns.Type::Method or Ns.Type::Method(int32,string), e.g. Hello.Program::Main');
      return selector;
    });
    for (const file of [settings.crashReportFile, settings.minidumpFile]) {
      if (file !== undefined && !fs.existsSync(path.dirname(path.resolve(file)))) throw new TraceFileError(file, 'its directory does not exist');
    }
    const tracing = wantsInstructionTrace(settings);
    const disassembler = tracing ? await Disassembler.load() : undefined;
    const sink = options.sink ?? (settings.file !== undefined ? new BufferedFileSink(settings.file) : undefined);
    return new TraceSession(settings, options, disassembler, sink, methods);
  }

  /** The managed runtime exists: its code map names JIT-compiled code and finds `--trace-method`s. */
  attachRuntime(map: ManagedCodeMap): void {
    this.managed = map;
  }

  /** The managed runtime's code map, once attached (crash reports name managed frames with it). */
  get managedCode(): ManagedCodeMap | undefined {
    return this.managed;
  }

  /** A runtime event (`[jit] backpatch …`), written into the trace after the instructions before it. */
  note(channel: string, message: string): void {
    this.tracer?.note(channel, message);
  }

  /** Symbols from module files in the app directory, else exports as mapped; gates by name. */
  private symbolizer(run: ObservedRun): Symbolizer {
    return new Symbolizer({
      modules: run.modules,
      readFile: (m) => {
        try {
          return fs.readFileSync(path.join(this.options.hostAppDirectory, m.name));
        } catch {
          return undefined;
        }
      },
      readMemory: (addr, length) => run.machine.memory.read(addr, length),
      gateName: (addr) => run.machine.gates.nameAt(addr),
      managed: () => this.managed,
    });
  }

  /** The process exists and no guest code has run: attach the instruction trace. */
  started(run: ObservedRun): void {
    if (!this.disassembler) return;
    const s = this.settings;
    const filter = new TraceFilter(s.ranges, s.modules, run.modules, this.methods, () => this.managed);
    this.filter = filter;
    this.tracer = InstructionTracer.attach({
      machine: run.machine,
      disassembler: this.disassembler,
      symbolize: this.symbolizer(run).symbolize,
      format: s.format,
      keep: filter.keepsAll ? undefined : (addr) => filter.includes(addr),
      sink: this.sink,
      registers: s.registers,
      last: s.last,
    });
  }

  /**
   * The guest crashed: ends the trace at the faulting instruction, writes the `--trace-last` ring to
   * the trace file, and returns the recent instruction addresses for the crash report.
   */
  crashed(fault: { kind: string; rip: bigint }): { lastInstructions?: bigint[] } {
    const tracer = this.tracer;
    if (!tracer) return {};
    tracer.finish({ fault });
    if (this.settings.last === undefined) return {};
    if (this.sink) tracer.writeLast(this.sink);
    return { lastInstructions: tracer.lastEntries().map((e) => e.instruction.address) };
  }

  /**
   * The `--trace-last` ring's addresses, oldest first, without ending the trace: as they were when
   * the fault at `rip` went to the guest's handlers (a managed fault's handlers run before anyone
   * knows it is unhandled), else as they are now.
   */
  recentInstructions(rip?: bigint): bigint[] | undefined {
    if (!this.tracer || this.settings.last === undefined) return undefined;
    if (rip !== undefined && this.ringAtFault?.rip === rip) return this.ringAtFault.addresses;
    return this.tracer.lastEntries().map((e) => e.instruction.address);
  }

  /** Writes the crash report as JSON when `--crash-report` asked for it. */
  reportReady(report: CrashReport): void {
    const file = this.settings.crashReportFile;
    if (file === undefined) return;
    writeFileTyped(file, `${JSON.stringify(report, null, 2)}\n`);
  }

  /** Writes the minidump when `--minidump` asked for it (guest memory must still exist). */
  writeMinidump(crash: CrashForDump): void {
    const file = this.settings.minidumpFile;
    if (file === undefined) return;
    writeFileTyped(file, writeMinidump(minidumpFromCrash(crash)));
  }

  /** The OS fixed a fault and the faulting instruction runs again (stack growth). */
  resumedAfterFault(fault: { rip: bigint }): void {
    this.tracer?.resumedAfterFault(fault);
  }

  /** A fault goes to the guest's exception handlers (structured exception dispatch). */
  dispatchingFault(fault: { rip: bigint }): void {
    this.tracer?.dispatchingFault(fault);
    if (this.tracer && this.settings.last !== undefined) this.ringAtFault = { rip: fault.rip, addresses: this.tracer.lastEntries().map((e) => e.instruction.address) };
  }

  /** The run is over (machine still open): completes the trace and closes the file. */
  finished(): void {
    this.tracer?.finish();
    this.sink?.close();
    this.reportUnmatchedMethods();
  }

  /** Warns about each `--trace-method` that named no code that ran. */
  private reportUnmatchedMethods(): void {
    const filter = this.filter;
    if (!filter) return;
    for (const m of this.methods) {
      if (filter.matchedMethods.has(m)) continue;
      const why = this.managed ? 'no compiled method of that name ran' : 'this run started no managed runtime, so no managed code ran';
      const near = this.managed ? nearMatches(`${m.type}::${m.method}`, this.managed.compiledNames()) : [];
      this.options.warn?.(`--trace-method ${m.text}: nothing traced: ${why}${near.length ? `; compiled methods with similar names: ${near.join(', ')}` : ''}`);
    }
  }

  /** Closes the trace file without touching the machine (after a run that ended abnormally). */
  close(): void {
    this.sink?.close();
  }

  /** The calls a run makes to its observer (loader/run.ts RunObserver). */
  get observer(): {
    started(run: ObservedRun): void;
    resumedAfterFault(fault: { rip: bigint }): void;
    dispatchingFault(fault: { rip: bigint }): void;
    finished(): void;
  } {
    return {
      started: (run) => this.started(run),
      resumedAfterFault: (fault) => this.resumedAfterFault(fault),
      dispatchingFault: (fault) => this.dispatchingFault(fault),
      finished: () => this.finished(),
    };
  }

  /** Records written or held so far. */
  get recorded(): number {
    return this.tracer?.recorded ?? 0;
  }
}

function writeFileTyped(file: string, data: string | Uint8Array): void {
  try {
    fs.writeFileSync(file, data);
  } catch (err) {
    throw new TraceFileError(file, (err as NodeJS.ErrnoException).code ?? String(err));
  }
}
