/**
 * Registers an instruction changed, for `--trace-regs`: the register file is read before each
 * instruction and compared with the previous read, so the difference is exactly what the previous
 * instruction (or the host gate it entered) wrote. Comparing values is the cheapest correct way:
 * no instruction semantics to model, and gates and nested guest calls are covered for free.
 *
 * Covered: the 16 GPRs and RFLAGS (RIP changes with every instruction and is the next record's
 * address). XMM registers are not compared: reading 16 more 128-bit registers per instruction would
 * double the cost, and no traced code so far needs them.
 */
import { Machine, Reg } from '../../emu';

/** Register names in `Reg` order, as traces print them. */
export const TRACED_REGISTERS: readonly { reg: Reg; name: string }[] = [
  { reg: Reg.RAX, name: 'rax' }, { reg: Reg.RCX, name: 'rcx' }, { reg: Reg.RDX, name: 'rdx' }, { reg: Reg.RBX, name: 'rbx' },
  { reg: Reg.RSP, name: 'rsp' }, { reg: Reg.RBP, name: 'rbp' }, { reg: Reg.RSI, name: 'rsi' }, { reg: Reg.RDI, name: 'rdi' },
  { reg: Reg.R8, name: 'r8' }, { reg: Reg.R9, name: 'r9' }, { reg: Reg.R10, name: 'r10' }, { reg: Reg.R11, name: 'r11' },
  { reg: Reg.R12, name: 'r12' }, { reg: Reg.R13, name: 'r13' }, { reg: Reg.R14, name: 'r14' }, { reg: Reg.R15, name: 'r15' },
  { reg: Reg.RFLAGS, name: 'rflags' },
];

/** One register a traced instruction changed, with its new value. */
export interface RegisterChange {
  readonly name: string;
  readonly value: bigint;
}

export class RegisterFile {
  private values: bigint[];

  constructor(private readonly machine: Machine) {
    this.values = this.read();
  }

  private read(): bigint[] {
    return TRACED_REGISTERS.map((r) => this.machine.reg(r.reg));
  }

  /** Reads the registers now and returns what changed since the last call (or construction). */
  changes(): RegisterChange[] {
    const now = this.read();
    const out: RegisterChange[] = [];
    for (let i = 0; i < now.length; i++) {
      if (now[i] !== this.values[i]) out.push({ name: TRACED_REGISTERS[i].name, value: now[i] });
    }
    this.values = now;
    return out;
  }

  /** Takes the current values as the baseline without reporting differences. */
  resync(): void {
    this.values = this.read();
  }
}
