/**
 * The shared vocabulary of the baseline lowering: typed loads and stores between virtual
 * registers (frame slots) and machine registers, with the implicit widenings of ECMA-335
 * §III.1.6 (small integers extend per their signedness, int32 sign-extends to native int,
 * float32 widens to float64), and the out-of-line throw stubs that checks jump to.
 *
 * Register conventions of the baseline tier: RAX, RCX, RDX, R8–R11 and XMM0–XMM5 are scratch
 * (all volatile in the Windows x64 ABI, so no callee-saved register is ever touched and the
 * prologue saves only RBP). Every value is in its frame slot between IR operations.
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

  /** The frame slot of `v` as a memory operand of `bits` width. */
  slot(v: VReg, bits: 8 | 16 | 32 | 64): Mem {
    const off = this.frame.locate(v).rbpOffset;
    const a = at(rbp, off);
    switch (bits) {
      case 8:
        return byte(a);
      case 16:
        return word(a);
      case 32:
        return dword(a);
      case 64:
        return qword(a);
    }
  }

  /**
   * Loads integer-like `v` into GPR `r`: 32 bits (the low half is the value) or 64 bits (an
   * int32 value sign-extended, as the int32 → native int coercion requires).
   */
  loadInt(v: VReg, r: RegNum, width: IntWidth): void {
    const a = this.asm;
    const dst64 = gpr64(r);
    const dst32 = gpr32(r);
    switch (v.type) {
      case IrType.I1:
        a.emit('movsx', width === 64 ? dst64 : dst32, this.slot(v, 8));
        return;
      case IrType.U1:
        a.emit('movzx', dst32, this.slot(v, 8));
        return;
      case IrType.I2:
        a.emit('movsx', width === 64 ? dst64 : dst32, this.slot(v, 16));
        return;
      case IrType.U2:
        a.emit('movzx', dst32, this.slot(v, 16));
        return;
      case IrType.I4:
      case IrType.U4:
      case IrType.R4:
        if (width === 64 && v.type !== IrType.R4) a.emit('movsxd', dst64, this.slot(v, 32));
        else a.emit('mov', dst32, this.slot(v, 32));
        return;
      default:
        if (width === 64) a.emit('mov', dst64, this.slot(v, 64));
        else a.emit('mov', dst32, this.slot(v, 32));
    }
  }

  /** Stores GPR `r` into `v`'s slot at `v`'s storage width (truncating to small types). */
  storeInt(v: VReg, r: RegNum): void {
    const size = sizeOf(v.type);
    const reg: Gpr = size === 1 ? gpr8(r) : size === 2 ? gpr16(r) : size === 4 ? gpr32(r) : gpr64(r);
    this.asm.emit('mov', this.slot(v, (size * 8) as 8 | 16 | 32 | 64), reg);
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

  /** Emits the throw stubs (after the method body): `mov ecx, ilOffset; call helper; int3`. */
  emitThrowStubs(): void {
    for (const s of this.throwStubs.values()) {
      this.asm.bind(s.label);
      this.asm.emit('mov', gpr32(RegNum.RCX), imm(s.ilOffset));
      this.callAbsolute(this.host.helper(s.helper));
      this.asm.emit('int3'); // throw helpers never return
    }
  }

  /** Shorthand for an XMM register. */
  x(n: number): Xmm {
    return xmm(n);
  }
}
