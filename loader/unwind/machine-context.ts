/**
 * Moving a Context64 between the emulated CPU and the unwinder: capture the current register state
 * of a Machine (after a fault, or inside a hook) and write one back (for a later SEH dispatcher
 * that resumes at a handler). XMM registers are captured too, so unwound frames carry the XMM6–15
 * values the unwind codes restore and the unchanged ones.
 */
import { Machine, Reg } from '../../emu';
import { Context64 } from './context';

const GPRS: readonly [keyof Context64, Reg][] = [
  ['rax', Reg.RAX], ['rcx', Reg.RCX], ['rdx', Reg.RDX], ['rbx', Reg.RBX],
  ['rsp', Reg.RSP], ['rbp', Reg.RBP], ['rsi', Reg.RSI], ['rdi', Reg.RDI],
  ['r8', Reg.R8], ['r9', Reg.R9], ['r10', Reg.R10], ['r11', Reg.R11],
  ['r12', Reg.R12], ['r13', Reg.R13], ['r14', Reg.R14], ['r15', Reg.R15],
  ['rip', Reg.RIP], ['rflags', Reg.RFLAGS],
];

/** The machine's registers as a Context64 (with all 16 XMM registers). */
export function captureContext(machine: Machine): Context64 {
  const ctx = {} as Record<string, bigint>;
  for (const [name, reg] of GPRS) ctx[name] = machine.reg(reg);
  const out = ctx as unknown as Context64;
  out.xmm = Array.from({ length: 16 }, (_, i) => machine.xmm(i));
  return out;
}

/** Loads a Context64 into the machine (XMM registers only where the context knows them). */
export function applyContext(machine: Machine, ctx: Context64): void {
  for (const [name, reg] of GPRS) machine.setReg(reg, ctx[name] as bigint);
  ctx.xmm?.forEach((value, i) => {
    if (value) machine.setXmm(i, value);
  });
}
