/**
 * Instruction traces: one record per executed guest instruction (sequence number, address,
 * `module!symbol+0xoff`, bytes, disassembly; with `registers`, what it changed), streamed to a sink
 * or kept in a ring of the last N for crash reports.
 *
 * Two ways of seeing execution, chosen by what the trace needs:
 * - Block level (default, fast): a UC_HOOK_BLOCK hook reports each translation block's address and
 *   size as it is entered; the block is decoded once (cached by address, see trace-blocks.ts) and
 *   all its instructions are emitted. Unicorn enters a block before running it, so the records of a
 *   block are held back until the next block starts (or the run ends) and then trimmed if the
 *   block did not run to its end:
 *     - the run ended in a fault inside it (`finish`): records stop at the faulting instruction,
 *       included and marked for real faults, excluded for budget and timeout stops (their RIP never
 *       ran);
 *     - the OS layer fixed a fault and resumes at the faulting instruction (stack growth): the run
 *       says so (`resumedAfterFault`) and records stop before that instruction, which runs again;
 *     - the OS layer dispatches a fault to the guest's exception handlers (`dispatchingFault`):
 *       records stop at the faulting instruction, included and marked; the handlers follow;
 *     - execution continues in the block's own middle without a jump there: Unicorn stopped inside
 *       the block (an instruction-budget slice boundary) or a `rep` instruction iterates; records
 *       stop there. The block's last instruction jumping back into its middle (a loop) is the one
 *       legitimate way in, told apart by its direct target.
 *   Re-entering a block at its start is taken as a new execution of it (a loop, a second call).
 *   When the machine counts instructions (any run with a budget), restarts are settled exactly
 *   instead: `instructionsExecuted` moves only when a Unicorn run ends, so when it has moved since
 *   the last block, the previous block ran precisely the difference between the count and the
 *   instructions of the blocks before it — which also covers a slice ending at a block's start.
 * - Instruction level (`registers`): a UC_HOOK_CODE hook per instruction; the register file is
 *   compared before each instruction, and the difference belongs to the previous one (trace-regs.ts).
 *   A `rep` instruction re-entered for its next iteration, or an instruction re-entered after a
 *   budget slice boundary, is one record with its changes accumulated.
 *
 * Gate stubs (`syscall; ret`; `syscall` ends a translation block) are traced like any code and
 * named by their gate.
 *
 * Notes (`note`): events from the host side of the run (the managed runtime's prestub, jit and
 * backpatch) arrive while the gate that caused them is the pending block or instruction; they are
 * queued and written right after it, so they sit in the trace where they happened. They carry no
 * sequence number and are not kept in the `last` ring.
 */
import type { Disassembler, Hook, Machine } from '../../emu';
import { BlockDecoder, type DecodedBlock } from './trace-blocks';
import { formatRecord, type TraceFormat, type TracedInstruction } from './trace-format';
import { RegisterFile, type RegisterChange } from './trace-regs';
import type { TraceSink } from './trace-sink';
import { TraceOptionError } from './trace-errors';

export interface InstructionTraceOptions {
  machine: Machine;
  disassembler: Disassembler;
  /** Address → `module!symbol+0xoff` (symbols.ts's Symbolizer). */
  symbolize: (addr: bigint) => string;
  format?: TraceFormat;
  /** Which addresses to record (trace-filter.ts); everything by default. */
  keep?: (addr: bigint) => boolean;
  /** Where records stream; with `last`, they are written only by `writeLast`. */
  sink?: TraceSink;
  /** Record the registers each instruction changed (per-instruction hooks: slower). */
  registers?: boolean;
  /** Keep only the last N records in a ring instead of streaming them. */
  last?: number;
}

/** How the traced run ended, for trimming the last block: the fault that stopped it, if any. */
export interface TraceEnd {
  readonly fault?: { readonly kind: string; readonly rip: bigint };
}

/** One record of the ring. */
export interface TraceEntry {
  readonly seq: number;
  readonly instruction: TracedInstruction;
  readonly registers?: readonly RegisterChange[];
  readonly faulted: boolean;
}

/** Fault kinds whose RIP is the next instruction, not one that ran (emu/faults.ts). */
const STOPS_BEFORE_RIP: ReadonlySet<string> = new Set(['budget-exhausted', 'timeout']);

export class InstructionTracer {
  private readonly decoder: BlockDecoder;
  private readonly format: TraceFormat;
  private readonly sink?: TraceSink;
  private readonly ringSize: number;
  private readonly ring: TraceEntry[] = [];
  private ringNext = 0;
  private readonly registers?: RegisterFile;
  private hook?: Hook;
  private seq = 0;
  private pendingBlock?: DecodedBlock;
  /**
   * Counting mode only: `machine.instructionsExecuted` as it will read once every instruction before
   * the pending block has run, and as it read at the last block hook (it moves only when a Unicorn
   * run ends, so a change means a restart happened in between).
   */
  private countedBeforePending = -1n;
  private countedAtLastBlock = -1n;
  private pendingInstruction?: TracedInstruction;
  /** `machine.instructionsExecuted` at the last code hook: it moves only between Unicorn runs. */
  private executedAtLastHook = -1n;
  private finished = false;
  private notes: string[] = [];

  private constructor(private readonly options: InstructionTraceOptions) {
    this.format = options.format ?? 'text';
    this.sink = options.sink;
    if (options.last !== undefined && (!Number.isInteger(options.last) || options.last <= 0)) {
      throw new TraceOptionError('--trace-last', String(options.last), 'must be a positive whole number of instructions');
    }
    this.ringSize = options.last ?? 0;
    this.decoder = new BlockDecoder({
      memory: options.machine.memory,
      disassembler: options.disassembler,
      format: this.format,
      symbolize: options.symbolize,
      keep: options.keep ?? (() => true),
    });
    if (options.registers) this.registers = new RegisterFile(options.machine);
  }

  /** Starts tracing every instruction the machine runs from now on. */
  static attach(options: InstructionTraceOptions): InstructionTracer {
    const tracer = new InstructionTracer(options);
    const m = options.machine;
    tracer.hook = options.registers
      ? m.addCodeHook(1n, 0n, (addr, size) => tracer.onInstruction(addr, size))
      : m.addBlockHook(1n, 0n, (addr, size) => tracer.onBlock(addr, size));
    return tracer;
  }

  /** Records emitted so far (to the sink or the ring). */
  get recorded(): number {
    return this.seq;
  }

  get cachedBlocks(): number {
    return this.decoder.cachedBlocks;
  }

  /**
   * Ends the trace: emits what the last block or instruction really ran (see the overview), removes
   * the hook. Call while the machine is still open; later calls do nothing.
   */
  finish(end: TraceEnd = {}): void {
    if (this.finished) return;
    this.finished = true;
    this.hook?.remove();
    this.hook = undefined;
    const fault = end.fault;
    const before = fault !== undefined && STOPS_BEFORE_RIP.has(fault.kind);
    if (this.pendingBlock) {
      const block = this.pendingBlock;
      this.pendingBlock = undefined;
      const at = fault ? block.instructions.findIndex((i) => i.address === fault.rip) : -1;
      if (at < 0) {
        this.emitBlock(block, block.instructions.length);
      } else {
        this.emitBlock(block, at);
        if (!before) this.emit(block.instructions[at], undefined, true);
      }
    }
    if (this.pendingInstruction) {
      const ins = this.pendingInstruction;
      this.pendingInstruction = undefined;
      if (fault && ins.address === fault.rip) {
        if (!before) this.emit(ins, [], true);
      } else {
        this.emit(ins, this.registers!.changes());
      }
    }
    this.flushNotes();
  }

  /**
   * The run stopped on `fault` and will resume at its RIP after the OS layer fixed the cause (stack
   * growth): the faulting instruction did not run yet, and will be recorded when it does.
   */
  resumedAfterFault(fault: { readonly rip: bigint }): void {
    this.settleAt(fault.rip, false);
  }

  /**
   * The OS layer dispatches `fault` to the guest's exception handlers (which run next, and are
   * traced): the faulting instruction is recorded now, marked, and execution continues elsewhere.
   */
  dispatchingFault(fault: { readonly rip: bigint }): void {
    this.settleAt(fault.rip, true);
  }

  /** Emits the pending records up to the instruction at `rip` (marked and included if asked). */
  private settleAt(rip: bigint, includeFaulting: boolean): void {
    if (this.pendingBlock) {
      const block = this.pendingBlock;
      this.pendingBlock = undefined;
      const at = block.instructions.findIndex((i) => i.address === rip);
      this.emitBlock(block, at < 0 ? block.instructions.length : at);
      if (at >= 0 && includeFaulting) this.emit(block.instructions[at], undefined, true);
    }
    if (this.pendingInstruction) {
      const ins = this.pendingInstruction;
      this.pendingInstruction = undefined;
      if (ins.address !== rip) this.emit(ins, this.registers!.changes());
      else if (includeFaulting) this.emit(ins, [], true);
    }
    this.flushNotes();
    // Counting restarts from here: whatever the faulting run counted is behind us.
    this.countedBeforePending = this.options.machine.instructionsExecuted;
    this.countedAtLastBlock = this.countedBeforePending;
  }

  /** Queues a host-side event for the trace (see the overview); only streamed traces keep them. */
  note(channel: string, message: string): void {
    if (this.finished || this.ringSize > 0 || !this.sink) return;
    this.notes.push(this.format === 'text' ? `        # [${channel}] ${message}\n` : `${JSON.stringify({ event: channel, message })}\n`);
  }

  private flushNotes(): void {
    if (this.notes.length === 0) return;
    for (const n of this.notes) this.sink!.write(n);
    this.notes = [];
  }

  /** The ring's records, oldest first (empty without `last`). */
  lastEntries(): TraceEntry[] {
    if (this.ring.length < this.ringSize) return [...this.ring];
    return [...this.ring.slice(this.ringNext), ...this.ring.slice(0, this.ringNext)];
  }

  /** Writes the ring's records to `sink` in the trace's format. */
  writeLast(sink: TraceSink): void {
    for (const e of this.lastEntries()) sink.write(formatRecord(this.format, e.seq, e.instruction, e.registers, e.faulted));
  }

  // ---- hooks -------------------------------------------------------------------------------------

  private onBlock(addr: bigint, size: number): void {
    const block = this.decoder.block(addr, size);
    const previous = this.pendingBlock;
    this.pendingBlock = block;
    const machine = this.options.machine;
    let exact: number | undefined;
    if (machine.countingEnabled) {
      // Exact accounting: after a restart, the previous block ran exactly what the count says.
      const counted = machine.instructionsExecuted;
      const before = this.countedBeforePending;
      if (previous && before >= 0n && counted !== this.countedAtLastBlock) {
        const ran = Number(counted - before);
        if (ran >= 0 && ran <= previous.instructions.length) exact = ran;
      }
      this.countedAtLastBlock = counted;
      this.countedBeforePending = exact !== undefined || before < 0n ? counted : before + BigInt(previous?.instructions.length ?? 0);
    }
    if (!previous) return;
    let count = previous.instructions.length;
    if (exact !== undefined) {
      count = exact;
    } else if (addr > previous.address && addr < previous.end && previous.directTarget !== addr) {
      // Continued inside the previous block: it ran only up to here (see the overview).
      const at = previous.instructions.findIndex((i) => i.address === addr);
      if (at >= 0) count = at;
    } else if (addr === previous.address && previous.instructions.length === 1 && previous.instructions[0].repeats) {
      count = 0; // the next iteration of a `rep` instruction: one record when it is done
    }
    this.emitBlock(previous, count);
    this.flushNotes();
  }

  private onInstruction(addr: bigint, size: number): void {
    const previous = this.pendingInstruction;
    const executed = this.options.machine.instructionsExecuted;
    const restarted = executed !== this.executedAtLastHook;
    this.executedAtLastHook = executed;
    // The same instruction again: a `rep` iteration, or a restart after a budget slice boundary.
    if (previous && previous.address === addr && (previous.repeats || (restarted && this.options.machine.countingEnabled))) return;
    const ins = this.decoder.instruction(addr, size);
    this.pendingInstruction = ins;
    const changes = this.registers!.changes();
    if (previous) this.emit(previous, changes);
    this.flushNotes();
  }

  // ---- output ------------------------------------------------------------------------------------

  private emitBlock(block: DecodedBlock, count: number): void {
    const list = block.instructions;
    for (let i = 0; i < count; i++) this.emit(list[i]);
  }

  private emit(ins: TracedInstruction, registers?: readonly RegisterChange[], faulted = false): void {
    if (!ins.kept) return;
    const seq = ++this.seq;
    if (this.ringSize > 0) {
      const entry: TraceEntry = { seq, instruction: ins, registers, faulted };
      if (this.ring.length < this.ringSize) this.ring.push(entry);
      else this.ring[this.ringNext] = entry;
      this.ringNext = (this.ringNext + 1) % this.ringSize;
      return;
    }
    this.sink?.write(formatRecord(this.format, seq, ins, registers, faulted));
  }
}
