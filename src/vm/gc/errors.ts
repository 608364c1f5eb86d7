/**
 * Typed errors of the garbage collector. Each carries the guest address it is about, so a heap
 * verification failure or a bad handle can be traced back to the object or slot concerned.
 */
import { VmError } from '../errors';

/** Heap verification found a reference or a header that is not a live object (README.md "Verification"). */
export class HeapCorruptionError extends VmError {
  override name = 'HeapCorruptionError';
  constructor(
    /** The object (or root slot) holding the bad value. */
    readonly holder: bigint,
    /** Byte offset of the bad field inside the holder (-1 for a header). */
    readonly offset: number,
    /** The bad value. */
    readonly value: bigint,
    readonly reason: string,
  ) {
    super(`heap corruption: ${reason} (holder 0x${holder.toString(16)}, offset ${offset}, value 0x${value.toString(16)})`);
  }
}

/** A GCHandle value this runtime did not hand out, or one already freed. */
export class GcHandleError extends VmError {
  override name = 'GcHandleError';
  constructor(readonly handle: bigint, reason: string) {
    super(`GCHandle 0x${handle.toString(16)}: ${reason}`);
  }
}

/** Finalizers were asked to run where the guest cannot be re-entered (inside a leaf gate). */
export class FinalizerContextError extends VmError {
  override name = 'FinalizerContextError';
}
