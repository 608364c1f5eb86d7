/**
 * The garbage collector: a non-moving mark-sweep over `ManagedHeap` with conservative roots on
 * the guest's registers and stack and precise references everywhere else (README.md).
 *
 * One collection, in order:
 *  1. roots: the GPRs that can hold a live reference at a gate (the Windows x64 callee-saved
 *     registers and the four argument registers; RAX, R10 and R11 are dead across any call),
 *     every GPR of each register set saved around a nested guest call, every
 *     8-byte-aligned stack word from RSP to the TEB's StackBase (conservative: any value inside an
 *     allocated cell keeps that object); static reference fields, registered root slots, host
 *     temporaries (`protect`), strong GCHandles and the objects awaiting finalization (precise);
 *  2. mark: a worklist over per-type reference maps (type-info.ts);
 *     then ephemerons (ConditionalWeakTable's `Ephemeron[]` arrays): an entry's value is marked
 *     once its key is, repeated to a fixpoint; the arrays' entries are not traced otherwise;
 *  3. short weak handles of unmarked targets are cleared;
 *  4. unmarked finalizable objects move to the finalization queue and are marked, with what they
 *     reach, so they survive this cycle (ECMA-335 §I.8.9.6.7);
 *  5. ephemeron entries whose key is still unmarked get the tombstone as key and a null value;
 *     long weak handles of still-unmarked targets are cleared;
 *  6. sweep: unmarked cells are freed (poisoned in verification mode), empty chunks returned and
 *     free chunks beyond the budget decommitted;
 *  7. verification (stress or `verify`): every object's header and every reference checked.
 *
 * Collections happen when an allocation would exceed the budget (the live size after the last
 * collection, at least `minBudgetBytes`), at every allocation under stress, when the heap is
 * full, and on request (`GC.Collect`). Finalizers never run inside a collection: they run at the
 * next safe point that can re-enter the guest (`runPendingFinalizers`).
 */
import { type Machine, Reg } from '../../../emu';
import { HeapExhaustedError } from '../errors';
import type { MethodDesc } from '../method-desc';
import type { TypeDesc } from '../type-desc';
import { FinalizerContextError, HeapCorruptionError } from './errors';
import { GcHandleTable, GcHandleType } from './handles';
import { ManagedHeap } from './managed-heap';
import { GcStats } from './stats';
import { computeTypeInfo, GcShape, type GcTypeInfo } from './type-info';

/** What the collector asks of the runtime around it. */
export interface GcHost {
  readonly machine: Machine;
  /** The loaded type behind a MethodTable address. */
  typeOfMethodTable(mt: bigint): TypeDesc | undefined;
  /** System.Object::Finalize, or null before the corlib is loaded. */
  objectFinalize(): MethodDesc | null;
  isStringType(t: TypeDesc): boolean;
  /** Calls `finalizer` on `obj` in the guest (a nested guest call). */
  runFinalizer(finalizer: MethodDesc, obj: bigint): void;
}

export interface GcOptions {
  /** Address space reserved for the heap (default 1 GiB). */
  reservedBytes?: number;
  /** Collect at every allocation (`CLREMU_GC_STRESS=1`); implies `verify`. */
  stress?: boolean;
  /** Check the whole heap after each collection. */
  verify?: boolean;
  /** Smallest allocation budget between collections (default 8 MiB). */
  minBudgetBytes?: number;
  /** The stack range to scan, [low, high); default RSP up to the TEB's StackBase. */
  stackRange?: () => { low: bigint; high: bigint } | undefined;
  /** Told about the collector once it exists (the CLI keeps it to print `--gc-stats` at exit). */
  onCreated?: (gc: GarbageCollector) => void;
}

const GPR_COUNT = 16;
/**
 * Registers scanned at the collection point. Collections happen inside gates, i.e. at a call:
 * the caller keeps nothing live in RAX, R10 or R11 across it (Windows x64 ABI: volatile, not
 * arguments), so a stale reference there must not keep garbage alive.
 */
const LIVE_AT_CALL: readonly Reg[] = [Reg.RCX, Reg.RDX, Reg.RBX, Reg.RSP, Reg.RBP, Reg.RSI, Reg.RDI, Reg.R8, Reg.R9, Reg.R12, Reg.R13, Reg.R14, Reg.R15];
/** Largest stack span scanned (a corrupt RSP or TEB must not make us read gigabytes). */
const MAX_STACK_SCAN = 256 * 1024 * 1024;
/** Byte written over freed cells in verification mode: a stale reference then reads garbage. */
const POISON = 0xdb;
const TWO_32 = 4294967296;

/** A block of static fields with references at `offsets` from `base`. */
interface StaticRoots {
  readonly base: bigint;
  readonly offsets: readonly number[];
}

export class GarbageCollector {
  readonly heap: ManagedHeap;
  readonly handles = new GcHandleTable();
  readonly stats = new GcStats();
  readonly stress: boolean;
  readonly verify: boolean;
  private readonly minBudget: number;
  private budget: number;
  private allocatedSinceGc = 0;
  private readonly infos = new Map<number, GcTypeInfo>();
  private readonly statics: StaticRoots[] = [];
  private readonly rootSlots = new Set<bigint>();
  private readonly hostRoots: number[] = [];
  private readonly rootProviders: (() => Iterable<bigint>)[] = [];
  private readonly savedRegisters: number[][] = [];
  /** Live objects whose type has a finalizer and that are still registered for finalization. */
  private readonly finalizable = new Set<number>();
  /** Unreachable finalizable objects whose finalizer has not run yet (roots until it has). */
  private readonly finalizationQueue: number[] = [];
  private collecting = false;
  private finalizing = false;
  private readonly worklist: number[] = [];
  /**
   * Objects the last marking found through a root whose holder cannot be rewritten (roots.ts):
   * a mostly-copying collector would have to leave them where they are.
   */
  private readonly pinned = new Set<number>();
  /** Objects marked by the current (or last) collection. */
  private markedObjects = 0;
  /** Registered `Ephemeron[]` arrays (held weakly: a dead table's array is dropped). */
  private ephemeronArrays = new Set<number>();
  /** The ephemeron tombstone (a removed entry's key); 0 until the class library asks for it. */
  ephemeronTombstone: () => bigint = () => 0n;

  constructor(private readonly host: GcHost, private readonly options: GcOptions = {}) {
    this.heap = new ManagedHeap(host.machine.memory, options.reservedBytes ?? 1024 * 1024 * 1024);
    this.stress = options.stress ?? false;
    this.verify = this.stress || (options.verify ?? false);
    this.minBudget = options.minBudgetBytes ?? 8 * 1024 * 1024;
    this.budget = this.minBudget;
    options.onCreated?.(this);
  }

  // ---- allocation -------------------------------------------------------------------------------

  /**
   * A new zeroed object of `size` bytes whose header names `mt`; collects first when the budget
   * is used up (or always, under stress). The caller writes length fields and contents.
   */
  allocate(mt: bigint, size: number): bigint {
    const info = this.infoOf(Number(mt));
    if (this.stress || this.allocatedSinceGc + size > this.budget) this.collect();
    let addr: number;
    try {
      addr = this.heap.allocate(size);
    } catch (err) {
      if (!(err instanceof HeapExhaustedError)) throw err;
      this.collect();
      addr = this.heap.allocate(size);
    }
    this.allocatedSinceGc += size;
    this.stats.totalAllocatedBytes += size;
    this.stats.objectsAllocated++;
    const obj = BigInt(addr);
    this.host.machine.memory.setU64(obj, mt);
    if (info?.finalizer) this.finalizable.add(addr);
    return obj;
  }

  /** The collector's view of a MethodTable (cached), or undefined when it is not one of ours. */
  infoOf(mt: number): GcTypeInfo | undefined {
    let info = this.infos.get(mt);
    if (info) return info;
    const t = this.host.typeOfMethodTable(BigInt(mt));
    if (!t) return undefined;
    info = computeTypeInfo(t, this.host.objectFinalize(), this.host.isStringType(t));
    this.infos.set(mt, info);
    return info;
  }

  // ---- roots the runtime registers --------------------------------------------------------------

  /** A guest slot (8 bytes, outside the heap) that always holds a reference or 0: a literal's slot. */
  addRootSlot(slot: bigint): void {
    this.rootSlots.add(slot);
  }

  /** A static field block with reference fields at `offsets`. */
  addStaticRoots(base: bigint, offsets: readonly number[]): void {
    if (offsets.length) this.statics.push({ base, offsets });
  }

  /** References the runtime holds in host state (the ephemeron tombstone …), asked for at each collection. */
  addRootProvider(provider: () => Iterable<bigint>): void {
    this.rootProviders.push(provider);
  }

  /** Runs `fn` with `objects` kept alive: host code holding references across allocations. */
  protect<T>(objects: readonly bigint[], fn: () => T): T {
    const depth = this.hostRoots.length;
    for (const o of objects) this.hostRoots.push(Number(o));
    try {
      return fn();
    } finally {
      this.hostRoots.length = depth;
    }
  }

  /**
   * Runs `fn` (which calls into the guest) with the current register file kept as roots: the
   * nested call saves and later restores these registers where the stack scan cannot see them.
   */
  withSavedRegisters<T>(fn: () => T): T {
    const m = this.host.machine;
    const regs: number[] = [];
    for (let r = 0; r < GPR_COUNT; r++) regs.push(Number(m.reg(r as Reg)));
    this.savedRegisters.push(regs);
    try {
      return fn();
    } finally {
      this.savedRegisters.pop();
    }
  }

  /** Registers an `Ephemeron[]` (GC.register_ephemeron_array): key → value entries held weakly. */
  registerEphemeronArray(arr: bigint): void {
    this.ephemeronArrays.add(Number(arr));
  }

  /** Unregisters `obj` from finalization (GC.SuppressFinalize). */
  suppressFinalize(obj: bigint): void {
    this.finalizable.delete(Number(obj));
  }

  /** Registers `obj` again (GC.ReRegisterForFinalize), if its type has a finalizer. */
  reRegisterForFinalize(obj: bigint): void {
    if (this.heap.findObject(Number(obj)) !== Number(obj)) throw new HeapCorruptionError(obj, -1, obj, 'ReRegisterForFinalize of something that is not an object of this heap');
    const info = this.infoOf(this.heap.word(Number(obj)));
    if (info?.finalizer) this.finalizable.add(Number(obj));
  }

  get pendingFinalizers(): number {
    return this.finalizationQueue.length;
  }

  /** Finalizers are queued and none is running now (a safe point may run them). */
  get canRunFinalizers(): boolean {
    return this.finalizationQueue.length > 0 && !this.finalizing;
  }

  // ---- collection -------------------------------------------------------------------------------

  /** One full collection. Re-entrant calls (none should happen) are ignored. */
  collect(): void {
    if (this.collecting) return;
    this.collecting = true;
    const t0 = performance.now();
    try {
      this.markRoots();
      this.drainWithEphemerons();
      const live = (o: number): boolean => this.heap.isMarked(o);
      this.handles.clearDead(GcHandleType.Weak, live);
      this.queueUnreachableFinalizable();
      this.drainWithEphemerons();
      this.stats.lastMarkedObjects = this.markedObjects;
      this.stats.lastPinnedObjects = this.pinned.size;
      this.clearDeadEphemerons();
      this.handles.clearDead(GcHandleType.WeakTrackResurrection, live);
      const poison = this.verify ? (addr: number, bytes: number): void => this.heap.fill(addr, bytes, POISON) : undefined;
      this.heap.sweep(poison);
      // The next cycle may allocate `budget` bytes: keep that much committed and half again
      // (cells left free in partly used chunks make it need more chunks than bytes), free the rest.
      this.budget = Math.max(this.minBudget, this.heap.usedBytes);
      this.heap.decommitBeyond(this.budget + this.budget / 2);
      this.allocatedSinceGc = 0;
      this.stats.liveBytesAfterLast = this.heap.usedBytes;
      if (this.verify) this.verifyHeap();
    } finally {
      this.collecting = false;
      this.worklist.length = 0;
      this.stats.recordPause(performance.now() - t0);
    }
  }

  /** Runs the finalizers of queued objects; needs a point where the guest can be re-entered. */
  runPendingFinalizers(): void {
    if (this.finalizing) return;
    this.finalizing = true;
    try {
      while (this.finalizationQueue.length) {
        const obj = this.finalizationQueue[0]!;
        const info = this.infoOf(this.heap.word(obj));
        if (!info?.finalizer) throw new FinalizerContextError(`object 0x${obj.toString(16)} in the finalization queue has no finalizer`);
        // The object stays queued (a root) while its finalizer runs.
        this.host.runFinalizer(info.finalizer, BigInt(obj));
        this.finalizationQueue.shift();
        this.stats.finalizersRun++;
      }
    } finally {
      this.finalizing = false;
    }
  }

  /**
   * Marks from every root (roots.ts lists them, with whether each could be updated if its target
   * moved): registers and stack words (conservative, pinning), statics and root slots (precise,
   * updatable), host temporaries and host-held references (pinning), strong handles (Pinned ones
   * pinning), the finalization queue (updatable).
   */
  private markRoots(): void {
    const m = this.host.machine;
    this.pinned.clear();
    this.markedObjects = 0;
    for (const r of LIVE_AT_CALL) this.conservative(Number(m.reg(r)), true);
    for (const set of this.savedRegisters) for (const v of set) this.conservative(v, true);
    this.scanStack();
    const mem = m.memory;
    for (const s of this.statics) {
      for (const off of s.offsets) this.precise(Number(mem.u64(s.base + BigInt(off))), s.base, off);
    }
    for (const slot of this.rootSlots) this.precise(Number(mem.u64(slot)), slot, 0);
    for (const o of this.hostRoots) this.conservative(o, true);
    for (const p of this.rootProviders) for (const o of p()) this.precise(Number(o), 0n, 0, true);
    this.handles.forEachStrong((t, type) => this.conservative(t, type === GcHandleType.Pinned));
    for (const o of this.finalizationQueue) this.conservative(o, false);
  }

  /** Objects the last collection marked, and how many of them a root pinned (see `pinned`). */
  get lastMarking(): { readonly live: number; readonly pinned: number } {
    return { live: this.markedObjects, pinned: this.pinned.size };
  }

  /** Whether the last collection found `obj` through a root that pins it (for tests and tools). */
  wasPinned(obj: bigint): boolean {
    return this.pinned.has(Number(obj));
  }

  private stackBounds(): { low: bigint; high: bigint } | undefined {
    if (this.options.stackRange) return this.options.stackRange();
    const m = this.host.machine;
    const teb = m.reg(Reg.GS_BASE);
    if (teb === 0n || !m.memory.isAccessible(teb + 8n, 8, 'read')) return undefined;
    // NT_TIB.StackBase (TEB+0x08): one past the highest stack address.
    return { low: m.reg(Reg.RSP), high: m.memory.u64(teb + 8n) };
  }

  private scanStack(): void {
    const b = this.stackBounds();
    if (!b) return;
    const low = (b.low + 7n) & ~7n;
    if (b.high <= low || b.high - low > BigInt(MAX_STACK_SCAN)) return;
    const mem = this.host.machine.memory;
    const n = Number(b.high - low);
    if (!mem.isAccessible(low, n, 'read')) return;
    const v = mem.view(low, n);
    const words = new Uint32Array(v.buffer, v.byteOffset, n >>> 2);
    for (let i = 0; i + 1 < words.length; i += 2) {
      const hi = words[i + 1]!;
      if (hi < 0x20_0000) this.conservative(hi * TWO_32 + words[i]!, true);
    }
  }

  /** A value that may or may not be a reference: any address inside an allocated cell counts. */
  private conservative(v: number, pin: boolean): void {
    if (!this.heap.contains(v)) return;
    const obj = this.heap.findObject(v);
    if (obj < 0) return;
    if (pin) this.pinned.add(obj);
    this.markObject(obj);
  }

  /** A slot that holds a reference or 0 (verified in verification mode); `pin`: its holder cannot be rewritten. */
  private precise(v: number, holder: bigint, offset: number, pin = false): void {
    if (v === 0) return;
    const obj = this.heap.findObject(v);
    if (obj !== v) {
      if (this.verify) throw new HeapCorruptionError(holder, offset, BigInt(v), obj < 0 ? 'reference to no live object' : 'reference into the middle of an object');
      if (obj < 0) return;
    }
    if (pin) this.pinned.add(obj);
    this.markObject(obj);
  }

  private markObject(obj: number): void {
    if (this.heap.mark(obj)) {
      this.markedObjects++;
      this.worklist.push(obj);
    }
  }

  /** Marks to a fixpoint: ordinary references, then ephemeron values whose keys are marked. */
  private drainWithEphemerons(): void {
    this.drain();
    let progress = true;
    while (progress && this.ephemeronArrays.size) {
      progress = false;
      this.forEachEphemeron(true, (key, valueAt) => {
        if (key === 0 || !this.heap.isMarked(key)) return;
        const value = this.heap.word(valueAt);
        if (value > 0 && this.heap.findObject(value) === value && !this.heap.isMarked(value)) {
          this.markObject(value);
          progress = true;
        }
      });
      this.drain();
    }
  }

  /**
   * Calls `fn(key, valueAddress)` for each entry of each marked registered ephemeron array
   * (Ephemeron is `{ object key; object value; }`, 16 bytes per element).
   */
  private forEachEphemeron(onlyMarked: boolean, fn: (key: number, valueAt: number, keyAt: number) => void): void {
    const heap = this.heap;
    for (const arr of this.ephemeronArrays) {
      if (heap.findObject(arr) !== arr || (onlyMarked && !heap.isMarked(arr))) continue;
      const length = heap.u32At(arr + 24);
      for (let i = 0; i < length; i++) {
        const keyAt = arr + 32 + 16 * i;
        const key = heap.word(keyAt);
        fn(key > 0 && heap.findObject(key) === key ? key : 0, keyAt + 8, keyAt);
      }
    }
  }

  /** Tombstones entries with unreachable keys and forgets arrays that are themselves unreachable. */
  private clearDeadEphemerons(): void {
    if (!this.ephemeronArrays.size) return;
    const mem = this.host.machine.memory;
    const tombstone = this.ephemeronTombstone();
    this.forEachEphemeron(true, (key, valueAt, keyAt) => {
      if (key === 0 || this.heap.isMarked(key)) return;
      mem.setU64(BigInt(keyAt), tombstone);
      mem.setU64(BigInt(valueAt), 0n);
    });
    const kept = new Set<number>();
    for (const arr of this.ephemeronArrays) if (this.heap.findObject(arr) === arr && this.heap.isMarked(arr)) kept.add(arr);
    this.ephemeronArrays = kept;
  }

  private drain(): void {
    const heap = this.heap;
    const work = this.worklist;
    while (work.length) {
      const obj = work.pop()!;
      const info = this.infoOf(heap.word(obj));
      if (!info) throw new HeapCorruptionError(BigInt(obj), -1, BigInt(heap.word(obj)), 'object header is not a MethodTable of this runtime');
      const refs = info.refOffsets;
      if (refs.length === 0) continue;
      if (info.shape === GcShape.Array) {
        if (this.ephemeronArrays.size && this.ephemeronArrays.has(obj)) continue; // entries are weak

        const length = heap.u32At(obj + 24);
        const elem = info.unitSize;
        for (let i = 0; i < length; i++) {
          const at = obj + 32 + i * elem;
          for (let k = 0; k < refs.length; k++) this.tracedField(heap.word(at + refs[k]!), obj, at + refs[k]! - obj);
        }
      } else {
        for (let k = 0; k < refs.length; k++) this.tracedField(heap.word(obj + refs[k]!), obj, refs[k]!);
      }
    }
  }

  private tracedField(v: number, holder: number, offset: number): void {
    if (v === 0) return;
    const obj = this.heap.findObject(v);
    if (obj !== v) {
      if (this.verify) throw new HeapCorruptionError(BigInt(holder), offset, BigInt(v), obj < 0 ? 'field refers to no live object' : 'field refers into the middle of an object');
      if (obj < 0) return;
    }
    this.markObject(obj);
  }

  private queueUnreachableFinalizable(): void {
    for (const obj of this.finalizable) {
      if (this.heap.isMarked(obj)) continue;
      this.finalizable.delete(obj);
      this.finalizationQueue.push(obj);
      this.markObject(obj);
    }
  }

  // ---- verification -----------------------------------------------------------------------------

  /** Walks every object: a known MethodTable, a size that fits its cell, references to live objects. */
  verifyHeap(): void {
    const heap = this.heap;
    heap.forEachObject((obj) => {
      const mt = heap.word(obj);
      const info = this.infoOf(mt);
      if (!info) throw new HeapCorruptionError(BigInt(obj), -1, BigInt(mt), 'object header is not a MethodTable of this runtime');
      const size = info.sizeOf((off) => heap.u32At(obj + off));
      if (size > heap.capacityOf(obj)) throw new HeapCorruptionError(BigInt(obj), -1, BigInt(size), `object of ${size} bytes overflows its ${heap.capacityOf(obj)}-byte cell`);
      const check = (at: number): void => {
        const v = heap.word(at);
        if (v !== 0 && heap.findObject(v) !== v) throw new HeapCorruptionError(BigInt(obj), at - obj, BigInt(v), 'field refers to no live object');
      };
      if (info.shape === GcShape.Array) {
        const length = heap.u32At(obj + 24);
        for (let i = 0; i < length; i++) for (const r of info.refOffsets) check(obj + 32 + i * info.unitSize + r);
      } else {
        for (const r of info.refOffsets) check(obj + r);
      }
    });
    const mem = this.host.machine.memory;
    const rootCheck = (v: number, holder: bigint, offset: number, what: string): void => {
      if (v !== 0 && heap.findObject(v) !== v) throw new HeapCorruptionError(holder, offset, BigInt(v), `${what} refers to no live object`);
    };
    for (const s of this.statics) for (const off of s.offsets) rootCheck(Number(mem.u64(s.base + BigInt(off))), s.base, off, 'static field');
    for (const slot of this.rootSlots) rootCheck(Number(mem.u64(slot)), slot, 0, 'root slot');
    this.handles.forEachTarget((t, handle) => rootCheck(t, handle, 0, 'GCHandle'));
  }

  /** The `--gc-stats` report. */
  formatStats(): string {
    return this.stats.format(this.heap.peakCommittedBytes, this.heap.committedBytes);
  }
}
