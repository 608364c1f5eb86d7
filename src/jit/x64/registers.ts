/**
 * Register operands: general-purpose registers of an explicit width and XMM registers.
 *
 * Each register class is its own type, so passing an XMM register where a GPR is expected, or a
 * 32-bit register where the other operand is 64-bit, fails to compile (`Gpr<32>` is not a
 * `Gpr<64>`). The 8-bit registers are the REX-era set (al…r15b, with spl/bpl/sil/dil at numbers
 * 4–7); the legacy high-byte registers ah/ch/dh/bh are deliberately not modelled, so the
 * "REX forbids ah" conflict (Intel SDM Vol. 2, §2.2.1.2) cannot arise.
 */
import { EncodingError } from './errors';

/** Hardware register number (the 4-bit value split across ModRM/SIB/opcode and REX.R/X/B). */
export const enum RegNum {
  /** rax / eax / ax / al; accumulator, return value. */
  RAX = 0,
  /** rcx; first integer argument (Windows x64); shift count (cl). */
  RCX = 1,
  /** rdx; second integer argument; high half of mul/div. */
  RDX = 2,
  /** rbx; callee-saved. */
  RBX = 3,
  /** rsp; stack pointer (as a base it needs a SIB byte; it can never be an index). */
  RSP = 4,
  /** rbp; frame pointer (as a base with no displacement it needs a disp8 of 0). */
  RBP = 5,
  /** rsi; callee-saved on Windows; string source. */
  RSI = 6,
  /** rdi; callee-saved on Windows; string destination. */
  RDI = 7,
  /** r8; third integer argument. */
  R8 = 8,
  /** r9; fourth integer argument. */
  R9 = 9,
  /** r10; volatile scratch. */
  R10 = 10,
  /** r11; volatile scratch. */
  R11 = 11,
  /** r12; callee-saved (as a base it needs a SIB byte, like rsp). */
  R12 = 12,
  /** r13; callee-saved (as a base with no displacement it needs a disp8 of 0, like rbp). */
  R13 = 13,
  /** r14; callee-saved. */
  R14 = 14,
  /** r15; callee-saved. */
  R15 = 15,
}

/** Width in bits of a general-purpose register operand. */
export type GprSize = 8 | 16 | 32 | 64;

const NAMES: Record<GprSize, readonly string[]> = {
  64: ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'],
  32: ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'r8d', 'r9d', 'r10d', 'r11d', 'r12d', 'r13d', 'r14d', 'r15d'],
  16: ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di', 'r8w', 'r9w', 'r10w', 'r11w', 'r12w', 'r13w', 'r14w', 'r15w'],
  8: ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil', 'r8b', 'r9b', 'r10b', 'r11b', 'r12b', 'r13b', 'r14b', 'r15b'],
};

function checkNum(num: number, what: string): void {
  if (!Number.isInteger(num) || num < 0 || num > 15) {
    throw new EncodingError(what, [String(num)], 'register number is not 0..15');
  }
}

/** A general-purpose register viewed at width `S`. Instances are interned: compare with `===` or `.num`. */
export class Gpr<S extends GprSize = GprSize> {
  /** Nominal brand: keeps `Gpr` and `Xmm` apart even though both have a `num`. */
  declare private readonly gprBrand: S;
  private constructor(
    readonly num: RegNum,
    readonly size: S,
  ) {}
  /** Intel-syntax name (`r9d`, `sil`). */
  get name(): string {
    return NAMES[this.size][this.num]!;
  }
  /** True for spl/bpl/sil/dil, which exist only with a REX prefix. */
  get needsRex8(): boolean {
    return this.size === 8 && this.num >= 4 && this.num <= 7;
  }
  /** The same register at another width (`rax.as(32)` is eax). */
  as<T extends GprSize>(size: T): Gpr<T> {
    return Gpr.of(this.num, size);
  }
  toString(): string {
    return this.name;
  }

  private static readonly table = new Map<number, Gpr>();
  /** The interned register `num` at width `size`. */
  static of<T extends GprSize>(num: RegNum, size: T): Gpr<T> {
    checkNum(num, `gpr${size}`);
    const key = num * 128 + size;
    let r = Gpr.table.get(key);
    if (!r) Gpr.table.set(key, (r = new Gpr(num, size)));
    return r as Gpr<T>;
  }
}

/** An SSE register xmm0–xmm15 (scalar float/double and 128-bit moves). */
export class Xmm {
  declare private readonly xmmBrand: void;
  private constructor(readonly num: number) {}
  get name(): string {
    return `xmm${this.num}`;
  }
  toString(): string {
    return this.name;
  }
  private static readonly table: Xmm[] = [];
  static of(num: number): Xmm {
    checkNum(num, 'xmm');
    return (Xmm.table[num] ??= new Xmm(num));
  }
}

export const gpr64 = (n: RegNum): Gpr<64> => Gpr.of(n, 64);
export const gpr32 = (n: RegNum): Gpr<32> => Gpr.of(n, 32);
export const gpr16 = (n: RegNum): Gpr<16> => Gpr.of(n, 16);
export const gpr8 = (n: RegNum): Gpr<8> => Gpr.of(n, 8);
export const xmm = (n: number): Xmm => Xmm.of(n);

// Named registers, for hand-written sequences (stubs, prologues) and tests.
export const rax = gpr64(RegNum.RAX), rcx = gpr64(RegNum.RCX), rdx = gpr64(RegNum.RDX), rbx = gpr64(RegNum.RBX);
export const rsp = gpr64(RegNum.RSP), rbp = gpr64(RegNum.RBP), rsi = gpr64(RegNum.RSI), rdi = gpr64(RegNum.RDI);
export const r8 = gpr64(RegNum.R8), r9 = gpr64(RegNum.R9), r10 = gpr64(RegNum.R10), r11 = gpr64(RegNum.R11);
export const r12 = gpr64(RegNum.R12), r13 = gpr64(RegNum.R13), r14 = gpr64(RegNum.R14), r15 = gpr64(RegNum.R15);
export const eax = gpr32(RegNum.RAX), ecx = gpr32(RegNum.RCX), edx = gpr32(RegNum.RDX), ebx = gpr32(RegNum.RBX);
export const esp = gpr32(RegNum.RSP), ebp = gpr32(RegNum.RBP), esi = gpr32(RegNum.RSI), edi = gpr32(RegNum.RDI);
export const ax = gpr16(RegNum.RAX), cx = gpr16(RegNum.RCX), dx = gpr16(RegNum.RDX);
export const al = gpr8(RegNum.RAX), cl = gpr8(RegNum.RCX), dl = gpr8(RegNum.RDX);
export const xmm0 = xmm(0), xmm1 = xmm(1), xmm2 = xmm(2), xmm3 = xmm(3);
export const xmm4 = xmm(4), xmm5 = xmm(5), xmm6 = xmm(6), xmm7 = xmm(7);
export const xmm8 = xmm(8), xmm9 = xmm(9), xmm10 = xmm(10), xmm11 = xmm(11);
export const xmm12 = xmm(12), xmm13 = xmm(13), xmm14 = xmm(14), xmm15 = xmm(15);

/** All sixteen register numbers, in encoding order. */
export const ALL_REG_NUMS: readonly RegNum[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
