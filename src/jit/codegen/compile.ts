/**
 * The compiler driver: CIL → importer → IR (validated) → register allocation (linear scan over
 * callee-saved registers, or none for the first tier) → frame layout (a slot for every vreg
 * without a register) → lowering through the encoder → bytes + relocations + unwind info + GC info.
 *
 * The output is position-independent apart from its relocations (jump-table entries are
 * `CodeAbs64`); the VM places it in the code heap, applies the relocations (`link.ts` does it
 * for tests and simple hosts) and registers the unwind info with a RUNTIME_FUNCTION entry.
 *
 * Prologue (Windows x64 ABI, fixed frame with RBP as frame pointer):
 *     push rbp ; push r1 … rk ; mov rbp, rsp ; sub rsp, N
 *         ← unwind: PUSH_NONVOL rbp, PUSH_NONVOL r1 … rk, SET_FPREG (offset 0), ALLOC
 *     home the register arguments into their shadow-space slots, zero locals and GC slots
 * Epilogue (one per method, every return jumps to it; an official epilogue form):
 *     lea rsp, [rbp] ; pop rk … r1 ; pop rbp ; ret
 */
import { CodegenError } from '../errors';
import { JitHost, JitMethodInfo } from '../host';
import { importMethod } from '../cil/importer';
import { Block, IrCallee, IrFunction, VReg } from '../ir/ir';
import { formatFunction } from '../ir/printer';
import { IrType } from '../ir/types';
import { validateFunction } from '../ir/validate';
import { CodeBuffer, Relocation, RelocKind } from '../x64/code-buffer';
import { at, dword, imm, Label, qword } from '../x64/operands';
import { gpr32, gpr64, RegNum, rbp, rsp } from '../x64/registers';
import { EmitContext } from './emit-context';
import { FrameLayout } from './frame';
import { Lowering } from './lower';
import { linearScan, NO_REGISTERS } from './regalloc';
import { buildUnwindInfo, PrologueEvent } from './unwind';

/** GC information of the baseline tier: slots that may hold references anywhere in the body. */
export interface BaselineGcInfo {
  /**
   * RBP-relative offsets of 8-byte slots that may hold an object reference or managed pointer
   * anywhere in the body: reference-typed argument homes and every reference-typed slot (zeroed
   * in the prologue). No register ever holds a reference across a call in this tier.
   */
  readonly untrackedSlots: readonly number[];
}

/**
 * One exception clause for the runtime's dispatcher, in offsets from the start of the code.
 * Handlers run inline in the method's frame: to enter one, the runtime restores RBP and the
 * callee-saved registers as it unwound them, sets RSP = RBP − `frameSize` (the body's fixed RSP),
 * and:
 *  - catch: stores the exception object at [RBP + exceptionSlot] and jumps to handlerStart;
 *  - finally and fault (while unwinding): stores 0 at [RBP + continuationSlot] (a dword) and its
 *    own return address at [RBP + returnSlot], then jumps to handlerStart; the handler jumps back;
 *  - filter (first pass): stores the exception at [RBP + exceptionSlot] and its return address at
 *    [RBP + returnSlot], jumps to filterStart, and reads the int32 verdict at
 *    [RBP + filterResultSlot] when the filter jumps back; non-zero: enter handlerStart as a catch.
 * A `leave` runs finally handlers itself; the runtime only runs them for exceptions.
 */
export interface NativeEhClause {
  readonly kind: 'catch' | 'finally' | 'fault' | 'filter';
  /** [tryStart, tryEnd): return addresses of calls in this range are protected. */
  readonly tryStart: number;
  readonly tryEnd: number;
  readonly handlerStart: number;
  readonly handlerEnd: number;
  /** The caught type's token (catch). */
  readonly classToken: number;
  readonly exceptionSlot?: number;
  readonly continuationSlot?: number;
  readonly returnSlot?: number;
  /** filter: where the filter code starts, and the dword its verdict lands in. */
  readonly filterStart?: number;
  readonly filterResultSlot?: number;
}

/**
 * The managed call sites of compiled code: each `Rel32` relocation whose symbol carries the
 * callee. The VM resolves them to the callee's precode when it places the code, and may later
 * rewrite them to the callee's compiled code so those calls stop going through the stub.
 */
export function calleeRelocations(m: CompiledMethod): { offset: number; addend: number; callee: IrCallee }[] {
  return m.relocations
    .filter((r) => r.kind === RelocKind.Rel32 && r.symbol !== null && isCallee(r.symbol.data))
    .map((r) => ({ offset: r.offset, addend: r.addend, callee: r.symbol!.data as IrCallee }));
}

function isCallee(d: unknown): d is IrCallee {
  return typeof d === 'object' && d !== null && typeof (d as IrCallee).entry === 'bigint' && Array.isArray((d as IrCallee).params);
}

/** What the JIT hands the runtime for one method. */
export interface CompiledMethod {
  readonly name: string;
  /** Machine code, before relocation. */
  readonly code: Uint8Array;
  readonly relocations: readonly Relocation[];
  /** Windows x64 UNWIND_INFO for the whole method (one RUNTIME_FUNCTION covers [0, code.length)). */
  readonly unwindInfo: Uint8Array;
  readonly prologSize: number;
  /** N of `sub rsp, N`. */
  readonly frameSize: number;
  readonly gcInfo: BaselineGcInfo;
  /** Exception clauses in native offsets, innermost first (see `NativeEhClause`). */
  readonly ehTable: readonly NativeEhClause[];
  /** The IR the code was generated from. */
  readonly ir: IrFunction;
  /** Callee-saved registers the code uses (saved by the prologue, in push order). */
  readonly registersUsed: readonly RegNum[];
  /** Native offset → IL offset, for traces, crash reports and `clremu disasm` (see `IlMapEntry`). */
  readonly ilMap: readonly IlMapEntry[];
}

/**
 * One run of native code, from `native` up to the next entry's `native` (or the end of the code):
 * the prologue, the code of the IL instruction at `il` (region `body`), the epilogue, or
 * out-of-line code (throw stubs, switch tables) that belongs to no one IL instruction. Entries are
 * in native order; a body entry starts wherever the IL offset of the code changes, so an IL
 * instruction that produced no code of its own (`ldarg`, `nop`) has no entry.
 */
export interface IlMapEntry {
  readonly native: number;
  readonly region: 'prolog' | 'body' | 'epilog' | 'out-of-line';
  /** The IL offset (body entries; -1 otherwise). */
  readonly il: number;
}

/** The IL map entry covering native offset `offset` of a method's code. */
export function ilMapEntryAt(map: readonly IlMapEntry[], offset: number): IlMapEntry | undefined {
  let found: IlMapEntry | undefined;
  for (const e of map) {
    if (e.native > offset) break;
    found = e;
  }
  return found;
}

export interface CompileOptions {
  /** Called with the IR text before code generation (`--trace-jit`). */
  traceIr?: (text: string) => void;
  /** `linear-scan` (default) or `none`: every vreg in a frame slot (the first tier). */
  registerAllocator?: 'linear-scan' | 'none';
  /**
   * Calls to methods (not helpers) as `call rel32` with a `Rel32` relocation whose symbol's `data`
   * is the `IrCallee` (`true`; see `calleeRelocations` for the call sites to backpatch), or as
   * `movabs rax, entry; call rax` (`false`, the default: the form the runtime's code manager
   * patches today). Direct calls need the callee's entry within ±2 GiB of the code.
   */
  directCalls?: boolean;
  /**
   * How integer `div`/`rem` meet a zero divisor and `MinValue / -1`: `explicit` (default) tests
   * both before the instruction and calls the throw helpers; `hardware` emits the bare
   * `div`/`idiv` and leaves both to the CPU's divide error, which the runtime maps to
   * DivideByZeroException or OverflowException (what RyuJIT does on x64).
   */
  divideChecks?: 'explicit' | 'hardware';
}

const INT_ARG_REGS: readonly RegNum[] = [RegNum.RCX, RegNum.RDX, RegNum.R8, RegNum.R9];
/** The page size stack probes step by. */
const PAGE = 4096;

/** Compiles one method; throws InvalidProgramError/UnsupportedOpcodeError for IL it cannot take. */
export function compileMethod(info: JitMethodInfo, host: JitHost, opts: CompileOptions = {}): CompiledMethod {
  const f = importMethod(info, host);
  validateFunction(f);
  opts.traceIr?.(formatFunction(f));
  return generateCode(f, host, opts);
}

/** Code generation for an already imported (and validated) function. */
export function generateCode(f: IrFunction, host: JitHost, opts: CompileOptions = {}): CompiledMethod {
  const alloc = opts.registerAllocator === 'none' ? NO_REGISTERS : linearScan(f);
  const frame = new FrameLayout(f, alloc);
  const asm = new CodeBuffer();
  const cx = new EmitContext(asm, frame, host, f.name);
  const mark = (): Label => {
    const l = asm.newLabel();
    asm.bind(l);
    return l;
  };
  // The IL map: a label wherever the code's IL offset or region changes, resolved after layout
  // (branch relaxation moves code, so offsets are only known from labels).
  const ilMarks: { label: Label; region: IlMapEntry['region']; il: number }[] = [];
  const ilMark = (region: IlMapEntry['region'], il = -1): void => {
    const last = ilMarks[ilMarks.length - 1];
    if (last && last.region === region && last.il === il) return;
    ilMarks.push({ label: mark(), region, il });
  };
  ilMark('prolog');

  // Prologue.
  const events: PrologueEvent[] = [];
  const pushes: { reg: RegNum; after: Label }[] = [];
  for (const r of [RegNum.RBP, ...frame.saved]) {
    asm.emit('push', gpr64(r));
    pushes.push({ reg: r, after: mark() });
  }
  asm.emit('mov', rbp, rsp);
  const afterSetFp = mark();
  // Frames beyond a page touch each new page top-down first (what __chkstk does on Windows), so
  // the stack's guard page is met in order and can grow the stack instead of being jumped over.
  for (let probe = PAGE; probe < frame.allocSize; probe += PAGE) asm.emit('test', dword(at(rsp, -probe)), gpr32(RegNum.RAX));
  if (frame.allocSize > 0) asm.emit('sub', rsp, imm(frame.allocSize));
  const afterAlloc = mark();

  // Home register arguments so every argument has a slot the body (and a debugger) can address.
  const homes: { pos: number; float: IrType.R4 | IrType.R8 | null }[] = f.params.map((p, i) => ({
    pos: frame.abi.positions[i]!,
    float: p.type === IrType.R4 || p.type === IrType.R8 ? p.type : null,
  }));
  if (frame.abi.returnBuffer !== null) homes.push({ pos: frame.abi.returnBuffer, float: null });
  // A vararg method: the variadic arguments follow the cookie; those in registers are homed from
  // the integer registers (their callers put variadic floats there too), so all of them lie in
  // memory after the cookie's home, where `arglist` points.
  if (f.varargCookie) {
    for (let pos = frame.abi.positions[f.varargCookie.index]! + 1; pos < 4; pos++) homes.push({ pos, float: null });
  }
  for (const h of homes) {
    if (h.pos >= 4) continue;
    const slot = at(rbp, frame.argBase + 8 * h.pos);
    if (h.float === IrType.R4) asm.emit('movss', dword(slot), cx.x(h.pos));
    else if (h.float === IrType.R8) asm.emit('movsd', qword(slot), cx.x(h.pos));
    else asm.emit('mov', qword(slot), gpr64(INT_ARG_REGS[h.pos]!));
  }
  // Locals are zeroed even without localsinit (allowed, and C# code relies on definite zeroes);
  // reference slots are zeroed so the GC never reads a stale value before the first store.
  const zeroed = new Set<number>(frame.gcSlots.filter((off) => off < 0));
  for (const { loc, bytes } of frame.localLocations) {
    if (loc.kind === 'frame') for (let k = 0; k < bytes; k += 8) zeroed.add(loc.rbpOffset + k);
    else asm.emit('xor', gpr32(loc.reg), gpr32(loc.reg));
  }
  if (zeroed.size) {
    asm.emit('xor', gpr32(RegNum.RAX), gpr32(RegNum.RAX));
    for (const off of zeroed) asm.emit('mov', qword(at(rbp, off)), gpr64(RegNum.RAX));
  }
  // Value types passed by reference: take a private copy, so the body addresses them like locals.
  // After the zeroing: the copy's reference fields are GC slots, which the zeroing clears.
  for (const c of frame.copiedArgs) {
    asm.emit('mov', gpr64(RegNum.RDX), qword(at(rbp, c.home)));
    cx.copyMemory(at(rbp, c.slot), at(gpr64(RegNum.RDX)), c.size);
  }

  // The RSP catch handlers reload (IrFunction.stackPointerSlot), until a localloc lowers it.
  const spSlot = f.stackPointerSlot ? frame.locate(f.stackPointerSlot) : null;
  if (spSlot && spSlot.kind !== 'frame') throw new CodegenError('the stack-pointer slot was given a register', f.name);
  if (spSlot?.kind === 'frame') asm.emit('mov', qword(at(rbp, spSlot.rbpOffset)), rsp);
  const catchEntries = new Set<Block>(spSlot ? f.eh.filter((c) => c.kind === 'catch' || c.kind === 'filter').map((c) => c.handler) : []);

  // Body.
  const labels = new Map<Block, Label>(f.blocks.map((b) => [b, asm.newLabel()]));
  const epilogue = asm.newLabel();
  const lower = new Lowering(cx, f, labels, epilogue, opts.directCalls ?? false, opts.divideChecks === 'hardware');
  f.blocks.forEach((b, k) => {
    asm.bind(labels.get(b)!);
    if (catchEntries.has(b) && spSlot?.kind === 'frame') asm.emit('mov', rsp, qword(at(rbp, spSlot.rbpOffset)));
    for (const i of b.insts) {
      ilMark('body', i.ilOffset);
      lower.inst(i);
    }
    // With stubs to place after this block, its end must jump explicitly even to the next block.
    if (b.term) ilMark('body', b.term.ilOffset);
    lower.term(b, cx.hasPendingStubs ? null : f.blocks[k + 1] ?? null);
    if (cx.hasPendingStubs) ilMark('out-of-line');
    cx.emitThrowStubs();
  });

  // Epilogue, then out-of-line code and data.
  asm.bind(epilogue);
  ilMark('epilog');
  asm.emit('lea', rsp, at(rbp, 0));
  for (const r of [...frame.saved].reverse()) asm.emit('pop', gpr64(r));
  asm.emit('pop', rbp);
  asm.emit('ret');
  ilMark('out-of-line');
  cx.emitThrowStubs();
  lower.emitSwitchTables();

  const done = asm.finish();
  // Marks bound at the same offset (code that emitted nothing): the last one owns the code there.
  const ilMap: IlMapEntry[] = [];
  for (const m of ilMarks) {
    const native = done.labelOffset(m.label);
    if (ilMap.length && ilMap[ilMap.length - 1]!.native === native) ilMap.pop();
    const prev = ilMap[ilMap.length - 1];
    if (prev && prev.region === m.region && prev.il === m.il) continue;
    ilMap.push({ native, region: m.region, il: m.il });
  }
  // Native extent of an IL range: from the first block at or after its start to the first block
  // at or after its end (blocks are laid out in IL order, synthetic blocks after all of them).
  const nativeAt = (il: number): number => {
    const b = f.blocks.find((x) => x.ilStart >= il);
    return done.labelOffset(b ? labels.get(b)! : epilogue);
  };
  const slotOf = (v: VReg | null): number | undefined => {
    if (!v) return undefined;
    const loc = frame.locate(v);
    return loc.kind === 'frame' ? loc.rbpOffset : undefined;
  };
  const ehTable: NativeEhClause[] = f.eh.map((c) => ({
    kind: c.kind,
    tryStart: nativeAt(c.tryStart), tryEnd: nativeAt(c.tryEnd),
    handlerStart: done.labelOffset(labels.get(c.handler)!), handlerEnd: nativeAt(c.handlerEnd),
    classToken: c.classToken,
    exceptionSlot: slotOf(c.exception), continuationSlot: slotOf(c.continuation), returnSlot: slotOf(c.returnAddress),
    ...(c.filter ? { filterStart: done.labelOffset(labels.get(c.filter)!), filterResultSlot: slotOf(c.filterResult) } : {}),
  }));
  const prologSize = done.labelOffset(afterAlloc);
  for (const p of pushes) events.push({ kind: 'push', reg: p.reg, endOffset: done.labelOffset(p.after) });
  events.push({ kind: 'setfp', endOffset: done.labelOffset(afterSetFp) });
  events.push({ kind: 'alloc', size: frame.allocSize, endOffset: prologSize });
  return {
    name: f.name,
    code: done.bytes,
    relocations: done.relocations,
    unwindInfo: buildUnwindInfo(prologSize, events, RegNum.RBP, 0),
    prologSize,
    frameSize: frame.allocSize,
    gcInfo: { untrackedSlots: frame.gcSlots },
    registersUsed: frame.saved,
    ehTable,
    ir: f,
    ilMap,
  };
}
