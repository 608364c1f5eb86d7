/**
 * The shared vocabulary of the lowering: typed loads and stores between virtual registers (their
 * allocated register or frame slot) and machine registers, with the implicit widenings of
 * ECMA-335 §III.1.6 (small integers extend per their signedness, int32 sign-extends to native
 * int, float32 widens to float64), struct copies, and the out-of-line throw stubs checks jump to.
 *
 * Register conventions: RAX, RCX, RDX, R8–R11 and XMM0–XMM5 are scratch within one IR operation
 * (all volatile in the Windows x64 ABI); R11 carries struct copies. Between operations every
 * value is in its home: one of the callee-saved registers the allocator handed out (RBX, RSI,
 * RDI, R12–R15, saved by the prologue) or its frame slot.
 */
import { CodegenError } from '../errors';
import { JitHelper, JitHost } from '../host';
import { VReg } from '../ir/ir';
import { isFloat, IrType, sizeOf, stackTypeOf } from '../ir/types';
import { CodeBuffer } from '../x64/code-buffer';
import { Addr, at, byte, COND_SUFFIXES, Cond, dword, imm, imm64, Label, Mem, qword, word } from '../x64/operands';
import { Gpr, gpr16, gpr32, gpr64, gpr8, RegNum, rbp, Xmm, xmm } from '../x64/registers';
import { FrameLayout } from './frame';

/** Width in bits of an integer operation. */
export type IntWidth = 32 | 64;

/** The integer width an operation on stack type `t` uses. */
export function widthOf(t: IrType): IntWidth {
  return stackTypeOf(t) === IrType.I4 ? 32 : 64;
}

export class EmitContext {
  private readonly throwStubs = new Map<string, { label: Label; helper: JitHelper; ilOffset: number }>();

  constructor(
    readonly asm: CodeBuffer,
    readonly frame: FrameLayout,
    readonly host: JitHost,
    readonly methodName: string,
  ) {}

  fail(message: string): never {
    throw new CodegenError(message, this.methodName);
  }

  /** `op` applied to the condition suffix: `cc('j', Cond.E)` is `je`. */
  cc(prefix: 'j' | 'set' | 'cmov', c: Cond): string {
    return prefix + COND_SUFFIXES[c]!;
  }

  /** The frame slot of `v` as a memory operand of `bits` width (`v` must live in the frame). */
  slot(v: VReg, bits: 8 | 16 | 32 | 64): Mem {
    const loc = this.frame.locate(v);
    if (loc.kind !== 'frame') this.fail(`${v} lives in a register, not a frame slot`);
    return this.slotMem(at(rbp, loc.rbpOffset), bits);
  }

  /** `v`'s register, or its slot of `bits` width: an r/m operand. */
  private rm(v: VReg, bits: 8 | 16 | 32 | 64): Gpr | Mem {
    const loc = this.frame.locate(v);
    if (loc.kind === 'reg') return bits === 8 ? gpr8(loc.reg) : bits === 16 ? gpr16(loc.reg) : bits === 32 ? gpr32(loc.reg) : gpr64(loc.reg);
    return this.slotMem(at(rbp, loc.rbpOffset), bits);
  }

  /**
   * Loads integer-like `v` into GPR `r`: 32 bits (the low half is the value) or 64 bits (an
   * int32 value sign-extended, as the int32 → native int coercion requires). Small types are
   * extended per their signedness whatever the width: the upper bits of their home are undefined.
   */
  loadInt(v: VReg, r: RegNum, width: IntWidth): void {
    const a = this.asm;
    const dst64 = gpr64(r);
    const dst32 = gpr32(r);
    switch (v.type) {
      case IrType.I1:
        a.emit('movsx', width === 64 ? dst64 : dst32, this.rm(v, 8));
        return;
      case IrType.U1:
        a.emit('movzx', dst32, this.rm(v, 8));
        return;
      case IrType.I2:
        a.emit('movsx', width === 64 ? dst64 : dst32, this.rm(v, 16));
        return;
      case IrType.U2:
        a.emit('movzx', dst32, this.rm(v, 16));
        return;
      case IrType.I4:
      case IrType.U4:
      case IrType.R4:
        if (width === 64 && v.type !== IrType.R4) a.emit('movsxd', dst64, this.rm(v, 32));
        else a.emit('mov', dst32, this.rm(v, 32));
        return;
      default:
        if (width === 64) a.emit('mov', dst64, this.rm(v, 64));
        else a.emit('mov', dst32, this.rm(v, 32));
    }
  }

  /** Stores GPR `r` into `v` at `v`'s storage width (a register home takes all 64 bits; readers extend). */
  storeInt(v: VReg, r: RegNum): void {
    const loc = this.frame.locate(v);
    if (loc.kind === 'reg') {
      if (loc.reg !== r) this.asm.emit('mov', gpr64(loc.reg), gpr64(r));
      return;
    }
    const size = sizeOf(v.type);
    const reg: Gpr = size === 1 ? gpr8(r) : size === 2 ? gpr16(r) : size === 4 ? gpr32(r) : gpr64(r);
    this.asm.emit('mov', this.slot(v, (size * 8) as 8 | 16 | 32 | 64), reg);
  }

  /** Stores a constant (already truncated to `v`'s width) into `v`. */
  storeImm(v: VReg, value: bigint): void {
    const loc = this.frame.locate(v);
    const size = v.type === IrType.R4 ? 4 : sizeOf(v.type);
    if (loc.kind === 'reg') {
      this.loadConst(loc.reg, size === 8 ? value : BigInt.asUintN(size * 8, value));
      return;
    }
    const bits = (size * 8) as 8 | 16 | 32 | 64;
    const v64 = BigInt.asIntN(64, value);
    if (bits < 64) {
      this.asm.emit('mov', this.slot(v, bits), imm(Number(BigInt.asIntN(bits, value))));
    } else if (v64 >= -0x8000_0000n && v64 <= 0x7fff_ffffn) {
      this.asm.emit('mov', this.slot(v, 64), imm(Number(v64)));
    } else {
      this.asm.emit('movabs', gpr64(RegNum.RAX), imm64(v64));
      this.asm.emit('mov', this.slot(v, 64), gpr64(RegNum.RAX));
    }
  }

  /** A memory operand of `bits` width at `addr` (fields, array elements). */
  slotMem(addr: Addr, bits: 8 | 16 | 32 | 64): Mem {
    return bits === 8 ? byte(addr) : bits === 16 ? word(addr) : bits === 32 ? dword(addr) : qword(addr);
  }

  /** Loads an integer of storage type `t` from `mem` into `r`, extending small types to 32 bits. */
  loadFromMem(t: IrType, r: RegNum, mem: Mem): void {
    switch (t) {
      case IrType.I1:
      case IrType.I2:
        this.asm.emit('movsx', gpr32(r), mem);
        return;
      case IrType.U1:
      case IrType.U2:
        this.asm.emit('movzx', gpr32(r), mem);
        return;
      case IrType.I4:
      case IrType.U4:
        this.asm.emit('mov', gpr32(r), mem);
        return;
      default:
        this.asm.emit('mov', gpr64(r), mem);
    }
  }

  /** Stores the low bits of `r` to `mem` (its width decides how many). */
  storeToMem(r: RegNum, mem: Mem): void {
    const reg: Gpr = mem.size === 8 ? gpr8(r) : mem.size === 16 ? gpr16(r) : mem.size === 32 ? gpr32(r) : gpr64(r);
    this.asm.emit('mov', mem, reg);
  }

  /** Loads float `v` into XMM `x` as `as` (converting float32 ↔ float64 as needed). */
  loadFloat(v: VReg, x: number, as: IrType.R4 | IrType.R8): void {
    const r = xmm(x);
    if (!isFloat(v.type)) this.fail(`float load of ${v.typed}`);
    if (v.type === IrType.R4) {
      this.asm.emit('movss', r, this.slot(v, 32));
      if (as === IrType.R8) this.asm.emit('cvtss2sd', r, r);
    } else {
      this.asm.emit('movsd', r, this.slot(v, 64));
      if (as === IrType.R4) this.asm.emit('cvtsd2ss', r, r);
    }
  }

  /** Stores XMM `x`, holding a value of type `from`, into float `v` (converting to its type). */
  storeFloat(v: VReg, x: number, from: IrType.R4 | IrType.R8): void {
    const r = xmm(x);
    if (v.type === IrType.R4) {
      if (from === IrType.R8) this.asm.emit('cvtsd2ss', r, r);
      this.asm.emit('movss', this.slot(v, 32), r);
    } else if (v.type === IrType.R8) {
      if (from === IrType.R4) this.asm.emit('cvtss2sd', r, r);
      this.asm.emit('movsd', this.slot(v, 64), r);
    } else {
      this.fail(`float store into ${v.typed}`);
    }
  }

  /** Sign- or zero-extends the low bits of `r` in place to normalise a small-typed value to int32. */
  normaliseSmall(t: IrType, r: RegNum): void {
    const d = gpr32(r);
    switch (t) {
      case IrType.I1:
        this.asm.emit('movsx', d, gpr8(r));
        return;
      case IrType.U1:
        this.asm.emit('movzx', d, gpr8(r));
        return;
      case IrType.I2:
        this.asm.emit('movsx', d, gpr16(r));
        return;
      case IrType.U2:
        this.asm.emit('movzx', d, gpr16(r));
        return;
    }
  }

  /** Materialises a 64-bit constant in `r` with the shortest form. */
  loadConst(r: RegNum, value: bigint): void {
    const v = BigInt.asIntN(64, value);
    if (v >= 0n && v <= 0xffff_ffffn) {
      if (v === 0n) this.asm.emit('xor', gpr32(r), gpr32(r));
      else this.asm.emit('mov', gpr32(r), imm(Number(v)));
    } else if (v >= -0x8000_0000n && v < 0n) {
      this.asm.emit('mov', gpr64(r), imm(Number(v)));
    } else {
      this.asm.emit('movabs', gpr64(r), imm64(v));
    }
  }

  /** Calls an absolute guest address (a helper, a callee's precode): `movabs rax, addr; call rax`. */
  callAbsolute(address: bigint): void {
    this.asm.emit('movabs', gpr64(RegNum.RAX), imm64(address));
    this.asm.emit('call', gpr64(RegNum.RAX));
  }

  /** The label of an out-of-line stub that calls throw helper `h` for the instruction at `ilOffset`. */
  throwLabel(h: JitHelper, ilOffset: number): Label {
    const key = `${h}:${ilOffset}`;
    let s = this.throwStubs.get(key);
    if (!s) {
      s = { label: this.asm.newLabel(), helper: h, ilOffset };
      this.throwStubs.set(key, s);
    }
    return s.label;
  }

  /** Whether throw stubs are waiting to be emitted (the block's end must not fall through into them). */
  get hasPendingStubs(): boolean {
    return this.throwStubs.size > 0;
  }

  /**
   * Emits the throw stubs requested since the last call: `mov ecx, ilOffset; call helper; int3`.
   * Called after each block, so a stub stays inside the same try region as its check and the
   * runtime finds the right handler from the helper's return address.
   */
  emitThrowStubs(): void {
    for (const s of this.throwStubs.values()) {
      this.asm.bind(s.label);
      this.asm.emit('mov', gpr32(RegNum.RCX), imm(s.ilOffset));
      this.callAbsolute(this.host.helper(s.helper));
      this.asm.emit('int3'); // throw helpers never return
    }
    this.throwStubs.clear();
  }

  /**
   * Copies `size` bytes from `src` to `dst` (non-overlapping) through R11, 8 bytes at a time with a
   * 4/2/1-byte tail. R11 is volatile and never holds a value between operations.
   */
  copyMemory(dst: Addr, src: Addr, size: number): void {
    const r11 = RegNum.R11;
    const shift = (a: Addr, k: number): Addr => new Addr(a.base, a.index, a.scale, a.disp + k, a.rip, a.segment);
    let k = 0;
    for (const [width, mem] of [[8, qword], [4, dword], [2, word], [1, byte]] as const) {
      const reg = width === 8 ? gpr64(r11) : width === 4 ? gpr32(r11) : width === 2 ? gpr16(r11) : gpr8(r11);
      while (size - k >= width) {
        this.asm.emit('mov', reg, mem(shift(src, k)));
        this.asm.emit('mov', mem(shift(dst, k)), reg);
        k += width;
      }
    }
  }

  /** Zeroes `size` bytes at `dst`, through R11. */
  zeroMemory(dst: Addr, size: number): void {
    const r11 = RegNum.R11;
    const shift = (a: Addr, k: number): Addr => new Addr(a.base, a.index, a.scale, a.disp + k, a.rip, a.segment);
    this.asm.emit('xor', gpr32(r11), gpr32(r11));
    let k = 0;
    for (const [width, mem] of [[8, qword], [4, dword], [2, word], [1, byte]] as const) {
      const reg = width === 8 ? gpr64(r11) : width === 4 ? gpr32(r11) : width === 2 ? gpr16(r11) : gpr8(r11);
      while (size - k >= width) {
        this.asm.emit('mov', mem(shift(dst, k)), reg);
        k += width;
      }
    }
  }

  /** The address of `v`'s frame slot (a struct's first byte). */
  slotAddr(v: VReg): Addr {
    const loc = this.frame.locate(v);
    if (loc.kind !== 'frame') this.fail(`${v} lives in a register, not a frame slot`);
    return at(rbp, loc.rbpOffset);
  }

  /** Loads a 1/2/4/8-byte struct's bits into `r` (zero-extended), as the ABI passes and returns it. */
  loadSmallStruct(v: VReg, r: RegNum): void {
    const size = v.layout!.size;
    const at0 = this.slotAddr(v);
    if (size === 8) this.asm.emit('mov', gpr64(r), qword(at0));
    else if (size === 4) this.asm.emit('mov', gpr32(r), dword(at0));
    else this.asm.emit('movzx', gpr32(r), size === 2 ? word(at0) : byte(at0));
  }

  /** Stores a 1/2/4/8-byte struct's bits from `r` into `v`'s slot. */
  storeSmallStruct(v: VReg, r: RegNum): void {
    const size = v.layout!.size;
    const at0 = this.slotAddr(v);
    const reg: Gpr = size === 1 ? gpr8(r) : size === 2 ? gpr16(r) : size === 4 ? gpr32(r) : gpr64(r);
    this.asm.emit('mov', this.slotMem(at0, (size * 8) as 8 | 16 | 32 | 64), reg);
  }

  /** Shorthand for an XMM register. */
  x(n: number): Xmm {
    return xmm(n);
  }
}
