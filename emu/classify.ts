/**
 * Turning CPU events into Windows-style faults (what the Windows kernel's trap handlers report):
 * - interrupt vectors delivered to UC_HOOK_INTR (Intel SDM Vol. 3A §6.15 for the vectors; the
 *   NTSTATUS each becomes follows the Windows x64 trap handlers);
 * - "quiet" stops: Unicorn 2.0.1 ends emulation with no error and no hook for an undefined opcode
 *   (RIP on it), after `hlt` (RIP past it) and for a 64-bit DIV/IDIV's divide error (RIP on it).
 *
 * Windows reports a breakpoint at the int3 itself and a single-step after the instruction; an
 * `int n` Windows does not expose is a #GP, reported as an access violation at address -1.
 */
import { Fault } from './faults';
import { Memory } from './memory';

const ALL_ONES = 0xFFFF_FFFF_FFFF_FFFFn;

/** The fault for interrupt vector `intno` delivered with RIP = `rip`. */
export function classifyInterrupt(memory: Memory, intno: number, rip: bigint, rcx: () => bigint): Fault {
  switch (intno) {
    case 0:
      return new Fault({ kind: 'divide-error', rip });
    case 1:
      // #DB is a trap: RIP already points past the instruction, as Windows reports it.
      return new Fault({ kind: 'single-step', rip });
    case 3: {
      // int3 (CC) or int 3 (CD 03): report the breakpoint instruction's own address.
      const at = byteAt(memory, rip - 1n) === 0xCC ? rip - 1n : rip - 2n;
      return new Fault({ kind: 'breakpoint', rip: at });
    }
    case 6:
      return new Fault({ kind: 'invalid-opcode', rip });
    case 8:
      // Measured: with an instruction count active, Unicorn 2.0.1 delivers #DE from DIV/IDIV as
      // vector 8 (double fault). Anything else arriving as 8 is reported as a general fault.
      return isDivide(memory, rip)
        ? new Fault({ kind: 'divide-error', rip })
        : new Fault({ kind: 'access-violation', rip, address: ALL_ONES, access: 'read', detail: 'double fault' });
    case 0x29:
      return new Fault({ kind: 'fast-fail', rip: rip - 2n, detail: `__fastfail code ${rcx()}` });
    default:
      return new Fault({ kind: 'access-violation', rip: rip - 2n, address: ALL_ONES, access: 'read',
                         detail: `int 0x${intno.toString(16)}` });
  }
}

/** The fault for a stop at `rip` that no hook explained: `hlt` just before it, else an undefined opcode. */
export function classifyQuietStop(memory: Memory, rip: bigint): Fault {
  if (byteAt(memory, rip - 1n) === 0xF4 && wordAt(memory, rip) !== 0x0B0F) {
    return new Fault({ kind: 'privileged-instruction', rip: rip - 1n, detail: 'hlt' });
  }
  // Measured: Unicorn 2.0.1 ends a 64-bit DIV/IDIV that raises #DE (REX.W F7 /6 /7) this way,
  // with no interrupt hook; the instruction is always valid, so it is the divide error.
  if (isDivide(memory, rip)) return new Fault({ kind: 'divide-error', rip });
  return new Fault({ kind: 'invalid-opcode', rip });
}

/** Whether the instruction at `rip` is DIV or IDIV (F6/F7 with ModRM.reg 6 or 7), after prefixes. */
export function isDivide(memory: Memory, rip: bigint): boolean {
  for (let p = rip; p < rip + 15n; p++) {
    const b = byteAt(memory, p);
    if (b === undefined) return false;
    const isPrefix = b === 0x66 || b === 0x67 || b === 0xF2 || b === 0xF3 || b === 0x2E || b === 0x3E ||
      b === 0x26 || b === 0x36 || b === 0x64 || b === 0x65 || b === 0xF0 || (b & 0xF0) === 0x40;
    if (isPrefix) continue;
    if (b !== 0xF6 && b !== 0xF7) return false;
    const modrm = byteAt(memory, p + 1n);
    if (modrm === undefined) return false;
    const reg = (modrm >> 3) & 7;
    return reg === 6 || reg === 7;
  }
  return false;
}

function byteAt(memory: Memory, at: bigint): number | undefined {
  return memory.isAccessible(at, 1, 'execute') ? memory.u8(at) : undefined;
}

function wordAt(memory: Memory, at: bigint): number | undefined {
  return memory.isAccessible(at, 2, 'execute') ? memory.u16(at) : undefined;
}
