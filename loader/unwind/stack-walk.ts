/**
 * Native stack walks: repeated virtual unwinds from a starting context. The walk stops at the
 * frame limit, at a zero return address (the end of the thread's stack), at a boundary the caller
 * names (where the host called into guest code), when an unwind fails
 * (malformed data, an unreadable stack), or when the stack pointer does not increase — every
 * real caller frame lives above its callee's, so a non-increasing RSP means a loop in corrupt data.
 */
import { Context64, cloneContext } from './context';
import { UnwindError } from './errors';
import { ReadableMemory } from './memory';
import { FunctionLookup, virtualUnwindStep } from './virtual-unwind';

export const DEFAULT_MAX_FRAMES = 256;

/** Why a walk ended. */
export type WalkStop =
  | { reason: 'end-of-stack' } // the return address was 0
  | { reason: 'boundary'; what: string } // the caller's RIP is a boundary the walker was told about
  | { reason: 'frame-limit' }
  | { reason: 'stack-not-increasing'; rsp: bigint }
  | { reason: 'unwind-error'; error: UnwindError };

export interface StackWalk {
  /** Frame 0 is the starting context; each next one its caller. */
  readonly frames: Context64[];
  readonly stop: WalkStop;
}

export interface WalkOptions {
  /**
   * Names a return address past which the stack is not guest frames (e.g. the sentinel through
   * which the host called guest code): the frame with that RIP is kept and the walk ends there.
   */
  boundary?: (rip: bigint) => string | undefined;
}

/** Walks the stack and says why it stopped. */
export function walkStackDetailed(memory: ReadableMemory, ctx: Context64, lookup: FunctionLookup, maxFrames = DEFAULT_MAX_FRAMES, options: WalkOptions = {}): StackWalk {
  const frames: Context64[] = [cloneContext(ctx)];
  let current = frames[0];
  while (frames.length < maxFrames) {
    let caller: Context64;
    try {
      caller = virtualUnwindStep(memory, current, lookup).caller;
    } catch (err) {
      if (err instanceof UnwindError) return { frames, stop: { reason: 'unwind-error', error: err } };
      throw err;
    }
    if (caller.rip === 0n) return { frames, stop: { reason: 'end-of-stack' } };
    if (caller.rsp <= current.rsp) return { frames, stop: { reason: 'stack-not-increasing', rsp: caller.rsp } };
    frames.push(caller);
    const boundary = options.boundary?.(caller.rip);
    if (boundary !== undefined) return { frames, stop: { reason: 'boundary', what: boundary } };
    current = caller;
  }
  return { frames, stop: { reason: 'frame-limit' } };
}

/** The frames of a walk (frame 0 = `ctx`), at most `maxFrames`. Never throws for bad guest data. */
export function walkStack(memory: ReadableMemory, ctx: Context64, lookup: FunctionLookup, maxFrames = DEFAULT_MAX_FRAMES, options: WalkOptions = {}): Context64[] {
  return walkStackDetailed(memory, ctx, lookup, maxFrames, options).frames;
}
