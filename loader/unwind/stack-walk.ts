/**
 * Native stack walks: repeated virtual unwinds from a starting context. The walk stops at the
 * frame limit, at a zero return address (the end of the thread's stack), when an unwind fails
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
  | { reason: 'frame-limit' }
  | { reason: 'stack-not-increasing'; rsp: bigint }
  | { reason: 'unwind-error'; error: UnwindError };

export interface StackWalk {
  /** Frame 0 is the starting context; each next one its caller. */
  readonly frames: Context64[];
  readonly stop: WalkStop;
}

/** Walks the stack and says why it stopped. */
export function walkStackDetailed(memory: ReadableMemory, ctx: Context64, lookup: FunctionLookup, maxFrames = DEFAULT_MAX_FRAMES): StackWalk {
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
    current = caller;
  }
  return { frames, stop: { reason: 'frame-limit' } };
}

/** The frames of a walk (frame 0 = `ctx`), at most `maxFrames`. Never throws for bad guest data. */
export function walkStack(memory: ReadableMemory, ctx: Context64, lookup: FunctionLookup, maxFrames = DEFAULT_MAX_FRAMES): Context64[] {
  return walkStackDetailed(memory, ctx, lookup, maxFrames).frames;
}
