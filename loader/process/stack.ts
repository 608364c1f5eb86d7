/**
 * A thread's stack, laid out as Windows does it:
 *
 *   reservationBase                                                         base (top)
 *   | reserved, not committed … | guard page | committed read/write … |
 *                                ^ guardPage  ^ limit (TEB.StackLimit)
 *
 * The guest touching the guard page raises a guard-page fault (the machine clears the guard bit
 * on that page). The OS side then turns that page into ordinary stack, moves the guard one page
 * down and lets the program continue; when no page is left for a new guard the thread has
 * overflowed its stack (STATUS_STACK_OVERFLOW). The lowest page of the reservation is never
 * committed, so running off the end is an access violation rather than a silent overwrite.
 */
import { PAGE_SIZE, Prot, type Memory } from '../../emu';
import { AddressSpaceExhaustedError } from './errors';
import { DEFAULT_STACK_COMMIT, DEFAULT_STACK_RESERVE, MAX_STACK_RESERVE, STACK_SEARCH_MAX, STACK_SEARCH_MIN } from './layout';

const PAGE = BigInt(PAGE_SIZE);
const GRANULE = 0x1_0000n;

/** What a guard-page fault at an address meant for this stack. */
export type GuardPageOutcome = 'grown' | 'overflow' | 'not-this-stack';

export class ThreadStack {
  private constructor(
    private readonly memory: Memory,
    /** The lowest reserved address. */
    readonly reservationBase: bigint,
    /** One past the highest stack address (TEB.StackBase). */
    readonly base: bigint,
    private limitAddress: bigint,
    private guardAddress: bigint,
  ) {}

  /** Reserves `reserve` bytes (rounded to 64 KiB), commits the top `commit` bytes and a guard page below. */
  static create(memory: Memory, reserve: bigint, commit: bigint): ThreadStack {
    let r = reserve > 0n ? reserve : DEFAULT_STACK_RESERVE;
    if (r > MAX_STACK_RESERVE) r = MAX_STACK_RESERVE;
    r = (r + GRANULE - 1n) & ~(GRANULE - 1n);
    let c = commit > 0n ? commit : DEFAULT_STACK_COMMIT;
    c = (c + PAGE - 1n) & ~(PAGE - 1n);
    // Keep room for at least the guard page and the never-committed bottom page.
    if (c > r - 2n * PAGE) c = r - 2n * PAGE;
    let reservationBase: bigint;
    try {
      reservationBase = memory.reserve(r, { min: STACK_SEARCH_MIN, max: STACK_SEARCH_MAX });
    } catch {
      throw new AddressSpaceExhaustedError(`a 0x${r.toString(16)}-byte stack`);
    }
    const base = reservationBase + r;
    const limit = base - c;
    memory.commit(limit, c, Prot.Read | Prot.Write);
    const guard = limit - PAGE;
    memory.commit(guard, PAGE, Prot.Read | Prot.Write | Prot.Guard);
    return new ThreadStack(memory, reservationBase, base, limit, guard);
  }

  /** The lowest committed, non-guard stack address (TEB.StackLimit). */
  get limit(): bigint {
    return this.limitAddress;
  }

  /** The current guard page, or undefined once the stack has overflowed. */
  get guardPage(): bigint {
    return this.guardAddress;
  }

  /** A guard-page fault at `address`: grow by a page, or report the overflow. */
  onGuardPage(address: bigint): GuardPageOutcome {
    const page = address & ~(PAGE - 1n);
    if (page !== this.guardAddress) return 'not-this-stack';
    // The machine already cleared the guard bit: the page is ordinary stack now.
    this.limitAddress = page;
    const next = page - PAGE;
    if (next <= this.reservationBase) return 'overflow';
    this.memory.commit(next, PAGE, Prot.Read | Prot.Write | Prot.Guard);
    this.guardAddress = next;
    return 'grown';
  }

  /**
   * Commits the top `bytes` of the stack at once (moving the guard page below them), as if the
   * program had already touched them. Guest code that the host calls into (DllMain, TLS callbacks,
   * CRT callbacks from a gate) runs inside a nested run that cannot be resumed after a guard-page
   * fault, so the loader gives it committed stack up front. Returns false if the reservation is
   * too small (the stack is then committed as far as it can be, guard page kept).
   */
  precommit(bytes: bigint): boolean {
    const target = (this.base - bytes) & ~(PAGE - 1n);
    while (this.limitAddress > target) {
      const page = this.guardAddress;
      const next = page - PAGE;
      if (next <= this.reservationBase) return false;
      this.memory.protect(page, PAGE, Prot.Read | Prot.Write);
      this.limitAddress = page;
      this.memory.commit(next, PAGE, Prot.Read | Prot.Write | Prot.Guard);
      this.guardAddress = next;
    }
    return true;
  }

  /** True when `address` lies in this stack's reservation. */
  contains(address: bigint): boolean {
    return address >= this.reservationBase && address < this.base;
  }
}
