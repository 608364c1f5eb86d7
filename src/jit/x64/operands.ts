/**
 * Non-register operands: memory addresses, immediates, labels, external symbols, conditions.
 *
 * An `Addr` is an effective address in 64-bit addressing (Intel SDM Vol. 2, §2.1.5 and §2.2.1):
 * base + index*scale + disp32, or an absolute disp32, or RIP-relative (a raw displacement, a label
 * in the same code buffer, or an external symbol resolved when the code is placed). A `Mem<S>` is
 * an address plus the width of the access (`qword(at(rax, 8))`), so operand sizes stay explicit.
 * Invariants checked at construction (typed `EncodingError`): rsp is never an index, the scale is
 * 1/2/4/8, displacements fit in a signed 32-bit field, base and index are 64-bit registers.
 */
import { EncodingError } from './errors';
import { Gpr, GprSize, Xmm } from './registers';

/** A position in a code buffer, created by `CodeBuffer.newLabel()` and bound once with `bind()`. */
export class Label {
  declare private readonly labelBrand: void;
  constructor(
    /** Dense id within the owning buffer (`L0`, `L1`, …). */
    readonly id: number,
    /** The buffer that created it; a label of another buffer is rejected. */
    readonly owner: object,
  ) {}
  toString(): string {
    return `L${this.id}`;
  }
}

/**
 * Something outside the code being assembled whose address is known only when the code is placed:
 * a helper routine, a static field, a method's precode. The VM resolves it by `name` (and may hang
 * its own object on `data`) when it applies `finish()`'s relocations.
 */
export class ExternalSymbol<T = unknown> {
  declare private readonly symbolBrand: void;
  constructor(
    readonly name: string,
    readonly data?: T,
  ) {}
  toString(): string {
    return this.name;
  }
}

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const UINT32_MAX = 0xffff_ffff;

/** Capstone-style number text: decimal up to 9, hex above (so test text matches the disassembler). */
export function formatNumber(n: number | bigint): string {
  if (typeof n === 'number' && !Number.isInteger(n)) return String(n); // only in error messages
  const v = BigInt(n);
  const mag = v < 0n ? -v : v;
  const body = mag > 9n ? '0x' + mag.toString(16) : mag.toString();
  return v < 0n ? '-' + body : body;
}

/** An immediate that fits a 32-bit field: any int32, or a uint32 for 32-bit-and-narrower operations. */
export class Imm32 {
  declare private readonly imm32Brand: void;
  constructor(readonly value: number) {
    if (!Number.isInteger(value) || value < INT32_MIN || value > UINT32_MAX) {
      throw new EncodingError('imm32', [String(value)], 'immediate is not an int32 or uint32');
    }
  }
  toString(): string {
    return formatNumber(this.value);
  }
}

/** A full 64-bit immediate (only `mov r64, imm64` takes one). Held as a bigint, sign-agnostic. */
export class Imm64 {
  declare private readonly imm64Brand: void;
  readonly value: bigint;
  constructor(value: bigint | number) {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new EncodingError('imm64', [String(value)], 'a number immediate must be a safe integer (use a bigint)');
    }
    const v = BigInt(value);
    if (v < -(1n << 63n) || v >= 1n << 64n) {
      throw new EncodingError('imm64', [String(value)], 'immediate does not fit 64 bits');
    }
    this.value = v;
  }
  toString(): string {
    return formatNumber(this.value);
  }
}

export const imm = (n: number): Imm32 => new Imm32(n);
export const imm64 = (n: bigint | number): Imm64 => new Imm64(n);

/** Index scale factor of a SIB byte. */
export type Scale = 1 | 2 | 4 | 8;

/** What a RIP-relative address points at. */
export type RipTarget =
  | { readonly kind: 'disp' }
  | { readonly kind: 'label'; readonly label: Label }
  | { readonly kind: 'symbol'; readonly symbol: ExternalSymbol };

/** Segment override; only gs is meaningful in Windows x64 user mode (it holds the TEB). */
export type Segment = 'gs' | 'fs';

/** An effective address (no access width; `lea` takes one directly, loads and stores wrap it in `Mem`). */
export class Addr {
  declare private readonly addrBrand: void;
  constructor(
    readonly base: Gpr<64> | null,
    readonly index: Gpr<64> | null,
    readonly scale: Scale,
    /** Signed 32-bit displacement (for a label/symbol RIP target: an addend to its address). */
    readonly disp: number,
    /** Non-null for RIP-relative addressing (then base and index are null). */
    readonly rip: RipTarget | null = null,
    readonly segment: Segment | null = null,
  ) {
    const what = (): string[] => [this.toString()];
    if (!Number.isInteger(disp) || disp < INT32_MIN || disp > INT32_MAX) {
      throw new EncodingError('address', what(), `displacement ${disp} does not fit a signed 32-bit field`);
    }
    if (scale !== 1 && scale !== 2 && scale !== 4 && scale !== 8) {
      throw new EncodingError('address', what(), `scale ${String(scale)} is not 1, 2, 4 or 8`);
    }
    if (base && base.size !== 64) throw new EncodingError('address', what(), 'base must be a 64-bit register');
    if (index && index.size !== 64) throw new EncodingError('address', what(), 'index must be a 64-bit register');
    if (index && index.num === 4) throw new EncodingError('address', what(), 'rsp cannot be an index register');
    if (rip && (base || index)) throw new EncodingError('address', what(), 'RIP-relative address cannot have a base or index');
    if (!index && scale !== 1) throw new EncodingError('address', what(), 'scale without an index register');
  }

  /** The same address with a segment override (`gs:[0x30]`). */
  withSegment(segment: Segment): Addr {
    return new Addr(this.base, this.index, this.scale, this.disp, this.rip, segment);
  }

  toString(): string {
    const parts: string[] = [];
    let text: string;
    if (this.rip) {
      parts.push('rip');
      if (this.rip.kind === 'label') parts.push(String(this.rip.label));
      if (this.rip.kind === 'symbol') parts.push(this.rip.symbol.name);
    }
    if (this.base) parts.push(this.base.name);
    if (this.index) parts.push(`${this.index.name}*${this.scale}`);
    text = parts.join(' + ');
    // An absolute disp32 is sign-extended to 64 bits; print the address the CPU uses, as capstone does.
    if (parts.length === 0) {
      text = formatNumber(Number.isInteger(this.disp) ? BigInt.asUintN(64, BigInt(this.disp)) : this.disp);
    }
    else if (this.disp > 0) text += ` + ${formatNumber(this.disp)}`;
    else if (this.disp < 0) text += ` - ${formatNumber(-this.disp)}`;
    return `${this.segment ? this.segment + ':' : ''}[${text}]`;
  }
}

/** `[base + disp]` or `[base + index*scale + disp]`. */
export function at(base: Gpr<64>, disp?: number): Addr;
export function at(base: Gpr<64> | null, index: Gpr<64>, scale: Scale, disp?: number): Addr;
export function at(base: Gpr<64> | null, a?: number | Gpr<64>, scale?: Scale, disp?: number): Addr {
  if (a instanceof Object) return new Addr(base, a, scale ?? 1, disp ?? 0);
  return new Addr(base, null, 1, a ?? 0);
}
/** An absolute address in the low/high 2 GiB: `[disp32]` (encoded with a SIB byte, no base, no index). */
export const absolute = (disp: number): Addr => new Addr(null, null, 1, disp);
/** `[rip + disp]`: a raw displacement from the end of the instruction. */
export const rip = (disp: number): Addr => new Addr(null, null, 1, disp, { kind: 'disp' });
/** `[rip + label + addend]`: data or code in the same buffer (constant pools, jump tables). */
export const ripLabel = (label: Label, addend = 0): Addr => new Addr(null, null, 1, addend, { kind: 'label', label });
/** `[rip + symbol + addend]`: data outside the buffer, resolved by a `Rel32` relocation at placement. */
export const ripSymbol = (symbol: ExternalSymbol, addend = 0): Addr =>
  new Addr(null, null, 1, addend, { kind: 'symbol', symbol });

/** Width in bits of a memory access. 128 is a whole XMM register. */
export type MemSize = GprSize | 128;

const PTR_NAMES: Record<MemSize, string> = { 8: 'byte', 16: 'word', 32: 'dword', 64: 'qword', 128: 'xmmword' };

/** A memory operand: an address and the width of the access. */
export class Mem<S extends MemSize = MemSize> {
  declare private readonly memBrand: S;
  constructor(
    readonly size: S,
    readonly addr: Addr,
  ) {}
  toString(): string {
    return `${PTR_NAMES[this.size]} ptr ${this.addr}`;
  }
}

export const byte = (a: Addr): Mem<8> => new Mem(8, a);
export const word = (a: Addr): Mem<16> => new Mem(16, a);
export const dword = (a: Addr): Mem<32> => new Mem(32, a);
export const qword = (a: Addr): Mem<64> => new Mem(64, a);
export const xmmword = (a: Addr): Mem<128> => new Mem(128, a);

/** Condition codes, in encoding order: the low nibble of Jcc/SETcc/CMOVcc opcodes (SDM Vol. 1, App. B). */
export const enum Cond {
  /** Overflow (OF=1). */
  O = 0,
  /** No overflow (OF=0). */
  NO = 1,
  /** Below, unsigned < (CF=1); also "carry". */
  B = 2,
  /** Above or equal, unsigned >= (CF=0). */
  AE = 3,
  /** Equal / zero (ZF=1). */
  E = 4,
  /** Not equal / not zero (ZF=0). */
  NE = 5,
  /** Below or equal, unsigned <= (CF=1 or ZF=1). */
  BE = 6,
  /** Above, unsigned > (CF=0 and ZF=0). */
  A = 7,
  /** Sign (SF=1). */
  S = 8,
  /** No sign (SF=0). */
  NS = 9,
  /** Parity even (PF=1); after ucomisd: unordered (a NaN operand). */
  P = 10,
  /** Parity odd (PF=0); after ucomisd: ordered. */
  NP = 11,
  /** Less, signed < (SF≠OF). */
  L = 12,
  /** Greater or equal, signed >= (SF=OF). */
  GE = 13,
  /** Less or equal, signed <= (ZF=1 or SF≠OF). */
  LE = 14,
  /** Greater, signed > (ZF=0 and SF=OF). */
  G = 15,
}

/** Mnemonic suffixes of the conditions, in encoding order (the names capstone prints). */
export const COND_SUFFIXES: readonly string[] = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];

/** The condition that holds exactly when `c` does not (flip the low bit). */
export const invertCond = (c: Cond): Cond => (c ^ 1) as Cond;

/** Anything an instruction form may take as an operand. */
export type Operand = Gpr | Xmm | Mem | Addr | Imm32 | Imm64 | Label | ExternalSymbol;
