/**
 * Recovering from a frame the unwind data cannot describe. Code without a RUNTIME_FUNCTION is
 * assumed to be a leaf (return address at [RSP]), which is wrong for hand-written helpers that
 * push registers without unwind info — mingw's `___chkstk_ms` pushes RCX and RAX, and a stack
 * overflow faults inside it. Debuggers then fall back to scanning the stack for a plausible return
 * address; so do we, only when the leaf rule's answer is implausible, and the walk marks frames
 * found this way.
 *
 * Plausible: the address follows a call instruction — `call rel32` (E8), or `call r/m64` (FF /2,
 * optionally REX-prefixed) whose ModR/M, SIB and displacement end exactly at the address — and the
 * caller says it is code (inside a loaded image).
 */
import { ReadableMemory } from './memory';

/** Bytes before `addr` that a call instruction may occupy (REX + FF + ModR/M + SIB + disp32). */
const MAX_CALL_LENGTH = 8;

/** Length of an FF /r instruction from its ModR/M (and SIB) byte, opcode included. */
function modrmInstructionLength(modrm: number, sib: number | undefined): number | undefined {
  const mod = modrm >> 6;
  const rm = modrm & 7;
  if (mod === 3) return 2;
  let length = 2;
  if (rm === 4) {
    if (sib === undefined) return undefined;
    length += 1;
    if (mod === 0 && (sib & 7) === 5) return length + 4; // [index*scale + disp32]
  }
  if (mod === 0) return rm === 5 ? length + 4 : length; // [rip + disp32] or [reg]
  return length + (mod === 1 ? 1 : 4);
}

/** True when the bytes just before `addr` decode as a call that ends at `addr`. */
export function followsCall(memory: ReadableMemory, addr: bigint): boolean {
  if (addr < BigInt(MAX_CALL_LENGTH)) return false;
  let before: Uint8Array;
  try {
    before = memory.read(addr - BigInt(MAX_CALL_LENGTH), MAX_CALL_LENGTH);
  } catch {
    return false;
  }
  if (before.length !== MAX_CALL_LENGTH) return false;
  const at = (k: number) => before[MAX_CALL_LENGTH - k]; // the byte k bytes before addr
  if (at(5) === 0xe8) return true;
  for (let k = 2; k <= MAX_CALL_LENGTH; k++) {
    let p = MAX_CALL_LENGTH - k;
    if ((before[p] & 0xf0) === 0x40) p++; // REX
    if (p + 1 >= MAX_CALL_LENGTH || before[p] !== 0xff) continue;
    const modrm = before[p + 1];
    if (((modrm >> 3) & 7) !== 2) continue; // FF /2 is call
    const length = modrmInstructionLength(modrm, p + 2 < MAX_CALL_LENGTH ? before[p + 2] : undefined);
    if (length !== undefined && p + length === MAX_CALL_LENGTH) return true;
  }
  return false;
}

export interface StackScanOptions {
  /** Whether an address is code at all (e.g. inside a loaded image). */
  isCode: (addr: bigint) => boolean;
  /** Return addresses known to be genuine without looking at their bytes (host gates, sentinels). */
  isKnownReturn?: (addr: bigint) => boolean;
  /** How many 8-byte slots above RSP to examine (default 16). */
  maxSlots?: number;
}

/** A plausible return address: a known one, or code that follows a call. */
export function isPlausibleReturnAddress(memory: ReadableMemory, addr: bigint, options: StackScanOptions): boolean {
  return options.isKnownReturn?.(addr) === true || (options.isCode(addr) && followsCall(memory, addr));
}

/**
 * The first slot at or above `rsp` holding a plausible return address: the caller's RIP and the
 * RSP just above that slot. Undefined when no slot qualifies before one cannot be read.
 */
export function scanForReturnAddress(memory: ReadableMemory, rsp: bigint, options: StackScanOptions): { rip: bigint; rsp: bigint } | undefined {
  const slots = options.maxSlots ?? 16;
  for (let i = 0; i < slots; i++) {
    const slot = rsp + BigInt(i * 8);
    let value: bigint;
    try {
      const b = memory.read(slot, 8);
      if (b.length !== 8) return undefined;
      value = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
    } catch {
      return undefined; // the top of the mapped stack
    }
    if (isPlausibleReturnAddress(memory, value, options)) return { rip: value, rsp: slot + 8n };
  }
  return undefined;
}
