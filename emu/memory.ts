/**
 * Guest memory: a Windows-style address space (reserve → commit → protect → decommit → release,
 * as VirtualAlloc/VirtualProtect/VirtualFree/VirtualQuery describe it) over Unicorn.
 *
 * Layout and invariants
 * - Each reservation is backed by one anonymous host mapping (mmap, MAP_NORESERVE), so a 1 GiB
 *   reservation costs nothing until touched and the host can see guest bytes without copying.
 * - Page state (committed or not, protection, guard) lives here, in TypeScript, one byte a page.
 *   Unicorn only ever sees runs of committed pages with the same effective permission, mapped
 *   with `uc_mem_map_ptr` over the host backing. Pages that are free, reserved, PAGE_NOACCESS or
 *   guard pages are left unmapped in Unicorn, so a guest access to them stops in the invalid-memory
 *   hook, where `Machine` asks `faultFor` what Windows would raise.
 * - Unicorn is slow with thousands of regions and `uc_mem_protect` splits them (see
 *   shared design notes), so a state change remaps only the runs that touch the changed pages and
 *   merges neighbours with equal permission; region counts stay proportional to the number of
 *   distinct protection runs, not to the number of calls.
 * - Host access (`read`, `u32`, `view` …) ignores guest protection but requires committed pages;
 *   anything else is a `MemoryError` naming the address. Host writes to executable pages flush
 *   Unicorn's translation cache for the written range, since Unicorn does not notice them.
 */
import { unicorn, hostView, UcProt, UnicornError } from './unicorn';

/** Guest page protection, as flags (a Windows PAGE_* value maps onto a combination). */
export const enum Prot {
  /** PAGE_NOACCESS: committed but inaccessible. */
  None = 0,
  /** Data reads allowed. */
  Read = 1,
  /** Data writes allowed (implies reads, as on x86). */
  Write = 2,
  /** Instruction fetch allowed (implies reads: x86 paging has no execute-only pages). */
  Execute = 4,
  /** PAGE_GUARD: the first guest access raises a guard-page fault and clears this flag. */
  Guard = 8,
}

export const PAGE_SIZE = 0x1000;
export const ALLOCATION_GRANULARITY = 0x10000;

/** Lowest address `reserve` hands out unless told otherwise (Windows keeps the first 64 KiB free). */
export const DEFAULT_MIN_ADDRESS = 0x10000n;
/** One past the highest user-mode address of a Windows x64 process (128 TiB minus 64 KiB). */
export const DEFAULT_MAX_ADDRESS = 0x7FFF_FFFF_0000n;

export interface RegionInfo {
  allocationBase: bigint;
  allocationProt: Prot;
  base: bigint;
  size: bigint;
  state: 'free' | 'reserved' | 'committed';
  prot: Prot;
}

/** Host-side misuse of the address space: not reserved, overlapping, not committed, bad size. */
export class MemoryError extends Error {
  constructor(message: string, readonly address: bigint) {
    super(`${message} (address 0x${address.toString(16)})`);
    this.name = 'MemoryError';
  }
}

/** What `Memory` needs from the CPU side; `Machine` implements it over Unicorn. */
export interface MemoryMapper {
  map(address: bigint, size: bigint, perms: number, hostPointer: bigint): void;
  unmap(address: bigint, size: bigint): void;
  flushCode(begin: bigint, end: bigint): void;
}

/** What the guest's access to one address would raise, if anything. */
export type AccessCheck = 'ok' | 'guard' | 'violation';

const PAGE = BigInt(PAGE_SIZE);
const GRANULARITY = BigInt(ALLOCATION_GRANULARITY);
/** Page-state bit: the page is committed (the low four bits hold its `Prot`). */
const COMMITTED = 0x10;
const PROT_MASK = 0x0F;
/** Typed accessors use cached views of at most this many bytes of a reservation. */
const CHUNK_BYTES = 1 << 26;

const MAP_FAILED = 0xFFFF_FFFF_FFFF_FFFFn;
const HOST_PROT_READ_WRITE = 0x3;
const HOST_MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;
const HOST_MADV_DONTNEED = 4;

interface UcRegion {
  /** First page (index within the reservation). */
  start: number;
  /** One past the last page. */
  end: number;
}

class Reservation {
  readonly pages: Uint8Array;
  /** Unicorn regions currently mapped for this reservation, sorted, non-overlapping. */
  regions: UcRegion[] = [];
  private readonly chunks = new Map<number, DataView>();

  constructor(readonly base: bigint, readonly size: bigint, public allocationProt: Prot,
              readonly host: bigint) {
    this.pages = new Uint8Array(Number(size / PAGE));
  }

  get end(): bigint {
    return this.base + this.size;
  }

  /** A cached view over the chunk holding `offset`, or undefined if [offset, offset+len) spans chunks. */
  chunkFor(offset: number, len: number): { view: DataView; at: number } | undefined {
    const index = Math.floor(offset / CHUNK_BYTES);
    const chunkStart = index * CHUNK_BYTES;
    if (offset + len > chunkStart + CHUNK_BYTES) return undefined;
    let view = this.chunks.get(index);
    if (!view) {
      const length = Math.min(CHUNK_BYTES, Number(this.size) - chunkStart);
      view = new DataView(hostView(this.host + BigInt(chunkStart), length));
      this.chunks.set(index, view);
    }
    return { view, at: offset - chunkStart };
  }
}

/** Unicorn permission for a page state byte; 0 means "leave unmapped". */
function ucPermsOf(state: number): number {
  if (!(state & COMMITTED) || (state & Prot.Guard)) return 0;
  let perms = 0;
  if (state & Prot.Read) perms |= UcProt.Read;
  if (state & Prot.Write) perms |= UcProt.Read | UcProt.Write;
  if (state & Prot.Execute) perms |= UcProt.Read | UcProt.Exec;
  return perms;
}

function toBig(v: bigint | number, what: string, at: bigint): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v) || v < 0) throw new MemoryError(`${what} ${v} is not a non-negative integer`, at);
  return BigInt(v);
}

const alignDown = (v: bigint, a: bigint) => v - (v % a);
const alignUp = (v: bigint, a: bigint) => ((v + a - 1n) / a) * a;

export class Memory {
  /** Sorted by base. */
  private readonly reservations: Reservation[] = [];
  private last: Reservation | undefined;
  private readonly latin1 = new TextDecoder('latin1');
  private readonly utf8 = new TextDecoder('utf-8');
  private readonly utf16 = new TextDecoder('utf-16le');

  constructor(private readonly mapper: MemoryMapper) {}

  // ---- address-space management ------------------------------------------------------------

  /**
   * Reserves address space. With `at`, the region starts at `at` rounded down to 64 KiB and covers
   * [at, at+size) rounded up to pages; otherwise the lowest free 64 KiB-aligned gap in [min, max).
   */
  reserve(size: bigint | number, opts: { at?: bigint; min?: bigint; max?: bigint } = {}): bigint {
    const requested = toBig(size, 'size', opts.at ?? 0n);
    if (requested === 0n) throw new MemoryError('cannot reserve zero bytes', opts.at ?? 0n);
    let base: bigint;
    let bytes: bigint;
    if (opts.at !== undefined) {
      base = alignDown(opts.at, GRANULARITY);
      bytes = alignUp(opts.at + requested, PAGE) - base;
      const clash = this.firstOverlap(base, base + bytes);
      if (clash) throw new MemoryError(`reservation overlaps the one at 0x${clash.base.toString(16)}`, base);
    } else {
      bytes = alignUp(requested, PAGE);
      const min = alignUp(opts.min ?? DEFAULT_MIN_ADDRESS, GRANULARITY);
      const max = opts.max ?? DEFAULT_MAX_ADDRESS;
      base = this.findGap(bytes, min, max);
    }
    const host = unicorn().libc.mmap(null, bytes, HOST_PROT_READ_WRITE, HOST_MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0);
    if (host === null || host === MAP_FAILED || host === 0n) {
      throw new MemoryError(`host mmap of ${bytes} bytes failed`, base);
    }
    const r = new Reservation(base, bytes, Prot.None, host);
    this.insert(r);
    return base;
  }

  /** Commits pages (zero-filled when newly committed) and sets their protection. */
  commit(addr: bigint, size: bigint | number, prot: Prot): void {
    const { r, first, end } = this.pageRange(addr, size, 'commit');
    for (let p = first; p < end; p++) {
      r.pages[p] = COMMITTED | (prot & PROT_MASK);
    }
    // Windows records the protection given at reservation; ours is that of the first commit.
    if (r.allocationProt === Prot.None) r.allocationProt = prot;
    this.resync(r, first, end);
  }

  /** Decommits pages: their contents are dropped, a later commit sees zeros. */
  decommit(addr: bigint, size: bigint | number): void {
    const { r, first, end } = this.pageRange(addr, size, 'decommit');
    r.pages.fill(0, first, end);
    this.resync(r, first, end);
    const offset = BigInt(first) * PAGE;
    unicorn().libc.madvise(r.host + offset, BigInt(end - first) * PAGE, HOST_MADV_DONTNEED);
  }

  /** Frees a whole reservation; `allocationBase` must be the value `reserve` returned. */
  release(allocationBase: bigint): void {
    const index = this.reservations.findIndex((r) => r.base === allocationBase);
    if (index < 0) throw new MemoryError('release: not the base of a reservation', allocationBase);
    const r = this.reservations[index];
    for (const region of r.regions) this.unmapRegion(r, region);
    r.regions = [];
    this.mapper.flushCode(r.base, r.end);
    this.reservations.splice(index, 1);
    if (this.last === r) this.last = undefined;
    unicorn().libc.munmap(r.host, r.size);
  }

  /** Changes the protection of committed pages; returns the old protection of the first page. */
  protect(addr: bigint, size: bigint | number, prot: Prot): Prot {
    const { r, first, end } = this.pageRange(addr, size, 'protect');
    for (let p = first; p < end; p++) {
      if (!(r.pages[p] & COMMITTED)) {
        throw new MemoryError('protect: page is not committed', r.base + BigInt(p) * PAGE);
      }
    }
    const old = (r.pages[first] & PROT_MASK) as Prot;
    for (let p = first; p < end; p++) r.pages[p] = COMMITTED | (prot & PROT_MASK);
    this.resync(r, first, end);
    return old;
  }

  /** Like VirtualQuery: the run of pages starting at `addr`'s page that share state and protection. */
  query(addr: bigint): RegionInfo {
    const page = alignDown(addr, PAGE);
    const r = this.find(addr);
    if (!r) {
      // Free: from this page up to the next reservation (or the top of user space).
      const next = this.reservations.find((x) => x.base > page);
      const end = next ? next.base : page < DEFAULT_MAX_ADDRESS ? DEFAULT_MAX_ADDRESS : page + PAGE;
      return { allocationBase: 0n, allocationProt: Prot.None, base: page, size: end - page, state: 'free', prot: Prot.None };
    }
    const first = Number((page - r.base) / PAGE);
    const state = r.pages[first];
    let last = first + 1;
    while (last < r.pages.length && r.pages[last] === state) last++;
    const committed = (state & COMMITTED) !== 0;
    return {
      allocationBase: r.base,
      allocationProt: r.allocationProt,
      base: page,
      size: BigInt(last - first) * PAGE,
      state: committed ? 'committed' : 'reserved',
      prot: committed ? ((state & PROT_MASK) as Prot) : Prot.None,
    };
  }

  /** Whether guest code could perform this access without faulting (guard pages count as faulting). */
  isAccessible(addr: bigint, size: number, access: 'read' | 'write' | 'execute'): boolean {
    if (size <= 0) return true;
    const endAddr = addr + BigInt(size);
    for (let page = alignDown(addr, PAGE); page < endAddr; page += PAGE) {
      if (this.checkGuestAccess(page, access) !== 'ok') return false;
    }
    return true;
  }

  /** How the guest's access to `addr` resolves, by the TypeScript page table. */
  checkGuestAccess(addr: bigint, access: 'read' | 'write' | 'execute'): AccessCheck {
    const r = this.find(addr);
    if (!r) return 'violation';
    const state = r.pages[Number((addr - r.base) / PAGE)];
    if (!(state & COMMITTED)) return 'violation';
    if (state & Prot.Guard) return 'guard';
    const perms = ucPermsOf(state);
    const need = access === 'write' ? UcProt.Write : access === 'execute' ? UcProt.Exec : UcProt.Read;
    return perms & need ? 'ok' : 'violation';
  }

  /**
   * Called by the CPU side when a guest access faulted: finds the first inaccessible byte of the
   * access and, for a guard page, clears the guard flag (Windows raises the guard fault once).
   */
  faultFor(addr: bigint, size: number, access: 'read' | 'write' | 'execute'): { kind: 'guard' | 'violation'; address: bigint } {
    const endAddr = addr + BigInt(Math.max(size, 1));
    for (let page = alignDown(addr, PAGE); page < endAddr; page += PAGE) {
      const check = this.checkGuestAccess(page, access);
      if (check === 'ok') continue;
      const at = page > addr ? page : addr;
      if (check === 'guard') {
        const r = this.find(page)!;
        const index = Number((page - r.base) / PAGE);
        r.pages[index] &= ~Prot.Guard;
        this.resync(r, index, index + 1);
        return { kind: 'guard', address: at };
      }
      return { kind: 'violation', address: at };
    }
    // Unicorn disagreed with the page table; report the access as a violation at its start.
    return { kind: 'violation', address: addr };
  }

  /** [base, end) of every reservation, in address order. */
  reservedRanges(): Array<[bigint, bigint]> {
    return this.reservations.map((r) => [r.base, r.end]);
  }

  /** [begin, end) of every committed run of executable pages, in address order. */
  executableRanges(): Array<[bigint, bigint]> {
    const out: Array<[bigint, bigint]> = [];
    for (const r of this.reservations) {
      let p = 0;
      while (p < r.pages.length) {
        if (!(r.pages[p] & COMMITTED) || !(r.pages[p] & Prot.Execute)) { p++; continue; }
        const start = p;
        while (p < r.pages.length && (r.pages[p] & COMMITTED) && (r.pages[p] & Prot.Execute)) p++;
        out.push([r.base + BigInt(start) * PAGE, r.base + BigInt(p) * PAGE]);
      }
    }
    return out;
  }

  /** Frees every host mapping; only for `Machine.close`, after the CPU is gone. */
  releaseHostMemory(): void {
    for (const r of this.reservations) unicorn().libc.munmap(r.host, r.size);
    this.reservations.length = 0;
    this.last = undefined;
  }

  /** Number of Unicorn regions currently mapped (a health figure: should stay in the hundreds). */
  get mappedRegionCount(): number {
    return this.reservations.reduce((n, r) => n + r.regions.length, 0);
  }

  // ---- host access -------------------------------------------------------------------------

  read(addr: bigint, size: number): Uint8Array {
    const out = new Uint8Array(size);
    this.copy(addr, size, (view, at, done, n) => {
      out.set(new Uint8Array(view.buffer, view.byteOffset + at, n), done);
    });
    return out;
  }

  write(addr: bigint, data: Uint8Array): void {
    this.copy(addr, data.length, (view, at, done, n) => {
      new Uint8Array(view.buffer, view.byteOffset + at, n).set(data.subarray(done, done + n));
    });
    this.flushIfExecutable(addr, data.length);
  }

  /** A Uint8Array aliasing guest memory (no copy); writes through it do not flush translated code. */
  view(addr: bigint, size: number): Uint8Array {
    const r = this.requireCommitted(addr, size);
    return new Uint8Array(hostView(r.host + (addr - r.base), size));
  }

  u8(addr: bigint): number { const { view, at } = this.at(addr, 1); return view.getUint8(at); }
  u16(addr: bigint): number { const { view, at } = this.at(addr, 2); return view.getUint16(at, true); }
  u32(addr: bigint): number { const { view, at } = this.at(addr, 4); return view.getUint32(at, true); }
  i32(addr: bigint): number { const { view, at } = this.at(addr, 4); return view.getInt32(at, true); }
  u64(addr: bigint): bigint { const { view, at } = this.at(addr, 8); return view.getBigUint64(at, true); }
  i64(addr: bigint): bigint { const { view, at } = this.at(addr, 8); return view.getBigInt64(at, true); }
  f32(addr: bigint): number { const { view, at } = this.at(addr, 4); return view.getFloat32(at, true); }
  f64(addr: bigint): number { const { view, at } = this.at(addr, 8); return view.getFloat64(at, true); }

  setU8(addr: bigint, v: number): void { const { view, at } = this.at(addr, 1); view.setUint8(at, v); this.flushIfExecutable(addr, 1); }
  setU16(addr: bigint, v: number): void { const { view, at } = this.at(addr, 2); view.setUint16(at, v, true); this.flushIfExecutable(addr, 2); }
  setU32(addr: bigint, v: number): void { const { view, at } = this.at(addr, 4); view.setUint32(at, v >>> 0, true); this.flushIfExecutable(addr, 4); }
  setU64(addr: bigint, v: bigint): void { const { view, at } = this.at(addr, 8); view.setBigUint64(at, BigInt.asUintN(64, v), true); this.flushIfExecutable(addr, 8); }
  setF32(addr: bigint, v: number): void { const { view, at } = this.at(addr, 4); view.setFloat32(at, v, true); }
  setF64(addr: bigint, v: number): void { const { view, at } = this.at(addr, 8); view.setFloat64(at, v, true); }

  /** Bytes up to (not including) a NUL, at most `max` bytes, decoded as latin1 (default) or UTF-8. */
  cString(addr: bigint, max = 1 << 20, encoding: 'latin1' | 'utf8' = 'latin1'): string {
    const bytes = this.scanUntilNul(addr, max, 1);
    return (encoding === 'utf8' ? this.utf8 : this.latin1).decode(bytes);
  }

  /** UTF-16LE code units up to a NUL unit, at most `max` units. */
  wString(addr: bigint, max = 1 << 20): string {
    return this.utf16.decode(this.scanUntilNul(addr, max, 2));
  }

  writeCString(addr: bigint, s: string, encoding: 'latin1' | 'utf8' = 'latin1'): void {
    const body = encoding === 'utf8' ? new TextEncoder().encode(s) : Uint8Array.from(s, (c) => {
      const code = c.charCodeAt(0);
      if (code > 0xFF) throw new MemoryError(`writeCString: character U+${code.toString(16)} is not latin1`, addr);
      return code;
    });
    const bytes = new Uint8Array(body.length + 1);
    bytes.set(body);
    this.write(addr, bytes);
  }

  writeWString(addr: bigint, s: string): void {
    const bytes = new Uint8Array(s.length * 2 + 2);
    const dv = new DataView(bytes.buffer);
    for (let i = 0; i < s.length; i++) dv.setUint16(i * 2, s.charCodeAt(i), true);
    this.write(addr, bytes);
  }

  // ---- internals -----------------------------------------------------------------------------

  private find(addr: bigint): Reservation | undefined {
    const last = this.last;
    if (last && addr >= last.base && addr < last.end) return last;
    const list = this.reservations;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = list[mid];
      if (addr < r.base) hi = mid - 1;
      else if (addr >= r.end) lo = mid + 1;
      else { this.last = r; return r; }
    }
    return undefined;
  }

  private firstOverlap(base: bigint, end: bigint): Reservation | undefined {
    return this.reservations.find((r) => r.base < end && base < r.end);
  }

  private findGap(bytes: bigint, min: bigint, max: bigint): bigint {
    let candidate = min;
    for (const r of this.reservations) {
      if (r.end <= candidate) continue;
      if (r.base >= candidate + bytes) break;
      candidate = alignUp(r.end, GRANULARITY);
    }
    if (candidate + bytes > max) {
      throw new MemoryError(`no free range of 0x${bytes.toString(16)} bytes below 0x${max.toString(16)}`, min);
    }
    return candidate;
  }

  private insert(r: Reservation): void {
    let i = 0;
    while (i < this.reservations.length && this.reservations[i].base < r.base) i++;
    this.reservations.splice(i, 0, r);
  }

  private pageRange(addr: bigint, size: bigint | number, what: string): { r: Reservation; first: number; end: number } {
    const bytes = toBig(size, 'size', addr);
    if (bytes === 0n) throw new MemoryError(`${what}: size is zero`, addr);
    const r = this.find(addr);
    if (!r) throw new MemoryError(`${what}: address is not reserved`, addr);
    const start = alignDown(addr, PAGE);
    const stop = alignUp(addr + bytes, PAGE);
    if (stop > r.end) throw new MemoryError(`${what}: range runs past the reservation ending at 0x${r.end.toString(16)}`, addr);
    return { r, first: Number((start - r.base) / PAGE), end: Number((stop - r.base) / PAGE) };
  }

  /**
   * Brings Unicorn's mapping of pages [first, end) (and of regions touching them, so equal
   * neighbours merge) in line with the page table.
   */
  private resync(r: Reservation, first: number, end: number): void {
    let lo = first;
    let hi = end;
    const kept: UcRegion[] = [];
    for (const region of r.regions) {
      if (region.end >= first && region.start <= end) {
        this.unmapRegion(r, region);
        lo = Math.min(lo, region.start);
        hi = Math.max(hi, region.end);
      } else {
        kept.push(region);
      }
    }
    const fresh: UcRegion[] = [];
    let p = lo;
    while (p < hi) {
      const perms = ucPermsOf(r.pages[p]);
      let q = p + 1;
      while (q < hi && ucPermsOf(r.pages[q]) === perms) q++;
      if (perms !== 0) {
        const offset = BigInt(p) * PAGE;
        this.mapper.map(r.base + offset, BigInt(q - p) * PAGE, perms, r.host + offset);
        fresh.push({ start: p, end: q });
      }
      p = q;
    }
    r.regions = [...kept, ...fresh].sort((a, b) => a.start - b.start);
    this.mapper.flushCode(r.base + BigInt(lo) * PAGE, r.base + BigInt(hi) * PAGE);
  }

  private unmapRegion(r: Reservation, region: UcRegion): void {
    this.mapper.unmap(r.base + BigInt(region.start) * PAGE, BigInt(region.end - region.start) * PAGE);
  }

  private requireCommitted(addr: bigint, size: number): Reservation {
    const r = this.find(addr);
    if (!r) throw new MemoryError('host access to memory that is not reserved', addr);
    const endAddr = addr + BigInt(Math.max(size, 1));
    if (endAddr > r.end) throw new MemoryError(`host access runs past the reservation ending at 0x${r.end.toString(16)}`, addr);
    for (let page = alignDown(addr, PAGE); page < endAddr; page += PAGE) {
      if (!(r.pages[Number((page - r.base) / PAGE)] & COMMITTED)) {
        throw new MemoryError('host access to a page that is not committed', page > addr ? page : addr);
      }
    }
    return r;
  }

  /** View and offset for a small typed access. */
  private at(addr: bigint, len: number): { view: DataView; at: number } {
    const r = this.requireCommitted(addr, len);
    const hit = r.chunkFor(Number(addr - r.base), len);
    if (hit) return hit;
    // The access straddles two cached chunks: serve it from a copy-free view of just those bytes.
    return { view: new DataView(hostView(r.host + (addr - r.base), len)), at: 0 };
  }

  /** Walks [addr, addr+size) chunk by chunk, calling `step(view, offsetInView, doneSoFar, count)`. */
  private copy(addr: bigint, size: number, step: (view: DataView, at: number, done: number, n: number) => void): void {
    if (size === 0) return;
    const r = this.requireCommitted(addr, size);
    let done = 0;
    while (done < size) {
      const offset = Number(addr - r.base) + done;
      const inChunk = CHUNK_BYTES - (offset % CHUNK_BYTES);
      const n = Math.min(size - done, inChunk);
      const hit = r.chunkFor(offset, n);
      if (!hit) throw new UnicornError('internal: chunk arithmetic');
      step(hit.view, hit.at, done, n);
      done += n;
    }
  }

  private scanUntilNul(addr: bigint, maxUnits: number, unit: 1 | 2): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    let cursor = addr;
    const limit = maxUnits * unit;
    while (total < limit) {
      // Scan up to the end of the current page so an unterminated string stops at the first
      // page that is not committed, with that page named in the error.
      const pageEnd = alignDown(cursor, PAGE) + PAGE;
      const toPageEnd = Number(pageEnd - cursor);
      // Whole units up to the page end; at an odd address the one unit that straddles the
      // boundary is read on its own, so the next page is touched only if the string goes on.
      const n = Math.min(toPageEnd < unit ? unit : toPageEnd - (toPageEnd % unit), limit - total);
      const bytes = this.read(cursor, n);
      for (let i = 0; i + unit <= n; i += unit) {
        if (bytes[i] === 0 && (unit === 1 || bytes[i + 1] === 0)) {
          parts.push(bytes.subarray(0, i));
          return concat(parts, total + i);
        }
      }
      const whole = n - (n % unit);
      parts.push(bytes.subarray(0, whole));
      total += whole;
      cursor += BigInt(whole);
      if (whole === 0) break;
    }
    return concat(parts, total);
  }

  private flushIfExecutable(addr: bigint, size: number): void {
    const r = this.find(addr);
    if (!r) return;
    const endAddr = addr + BigInt(size);
    for (let page = alignDown(addr, PAGE); page < endAddr && page < r.end; page += PAGE) {
      if (r.pages[Number((page - r.base) / PAGE)] & Prot.Execute) {
        this.mapper.flushCode(addr, endAddr);
        return;
      }
    }
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
