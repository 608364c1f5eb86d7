/**
 * Scratch space for the dispatcher's records on the guest stack, below the live frames, as
 * KiUserExceptionDispatcher places the CONTEXT and EXCEPTION_RECORD on the faulting thread's
 * stack. Allocation is downwards; every block is zeroed, aligned, and checked to be writable (a
 * stack with no room left is STATUS_STACK_OVERFLOW, never a host exception).
 */
import type { Memory } from '../../emu';
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
