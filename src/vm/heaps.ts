/**
 * The runtime's guest memory regions that never free, each a bump allocator over one reservation
 * that commits in large chunks (Unicorn is slow with many small mappings; see design.md "Facts
 * measured here"). Managed objects live elsewhere: in the collected heap of src/vm/gc.
 *
 *  - the loader heap: MethodTables, MethodDescs, static field storage, string literal slots;
 *  - the code heap: precode stubs, trampolines and JIT-compiled code. One reservation keeps every
 *    precode within ±2 GiB of every method body, so a backpatched precode is a direct `jmp rel32`.
 *
 * Invariant: every address handed out is committed, zeroed and aligned as asked.
 */
import { type Memory, Prot } from '../../emu';
import { HeapExhaustedError } from './errors';

/** How much a region commits at a time. */
const COMMIT_CHUNK = 4 * 1024 * 1024;

export class BumpRegion {
  readonly base: bigint;
  private next: bigint;
  private committedEnd: bigint;
  private readonly end: bigint;

  constructor(
    private readonly memory: Memory,
    readonly name: string,
    readonly size: number,
    private readonly prot: Prot,
  ) {
    this.base = memory.reserve(size);
    this.next = this.base;
    this.committedEnd = this.base;
    this.end = this.base + BigInt(size);
  }

  /** `size` zeroed bytes aligned to `align` (a power of two). */
  alloc(size: number, align = 8): bigint {
    const a = BigInt(align);
    const at = (this.next + a - 1n) & ~(a - 1n);
    const stop = at + BigInt(Math.max(size, 0));
    if (stop > this.end) throw new HeapExhaustedError(this.name, size);
    while (stop > this.committedEnd) {
      const chunk = this.end - this.committedEnd < BigInt(COMMIT_CHUNK) ? this.end - this.committedEnd : BigInt(COMMIT_CHUNK);
      this.memory.commit(this.committedEnd, chunk, this.prot);
      this.committedEnd += chunk;
    }
    this.next = stop;
    return at;
  }

  contains(addr: bigint): boolean {
    return addr >= this.base && addr < this.next;
  }

  /** Bytes handed out so far. */
  get used(): number {
    return Number(this.next - this.base);
  }
}

/** The two never-freeing regions of one runtime instance. */
export class RuntimeHeaps {
  readonly loader: BumpRegion;
  readonly code: BumpRegion;

  constructor(memory: Memory) {
    this.loader = new BumpRegion(memory, 'loader heap', 64 * 1024 * 1024, Prot.Read | Prot.Write);
    this.code = new BumpRegion(memory, 'code heap', 64 * 1024 * 1024, Prot.Read | Prot.Execute);
  }
}
