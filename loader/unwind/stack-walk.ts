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
import { StackScanOptions, isPlausibleReturnAddress, scanForReturnAddress } from './stack-scan';
import { FunctionLookup, virtualUnwindStep } from './virtual-unwind';

export const DEFAULT_MAX_FRAMES = 256;

/** Why a walk ended. */
export type WalkStop =
  | { reason: 'end-of-stack' } // the return address was 0
  | { reason: 'boundary'; what: string } // the caller's RIP is a boundary the walker was told about
  | { reason: 'frame-limit' }
  | { reason: 'stack-not-increasing'; rsp: bigint }
  | { reason: 'no-return-address'; rsp: bigint } // scanning: neither [RSP] nor the slots above are plausible
  | { reason: 'unwind-error'; error: UnwindError };

export interface StackWalk {
  /** Frame 0 is the starting context; each next one its caller. */
  readonly frames: Context64[];
  readonly stop: WalkStop;
  /** Indices of frames found by stack scanning rather than unwind data (see stack-scan.ts). */
  readonly scannedFrames: ReadonlySet<number>;
}

export interface WalkOptions {
  /**
   * Names a return address past which the stack is not guest frames (e.g. the sentinel through
   * which the host called guest code): the frame with that RIP is kept and the walk ends there.
   */
  boundary?: (rip: bigint) => string | undefined;
  /**
   * When a frame has no function entry and the leaf rule's return address is implausible, scan
   * the stack for one instead, and end the walk when there is none (off by default:
   * RtlVirtualUnwind does not scan).
   */
  scan?: StackScanOptions;
}

/** Walks the stack and says why it stopped. */
export function walkStackDetailed(memory: ReadableMemory, ctx: Context64, lookup: FunctionLookup, maxFrames = DEFAULT_MAX_FRAMES, options: WalkOptions = {}): StackWalk {
  const frames: Context64[] = [cloneContext(ctx)];
  const scannedFrames = new Set<number>();
  const done = (stop: WalkStop): StackWalk => ({ frames, stop, scannedFrames });
  let current = frames[0];
  while (frames.length < maxFrames) {
    let caller: Context64;
    try {
      const step = virtualUnwindStep(memory, current, lookup);
      caller = step.caller;
      if (step.location === 'leaf' && options.scan && caller.rip !== 0n && !isPlausibleReturnAddress(memory, caller.rip, options.scan)) {
        const found = scanForReturnAddress(memory, current.rsp, options.scan);
        // Without any plausible return address, further frames would be read from garbage.
        if (!found) return done({ reason: 'no-return-address', rsp: current.rsp });
        caller.rip = found.rip;
        caller.rsp = found.rsp;
        scannedFrames.add(frames.length);
      }
    } catch (err) {
      if (err instanceof UnwindError) return done({ reason: 'unwind-error', error: err });
      throw err;
    }
    if (caller.rip === 0n) return done({ reason: 'end-of-stack' });
    if (caller.rsp <= current.rsp) return done({ reason: 'stack-not-increasing', rsp: caller.rsp });
    frames.push(caller);
    const boundary = options.boundary?.(caller.rip);
    if (boundary !== undefined) return done({ reason: 'boundary', what: boundary });
    current = caller;
  }
  return done({ reason: 'frame-limit' });
}

/** The frames of a walk (frame 0 = `ctx`), at most `maxFrames`. Never throws for bad guest data. */
export function walkStack(memory: ReadableMemory, ctx: Context64, lookup: FunctionLookup, maxFrames = DEFAULT_MAX_FRAMES, options: WalkOptions = {}): Context64[] {
  return walkStackDetailed(memory, ctx, lookup, maxFrames, options).frames;
}
