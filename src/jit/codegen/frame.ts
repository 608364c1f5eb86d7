/**
 * The frame layout: where each virtual register lives. Those the register allocator placed get
 * their callee-saved register; every other one gets its own 8-byte frame slot addressed from
 * RBP (the first tier allocates no registers at all). Arguments live in their home locations in
 * the caller's frame (the 32-byte shadow space plus the stack-argument area, Windows x64 ABI).
 *
 * Frame shape (prologue `push rbp; push r1 … rk; mov rbp, rsp; sub rsp, N`, with r1 … rk the
 * callee-saved registers the allocation uses):
 *
 *     [rbp + 16 + 8·k + 8·p]  ABI position p (home/stack-argument slots, owned by the caller;
 *                             see abi.ts: a return buffer may shift the parameters by one)
 *     [rbp + 8·k + 8]         return address
 *     [rbp + 8·k]             saved rbp
 *     [rbp + 8·(k-j)]         saved r_j
 *     [rbp - …]               slots (locals, temporaries, block-entry values not in registers;
 *                             8 bytes each, a struct's size rounded up to 8)
 *     [rsp + 8·j]             outgoing argument j (j ≥ 4), above the callee's 32-byte shadow space
 *
 * N keeps RSP 16-byte aligned at every call in the body (RSP is 8 mod 16 on entry; the pushes
 * add 8·(k+1)).
 */
import { CodegenError } from '../errors';
import { IrFunction, Op, VReg, VRegKind } from '../ir/ir';
import { isGcType } from '../ir/types';
import { RegNum } from '../x64/registers';
import { AbiLayout, abiLayout, passedByReference } from '../abi';
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
  /** RBP offsets of 8-byte words that may hold object references or managed pointers (zeroed in the prologue; GC roots). */
  readonly gcSlots: number[] = [];
  /** Where the CIL locals live, with their sizes in bytes (all zeroed in the prologue). */
  readonly localLocations: { loc: Location; bytes: number }[] = [];
  /** Callee-saved registers pushed after RBP, in push order. */
  readonly saved: readonly RegNum[];
  /** RBP offset of ABI position 0's home slot. */
  readonly argBase: number;
  /** ABI positions of this method's parameters and return buffer. */
  readonly abi: AbiLayout;
  /** Value-type arguments passed by reference: the prologue copies them from the pointer in `home` to `slot`. */
  readonly copiedArgs: { home: number; slot: number; size: number }[] = [];

  constructor(
    f: IrFunction,
    private readonly alloc: RegisterAllocation = NO_REGISTERS,
  ) {
    this.saved = alloc.saved;
    this.argBase = 16 + 8 * this.saved.length;
    this.abi = abiLayout(f.params.map((p) => p.jitType), f.returnType, f.hasThis);
    const used = new Set<VReg>([...f.params, ...f.locals]);
    // Exception-handling variables: the runtime reads and writes their slots.
    for (const c of f.eh) for (const v of [c.exception, c.continuation, c.returnAddress, c.filterResult]) if (v) used.add(v);
    if (f.stackPointerSlot) used.add(f.stackPointerSlot);
    let maxPositions = 0;
    for (const b of f.blocks) {
      for (const v of b.entryStack) used.add(v);
      for (const i of b.insts) {
        if (i.dst) used.add(i.dst);
        for (const a of i.args) used.add(a);
        const callee = i.op === Op.Call || i.op === Op.CallIndirect ? i.callee : i.op === Op.NewValue || i.op === Op.NewObj ? i.newobj?.ctor : undefined;
        if (callee) maxPositions = Math.max(maxPositions, abiLayout(callee.params, callee.ret, callee.hasThis ?? false).count);
      }
    }
    let next = 0;
    const place = (v: VReg): number => {
      next += v.layout ? (v.layout.size + 7) & ~7 : 8;
      this.slots.set(v, -next);
      this.noteGc(v, -next);
      return -next;
    };
    for (const v of used) {
      if (v.kind === VRegKind.Arg) {
        const home = this.argBase + 8 * this.abi.positions[v.index]!;
        if (v.layout && passedByReference(v.layout)) {
          this.copiedArgs.push({ home, slot: place(v), size: v.layout.size });
        } else {
          this.noteGc(v, home);
        }
        continue;
      }
      if (alloc.registers.has(v)) continue;
      place(v);
    }
    for (const l of f.locals) this.localLocations.push({ loc: this.locate(l), bytes: l.layout ? (l.layout.size + 7) & ~7 : 8 });
    this.slotBytes = next;
    this.outgoingBytes = Math.max(SHADOW_SPACE, 8 * maxPositions);
    // After `push rbp` RSP is 16-aligned; each further push moves it by 8.
    const pad = (this.saved.length % 2) * 8;
    this.allocSize = ((this.slotBytes + this.outgoingBytes + pad + 15) & ~15) - pad;
    if (this.allocSize > 0x7fff_0000) throw new CodegenError(`frame of ${this.allocSize} bytes is too large`, f.name);
  }

  private noteGc(v: VReg, at: number): void {
    if (isGcType(v.type)) this.gcSlots.push(at);
    if (v.layout) for (const r of v.layout.refOffsets) this.gcSlots.push(at + r);
  }

  /** The location of `v`. */
  locate(v: VReg): Location {
    if (v.kind === VRegKind.Arg && !this.slots.has(v)) return { kind: 'frame', rbpOffset: this.argBase + 8 * this.abi.positions[v.index]! };
    const reg = this.alloc.registers.get(v);
    if (reg !== undefined) return { kind: 'reg', reg };
    const off = this.slots.get(v);
    if (off === undefined) throw new CodegenError(`no slot for ${v}`, 'frame layout');
    return { kind: 'frame', rbpOffset: off };
  }

  /** RBP offset of the home slot holding the hidden return-buffer pointer (null when there is none). */
  get returnBufferHome(): number | null {
    return this.abi.returnBuffer === null ? null : this.argBase + 8 * this.abi.returnBuffer;
  }
}
