/**
 * Scratch space for the dispatcher's records on the guest stack, below the live frames, as
 * KiUserExceptionDispatcher places the CONTEXT and EXCEPTION_RECORD on the faulting thread's
 * stack. Allocation is downwards; every block is zeroed, aligned, and checked to be writable (a
 * stack with no room left is STATUS_STACK_OVERFLOW, never a host exception).
 */
import type { Memory } from '../../emu';
import type { Os } from '../os';
import { SehError } from './errors';

/** STATUS_STACK_OVERFLOW. */
const STATUS_STACK_OVERFLOW = 0xc00000fd;

export class StackArea {
  private cursor: bigint;

  /** `top` is the lowest live stack address; space is taken below it. */
  constructor(
    private readonly memory: Memory,
    top: bigint,
  ) {
    this.cursor = top & ~0xfn;
  }

  alloc(size: number, align = 16): bigint {
    let at = this.cursor - BigInt(size);
    at -= at % BigInt(align);
    // Below address 0 (RSP was zeroed or corrupted) is no stack either.
    if (at < 0n || !this.memory.isAccessible(at, size, 'write')) {
      throw new SehError(STATUS_STACK_OVERFLOW, 'no committed stack left for the exception dispatcher', at);
    }
    this.memory.write(at, new Uint8Array(size));
    this.cursor = at;
    return at;
  }

  /** A 16-aligned stack pointer below everything allocated, for calls into the guest. */
  get top(): bigint {
    return (this.cursor - 0x20n) & ~0xfn;
  }
}

/** Stack the dispatcher wants committed below the live frames: its records plus the handlers' frames (C++ personality routines and terminate handlers use several KiB). */
export const DISPATCH_STACK_RESERVE = 0x10000n;

/** The parts of the loader's thread that can commit stack ahead of use (loader/process MainThread). */
interface GrowableThread {
  readonly stack: { readonly base: bigint; contains(address: bigint): boolean; precommit(bytes: bigint): boolean };
  syncStackLimit(): void;
}

function isGrowable(thread: unknown): thread is GrowableThread {
  const t = thread as Partial<GrowableThread> | undefined;
  return typeof t?.syncStackLimit === 'function' && typeof t.stack?.precommit === 'function' && typeof t.stack.contains === 'function';
}

/**
 * Commits the thread's stack down to `DISPATCH_STACK_RESERVE` below `lowest`, as Windows' kernel
 * grows the stack when it delivers an exception: handlers run in nested guest calls, which cannot
 * resume after a guard-page fault. A thread that cannot grow its stack (a test process) or a stack
 * whose reservation is too small is left as it is; the records' own check then decides.
 */
export function growStackFor(os: Os, lowest: bigint): void {
  const thread: unknown = os.thread;
  if (!isGrowable(thread) || !thread.stack.contains(lowest)) return;
  const want = lowest - DISPATCH_STACK_RESERVE;
  if (want <= 0n || want >= thread.stack.base) return;
  thread.stack.precommit(thread.stack.base - want);
  thread.syncStackLimit();
}
