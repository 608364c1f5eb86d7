/**
 * The frame layout: where each virtual register lives. Those the register allocator placed get
 * their callee-saved register; every other one gets its own 8-byte frame slot addressed from
 * RBP (the first tier allocates no registers at all). Arguments live in their home locations in
 * the caller's frame (the 32-byte shadow space plus the stack-argument area, Windows x64 ABI).
 *
 * Frame shape (prologue `push rbp; push r1 … rk; mov rbp, rsp; sub rsp, N`, with r1 … rk the
 * callee-saved registers the allocation uses):
 *
 *     [rbp + 16 + 8·k + 8·i]  argument i (home/stack-argument slots, owned by the caller)
 *     [rbp + 8·k + 8]         return address
 *     [rbp + 8·k]             saved rbp
 *     [rbp + 8·(k-j)]         saved r_j
 *     [rbp - 8·(s+1)]         slot s (locals, temporaries, block-entry values not in registers)
 *     [rsp + 8·j]             outgoing argument j (j ≥ 4), above the callee's 32-byte shadow space
 *
 * N keeps RSP 16-byte aligned at every call in the body (RSP is 8 mod 16 on entry; the pushes
 * add 8·(k+1)).
 */
import { CodegenError } from '../errors';
import { IrFunction, Op, VReg, VRegKind } from '../ir/ir';
import { isGcType } from '../ir/types';
import { RegNum } from '../x64/registers';
import { NO_REGISTERS, RegisterAllocation } from './regalloc';

/** Where a virtual register's value lives. */
export type Location = { readonly kind: 'frame'; readonly rbpOffset: number } | { readonly kind: 'reg'; readonly reg: RegNum };

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
  /** Where the CIL locals live (all zeroed in the prologue). */
  readonly localLocations: Location[] = [];
  /** Callee-saved registers pushed after RBP, in push order. */
  readonly saved: readonly RegNum[];
  /** RBP offset of argument 0's home slot. */
  readonly argBase: number;

  constructor(
    f: IrFunction,
    private readonly alloc: RegisterAllocation = NO_REGISTERS,
  ) {
    this.saved = alloc.saved;
    this.argBase = 16 + 8 * this.saved.length;
    const used = new Set<VReg>([...f.params, ...f.locals]);
    // Exception-handling variables: the runtime reads and writes their slots.
    for (const c of f.eh) for (const v of [c.exception, c.continuation, c.returnAddress]) if (v) used.add(v);
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
      if (v.kind === VRegKind.Arg) {
        if (isGcType(v.type)) this.gcSlots.push(this.argBase + 8 * v.index);
        continue;
      }
      if (alloc.registers.has(v)) continue;
      next += 8;
      this.slots.set(v, -next);
      if (isGcType(v.type)) this.gcSlots.push(-next);
    }
    for (const l of f.locals) this.localLocations.push(this.locate(l));
    this.slotBytes = next;
    this.outgoingBytes = Math.max(SHADOW_SPACE, 8 * maxArgs);
    // After `push rbp` RSP is 16-aligned; each further push moves it by 8.
    const pad = (this.saved.length % 2) * 8;
    this.allocSize = ((this.slotBytes + this.outgoingBytes + pad + 15) & ~15) - pad;
    if (this.allocSize > 0x7fff_0000) throw new CodegenError(`frame of ${this.allocSize} bytes is too large`, f.name);
  }

  /** The location of `v`. */
  locate(v: VReg): Location {
    if (v.kind === VRegKind.Arg) return { kind: 'frame', rbpOffset: this.argBase + 8 * v.index };
    const reg = this.alloc.registers.get(v);
    if (reg !== undefined) return { kind: 'reg', reg };
    const off = this.slots.get(v);
    if (off === undefined) throw new CodegenError(`no slot for ${v}`, 'frame layout');
    return { kind: 'frame', rbpOffset: off };
  }
}
