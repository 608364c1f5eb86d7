/**
 * A heap allocator whose blocks live in guest memory (the process heap, HeapCreate heaps and the C
 * runtime's malloc heap are each one `BlockHeap`).
 *
 * Layout: a heap owns segments reserved with `Memory.reserve` and committed 64 KiB at a time as
 * its top grows. The heap handle is the first segment's base, as on Windows. Every block starts
 * with a 16-byte header in guest memory and its user pointer is 16-byte aligned:
 *
 *   +0  u64  block size in bytes (header included, multiple of 16) | 1 when busy
 *   +8  u32  guard = low 32 bits of (block address ^ heap handle ^ GUARD_SALT)
 *   +12 u32  bytes the caller asked for (busy blocks)
 *
 * The authoritative bookkeeping (live blocks, the address-ordered free list) is kept on the host,
 * so a guest that scribbles over a header cannot corrupt the allocator: a double free, a foreign
 * pointer or a header that no longer matches the host's record is diagnosed by name (`diagnose`)
 * and refused. Freed blocks coalesce with free neighbours immediately.
 */
import type { Memory, Prot } from '../../emu';
import type { GuestHeap } from '../os';

/** The parts of guest memory a heap needs (a test may provide a fake). */
export type HeapMemory = Pick<Memory, 'reserve' | 'commit' | 'release' | 'u64' | 'setU64' | 'u32' | 'setU32' | 'read' | 'write'>;

/** Prot.Read | Prot.Write (and | Prot.Execute), spelt numerically so this file needs emu/ only for its types. */
const READ_WRITE = 3 as Prot;
const READ_WRITE_EXECUTE = 7 as Prot;

export const HEADER_SIZE = 16;
export const BLOCK_ALIGN = 16;
/** Commit granularity of a segment's top. */
const COMMIT_CHUNK = 0x10000;
/** Reserve size of a growable heap's segments (larger requests get a segment of their own). */
const DEFAULT_SEGMENT = 0x100000;
/** Space at a segment's start before its first block (the heap handle points here). */
const SEGMENT_HEADER = 0x40;
/** The smallest free remainder worth splitting off: a header plus one 16-byte payload. */
const MIN_SPLIT = HEADER_SIZE + BLOCK_ALIGN;
const GUARD_SALT = 0x5a17c0den;
/** Larger requests than this fail (0 from alloc) instead of reserving absurd amounts. */
export const MAX_ALLOCATION = 0x7fff0000;

/** What `diagnose` finds at a pointer someone wants to free or resize. */
export type BlockState = 'live' | 'freed' | 'foreign' | 'corrupt-header';

/** A misuse of a heap that Windows would answer with STATUS_HEAP_CORRUPTION or an invalid-parameter failure. */
export class HeapMisuseError extends Error {
  override name = 'HeapMisuseError';
  /** STATUS_HEAP_CORRUPTION: how a 64-bit Windows 10 process ends on such misuse. */
  readonly ntstatus = 0xc0000374;
  constructor(
    readonly heap: bigint,
    readonly address: bigint,
    readonly state: BlockState,
    readonly operation: string,
  ) {
    const what =
      state === 'freed' ? 'a block that was already freed (double free)' : state === 'foreign' ? 'an address this heap never handed out' : 'a block whose header was overwritten (heap corruption)';
    super(`${operation}(0x${address.toString(16)}) on heap 0x${heap.toString(16)}: ${what}`);
  }
}

interface Segment {
  readonly base: bigint;
  readonly reserved: number;
  committed: number; // bytes from base
  top: number; // offset of the first never-used byte
}

interface FreeBlock {
  addr: bigint; // block (header) address
  size: number;
}

interface LiveBlock {
  size: number;
  requested: number;
}

export class BlockHeap implements GuestHeap {
  readonly handle: bigint;
  private readonly segments: Segment[] = [];
  /** Free blocks ordered by address, never two adjacent ones (they are coalesced). */
  private readonly free_: FreeBlock[] = [];
  /** Busy blocks by user pointer. */
  private readonly live = new Map<bigint, LiveBlock>();
  /** User pointers freed and not handed out again, to tell a double free from a foreign pointer. */
  private readonly freed = new Set<bigint>();
  private readonly growable: boolean;
  private readonly prot: Prot;

  /** `executable`: HEAP_CREATE_ENABLE_EXECUTE, blocks may hold code the guest runs. */
  constructor(
    private readonly memory: HeapMemory,
    initialSize = 0,
    maximumSize = 0,
    executable = false,
  ) {
    this.growable = maximumSize === 0;
    this.prot = executable ? READ_WRITE_EXECUTE : READ_WRITE;
    const first = this.growable ? Math.max(DEFAULT_SEGMENT, roundUp(initialSize + SEGMENT_HEADER, COMMIT_CHUNK)) : roundUp(Math.max(maximumSize, initialSize, SEGMENT_HEADER + MIN_SPLIT), COMMIT_CHUNK);
    const seg = this.addSegment(first);
    this.handle = seg.base;
  }

  /** Live blocks, for diagnostics and tests. */
  get liveCount(): number {
    return this.live.size;
  }

  alloc(size: number, zero: boolean): bigint {
    if (!Number.isFinite(size) || size < 0 || size > MAX_ALLOCATION) return 0n;
    const need = blockSizeFor(size);
    let block = this.takeFree(need) ?? this.takeTop(need);
    if (!block) return 0n;
    block = this.split(block, need);
    const user = block.addr + BigInt(HEADER_SIZE);
    this.live.set(user, { size: block.size, requested: size });
    this.freed.delete(user);
    this.writeHeader(block.addr, block.size, true, size);
    if (zero && size > 0) this.memory.write(user, new Uint8Array(size));
    return user;
  }

  free(addr: bigint): boolean {
    if (this.diagnose(addr) !== 'live') return false;
    const rec = this.live.get(addr)!;
    this.live.delete(addr);
    this.freed.add(addr);
    this.release({ addr: addr - BigInt(HEADER_SIZE), size: rec.size });
    return true;
  }

  realloc(addr: bigint, size: number, zero: boolean): bigint {
    if (this.diagnose(addr) !== 'live') return 0n;
    if (!Number.isFinite(size) || size < 0 || size > MAX_ALLOCATION) return 0n;
    const rec = this.live.get(addr)!;
    const blockAddr = addr - BigInt(HEADER_SIZE);
    const need = blockSizeFor(size);
    if (need <= rec.size) {
      // Shrink in place; give the tail back when it is worth a block.
      if (rec.size - need >= MIN_SPLIT) {
        this.release({ addr: blockAddr + BigInt(need), size: rec.size - need });
        rec.size = need;
      }
    } else {
      // Grow in place into a free neighbour when there is one big enough.
      const next = this.freeAt(blockAddr + BigInt(rec.size));
      if (next !== undefined && rec.size + this.free_[next]!.size >= need) {
        const merged = { addr: blockAddr, size: rec.size + this.free_[next]!.size };
        this.free_.splice(next, 1);
        const kept = this.split(merged, need);
        rec.size = kept.size;
      } else {
        const fresh = this.alloc(size, false);
        if (fresh === 0n) return 0n;
        const keep = Math.min(rec.requested, size);
        if (keep > 0) this.memory.write(fresh, this.memory.read(addr, keep));
        if (zero && size > keep) this.memory.write(fresh + BigInt(keep), new Uint8Array(size - keep));
        this.free(addr);
        return fresh;
      }
    }
    if (zero && size > rec.requested) this.memory.write(addr + BigInt(rec.requested), new Uint8Array(size - rec.requested));
    rec.requested = size;
    this.writeHeader(blockAddr, rec.size, true, size);
    return addr;
  }

  sizeOf(addr: bigint): number {
    return this.diagnose(addr) === 'live' ? this.live.get(addr)!.requested : -1;
  }

  /** Whether `addr` is a live block of this heap, and if not, why. */
  diagnose(addr: bigint): BlockState {
    const rec = this.live.get(addr);
    if (!rec) return this.freed.has(addr) ? 'freed' : 'foreign';
    const blockAddr = addr - BigInt(HEADER_SIZE);
    const word = this.memory.u64(blockAddr);
    const guard = this.memory.u32(blockAddr + 8n);
    if (word !== BigInt(rec.size) + 1n || guard !== this.guardFor(blockAddr)) return 'corrupt-header';
    return 'live';
  }

  /** HeapValidate: every live block's header is intact. */
  validate(): boolean {
    for (const user of this.live.keys()) if (this.diagnose(user) !== 'live') return false;
    return true;
  }

  /** Gives every segment back to guest memory (HeapDestroy). The heap must not be used afterwards. */
  destroy(): void {
    for (const seg of this.segments) this.memory.release(seg.base);
    this.segments.length = 0;
    this.free_.length = 0;
    this.live.clear();
    this.freed.clear();
  }

  /** Address-ordered free blocks (tests check coalescing through it). */
  freeBlocks(): readonly { addr: bigint; size: number }[] {
    return this.free_.map((b) => ({ ...b }));
  }

  private addSegment(size: number): Segment {
    const base = this.memory.reserve(size);
    const seg: Segment = { base, reserved: size, committed: 0, top: SEGMENT_HEADER };
    this.ensureCommitted(seg, SEGMENT_HEADER);
    // A recognisable signature at the segment start, where Windows keeps its HEAP structure.
    this.memory.setU32(base, 0xeeffeeff);
    this.segments.push(seg);
    return seg;
  }

  private ensureCommitted(seg: Segment, end: number): void {
    if (end <= seg.committed) return;
    const target = Math.min(seg.reserved, roundUp(end, COMMIT_CHUNK));
    this.memory.commit(seg.base + BigInt(seg.committed), target - seg.committed, this.prot);
    seg.committed = target;
  }

  /** First fit from the free list. */
  private takeFree(need: number): FreeBlock | undefined {
    for (let i = 0; i < this.free_.length; i++) {
      const b = this.free_[i]!;
      if (b.size >= need) {
        this.free_.splice(i, 1);
        return b;
      }
    }
    return undefined;
  }

  /** Carves a block off a segment's untouched top, adding a segment when growable. */
  private takeTop(need: number): FreeBlock | undefined {
    for (const seg of this.segments) {
      if (seg.reserved - seg.top >= need) return this.carve(seg, need);
    }
    if (!this.growable) return undefined;
    const seg = this.addSegment(Math.max(DEFAULT_SEGMENT, roundUp(need + SEGMENT_HEADER, COMMIT_CHUNK)));
    return this.carve(seg, need);
  }

  private carve(seg: Segment, need: number): FreeBlock {
    const addr = seg.base + BigInt(seg.top);
    this.ensureCommitted(seg, seg.top + need);
    seg.top += need;
    return { addr, size: need };
  }

  /** Returns the block trimmed to `need`, releasing a remainder large enough to be a block. */
  private split(block: FreeBlock, need: number): FreeBlock {
    if (block.size - need >= MIN_SPLIT) {
      this.release({ addr: block.addr + BigInt(need), size: block.size - need });
      return { addr: block.addr, size: need };
    }
    return block;
  }

  /** Puts a block on the free list, merging with the free blocks on either side. */
  private release(block: FreeBlock): void {
    let lo = 0;
    let hi = this.free_.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.free_[mid]!.addr < block.addr) lo = mid + 1;
      else hi = mid;
    }
    let merged = { ...block };
    let index = lo;
    const next = this.free_[index];
    if (next && merged.addr + BigInt(merged.size) === next.addr) {
      merged.size += next.size;
      this.free_.splice(index, 1);
    }
    const prev = this.free_[index - 1];
    if (prev && prev.addr + BigInt(prev.size) === merged.addr) {
      merged = { addr: prev.addr, size: prev.size + merged.size };
      this.free_.splice(index - 1, 1);
      index--;
    }
    this.free_.splice(index, 0, merged);
    this.writeHeader(merged.addr, merged.size, false, 0);
  }

  private freeAt(addr: bigint): number | undefined {
    let lo = 0;
    let hi = this.free_.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const a = this.free_[mid]!.addr;
      if (a === addr) return mid;
      if (a < addr) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }

  private guardFor(blockAddr: bigint): number {
    return Number((blockAddr ^ this.handle ^ GUARD_SALT) & 0xffffffffn);
  }

  private writeHeader(blockAddr: bigint, size: number, busy: boolean, requested: number): void {
    this.memory.setU64(blockAddr, BigInt(size) + (busy ? 1n : 0n));
    this.memory.setU32(blockAddr + 8n, this.guardFor(blockAddr));
    this.memory.setU32(blockAddr + 12n, requested >>> 0);
  }
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** Header plus the request rounded up to 16 bytes; a zero-byte request still gets a payload slot. */
function blockSizeFor(size: number): number {
  return HEADER_SIZE + roundUp(Math.max(size, 1), BLOCK_ALIGN);
}
