/**
 * The GCHandle table (System.Runtime.InteropServices.GCHandle; Mono's gc handles in
 * mono/metadata/gc.c are the behavioural model): one slot per allocated handle, each holding a
 * target object and a type.
 *
 *  - Normal and Pinned handles are strong roots; a pinned target never moves (nothing moves in
 *    this collector, so pinning only needs the target kept alive);
 *  - Weak ("short") handles are cleared when the target is found unreachable, before
 *    finalization can resurrect it; WeakTrackResurrection ("long") handles are cleared only
 *    when the target is unreachable after finalization marking.
 *
 * A handle value is `(slot + 1) << 3 | type`, never 0 (IntPtr.Zero means "not allocated"), so a
 * freed or foreign value is detected instead of reading another slot.
 */
import { GcHandleError } from './errors';

/** GCHandleType (System.Runtime.InteropServices), by its numeric value. */
export const enum GcHandleType {
  /** Short weak reference: cleared before finalization. */
  Weak = 0,
  /** Long weak reference: survives finalization (tracks resurrection). */
  WeakTrackResurrection = 1,
  /** Strong reference. */
  Normal = 2,
  /** Strong reference whose target must not move. */
  Pinned = 3,
}

export class GcHandleTable {
  /** Target per slot (0 = null target); NaN marks a free slot. */
  private readonly targets: number[] = [];
  private readonly types: GcHandleType[] = [];
  private readonly freeSlots: number[] = [];

  /** Allocates a handle of `type` to `target` (0 for none). */
  alloc(target: number, type: GcHandleType): bigint {
    if (type < GcHandleType.Weak || type > GcHandleType.Pinned) throw new GcHandleError(0n, `handle type ${type as number} is not a GCHandleType`);
    const slot = this.freeSlots.pop() ?? this.targets.length;
    this.targets[slot] = target;
    this.types[slot] = type;
    return (BigInt(slot + 1) << 3n) | BigInt(type);
  }

  private slotOf(handle: bigint): number {
    const slot = Number(handle >> 3n) - 1;
    if (handle <= 0n || slot < 0 || slot >= this.targets.length || Number.isNaN(this.targets[slot]) || this.types[slot] !== Number(handle & 7n)) {
      throw new GcHandleError(handle, 'not an allocated handle');
    }
    return slot;
  }

  target(handle: bigint): number {
    return this.targets[this.slotOf(handle)]!;
  }

  setTarget(handle: bigint, target: number): void {
    this.targets[this.slotOf(handle)] = target;
  }

  typeOf(handle: bigint): GcHandleType {
    return this.types[this.slotOf(handle)]!;
  }

  free(handle: bigint): void {
    const slot = this.slotOf(handle);
    this.targets[slot] = NaN;
    this.freeSlots.push(slot);
  }

  /** Calls `fn` with the target and type of every strong (Normal, Pinned) handle. */
  forEachStrong(fn: (target: number, type: GcHandleType) => void): void {
    for (let i = 0; i < this.targets.length; i++) {
      const t = this.targets[i]!;
      if (t > 0 && this.types[i]! >= GcHandleType.Normal) fn(t, this.types[i]!);
    }
  }

  /** Calls `fn` with every allocated handle's non-null target and the handle value. */
  forEachTarget(fn: (target: number, handle: bigint) => void): void {
    for (let i = 0; i < this.targets.length; i++) {
      const t = this.targets[i]!;
      if (t > 0) fn(t, (BigInt(i + 1) << 3n) | BigInt(this.types[i]!));
    }
  }

  /** Clears every weak handle of `type` whose target `isLive` rejects. */
  clearDead(type: GcHandleType.Weak | GcHandleType.WeakTrackResurrection, isLive: (target: number) => boolean): void {
    for (let i = 0; i < this.targets.length; i++) {
      const t = this.targets[i]!;
      if (t > 0 && this.types[i] === type && !isLive(t)) this.targets[i] = 0;
    }
  }

  /** Handles currently allocated. */
  get count(): number {
    return this.targets.length - this.freeSlots.length;
  }
}
