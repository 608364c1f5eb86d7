/**
 * Telling the two causes of an x64 divide error (#DE, reported as STATUS_INTEGER_DIVIDE_BY_ZERO)
 * apart: a zero divisor, or a quotient that does not fit (`MinValue / -1`, or a `div` whose high
 * half is too large). The CPU raises the same fault for both; the CLR decodes the faulting
 * `div`/`idiv` and reads its divisor from the fault's CONTEXT (a non-zero divisor means overflow),
 * which is what `divisorOfDivide` does here (Intel SDM Vol. 2, §2.1–2.2: legacy prefixes, REX,
 * ModRM, SIB, displacement; F6 /6 /7 and F7 /6 /7).
 */
import type { Memory } from '../../../emu';
import type { Context64 } from '../../../loader/unwind';

/** GPRs by their encoding number (REX extends to 16). */
const GPR_ORDER: readonly (keyof Context64)[] = [
  'rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15',
];

/** Legacy prefixes that may precede the opcode (FS/GS overrides are handled apart: their base is not in the CONTEXT). */
const PLAIN_PREFIXES = new Set([0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e]);

function reg(ctx: Context64, n: number): bigint {
  return ctx[GPR_ORDER[n]!] as bigint;
}

/**
 * The divisor of the `div`/`idiv` at `ctx.rip`, zero-extended from its operand size; undefined
 * when the instruction is not one, or its operand cannot be read (an FS/GS-relative or
 * unreadable memory operand).
 */
export function divisorOfDivide(memory: Memory, ctx: Context64): bigint | undefined {
  let p = ctx.rip;
  const byte = (): number | undefined => {
    if (!memory.isAccessible(p, 1, 'read')) return undefined;
    return memory.u8(p++);
  };
  let opSize16 = false;
  let b = byte();
  for (let n = 0; b !== undefined && n < 14; n++, b = byte()) {
    if (b === 0x64 || b === 0x65) return undefined;
    if (!PLAIN_PREFIXES.has(b)) break;
    if (b === 0x66) opSize16 = true;
  }
  if (b === undefined) return undefined;
  let rex = 0;
  if ((b & 0xf0) === 0x40) {
    rex = b;
    b = byte();
  }
  if (b !== 0xf6 && b !== 0xf7) return undefined;
  const modrm = byte();
  if (modrm === undefined) return undefined;
  const mod = modrm >> 6;
  const op = (modrm >> 3) & 7;
  if (op !== 6 && op !== 7) return undefined;
  const size = b === 0xf6 ? 1 : rex & 8 ? 8 : opSize16 ? 2 : 4;
  const mask = (1n << BigInt(size * 8)) - 1n;
  const rm = modrm & 7;

  if (mod === 3) {
    // 8-bit operands without REX: encodings 4–7 are AH, CH, DH, BH.
    if (size === 1 && rex === 0 && rm >= 4) return (reg(ctx, rm - 4) >> 8n) & 0xffn;
    return reg(ctx, rm | ((rex & 1) << 3)) & mask;
  }

  let address: bigint;
  let ripRelative = false;
  if (rm === 4) {
    const sib = byte();
    if (sib === undefined) return undefined;
    const scale = 1n << BigInt(sib >> 6);
    const index = ((sib >> 3) & 7) | ((rex & 2) << 2);
    const base = (sib & 7) | ((rex & 1) << 3);
    address = index === 4 ? 0n : reg(ctx, index) * scale;
    if ((sib & 7) === 5 && mod === 0) {
      const d = readDisp(memory, p, 4);
      if (d === undefined) return undefined;
      address += d;
      p += 4n;
    } else {
      address += reg(ctx, base);
    }
  } else if (rm === 5 && mod === 0) {
    ripRelative = true;
    address = 0n;
  } else {
    address = reg(ctx, rm | ((rex & 1) << 3));
  }
  const dispBytes = mod === 1 ? 1 : mod === 2 || ripRelative ? 4 : 0;
  if (dispBytes) {
    const d = readDisp(memory, p, dispBytes);
    if (d === undefined) return undefined;
    p += BigInt(dispBytes);
    address += d;
  }
  // RIP-relative: from the end of the instruction (div/idiv have no immediate).
  if (ripRelative) address += p;
  address = BigInt.asUintN(64, address);
  if (!memory.isAccessible(address, size, 'read')) return undefined;
  const bytes = memory.read(address, size);
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

/** A sign-extended displacement of `bytes` (1 or 4) at `at`. */
function readDisp(memory: Memory, at: bigint, bytes: 1 | 4): bigint | undefined {
  if (!memory.isAccessible(at, bytes, 'read')) return undefined;
  return bytes === 1 ? BigInt((memory.u8(at) << 24) >> 24) : BigInt(memory.i32(at));
}

/**
 * Whether a divide error at `ctx.rip` is a quotient overflow (the divisor is not zero). An
 * instruction that cannot be decoded counts as a division by zero, the fault's own code.
 */
export function isDivideOverflow(memory: Memory, ctx: Context64): boolean {
  const divisor = divisorOfDivide(memory, ctx);
  return divisor !== undefined && divisor !== 0n;
}
