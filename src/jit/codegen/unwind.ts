/**
 * Windows x64 unwind information (UNWIND_INFO and UNWIND_CODE, "x64 exception handling" in the
 * Windows ABI documentation) for the frames this JIT builds. Every compiled method gets one, so a
 * single stack walker — exceptions, the GC, the debugger view, crash reports — handles managed
 * and native frames alike.
 *
 * Codes are listed in reverse prologue order (latest instruction first); each names the offset
 * just past the prologue instruction it describes. The array is padded to an even number of
 * slots; CountOfCodes is the number actually used.
 */
import { CodegenError } from '../errors';

/** Unwind operation codes (UNWIND_CODE.UnwindOp). */
export const enum UnwindOp {
  /** Push of a nonvolatile integer register; OpInfo = register number. */
  PushNonvol = 0,
  /** Large stack allocation; OpInfo 0: size/8 in the next slot, 1: size in the next two slots. */
  AllocLarge = 1,
  /** Small allocation of 8..128 bytes; OpInfo = size/8 − 1. */
  AllocSmall = 2,
  /** Frame pointer established: FP = RSP + 16·FrameOffset. */
  SetFpReg = 3,
}

/** One prologue event, in prologue order. */
export type PrologueEvent =
  | { readonly kind: 'push'; readonly reg: number; readonly endOffset: number }
  | { readonly kind: 'setfp'; readonly endOffset: number }
  | { readonly kind: 'alloc'; readonly size: number; readonly endOffset: number };

/** UNWIND_INFO bytes (version 1, no handler), 4-byte aligned in size. */
export function buildUnwindInfo(prologSize: number, events: readonly PrologueEvent[], frameReg: number, frameOffset16: number): Uint8Array {
  const slots: number[] = [];
  for (const e of [...events].reverse()) {
    switch (e.kind) {
      case 'push':
        slots.push(e.endOffset | ((UnwindOp.PushNonvol | (e.reg << 4)) << 8));
        break;
      case 'setfp':
        slots.push(e.endOffset | (UnwindOp.SetFpReg << 8));
        break;
      case 'alloc':
        if (e.size === 0) break;
        if (e.size % 8 !== 0) throw new CodegenError(`allocation of ${e.size} bytes is not a multiple of 8`, 'unwind info');
        if (e.size <= 128) {
          slots.push(e.endOffset | ((UnwindOp.AllocSmall | ((e.size / 8 - 1) << 4)) << 8));
        } else if (e.size <= 0x7fff8) {
          slots.push(e.endOffset | (UnwindOp.AllocLarge << 8), e.size / 8);
        } else {
          slots.push(e.endOffset | ((UnwindOp.AllocLarge | (1 << 4)) << 8), e.size & 0xffff, e.size >>> 16);
        }
        break;
    }
  }
  const count = slots.length;
  if (slots.length % 2) slots.push(0);
  const out = new Uint8Array(4 + 2 * slots.length);
  out[0] = 1; // version 1, flags 0
  out[1] = prologSize;
  out[2] = count;
  out[3] = (frameReg & 0xf) | ((frameOffset16 & 0xf) << 4);
  slots.forEach((s, i) => {
    out[4 + 2 * i] = s & 0xff;
    out[5 + 2 * i] = (s >> 8) & 0xff;
  });
  return out;
}

/** A decoded unwind code, for tests and for traces. */
export interface DecodedUnwindCode {
  readonly codeOffset: number;
  readonly op: UnwindOp;
  readonly opInfo: number;
  /** ALLOC_LARGE's size in bytes (already scaled). */
  readonly size?: number;
}

/** Reads UNWIND_INFO back (the inverse of `buildUnwindInfo`; what a stack walker does first). */
export function parseUnwindInfo(b: Uint8Array): { version: number; prologSize: number; frameReg: number; frameOffset16: number; codes: DecodedUnwindCode[] } {
  const count = b[2]!;
  const codes: DecodedUnwindCode[] = [];
  for (let i = 0; i < count; i++) {
    const at = 4 + 2 * i;
    const codeOffset = b[at]!;
    const op = (b[at + 1]! & 0xf) as UnwindOp;
    const opInfo = b[at + 1]! >> 4;
    if (op === UnwindOp.AllocLarge) {
      const lo = b[at + 2]! | (b[at + 3]! << 8);
      if (opInfo === 0) {
        codes.push({ codeOffset, op, opInfo, size: lo * 8 });
        i += 1;
      } else {
        const hi = b[at + 4]! | (b[at + 5]! << 8);
        codes.push({ codeOffset, op, opInfo, size: lo + hi * 0x10000 });
        i += 2;
      }
    } else {
      codes.push({ codeOffset, op, opInfo });
    }
  }
  return { version: b[0]! & 7, prologSize: b[1]!, frameReg: b[3]! & 0xf, frameOffset16: b[3]! >> 4, codes };
}
