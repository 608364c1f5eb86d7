/**
 * Context64: the integer register state of one frame, as RtlVirtualUnwind reads and writes a
 * CONTEXT (Windows x64). All 16 general-purpose registers, RIP and RFLAGS, as unsigned 64-bit
 * bigints; `xmm` optionally carries XMM registers restored by UWOP_SAVE_XMM128 (16 bytes each,
 * indexed by register number; absent entries were not restored).
 *
 * Unwind codes name registers by their x86 encoding number (Microsoft x64 exception handling,
 * "Operation info"): 0 RAX, 1 RCX, 2 RDX, 3 RBX, 4 RSP, 5 RBP, 6 RSI, 7 RDI, 8–15 R8–R15 — the
 * same order as `emu`'s Reg enum, which `GPR_NAMES` follows.
 */

export interface Context64 {
  rax: bigint;
  rcx: bigint;
  rdx: bigint;
  rbx: bigint;
  rsp: bigint;
  rbp: bigint;
  rsi: bigint;
  rdi: bigint;
  r8: bigint;
  r9: bigint;
  r10: bigint;
  r11: bigint;
  r12: bigint;
  r13: bigint;
  r14: bigint;
  r15: bigint;
  rip: bigint;
  rflags: bigint;
  /** XMM0–XMM15 as 16-byte values, where known (restored by unwind codes or captured). */
  xmm?: (Uint8Array | undefined)[];
}

export type GprName = 'rax' | 'rcx' | 'rdx' | 'rbx' | 'rsp' | 'rbp' | 'rsi' | 'rdi' | 'r8' | 'r9' | 'r10' | 'r11' | 'r12' | 'r13' | 'r14' | 'r15';

/** General-purpose registers in x86 encoding order (the unwind codes' register numbers). */
export const GPR_NAMES: readonly GprName[] = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

const MASK64 = (1n << 64n) - 1n;

/** Wraps to an unsigned 64-bit value, as register arithmetic does. */
export function wrap64(v: bigint): bigint {
  return v & MASK64;
}

export function getGpr(ctx: Context64, reg: number): bigint {
  return ctx[GPR_NAMES[reg & 15]];
}

export function setGpr(ctx: Context64, reg: number, value: bigint): void {
  ctx[GPR_NAMES[reg & 15]] = wrap64(value);
}

/** An independent copy (XMM values are copied too). */
export function cloneContext(ctx: Context64): Context64 {
  const copy: Context64 = { ...ctx };
  if (ctx.xmm) copy.xmm = ctx.xmm.map((x) => (x ? Uint8Array.from(x) : undefined));
  return copy;
}

/** A context with every register zero (tests and synthetic frames start from it). */
export function emptyContext(): Context64 {
  return {
    rax: 0n, rcx: 0n, rdx: 0n, rbx: 0n, rsp: 0n, rbp: 0n, rsi: 0n, rdi: 0n,
    r8: 0n, r9: 0n, r10: 0n, r11: 0n, r12: 0n, r13: 0n, r14: 0n, r15: 0n,
    rip: 0n, rflags: 0n,
  };
}
