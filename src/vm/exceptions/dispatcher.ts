/**
 * Managed exception dispatch, two passes over the frames of JIT-compiled code (ECMA-335
 * §I.12.4.2.5, "Overview of exception handling"):
 *
 *  1. search: from the throw point, walk frames with the unwinder (loader/unwind, over the code
 *     manager's function table); in each frame, try the clauses whose try range covers the frame's
 *     IP, innermost first: a `catch` matches when the exception is an instance of its class; a
 *     `filter` runs now and its verdict decides;
 *  2. unwind: run the `finally` and `fault` handlers of every frame between the throw point and
 *     the catching clause, innermost first, then load the catching frame's registers and continue
 *     at its handler with the exception object in the clause's slot.
 *
 * Handlers are inline in their method's frame (src/jit/README.md, exception handling): to run a
 * filter/finally/fault the dispatcher loads the frame's RBP and callee-saved registers, puts a
 * return address (a sentinel of int3s) in the clause's return slot and runs the CPU until it gets
 * there; afterwards it reloads those registers, which the handler may have updated. Handlers run
 * with RSP below every frame of the dispatch, so a filter cannot overwrite the frames that pass 2
 * still needs.
 *
 * Exceptions raised while a handler runs: if the nested dispatch catches in or beyond the frame
 * whose handler is running, it throws `ResumeTransfer` through the host stack to the gate that
 * owns that frame, which abandons its dispatch and resumes there; an exception escaping a filter
 * throws `FilterEscape`, which makes the filter's verdict 0.
 *
 * When no managed frame catches: at the return into a host caller that takes escaping exceptions
 * (`hostCatches`: a class constructor run) finally handlers run and `ManagedExceptionEscape` goes
 * to that caller; anywhere else (the boot thunk under Main, a finalizer, native code) the
 * exception is unhandled and goes to the runtime's unhandled-exception policy, before any finally
 * runs, as on .NET Framework (without a policy, e.g. `clremu regression`, the report is thrown to
 * the host).
 */
import { CALL_SENTINEL, GuestExit, GuestFault, Reg, type GateCall } from '../../../emu';
import { functionLookup } from '../../../loader/seh';
import { UnwindError, captureContext, cloneContext, virtualUnwind, virtualUnwindStep, type Context64 } from '../../../loader/unwind';
import type { NativeEhClause } from '../../jit/codegen/compile';
import { isCastable } from '../casting';
import type { CodeRange } from '../code-manager';
import { UnhandledManagedException, type HardwareFault } from '../errors';
import { GcHandleType } from '../gc/handles';
import type { Runtime } from '../runtime';
import type { TypeDesc } from '../type-desc';
import { ExceptionDispatchError, FilterEscape, ManagedExceptionEscape, ManagedRaise, ResumeTransfer, UnhandledExceptionReport } from './errors';
import { createException, displayTypeName, exceptionMessage, innerException, recordedStackTrace, recordStackTrace, typeOfObject } from './exception-object';
import { formatTrace } from './stack-trace';

/** One managed frame met by the search pass. */
interface Frame {
  /** Registers of the frame at its current IP (for the thrower: at the helper call). */
  ctx: Context64;
  readonly range: CodeRange;
  /** Offset within the method used to test try ranges (inside the call instruction). */
  readonly offset: number;
}

/** A handler the dispatcher is running (filter, finally or fault) in some frame. */
interface ActiveRun {
  readonly kind: 'filter' | 'finally';
  /** The body RSP of the frame whose handler runs. */
  readonly frameRsp: bigint;
  /** The code being run, [start, end) as guest addresses (a catch inside it belongs to the run). */
  readonly codeStart: bigint;
  readonly codeEnd: bigint;
}

/** Whether a resume at `t` leaves handler run `r` (it is in an outer frame, or outside the handler's code). */
function leavesRun(r: ActiveRun, t: ResumeTransfer): boolean {
  if (t.frameRsp !== r.frameRsp) return t.frameRsp > r.frameRsp;
  return t.target < r.codeStart || t.target >= r.codeEnd;
}

/** Registers a handler sees as its frame's: RBP and the callee-saved ones (Windows x64). */
const FRAME_REGS: readonly [keyof Context64, Reg][] = [
  ['rbp', Reg.RBP], ['rbx', Reg.RBX], ['rsi', Reg.RSI], ['rdi', Reg.RDI],
  ['r12', Reg.R12], ['r13', Reg.R13], ['r14', Reg.R14], ['r15', Reg.R15],
];

/** Frames walked at most; deeper stacks are a stack overflow in practice. */
const MAX_FRAMES = 100_000;
/** Bytes left free below the lowest frame when a handler runs there. */
const HANDLER_STACK_GAP = 0x100n;

export class ExceptionDispatcher {
  private readonly runs: ActiveRun[] = [];
  /** The newest exception object raised for a hardware fault, with that fault (see `raiseAt`). */
  private faultOrigin?: { readonly obj: bigint; readonly fault: HardwareFault };
  /** Gate calls whose handler may throw ManagedRaise (see `guard`). */
  private readonly guarded: GateCall[] = [];
  private pending: { raise: ManagedRaise } | undefined;
  private sentinel = 0n;
  private pendingGate = 0n;

  /** RSP at each host call whose caller takes an exception that leaves it (`hostCatches`). */
  private readonly catchingHosts: bigint[] = [];

  /**
   * Runs `call` (a guest call made from the host, e.g. a class constructor) so that a managed
   * exception leaving it is thrown to this caller as ManagedExceptionEscape, after the finally
   * handlers inside it ran. A guest call made any other way (a finalizer) that an exception leaves
   * ends in the unhandled-exception policy, as on .NET Framework.
   */
  hostCatches<T>(call: () => T): T {
    this.catchingHosts.push(this.rt.machine.reg(Reg.RSP));
    try {
      return call();
    } finally {
      this.catchingHosts.pop();
    }
  }

  /**
   * Whether the guest call whose return sentinel the walk reached (RSP `rsp` after popping it)
   * was made under `hostCatches`: `callGuest` places the sentinel 32–47 bytes below the caller's RSP.
   */
  private hostCatchesAt(rsp: bigint): boolean {
    const top = this.catchingHosts[this.catchingHosts.length - 1];
    return top !== undefined && rsp <= top && top - rsp < 64n;
  }

  /** Types whose class constructor threw: a strong handle to the exception it threw (read back at each use, so the handle table stays the one holder). */
  private readonly initializerFailures = new Map<TypeDesc, bigint>();

  constructor(private readonly rt: Runtime) {}

  /**
   * Records that `t`'s class constructor threw `inner`; the TypeInitializationException to raise
   * (§II.10.5.3.3: the type stays unusable, every later trigger raises it again).
   */
  recordInitializerFailure(t: TypeDesc, inner: bigint): ManagedRaise {
    this.initializerFailures.set(t, this.rt.gc.handles.alloc(Number(inner), GcHandleType.Normal));
    return this.initializerFailure(t)!;
  }

  /** The TypeInitializationException for a type whose class constructor threw, if it did. */
  initializerFailure(t: TypeDesc): ManagedRaise | undefined {
    const handle = this.initializerFailures.get(t);
    if (handle === undefined) return undefined;
    const inner = BigInt(this.rt.gc.handles.target(handle));
    const name = displayTypeName(t);
    return new ManagedRaise('System.TypeInitializationException', `The type initializer for '${name}' threw an exception.`, inner, name);
  }

  /** Whether `call`'s handler runs under `guard`, so that a ManagedRaise thrown there is dispatched. */
  isGuarded(call: GateCall): boolean {
    return this.guarded[this.guarded.length - 1] === call;
  }

  /**
   * Runs a gate handler that may raise managed exceptions (`throw new ManagedRaise(…)`). A raise
   * is not dispatched here: the gate continues at the pending-raise gate (a non-leaf gate with
   * the same return address), so leaf gates can raise too.
   */
  guard<T>(call: GateCall, fn: () => T): T | undefined {
    this.guarded.push(call);
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ManagedRaise)) throw e;
      this.raiseLater(call, e);
      return undefined;
    } finally {
      this.guarded.pop();
    }
  }

  /**
   * Raises from a gate handler that then returns at once (the runtime's own `clr!` helpers, whose
   * handlers return the raise's result): the gate continues at the pending-raise gate, which
   * builds and dispatches the exception from the same call site. Leaf gates may use it.
   */
  raiseLater(call: GateCall, raise: ManagedRaise): void {
    this.pending = { raise };
    call.jump(this.pendingRaiseGate());
  }

  /** The gate that dispatches the raise `guard` left pending, from the same call site. */
  private pendingRaiseGate(): bigint {
    if (this.pendingGate === 0n) {
      this.pendingGate = this.rt.machine.gates.define('clr!RaisePending', (call) => {
        const p = this.pending;
        this.pending = undefined;
        if (!p) throw new ExceptionDispatchError('no raise is pending', 'clr!RaisePending');
        this.raiseAt(call, p.raise);
      });
    }
    return this.pendingGate;
  }

  /** Builds the runtime-raised exception (its managed constructor runs) and throws it from `call`'s site. */
  raiseAt(call: GateCall, raise: ManagedRaise, fault?: HardwareFault): void {
    this.atGate(call, () => {
      const obj = createException(this.rt, raise.exceptionType, raise.exceptionMessage, raise.inner, raise.typeName);
      // Remembered so that, left unhandled, the exception's report can show the original fault.
      if (fault) this.faultOrigin = { obj, fault };
      this.dispatch(obj, contextAtCall(call));
    });
  }

  /**
   * `throw obj` from the Throw helper's gate (a null object is a NullReferenceException), or
   * `rethrow` of a caught exception from the Rethrow helper's: a rethrown exception keeps the
   * stack trace it was caught with, up to but not including the catching frame, and the new walk
   * (which starts in that same method, at the rethrow) is appended, as Mono and .NET do; `throw`
   * starts a new trace.
   */
  throwAt(call: GateCall, obj: bigint, rethrow = false): void {
    if (obj === 0n) return this.raiseAt(call, new ManagedRaise('System.NullReferenceException', 'Object reference not set to an instance of an object.'));
    const kept = rethrow ? recordedStackTrace(this.rt, obj).slice(0, -1) : [];
    this.atGate(call, () => this.dispatch(obj, contextAtCall(call), kept));
  }

  /** Runs a dispatch at a gate; a ResumeTransfer meant for this level resumes here. */
  private atGate(call: GateCall, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ResumeTransfer) || this.runs.some((r) => leavesRun(r, e))) throw e;
      this.resume(call, e.context, e.target);
    }
  }

  private resume(call: GateCall, ctx: Context64, target: bigint): void {
    const m = this.rt.machine;
    for (const [name, reg] of FRAME_REGS) m.setReg(reg, ctx[name] as bigint);
    m.setReg(Reg.RSP, ctx.rsp);
    call.jump(target);
  }

  /**
   * The two passes for exception object `obj` thrown at `thrower`; on success the CPU registers
   * are the catching frame's and `ResumeTransfer`'s target is where to continue (the caller jumps).
   */
  private dispatch(obj: bigint, thrower: Context64, kept: readonly bigint[] = []): void {
    const rt = this.rt;
    rt.gc.protect([obj], () => {
      const frames: Frame[] = [];
      const objType = typeOfObject(rt, obj);
      let found: { frame: number; clause: NativeEhClause } | undefined;
      let stoppedAt: Context64 | undefined;
      let ctx: Context64 | undefined = thrower;
      const lowest = thrower.rsp;
      let nativeFrames = 0;
      search: while (ctx) {
        const range = rt.code.rangeAt(ctx.rip);
        if (!range) {
          // A native frame (a DLL that called back into managed code): unwound with its own
          // unwind data and left out of the trace, as .NET leaves native frames out.
          const caller = this.nativeCaller(ctx);
          if (!caller) {
            stoppedAt = ctx;
            break;
          }
          if (++nativeFrames >= MAX_FRAMES) throw new ExceptionDispatchError(`more than ${MAX_FRAMES} native frames`, 'native code');
          ctx = caller;
          continue;
        }
        if (frames.length >= MAX_FRAMES) throw new ExceptionDispatchError(`more than ${MAX_FRAMES} frames`, range.method.fullName);
        const frame: Frame = { ctx: cloneContext(ctx), range, offset: Number(ctx.rip - range.start) - 1 };
        const run = this.runs[this.runs.length - 1];
        if (run?.kind === 'filter' && this.bodyRsp(frame) >= run.frameRsp) {
          // The exception leaves the filter: unwind what it called, then the verdict is 0.
          this.recordTrace(obj, kept, frames, frames.length);
          this.unwindFrames(frames, frames.length, undefined, lowest);
          throw new FilterEscape();
        }
        frames.push(frame);
        for (const clause of range.compiled.ehTable) {
          if (frame.offset < clause.tryStart || frame.offset >= clause.tryEnd) continue;
          if (clause.kind === 'catch' && this.catches(objType, clause, range)) {
            found = { frame: frames.length - 1, clause };
            break search;
          }
          if (clause.kind === 'filter' && this.runFilter(frame, clause, obj, lowest)) {
            found = { frame: frames.length - 1, clause };
            break search;
          }
        }
        ctx = virtualUnwind(rt.machine.memory, ctx, rt.code.lookup);
      }
      this.recordTrace(obj, kept, frames, found ? found.frame + 1 : frames.length);
      if (!found) {
        if (stoppedAt?.rip === CALL_SENTINEL && this.hostCatchesAt(stoppedAt.rsp)) {
          this.unwindFrames(frames, frames.length, undefined, lowest);
          throw new ManagedExceptionEscape(obj, displayTypeName(objType), this.describe(obj), formatTrace(rt, [...kept, ...frames.map((f) => f.ctx.rip)]));
        }
        return rt.unhandled(this.unhandledReport(obj, kept, frames));
      }
      this.unwindFrames(frames, found.frame, found.clause, lowest);
      const target = frames[found.frame]!;
      const rbp = target.ctx.rbp;
      rt.machine.memory.setU64(rbp + BigInt(found.clause.exceptionSlot!), obj);
      const resumeCtx = cloneContext(target.ctx);
      resumeCtx.rsp = this.bodyRsp(target);
      throw new ResumeTransfer(resumeCtx, target.range.start + BigInt(found.clause.handlerStart), resumeCtx.rsp);
    });
  }

  /**
   * The caller of native frame `ctx`, when the walk can cross it: the process's loaded images
   * (with their .pdata; a function without an entry is a leaf) and no host frame or gate in the
   * way. A native frame with a language handler is refused with a named error: its handler would
   * have to see the managed exception (an `__except` filter, a C++ catch or cleanup), which this
   * dispatcher does not do.
   */
  private nativeCaller(ctx: Context64): Context64 | undefined {
    const os = this.rt.os;
    if (!os || ctx.rip === 0n || ctx.rip === CALL_SENTINEL || this.rt.machine.gates.contains(ctx.rip)) return undefined;
    const module = os.modules.byAddress(ctx.rip);
    if (!module) return undefined;
    let step;
    try {
      step = virtualUnwindStep(this.rt.machine.memory, ctx, functionLookup(os));
    } catch (e) {
      if (e instanceof UnwindError) return undefined;
      throw e;
    }
    if (step.handler) {
      const where = `${module.name}+0x${(ctx.rip - module.base).toString(16)}`;
      throw new ExceptionDispatchError(`a managed exception would cross native frame ${where}, whose ${step.handler.exception ? 'exception' : 'termination'} handler this runtime does not call`, where);
    }
    return step.caller.rsp > ctx.rsp ? step.caller : undefined;
  }

  /** Whether a catch clause's class (resolved in the method's module) takes an exception of `objType`. */
  private catches(objType: TypeDesc, clause: NativeEhClause, range: CodeRange): boolean {
    const asm = range.method.assembly;
    const catchType = this.rt.types.ensureLoaded(this.rt.types.resolveType(asm, clause.classToken));
    return isCastable(this.rt, objType, catchType);
  }

  /** Pass 2: finally and fault handlers of frames [0, upTo] — in frame `upTo` only those before `stopAt`. */
  private unwindFrames(frames: readonly Frame[], upTo: number, stopAt: NativeEhClause | undefined, lowest: bigint): void {
    for (let k = 0; k < frames.length && k <= upTo; k++) {
      const f = frames[k]!;
      for (const clause of f.range.compiled.ehTable) {
        if (k === upTo && clause === stopAt) break;
        if ((clause.kind !== 'finally' && clause.kind !== 'fault') || f.offset < clause.tryStart || f.offset >= clause.tryEnd) continue;
        this.runHandler(f, clause.handlerStart, clause.handlerEnd, clause, 'finally', lowest, (rbp) => this.rt.machine.memory.setU32(rbp + BigInt(clause.continuationSlot!), 0));
      }
    }
  }

  /** Runs a filter in pass 1; its int32 verdict (an exception escaping the filter counts as 0). */
  private runFilter(f: Frame, clause: NativeEhClause, obj: bigint, lowest: bigint): boolean {
    try {
      this.runHandler(f, clause.filterStart!, clause.handlerStart, clause, 'filter', lowest, (rbp) => this.rt.machine.memory.setU64(rbp + BigInt(clause.exceptionSlot!), obj));
    } catch (e) {
      if (e instanceof FilterEscape) return false;
      throw e;
    }
    return this.rt.machine.memory.i32(f.ctx.rbp + BigInt(clause.filterResultSlot!)) !== 0;
  }

  /** Runs handler code of frame `f` that returns through [rbp + returnSlot]; reloads the frame's registers after. */
  private runHandler(f: Frame, codeOffset: number, codeEnd: number, clause: NativeEhClause, kind: ActiveRun['kind'], lowest: bigint, setup: (rbp: bigint) => void): void {
    const m = this.rt.machine;
    const rbp = f.ctx.rbp;
    for (const [name, reg] of FRAME_REGS) m.setReg(reg, f.ctx[name] as bigint);
    m.setReg(Reg.RSP, (lowest - HANDLER_STACK_GAP) & ~15n);
    setup(rbp);
    m.memory.setU64(rbp + BigInt(clause.returnSlot!), this.handlerSentinel());
    this.runs.push({ kind, frameRsp: this.bodyRsp(f), codeStart: f.range.start + BigInt(codeOffset), codeEnd: f.range.start + BigInt(codeEnd) });
    let outcome;
    try {
      outcome = m.run({ begin: f.range.start + BigInt(codeOffset), until: this.handlerSentinel() });
    } finally {
      this.runs.pop();
    }
    if (outcome.kind === 'fault') throw new GuestFault(outcome.fault);
    if (outcome.kind === 'exited') throw new GuestExit(outcome.code);
    if (outcome.kind !== 'returned') throw new ExceptionDispatchError(`${kind} handler did not return (${outcome.kind})`, f.range.method.fullName);
    const regs = f.ctx as unknown as Record<string, bigint>;
    for (const [name, reg] of FRAME_REGS) regs[name] = m.reg(reg);
  }

  /** The frame's fixed body RSP (RBP − frame size, src/jit/README.md). */
  private bodyRsp(f: Frame): bigint {
    return f.ctx.rbp - BigInt(f.range.compiled.frameSize);
  }

  /** Where handlers run by the dispatcher return to: int3s in the code heap, never executed. */
  private handlerSentinel(): bigint {
    if (this.sentinel === 0n) this.sentinel = this.rt.code.writeStub(new Uint8Array(16).fill(0xcc));
    return this.sentinel;
  }

  /** `_stackTrace`: `kept` (a rethrow's earlier frames), then the throw point to the catching frame (Mono records the IPs at throw). */
  private recordTrace(obj: bigint, kept: readonly bigint[], frames: readonly Frame[], count: number): void {
    recordStackTrace(this.rt, obj, [...kept, ...frames.slice(0, count).map((f) => f.ctx.rip)]);
  }

  /** `message ---> Inner: message` as .NET prints a chain of inner exceptions. */
  private describe(obj: bigint): string {
    let text = exceptionMessage(this.rt, obj);
    for (let inner = innerException(this.rt, obj), depth = 0; inner !== 0n && depth < 16; inner = innerException(this.rt, inner), depth++) {
      text += ` ---> ${displayTypeName(typeOfObject(this.rt, inner))}: ${exceptionMessage(this.rt, inner)}`;
    }
    return text;
  }

  private unhandledReport(obj: bigint, kept: readonly bigint[], frames: readonly Frame[]): UnhandledManagedException {
    const inner: string[][] = [];
    for (let e = innerException(this.rt, obj), depth = 0; e !== 0n && depth < 16; e = innerException(this.rt, e), depth++) {
      inner.unshift(formatTrace(this.rt, recordedStackTrace(this.rt, e)));
    }
    const report = new UnhandledExceptionReport(displayTypeName(typeOfObject(this.rt, obj)), this.describe(obj), formatTrace(this.rt, [...kept, ...frames.map((f) => f.ctx.rip)]), inner);
    if (this.faultOrigin?.obj === obj) report.hardwareFault = this.faultOrigin.fault;
    return report;
  }
}

/** The calling frame's registers at a gate: RIP the return address, RSP just above it. */
function contextAtCall(call: GateCall): Context64 {
  const ctx = captureContext(call.machine);
  ctx.rip = call.returnAddress;
  ctx.rsp = call.entryRsp + 8n;
  return ctx;
}
