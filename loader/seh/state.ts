/**
 * Per-process exception-handling state, keyed by the process's `Os` (no module-level mutable
 * state shared between processes): the vectored exception and continue handler lists
 * (RtlAddVectoredExceptionHandler), the top-level unhandled-exception filter
 * (SetUnhandledExceptionFilter), function tables added at run time (RtlAddFunctionTable), and the
 * stack of host frames the dispatcher has open (see `HostFrame`).
 */
import type { Os } from '../os';
import type { Context64 } from '../unwind';

/** One registered vectored handler; `handle` is what Add… returned to the guest. */
export interface VectoredHandler {
  readonly handle: bigint;
  readonly routine: bigint;
}

/** A table added with RtlAddFunctionTable: `count` RUNTIME_FUNCTIONs at `address`. */
export interface DynamicFunctionTable {
  readonly address: bigint;
  readonly count: number;
  readonly imageBase: bigint;
}

/**
 * A point where control may be resumed at some nesting of host calls. The dispatcher (started by
 * a fault, RaiseException or RtlUnwindEx) owns one; a ContextTransfer aimed at it unwinds the host
 * (JavaScript) stack back to the dispatcher, which then loads the context into the CPU there.
 */
export class ResumeLevel {
  constructor(readonly description: string) {}
}

/**
 * A guest call the dispatcher made (a language handler, a filter, a vectored handler). Its
 * return address is the host's call sentinel at `sentinelSlot`; a walk of the stack that reaches
 * that slot continues at `resume`, the frame the dispatcher was working on (Windows walks through
 * its dispatcher frames the same way).
 */
export interface HostFrame {
  readonly sentinelSlot: bigint;
  /** The context to continue a walk from. */
  readonly resume: Context64;
  /**
   * Where the search for a handler of an exception raised inside the call continues: the caller
   * of the frame whose exception handler was running (Windows' nested-exception rule), or the
   * frame an unwind handler was unwinding (so a handler can start a collided unwind to it, as
   * libgcc's STATUS_GCC_UNWIND does); none for filters outside the frame search.
   */
  readonly searchResume?: Context64;
  /** Where a context reached through this frame is finally loaded. */
  readonly level: ResumeLevel;
  /** 'exception': a search-phase handler or filter; 'unwind': an unwind-phase handler (collided unwinds restart at its frame). */
  readonly kind: 'exception' | 'unwind';
  /** The interrupted unwind's DISPATCHER_CONTEXT (its ScopeIndex tells a collided unwind where to carry on). */
  readonly dispatcherContext?: bigint;
}

/** A range whose entries a guest callback supplies (RtlInstallFunctionTableCallback). */
export interface CallbackFunctionTable {
  /** TableIdentifier (its low two bits are set, which tells it from a table address). */
  readonly identifier: bigint;
  readonly base: bigint;
  readonly length: number;
  /** PRUNTIME_FUNCTION callback(DWORD64 ControlPc, PVOID Context). */
  readonly callback: bigint;
  readonly context: bigint;
}

export interface SehState {
  readonly callbackTables: CallbackFunctionTable[];
  readonly vectored: VectoredHandler[];
  readonly continueHandlers: VectoredHandler[];
  readonly tables: DynamicFunctionTable[];
  readonly hostFrames: HostFrame[];
  unhandledFilter: bigint;
  nextHandle: bigint;
}

const states = new WeakMap<Os, SehState>();

export function sehState(os: Os): SehState {
  let s = states.get(os);
  if (!s) {
    s = { callbackTables: [], vectored: [], continueHandlers: [], tables: [], hostFrames: [], unhandledFilter: 0n, nextHandle: 0x5e40_0000n };
    states.set(os, s);
  }
  return s;
}

/** The innermost host frame whose call sentinel sits at `slot`, if the dispatcher made that call. */
export function hostFrameAt(os: Os, slot: bigint): HostFrame | undefined {
  const frames = sehState(os).hostFrames;
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.sentinelSlot === slot) return frames[i];
  return undefined;
}
