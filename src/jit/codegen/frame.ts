/**
 * The baseline tier's register "allocation": every virtual register lives in its own 8-byte
 * frame slot, addressed from RBP. Arguments live in their home locations in the caller's frame
 * (the 32-byte shadow space plus the stack-argument area, Windows x64 ABI), so argument i is at
 * [rbp + 16 + 8·i]; everything else gets a slot below RBP. An optimising allocator (linear scan)
 * will hand out registers through the same `Location` interface, so lowering does not change.
 *
 * Frame shape (the prologue is `push rbp; mov rbp, rsp; sub rsp, N`):
 *
 *     [rbp + 16 + 8·i]   argument i (home/stack-argument slots, owned by the caller)
 *     [rbp + 8]          return address
 *     [rbp]              saved rbp
 *     [rbp - 8·(k+1)]    slot k (locals, temporaries, block-entry values)
 *     [rsp + 8·j]        outgoing argument j (j ≥ 4), above the callee's 32-byte shadow space
 *
 * N is a multiple of 16, so RSP is 16-byte aligned at every call in the body (it is 8 mod 16 on
 * entry, the push makes it 0).
 */
import { CodegenError } from '../errors';
import { IrFunction, Op, VReg, VRegKind } from '../ir/ir';
import { isGcType } from '../ir/types';

/** Where a virtual register's value lives. */
export type Location = { readonly kind: 'frame'; readonly rbpOffset: number };

/** Bytes of shadow space every call site reserves for its callee (Windows x64 ABI). */
export const SHADOW_SPACE = 32;

export class FrameLayout {
  private readonly slots = new Map<VReg, number>();
  /** Bytes of slots below RBP. */
  readonly slotBytes: number;
  /** Bytes of outgoing-argument area at the bottom of the frame (≥ the shadow space). */
  readonly outgoingBytes: number;
  /** N in `sub rsp, N`: slots plus outgoing area, rounded up to 16. */
  readonly allocSize: number;
  /** RBP offsets of slots holding object references or managed pointers (zeroed in the prologue; GC roots). */
  readonly gcSlots: number[] = [];
  /** RBP offsets of the CIL locals (zeroed in the prologue when the body asks for it). */
  readonly localSlots: number[] = [];

  constructor(f: IrFunction) {
    const used = new Set<VReg>([...f.params, ...f.locals]);
    let maxArgs = 0;
    for (const b of f.blocks) {
      for (const v of b.entryStack) used.add(v);
      for (const i of b.insts) {
        if (i.dst) used.add(i.dst);
        for (const a of i.args) used.add(a);
        if (i.op === Op.Call) maxArgs = Math.max(maxArgs, i.args.length);
      }
    }
    let next = 0;
    for (const v of used) {
      if (v.kind === VRegKind.Arg) continue;
      next += 8;
      this.slots.set(v, -next);
      if (isGcType(v.type)) this.gcSlots.push(-next);
      if (v.kind === VRegKind.Local) this.localSlots.push(-next);
    }
    this.slotBytes = next;
    this.outgoingBytes = Math.max(SHADOW_SPACE, 8 * maxArgs);
    this.allocSize = (this.slotBytes + this.outgoingBytes + 15) & ~15;
    if (this.allocSize > 0x7fff_0000) throw new CodegenError(`frame of ${this.allocSize} bytes is too large`, f.name);
  }

  /** The location of `v`. */
  locate(v: VReg): Location {
    if (v.kind === VRegKind.Arg) return { kind: 'frame', rbpOffset: 16 + 8 * v.index };
    const off = this.slots.get(v);
    if (off === undefined) throw new CodegenError(`no slot for ${v}`, 'frame layout');
    return { kind: 'frame', rbpOffset: off };
  }
}
