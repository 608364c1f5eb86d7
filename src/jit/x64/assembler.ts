/**
 * The typed front of the encoder: one method per instruction family, whose parameter types make
 * wrong operands a compile error (an XMM register to `add`, a 32-bit source for a 64-bit
 * destination, a memory-to-memory move, a label to `push`). Each method only names the mnemonic
 * and hands the operands to the table-driven `CodeBuffer.emit`; no encoding knowledge lives here.
 *
 * Operand sizes are explicit: `asm.add(rax, rcx)`, `asm.mov(eax, dword(at(rbx, 8)))`,
 * `asm.mov(qword(at(rsp, 32)), imm(0))`. Conditions are `Cond` values: `asm.jcc(Cond.L, loop)`.
 */
import { CodeBuffer } from './code-buffer';
import { EncodingError } from './errors';
import { nopBytes } from './nops';
import { Addr, COND_SUFFIXES, Cond, ExternalSymbol, Imm32, Imm64, Label, Mem, Operand, imm } from './operands';
import { Gpr, GprSize, Xmm } from './registers';

/** Sizes that have 16/32/64-bit forms only (cmov, bt, imul r, r/m, movzx destinations). */
export type WideSize = 16 | 32 | 64;

/** Rounding-mode selector of roundsd/roundss (imm8 bits 1:0; add `SuppressPrecision` to mask #P). */
export const enum RoundingMode {
  /** Round to nearest, ties to even (Math.Round's default). */
  Nearest = 0,
  /** Toward −∞ (Math.Floor). */
  Floor = 1,
  /** Toward +∞ (Math.Ceiling). */
  Ceiling = 2,
  /** Toward zero (Math.Truncate). */
  Truncate = 3,
  /** Flag: do not signal the precision exception. */
  SuppressPrecision = 8,
}

/** add/or/adc/sbb/and/sub/xor/cmp: reg ← reg/mem/imm, or mem ← reg/imm, same width. */
export interface AluOp {
  <S extends GprSize>(dst: Gpr<S>, src: Gpr<NoInfer<S>> | Mem<NoInfer<S>> | Imm32): void;
  <S extends GprSize>(dst: Mem<S>, src: Gpr<NoInfer<S>> | Imm32): void;
}
/** test: reg/mem against reg/imm. */
export type TestOp = <S extends GprSize>(dst: Gpr<S> | Mem<S>, src: Gpr<NoInfer<S>> | Imm32) => void;
/** Shifts and rotates: by an immediate count or by cl. */
export type ShiftOp = <S extends GprSize>(dst: Gpr<S> | Mem<S>, count: Imm32 | Gpr<8>) => void;
/** One-operand integer operations. */
export type UnaryOp = <S extends GprSize>(dst: Gpr<S> | Mem<S>) => void;
/** bt/bts/btr/btc: a bit index in a register of the same width or an immediate. */
export type BitOp = <S extends WideSize>(dst: Gpr<S> | Mem<S>, bit: Gpr<NoInfer<S>> | Imm32) => void;
/** Register-and-memory exchange operations (xchg, cmpxchg, xadd). */
export type ExchangeOp = <S extends GprSize>(dst: Gpr<S> | Mem<S>, src: Gpr<NoInfer<S>>) => void;
/** Locked read-modify-write: memory destination only. */
export type LockedOp = <S extends GprSize>(dst: Mem<S>, src: Gpr<NoInfer<S>>) => void;
/** mov in all its GPR forms; an `Imm64`, label or external symbol source selects movabs. */
export interface MovOp {
  <S extends GprSize>(dst: Gpr<S>, src: Gpr<NoInfer<S>> | Mem<NoInfer<S>> | Imm32): void;
  <S extends GprSize>(dst: Mem<S>, src: Gpr<NoInfer<S>> | Imm32): void;
  (dst: Gpr<64>, src: Imm64 | Label | ExternalSymbol): void;
}
/** imul: one-operand (rdx:rax ← rax × src), two-operand, or three-operand with an immediate. */
export interface ImulOp {
  <S extends GprSize>(src: Gpr<S> | Mem<S>): void;
  <S extends WideSize>(dst: Gpr<S>, src: Gpr<NoInfer<S>> | Mem<NoInfer<S>>): void;
  <S extends WideSize>(dst: Gpr<S>, src: Gpr<NoInfer<S>> | Mem<NoInfer<S>>, factor: Imm32): void;
}
/** Scalar SSE operation on a double (S = 64) or a float (S = 32): xmm ← xmm/mem. */
export type ScalarOp<S extends 32 | 64> = (dst: Xmm, src: Xmm | Mem<S>) => void;
/** Scalar SSE move: load, store or register copy. */
export interface ScalarMove<S extends 32 | 64> {
  (dst: Xmm, src: Xmm | Mem<S>): void;
  (dst: Mem<S>, src: Xmm): void;
}
/** Whole-register (128-bit) operations. */
export type PackedOp = (dst: Xmm, src: Xmm | Mem<128>) => void;
/** Whole-register moves: load, store or register copy. */
export interface PackedMove {
  (dst: Xmm, src: Xmm | Mem<128>): void;
  (dst: Mem<128>, src: Xmm): void;
}
/** Branch/call target: a label here, an external symbol (relocated), or an indirect register/memory. */
export type BranchTarget = Label | ExternalSymbol | Gpr<64> | Mem<64>;

export class Assembler extends CodeBuffer {
  private op = (mnemonic: string) => (...ops: Operand[]): void => this.emit(mnemonic, ...ops);

  readonly add: AluOp = this.op('add');
  readonly or: AluOp = this.op('or');
  readonly adc: AluOp = this.op('adc');
  readonly sbb: AluOp = this.op('sbb');
  readonly and: AluOp = this.op('and');
  readonly sub: AluOp = this.op('sub');
  readonly xor: AluOp = this.op('xor');
  readonly cmp: AluOp = this.op('cmp');
  readonly test: TestOp = this.op('test');

  readonly shl: ShiftOp = this.op('shl');
  readonly shr: ShiftOp = this.op('shr');
  readonly sar: ShiftOp = this.op('sar');
  readonly rol: ShiftOp = this.op('rol');
  readonly ror: ShiftOp = this.op('ror');
  readonly rcl: ShiftOp = this.op('rcl');
  readonly rcr: ShiftOp = this.op('rcr');

  readonly not: UnaryOp = this.op('not');
  readonly neg: UnaryOp = this.op('neg');
  readonly mul: UnaryOp = this.op('mul');
  readonly div: UnaryOp = this.op('div');
  readonly idiv: UnaryOp = this.op('idiv');
  readonly inc: UnaryOp = this.op('inc');
  readonly dec: UnaryOp = this.op('dec');
  readonly imul: ImulOp = this.op('imul');

  readonly bt: BitOp = this.op('bt');
  readonly bts: BitOp = this.op('bts');
  readonly btr: BitOp = this.op('btr');
  readonly btc: BitOp = this.op('btc');

  readonly bsf = <S extends WideSize>(dst: Gpr<S>, src: Gpr<NoInfer<S>> | Mem<NoInfer<S>>): void => this.emit('bsf', dst, src);
  readonly bsr = <S extends WideSize>(dst: Gpr<S>, src: Gpr<NoInfer<S>> | Mem<NoInfer<S>>): void => this.emit('bsr', dst, src);
  readonly lzcnt = <S extends WideSize>(dst: Gpr<S>, src: Gpr<NoInfer<S>> | Mem<NoInfer<S>>): void => this.emit('lzcnt', dst, src);
  readonly bswap = (dst: Gpr<32 | 64>): void => this.emit('bswap', dst);

  readonly mov: MovOp = (dst: Operand, src: Operand): void =>
    this.emit(src instanceof Imm64 || src instanceof Label || src instanceof ExternalSymbol ? 'movabs' : 'mov', dst, src);
  /**
   * Loads a 64-bit constant with the shortest form that keeps its value and the flags:
   * `mov r32, imm32` (zero-extends) for 0..2^32−1, `mov r64, imm32` (sign-extends) for other
   * int32 values, `movabs` otherwise. Never `xor r, r`, which would clobber the flags.
   */
  readonly loadImm = (dst: Gpr<64>, value: bigint | number): void => {
    const v = BigInt.asIntN(64, BigInt(value));
    if (BigInt(value) !== v && BigInt(value) !== BigInt.asUintN(64, v)) {
      throw new EncodingError('loadImm', [dst.name, String(value)], 'value does not fit 64 bits');
    }
    if (v >= 0n && v <= 0xffff_ffffn) this.emit('mov', dst.as(32), imm(Number(v)));
    else if (v >= -0x8000_0000n && v < 0n) this.emit('mov', dst, imm(Number(v)));
    else this.emit('movabs', dst, new Imm64(v));
  };
  readonly movzx = (dst: Gpr<WideSize>, src: Gpr<8 | 16> | Mem<8 | 16>): void => this.emit('movzx', dst, src);
  readonly movsx = (dst: Gpr<WideSize>, src: Gpr<8 | 16> | Mem<8 | 16>): void => this.emit('movsx', dst, src);
  readonly movsxd = (dst: Gpr<64>, src: Gpr<32> | Mem<32>): void => this.emit('movsxd', dst, src);
  readonly lea = (dst: Gpr<WideSize>, src: Addr): void => this.emit('lea', dst, src);

  readonly xchg: ExchangeOp = this.op('xchg');
  readonly cmpxchg: ExchangeOp = this.op('cmpxchg');
  readonly xadd: ExchangeOp = this.op('xadd');
  readonly lockCmpxchg: LockedOp = this.op('lock cmpxchg');
  readonly lockXadd: LockedOp = this.op('lock xadd');

  readonly setcc = (cond: Cond, dst: Gpr<8> | Mem<8>): void => this.emit('set' + COND_SUFFIXES[cond], dst);
  readonly cmov = <S extends WideSize>(cond: Cond, dst: Gpr<S>, src: Gpr<NoInfer<S>> | Mem<NoInfer<S>>): void =>
    this.emit('cmov' + COND_SUFFIXES[cond], dst, src);
  readonly jcc = (cond: Cond, target: Label | ExternalSymbol): void => this.emit('j' + COND_SUFFIXES[cond], target);
  readonly jmp = (target: BranchTarget): void => this.emit('jmp', target);
  readonly call = (target: BranchTarget): void => this.emit('call', target);
  readonly push = (src: Gpr<64> | Mem<64> | Imm32): void => this.emit('push', src);
  readonly pop = (dst: Gpr<64> | Mem<64>): void => this.emit('pop', dst);

  readonly ret = (): void => this.emit('ret');
  readonly int3 = (): void => this.emit('int3');
  readonly ud2 = (): void => this.emit('ud2');
  readonly mfence = (): void => this.emit('mfence');
  /** Spin-wait hint (Thread.SpinWait). */
  readonly pause = (): void => this.emit('pause');
  readonly cwd = (): void => this.emit('cwd');
  readonly cdq = (): void => this.emit('cdq');
  readonly cqo = (): void => this.emit('cqo');
  readonly cbw = (): void => this.emit('cbw');
  readonly cwde = (): void => this.emit('cwde');
  readonly cdqe = (): void => this.emit('cdqe');
  readonly repMovsb = (): void => this.emit('rep movsb');
  readonly repMovsq = (): void => this.emit('rep movsq');
  readonly repStosb = (): void => this.emit('rep stosb');
  readonly repStosq = (): void => this.emit('rep stosq');
  /** `size` bytes of NOP (1–9 is one instruction; the SDM's recommended sequences). */
  readonly nop = (size = 1): void => this.data(nopBytes(size));

  readonly movsd: ScalarMove<64> = this.op('movsd');
  readonly movss: ScalarMove<32> = this.op('movss');
  readonly addsd: ScalarOp<64> = this.op('addsd');
  readonly subsd: ScalarOp<64> = this.op('subsd');
  readonly mulsd: ScalarOp<64> = this.op('mulsd');
  readonly divsd: ScalarOp<64> = this.op('divsd');
  readonly minsd: ScalarOp<64> = this.op('minsd');
  readonly maxsd: ScalarOp<64> = this.op('maxsd');
  readonly sqrtsd: ScalarOp<64> = this.op('sqrtsd');
  readonly addss: ScalarOp<32> = this.op('addss');
  readonly subss: ScalarOp<32> = this.op('subss');
  readonly mulss: ScalarOp<32> = this.op('mulss');
  readonly divss: ScalarOp<32> = this.op('divss');
  readonly minss: ScalarOp<32> = this.op('minss');
  readonly maxss: ScalarOp<32> = this.op('maxss');
  readonly sqrtss: ScalarOp<32> = this.op('sqrtss');
  readonly ucomisd: ScalarOp<64> = this.op('ucomisd');
  readonly comisd: ScalarOp<64> = this.op('comisd');
  readonly ucomiss: ScalarOp<32> = this.op('ucomiss');
  readonly comiss: ScalarOp<32> = this.op('comiss');
  readonly cvtsd2ss: ScalarOp<64> = this.op('cvtsd2ss');
  readonly cvtss2sd: ScalarOp<32> = this.op('cvtss2sd');
  readonly cvtsi2sd = (dst: Xmm, src: Gpr<32 | 64> | Mem<32 | 64>): void => this.emit('cvtsi2sd', dst, src);
  readonly cvtsi2ss = (dst: Xmm, src: Gpr<32 | 64> | Mem<32 | 64>): void => this.emit('cvtsi2ss', dst, src);
  readonly cvttsd2si = (dst: Gpr<32 | 64>, src: Xmm | Mem<64>): void => this.emit('cvttsd2si', dst, src);
  readonly cvttss2si = (dst: Gpr<32 | 64>, src: Xmm | Mem<32>): void => this.emit('cvttss2si', dst, src);
  readonly cvtsd2si = (dst: Gpr<32 | 64>, src: Xmm | Mem<64>): void => this.emit('cvtsd2si', dst, src);
  readonly roundsd = (dst: Xmm, src: Xmm | Mem<64>, mode: RoundingMode): void => this.emit('roundsd', dst, src, imm(mode));
  readonly roundss = (dst: Xmm, src: Xmm | Mem<32>, mode: RoundingMode): void => this.emit('roundss', dst, src, imm(mode));
  readonly movd: {
    (dst: Xmm, src: Gpr<32> | Mem<32>): void;
    (dst: Gpr<32> | Mem<32>, src: Xmm): void;
  } = this.op('movd');
  readonly movq: {
    (dst: Xmm, src: Gpr<64> | Mem<64> | Xmm): void;
    (dst: Gpr<64> | Mem<64>, src: Xmm): void;
  } = this.op('movq');

  readonly xorps: PackedOp = this.op('xorps');
  readonly xorpd: PackedOp = this.op('xorpd');
  readonly andps: PackedOp = this.op('andps');
  readonly andpd: PackedOp = this.op('andpd');
  readonly andnps: PackedOp = this.op('andnps');
  readonly andnpd: PackedOp = this.op('andnpd');
  readonly orps: PackedOp = this.op('orps');
  readonly orpd: PackedOp = this.op('orpd');
  readonly pxor: PackedOp = this.op('pxor');
  readonly pand: PackedOp = this.op('pand');
  readonly por: PackedOp = this.op('por');
  readonly movaps: PackedMove = this.op('movaps');
  readonly movups: PackedMove = this.op('movups');
  readonly movapd: PackedMove = this.op('movapd');
  readonly movupd: PackedMove = this.op('movupd');
  readonly movdqu: PackedMove = this.op('movdqu');
}
