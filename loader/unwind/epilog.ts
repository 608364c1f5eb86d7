/**
 * The epilog rule of RtlVirtualUnwind (Microsoft x64 exception handling, "Unwind procedure" and
 * "Epilog code"): when RIP is inside an epilog, the prolog's unwind codes no longer describe the
 * frame (part of it is already torn down), so the unwinder reads the instruction bytes at RIP and
 * simulates the rest of the epilog instead.
 *
 * An x64 epilog has a fixed shape, which is what makes this possible:
 *   [ add rsp, imm8/imm32 | lea rsp, [frame register + disp8/disp32] ]   (REX.W form)
 *   pop r64 …                                                            (optional REX)
 *   ret | ret imm16 | rep ret | jmp qword ptr [mem] (ModRM mod 00)       (tail call)
 * A direct jmp inside the function's own range continues the scan at its target (compilers share
 * one epilog tail); a direct jmp out of the function ends the epilog as a tail call, but only after
 * at least one epilog instruction was seen, because a bare jmp at RIP is as likely a branch to a
 * cold part of the body (virtual-unwind.ts settles that case by looking at [RSP]).
 *
 * `matchEpilog` only decodes; `applyEpilog` performs the stack effects on a context copy.
 */
import { Context64, cloneContext, getGpr, setGpr, wrap64 } from './context';
import { ReadableMemory, i32le, readStackU64 } from './memory';

/** One decoded epilog step. */
export type EpilogStep =
  | { kind: 'add-rsp'; amount: number }
  | { kind: 'lea-rsp'; base: number; disp: number }
  | { kind: 'pop'; reg: number }
  | { kind: 'return' };

/** Bytes are fetched in windows of this size; epilogs are short. */
const WINDOW = 32;
/** Bounds on the scan, so a jmp cycle in garbage bytes cannot hang the unwinder. */
const MAX_STEPS = 64;
const MAX_JUMPS = 8;

class CodeBytes {
  private base = -1n;
  private bytes: Uint8Array = new Uint8Array(0);

  constructor(private readonly memory: ReadableMemory) {}

  /** The byte at `addr`, or undefined when it cannot be read (not an epilog then). */
  at(addr: bigint): number | undefined {
    if (this.base < 0n || addr < this.base || addr >= this.base + BigInt(this.bytes.length)) {
      this.base = addr;
      this.bytes = this.fetch(addr);
    }
    const i = Number(addr - this.base);
    return i < this.bytes.length ? this.bytes[i] : undefined;
  }

  i32(addr: bigint): number | undefined {
    const b = [0, 1, 2, 3].map((k) => this.at(addr + BigInt(k)));
    if (b.some((x) => x === undefined)) return undefined;
    return i32le(Uint8Array.from(b as number[]), 0);
  }

  private fetch(addr: bigint): Uint8Array {
    // Try a full window, then shorter reads, so an epilog at the very end of a mapping still decodes.
    for (let size = WINDOW; size >= 1; size >>= 1) {
      try {
        const b = this.memory.read(addr, size);
        if (b.length > 0) return b;
      } catch {
        // fall through to a shorter read
      }
    }
    return new Uint8Array(0);
  }
}

const s8 = (b: number) => (b << 24) >> 24;

/**
 * `add rsp, imm` or `lea rsp, [base + disp]` at `pc` (REX.W forms): the step and its length,
 * undefined when the instruction is something else, null when the bytes cannot be read.
 */
function matchDeallocation(code: CodeBytes, pc: bigint): { step: EpilogStep; length: number } | undefined | null {
  const b0 = code.at(pc);
  if (b0 === undefined) return null;
  if ((b0 & 0xf8) !== 0x48) return undefined;
  const op = code.at(pc + 1n);
  const modrm = code.at(pc + 2n);
  if (op === 0x83 && b0 === 0x48 && modrm === 0xc4) {
    const imm = code.at(pc + 3n);
    return imm === undefined ? null : { step: { kind: 'add-rsp', amount: s8(imm) }, length: 4 };
  }
  if (op === 0x81 && b0 === 0x48 && modrm === 0xc4) {
    const imm = code.i32(pc + 3n);
    return imm === undefined ? null : { step: { kind: 'add-rsp', amount: imm }, length: 7 };
  }
  if (op === 0x8d && modrm !== undefined) {
    // lea rsp, [base + disp]: destination RSP (reg field 4, REX.R clear), no SIB, no index (REX.X
    // clear), and a displacement form (mod 1 or 2).
    const mod = modrm >> 6;
    const rm = modrm & 7;
    if ((b0 & 0x06) !== 0 || ((modrm >> 3) & 7) !== 4 || rm === 4 || (mod !== 1 && mod !== 2)) return undefined;
    const base = rm | ((b0 & 1) << 3);
    if (mod === 1) {
      const d = code.at(pc + 3n);
      return d === undefined ? null : { step: { kind: 'lea-rsp', base, disp: s8(d) }, length: 4 };
    }
    const d = code.i32(pc + 3n);
    return d === undefined ? null : { step: { kind: 'lea-rsp', base, disp: d }, length: 7 };
  }
  return undefined;
}

/**
 * Decodes the epilog starting at `rip`, or returns undefined when the bytes there are not an
 * epilog. `begin`/`end` are the function's guest address range (for the in-function jmp rule).
 */
export function matchEpilog(memory: ReadableMemory, rip: bigint, begin: bigint, end: bigint): EpilogStep[] | undefined {
  const code = new CodeBytes(memory);
  const steps: EpilogStep[] = [];
  let pc = rip;
  let jumps = 0;
  for (let n = 0; n < MAX_STEPS; n++) {
    if (steps.length === 0) {
      // The optional first instruction (also at the target of a jmp to a shared epilog).
      const dealloc = matchDeallocation(code, pc);
      if (dealloc === null) return undefined;
      if (dealloc) {
        steps.push(dealloc.step);
        pc += BigInt(dealloc.length);
      }
    }
    let b = code.at(pc);
    if (b === undefined) return undefined;
    let rex = 0;
    if ((b & 0xf0) === 0x40) {
      rex = b;
      pc += 1n;
      b = code.at(pc);
      if (b === undefined) return undefined;
    }
    if (b >= 0x58 && b <= 0x5f) {
      steps.push({ kind: 'pop', reg: (b - 0x58) | ((rex & 1) << 3) });
      pc += 1n;
      continue;
    }
    if (b === 0xc3 || b === 0xc2) {
      steps.push({ kind: 'return' });
      return steps;
    }
    if (b === 0xf3 && rex === 0) {
      if (code.at(pc + 1n) !== 0xc3) return undefined;
      steps.push({ kind: 'return' });
      return steps;
    }
    if (b === 0xff) {
      // jmp qword ptr [mem] with ModRM mod 00 and reg field 4: an indirect tail call.
      const modrm = code.at(pc + 1n);
      if (modrm === undefined || modrm >> 6 !== 0 || ((modrm >> 3) & 7) !== 4) return undefined;
      if (steps.length === 0) return undefined;
      steps.push({ kind: 'return' });
      return steps;
    }
    if ((b === 0xe9 || b === 0xeb) && rex === 0) {
      const rel = b === 0xe9 ? code.i32(pc + 1n) : (() => {
        const r = code.at(pc + 1n);
        return r === undefined ? undefined : s8(r);
      })();
      if (rel === undefined) return undefined;
      const target = wrap64(pc + BigInt(b === 0xe9 ? 5 : 2) + BigInt(rel));
      if (target >= begin && target < end) {
        if (++jumps > MAX_JUMPS) return undefined;
        pc = target;
        continue;
      }
      if (steps.length === 0) return undefined;
      steps.push({ kind: 'return' });
      return steps;
    }
    return undefined;
  }
  return undefined;
}

/** The target of a direct `jmp rel8/rel32` at `addr`, or undefined when something else is there. */
export function directJumpTarget(memory: ReadableMemory, addr: bigint): bigint | undefined {
  const code = new CodeBytes(memory);
  const op = code.at(addr);
  if (op === 0xeb) {
    const r = code.at(addr + 1n);
    return r === undefined ? undefined : wrap64(addr + 2n + BigInt(s8(r)));
  }
  if (op === 0xe9) {
    const r = code.i32(addr + 1n);
    return r === undefined ? undefined : wrap64(addr + 5n + BigInt(r));
  }
  return undefined;
}

/** Simulates decoded epilog steps on a copy of `ctx`: the result is the caller's context. */
export function applyEpilog(memory: ReadableMemory, ctx: Context64, steps: readonly EpilogStep[]): Context64 {
  const out = cloneContext(ctx);
  for (const step of steps) {
    switch (step.kind) {
      case 'add-rsp':
        out.rsp = wrap64(out.rsp + BigInt(step.amount));
        break;
      case 'lea-rsp':
        out.rsp = wrap64(getGpr(out, step.base) + BigInt(step.disp));
        break;
      case 'pop':
        setGpr(out, step.reg, readStackU64(memory, out.rsp, `epilog pop slot`));
        if (step.reg !== 4) out.rsp = wrap64(out.rsp + 8n);
        break;
      case 'return':
        out.rip = readStackU64(memory, out.rsp, 'return address');
        out.rsp = wrap64(out.rsp + 8n);
        break;
    }
  }
  return out;
}
