/**
 * The AMD64 CONTEXT record (winnt.h, 0x4D0 bytes) of a minidump thread: what a debugger shows as
 * the registers of the crashed thread, encoded by the same code as the SEH dispatcher's CONTEXTs
 * (loader/seh/layouts.ts). ContextFlags is CONTEXT_FULL (control, integer and floating-point state).
 * MXCSR and the x87 control word are their reset values: the machine does not expose them, and
 * nothing clremu runs changes them from those.
 */
import type { Context64 } from '../../../loader/unwind';
import { ByteWriter, type Location } from './byte-writer';
import { encodeContext } from '../../../loader/seh/layouts';
import { ContextFlags, DEFAULT_MXCSR, Size } from './layout';

/** A thread's register state for the dump: the integer context plus XMM0–15 when known. */
export interface DumpContext {
  readonly registers: Context64;
  /** XMM0–XMM15, 16 bytes each (zeros when absent). */
  readonly xmm?: readonly Uint8Array[];
}

/** Appends a CONTEXT (16-byte aligned, as the structure is declared) and returns its location. */
export function writeContext(w: ByteWriter, context: DumpContext): Location {
  const at = w.reserve(Size.ContextAmd64, 16);
  const registers = { ...context.registers, xmm: context.xmm ? [...context.xmm] : context.registers.xmm };
  w.set(at, encodeContext(registers, { flags: ContextFlags.Full, mxcsr: DEFAULT_MXCSR }));
  return { rva: at, size: Size.ContextAmd64 };
}
