/**
 * The AMD64 CONTEXT record (winnt.h, 0x4D0 bytes) of a minidump thread: what a debugger shows as
 * the registers of the crashed thread. ContextFlags is CONTEXT_FULL (control, integer and
 * floating-point state); segment selectors are the fixed values of a 64-bit Windows user thread.
 * MXCSR and the x87 control word are their reset values: the machine does not expose them, and
 * nothing clremu runs changes them from those.
 */
import type { Context64 } from '../../../loader/unwind';
import { ByteWriter, type Location } from './byte-writer';
import { ContextFlags, ContextOffset, DEFAULT_FPU_CONTROL, DEFAULT_MXCSR, Size, USER_SELECTORS } from './layout';

/** GPRs in CONTEXT order from Rax (x86 encoding order). */
const GPR_ORDER = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const;

/** A thread's register state for the dump: the integer context plus XMM0–15 when known. */
export interface DumpContext {
  readonly registers: Context64;
  /** XMM0–XMM15, 16 bytes each (zeros when absent). */
  readonly xmm?: readonly Uint8Array[];
}

/** Appends a CONTEXT (16-byte aligned, as the structure is declared) and returns its location. */
export function writeContext(w: ByteWriter, context: DumpContext): Location {
  const at = w.reserve(Size.ContextAmd64, 16);
  w.u32(at + ContextOffset.ContextFlags, ContextFlags.Full);
  w.u32(at + ContextOffset.MxCsr, DEFAULT_MXCSR);
  const sel = [USER_SELECTORS.cs, USER_SELECTORS.ds, USER_SELECTORS.es, USER_SELECTORS.fs, USER_SELECTORS.gs, USER_SELECTORS.ss];
  sel.forEach((s, i) => w.u16(at + ContextOffset.SegCs + 2 * i, s));
  const r = context.registers;
  w.u32(at + ContextOffset.EFlags, Number(r.rflags & 0xffff_ffffn));
  GPR_ORDER.forEach((name, i) => w.u64(at + ContextOffset.Rax + 8 * i, r[name]));
  w.u64(at + ContextOffset.Rip, r.rip);
  w.u16(at + ContextOffset.FltSave, DEFAULT_FPU_CONTROL);
  w.u32(at + ContextOffset.FltSaveMxCsr, DEFAULT_MXCSR);
  w.u32(at + ContextOffset.FltSaveMxCsr + 4, 0xffff); // MxCsr_Mask: every MXCSR bit is writable
  context.xmm?.slice(0, 16).forEach((v, i) => w.set(at + ContextOffset.Xmm0 + 16 * i, v.subarray(0, 16)));
  return { rva: at, size: Size.ContextAmd64 };
}
