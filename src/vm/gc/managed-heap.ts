/**
 * The managed heap's memory: a non-moving, size-segregated allocator over one guest reservation
 * (README.md "Heap layout"). It knows cells and chunks, not types: the collector tells it which
 * objects are marked and it frees the rest.
 *
 *  - one reservation, cut into `CHUNK_SIZE` chunks; a chunk is free, a small-object chunk of one
 *    size class, or part of a large object's run of chunks;
 *  - chunks are taken lowest address first, so live data stays packed low and free chunks gather
 *    at the top, where they are decommitted in a few long runs (Unicorn is slow with many maps);
 *  - every address handed out is 16-byte aligned and its `size` bytes are zero;
 *  - `findObject` maps any address inside an allocated cell to that cell's start (conservative
 *    roots; an interior pointer keeps its whole object).
 *
 * Addresses are JavaScript numbers inside this module (guest addresses fit in 47 bits), which
 * keeps marking and sweeping free of BigInt arithmetic.
 */
import { type Memory, Prot } from '../../../emu';
import { HeapExhaustedError } from '../errors';
import { CHUNK_SIZE, LARGE_OBJECT_THRESHOLD, SIZE_CLASSES, sizeClassOf } from './size-classes';

/** What a chunk holds. */
export const enum ChunkKind {
  /** Nothing: available for a size class or a large object (committed or not). */
  Free,
  /** Cells of one size class. */
  Small,
  /** The first chunk of a large object (the object starts at the chunk's base). */
  LargeHead,
  /** A later chunk of a large object's run. */
  LargeTail,
}

/** How many chunks one commit maps at most when the heap grows (1 MiB). */
const COMMIT_BATCH = 16;
const TWO_32 = 4294967296;

/** A small-object chunk: cell bookkeeping for one size class. */
export class SmallChunk {
  readonly cellCount: number;
  /** 1 where a cell holds an object. */
  readonly allocated: Uint8Array;
  /** 1 where the current collection has marked the cell's object. */
  readonly marks: Uint8Array;
  /** Stack of free cell indices; the lowest index is on top. */
  readonly free: Int32Array;
  freeTop = 0;

  constructor(readonly index: number, readonly base: number, readonly sizeClass: number, readonly cellSize: number) {
    this.cellCount = Math.floor(CHUNK_SIZE / cellSize);
    this.allocated = new Uint8Array(this.cellCount);
    this.marks = new Uint8Array(this.cellCount);
    this.free = new Int32Array(this.cellCount);
    for (let i = this.cellCount - 1; i >= 0; i--) this.free[this.freeTop++] = i;
  }

  get liveCells(): number {
    return this.cellCount - this.freeTop;
  }
}

/** Called for each object the sweep frees (address, bytes it occupied). */
export type FreedObject = (addr: number, bytes: number) => void;

export class ManagedHeap {
  readonly base: bigint;
  /** `base` as a number. */
  readonly start: number;
  readonly chunkCount: number;
  private readonly kinds: Uint8Array;
  private readonly committed: Uint8Array;
  private readonly smalls: (SmallChunk | undefined)[];
  /** For a LargeTail chunk: the index of its head. */
  private readonly headOf: Int32Array;
  /** For a LargeHead chunk: the object's size in bytes and its run length in chunks. */
  private readonly largeBytes: Float64Array;
  private readonly largeChunks: Int32Array;
  private readonly largeMarks: Uint8Array;
  /** Host views of each chunk that has ever been committed (they stay valid after a decommit). */
  private readonly u32: (Uint32Array | undefined)[];
  private readonly u8: (Uint8Array | undefined)[];
  /** One past the highest chunk ever used. */
  private highWater = 0;
  /** Free chunk indices below highWater, highest first (pop gives the lowest). */
  private freeChunks: number[] = [];
  /** Per size class: the chunk being allocated from, and chunks with free cells (lowest last). */
  private readonly current: (SmallChunk | undefined)[];
  private readonly partial: SmallChunk[][];

  /** Bytes in cells and large runs that hold objects (what GC.GetTotalMemory reports). */
  usedBytes = 0;
  /** Bytes of guest memory committed for the heap now, and the most ever. */
  committedBytes = 0;
  peakCommittedBytes = 0;

  constructor(private readonly memory: Memory, readonly reservedBytes: number) {
    this.chunkCount = Math.floor(reservedBytes / CHUNK_SIZE);
    this.base = memory.reserve(this.chunkCount * CHUNK_SIZE);
    this.start = Number(this.base);
    this.kinds = new Uint8Array(this.chunkCount);
    this.committed = new Uint8Array(this.chunkCount);
    this.smalls = new Array(this.chunkCount);
    this.headOf = new Int32Array(this.chunkCount);
    this.largeBytes = new Float64Array(this.chunkCount);
    this.largeChunks = new Int32Array(this.chunkCount);
    this.largeMarks = new Uint8Array(this.chunkCount);
    this.u32 = new Array(this.chunkCount);
    this.u8 = new Array(this.chunkCount);
    this.current = SIZE_CLASSES.map(() => undefined);
    this.partial = SIZE_CLASSES.map(() => []);
  }

  /** Whether `addr` lies in the part of the reservation the heap has used. */
  contains(addr: number): boolean {
    return addr >= this.start && addr < this.start + this.highWater * CHUNK_SIZE;
  }

  // ---- allocation -------------------------------------------------------------------------------

  /** `size` zeroed bytes for one object, 16-byte aligned. Throws HeapExhaustedError when full. */
  allocate(size: number): number {
    if (size > LARGE_OBJECT_THRESHOLD) return this.allocateLarge(size);
    const k = sizeClassOf(size);
    let chunk = this.current[k];
    if (!chunk || chunk.freeTop === 0) {
      chunk = this.partial[k]!.pop() ?? this.newSmallChunk(k, size);
      this.current[k] = chunk;
    }
    const cell = chunk.free[--chunk.freeTop]!;
    chunk.allocated[cell] = 1;
    const offset = cell * chunk.cellSize;
    this.u8[chunk.index]!.fill(0, offset, offset + chunk.cellSize);
    this.usedBytes += chunk.cellSize;
    return chunk.base + offset;
  }

  private newSmallChunk(k: number, size: number): SmallChunk {
    const i = this.takeChunk(size);
    const chunk = new SmallChunk(i, this.chunkBase(i), k, SIZE_CLASSES[k]!);
    this.kinds[i] = ChunkKind.Small;
    this.smalls[i] = chunk;
    return chunk;
  }

  /** The lowest free chunk, committed. */
  private takeChunk(size: number): number {
    let i = this.freeChunks.pop();
    if (i === undefined) {
      if (this.highWater >= this.chunkCount) throw new HeapExhaustedError('managed heap', size);
      i = this.highWater++;
    }
    this.ensureCommitted(i, i + 1);
    return i;
  }

  private allocateLarge(size: number): number {
    const n = Math.ceil(size / CHUNK_SIZE);
    const first = this.findFreeRun(n);
    if (first < 0) throw new HeapExhaustedError('managed heap', size);
    this.highWater = Math.max(this.highWater, first + n);
    this.ensureCommitted(first, first + n);
    this.kinds[first] = ChunkKind.LargeHead;
    this.largeBytes[first] = size;
    this.largeChunks[first] = n;
    for (let j = first + 1; j < first + n; j++) {
      this.kinds[j] = ChunkKind.LargeTail;
      this.headOf[j] = first;
    }
    if (this.freeChunks.length) this.freeChunks = this.freeChunks.filter((c) => c < first || c >= first + n);
    // A reused run holds old data: clear what the object will cover.
    for (let j = first; j < first + n; j++) {
      const bytes = Math.min(CHUNK_SIZE, size - (j - first) * CHUNK_SIZE);
      this.u8[j]!.fill(0, 0, bytes);
    }
    this.usedBytes += n * CHUNK_SIZE;
    return this.chunkBase(first);
  }

  /** The first index of `n` consecutive free chunks (lowest address first), or -1. */
  private findFreeRun(n: number): number {
    let runStart = 0;
    let runLength = 0;
    for (let i = 0; i < this.chunkCount; i++) {
      if (i >= this.highWater) return i + n - runLength <= this.chunkCount ? (runLength > 0 ? runStart : i) : -1;
      if (this.kinds[i] === ChunkKind.Free) {
        if (runLength === 0) runStart = i;
        if (++runLength === n) return runStart;
      } else {
        runLength = 0;
      }
    }
    return -1;
  }

  /** Commits the uncommitted chunks of [from, to), growing fresh commits to a 1 MiB batch. */
  private ensureCommitted(from: number, to: number): void {
    let i = from;
    while (i < to) {
      if (this.committed[i]) {
        i++;
        continue;
      }
      let j = i + 1;
      const limit = Math.max(to, Math.min(i + COMMIT_BATCH, this.chunkCount));
      while (j < limit && !this.committed[j] && (j < to || (j >= this.highWater && this.kinds[j] === ChunkKind.Free))) j++;
      this.memory.commit(this.base + BigInt(i * CHUNK_SIZE), (j - i) * CHUNK_SIZE, Prot.Read | Prot.Write);
      for (let c = i; c < j; c++) {
        this.committed[c] = 1;
        if (!this.u8[c]) {
          const v = this.memory.view(this.base + BigInt(c * CHUNK_SIZE), CHUNK_SIZE);
          this.u8[c] = v;
          this.u32[c] = new Uint32Array(v.buffer, v.byteOffset, CHUNK_SIZE / 4);
        }
      }
      this.committedBytes += (j - i) * CHUNK_SIZE;
      this.peakCommittedBytes = Math.max(this.peakCommittedBytes, this.committedBytes);
      i = j;
    }
  }

  private chunkBase(i: number): number {
    return this.start + i * CHUNK_SIZE;
  }

  // ---- reading ------------------------------------------------------------------------------------

  /** The 64-bit word at heap address `addr` (8-aligned) as a number; -1 if it cannot be an address. */
  word(addr: number): number {
    const off = addr - this.start;
    const ci = Math.floor(off / CHUNK_SIZE);
    const v = this.u32[ci]!;
    const at = (off - ci * CHUNK_SIZE) >>> 2;
    const hi = v[at + 1]!;
    return hi >= 0x20_0000 ? -1 : hi * TWO_32 + v[at]!;
  }

  /** The 32-bit word at heap address `addr` (4-aligned). */
  u32At(addr: number): number {
    const off = addr - this.start;
    const ci = Math.floor(off / CHUNK_SIZE);
    return this.u32[ci]![(off - ci * CHUNK_SIZE) >>> 2]!;
  }

  /** Fills [addr, addr+bytes) inside one object with `value` (poisoning freed cells). */
  fill(addr: number, bytes: number, value: number): void {
    let off = addr - this.start;
    let left = bytes;
    while (left > 0) {
      const ci = Math.floor(off / CHUNK_SIZE);
      const at = off - ci * CHUNK_SIZE;
      const n = Math.min(left, CHUNK_SIZE - at);
      this.u8[ci]!.fill(value, at, at + n);
      off += n;
      left -= n;
    }
  }

  /**
   * The start of the allocated object whose cell (or large run) contains `addr`, or -1.
   * Conservative roots and the verifier use it; an interior pointer finds its object.
   */
  findObject(addr: number): number {
    const off = addr - this.start;
    if (off < 0 || off >= this.highWater * CHUNK_SIZE) return -1;
    const ci = Math.floor(off / CHUNK_SIZE);
    switch (this.kinds[ci] as ChunkKind) {
      case ChunkKind.Small: {
        const c = this.smalls[ci]!;
        const cell = Math.floor((off - ci * CHUNK_SIZE) / c.cellSize);
        return cell < c.cellCount && c.allocated[cell] ? c.base + cell * c.cellSize : -1;
      }
      case ChunkKind.LargeHead: return this.chunkBase(ci);
      case ChunkKind.LargeTail: return this.chunkBase(this.headOf[ci]!);
      default: return -1;
    }
  }

  /** Sets the mark of the object starting at `obj` (a findObject result); true if it was unmarked. */
  mark(obj: number): boolean {
    const off = obj - this.start;
    const ci = Math.floor(off / CHUNK_SIZE);
    if (this.kinds[ci] === ChunkKind.Small) {
      const c = this.smalls[ci]!;
      const cell = Math.floor((off - ci * CHUNK_SIZE) / c.cellSize);
      if (c.marks[cell]) return false;
      c.marks[cell] = 1;
      return true;
    }
    if (this.largeMarks[ci]) return false;
    this.largeMarks[ci] = 1;
    return true;
  }

  isMarked(obj: number): boolean {
    const off = obj - this.start;
    const ci = Math.floor(off / CHUNK_SIZE);
    if (this.kinds[ci] === ChunkKind.Small) {
      const c = this.smalls[ci]!;
      return c.marks[Math.floor((off - ci * CHUNK_SIZE) / c.cellSize)] === 1;
    }
    return this.largeMarks[ci] === 1;
  }

  /** Bytes the object at `obj` may occupy: its cell, or its large object's size. */
  capacityOf(obj: number): number {
    const ci = Math.floor((obj - this.start) / CHUNK_SIZE);
    return this.kinds[ci] === ChunkKind.Small ? this.smalls[ci]!.cellSize : this.largeBytes[ci]!;
  }

  /** Calls `fn` for every allocated object (heap verification, tests). */
  forEachObject(fn: (obj: number) => void): void {
    for (let i = 0; i < this.highWater; i++) {
      const kind = this.kinds[i] as ChunkKind;
      if (kind === ChunkKind.Small) {
        const c = this.smalls[i]!;
        for (let cell = 0; cell < c.cellCount; cell++) if (c.allocated[cell]) fn(c.base + cell * c.cellSize);
      } else if (kind === ChunkKind.LargeHead) {
        fn(this.chunkBase(i));
      }
    }
  }

  get objectCount(): number {
    let n = 0;
    this.forEachObject(() => n++);
    return n;
  }

  // ---- sweeping -----------------------------------------------------------------------------------

  /**
   * Frees every unmarked object (calling `onFree` first), clears the marks and returns wholly
   * free chunks to the free pool.
   */
  sweep(onFree: FreedObject | undefined): void {
    for (const list of this.partial) list.length = 0;
    this.current.fill(undefined);
    for (let i = 0; i < this.highWater; i++) {
      const kind = this.kinds[i] as ChunkKind;
      if (kind === ChunkKind.Small) {
        const c = this.smalls[i]!;
        const { allocated, marks, cellSize } = c;
        let top = 0;
        for (let cell = c.cellCount - 1; cell >= 0; cell--) {
          if (allocated[cell] && !marks[cell]) {
            onFree?.(c.base + cell * cellSize, cellSize);
            allocated[cell] = 0;
            this.usedBytes -= cellSize;
          }
          marks[cell] = 0;
          if (!allocated[cell]) c.free[top++] = cell;
        }
        c.freeTop = top;
        if (top === c.cellCount) {
          this.kinds[i] = ChunkKind.Free;
          this.smalls[i] = undefined;
        } else if (top > 0) {
          this.partial[c.sizeClass]!.push(c);
        }
      } else if (kind === ChunkKind.LargeHead) {
        const n = this.largeChunks[i]!;
        if (!this.largeMarks[i]) {
          onFree?.(this.chunkBase(i), this.largeBytes[i]!);
          for (let j = i; j < i + n; j++) this.kinds[j] = ChunkKind.Free;
          this.usedBytes -= n * CHUNK_SIZE;
        }
        this.largeMarks[i] = 0;
      }
    }
    // Lowest chunk last, so pop() takes it first.
    for (const list of this.partial) list.reverse();
    while (this.highWater > 0 && this.kinds[this.highWater - 1] === ChunkKind.Free) this.highWater--;
    this.freeChunks = [];
    for (let i = this.highWater - 1; i >= 0; i--) if (this.kinds[i] === ChunkKind.Free) this.freeChunks.push(i);
  }

  /** Keeps the lowest free committed chunks up to `retainBytes`; decommits the rest in runs. */
  decommitBeyond(retainBytes: number): void {
    let retained = 0;
    let runStart = -1;
    const flush = (end: number): void => {
      if (runStart < 0) return;
      this.memory.decommit(this.base + BigInt(runStart * CHUNK_SIZE), (end - runStart) * CHUNK_SIZE);
      for (let c = runStart; c < end; c++) this.committed[c] = 0;
      this.committedBytes -= (end - runStart) * CHUNK_SIZE;
      runStart = -1;
    };
    for (let i = 0; i < this.chunkCount; i++) {
      if (!this.committed[i]) {
        flush(i);
        if (i >= this.highWater) break;
        continue;
      }
      if (this.kinds[i] !== ChunkKind.Free) {
        flush(i);
        continue;
      }
      if (retained + CHUNK_SIZE <= retainBytes) {
        retained += CHUNK_SIZE;
        flush(i);
        continue;
      }
      if (runStart < 0) runStart = i;
    }
    flush(this.chunkCount);
  }
}
