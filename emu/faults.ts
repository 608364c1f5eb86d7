/**
 * Guest faults as plain values. A `Fault` is what the CPU raised (or why the run was cut short),
 * with RIP at the exact faulting instruction, ready for the OS layer to turn into a Windows
 * exception record (EXCEPTION_RECORD.ExceptionCode = `code`, ExceptionAddress = `rip`,
 * ExceptionInformation[0..1] = access and address for access violations and guard pages).
 *
 * The NTSTATUS values are those of the Windows SDK `ntstatus.h`. `budget-exhausted` and `timeout`
 * are not CPU exceptions; they carry codes with the customer bit (0x20000000) set so they can never
 * be confused with a real NTSTATUS.
 */

export type FaultKind =
  | 'access-violation'
  | 'guard-page'
  | 'divide-error'
  | 'invalid-opcode'
  | 'breakpoint'
  | 'single-step'
  | 'privileged-instruction'
  | 'fast-fail'
  | 'budget-exhausted'
  | 'timeout';

export type Access = 'read' | 'write' | 'execute';

/** NTSTATUS codes, by fault kind. */
export const FAULT_CODES: Readonly<Record<FaultKind, number>> = {
  'access-violation': 0xC0000005, // STATUS_ACCESS_VIOLATION
  'guard-page': 0x80000001, // STATUS_GUARD_PAGE_VIOLATION
  'divide-error': 0xC0000094, // STATUS_INTEGER_DIVIDE_BY_ZERO
  'invalid-opcode': 0xC000001D, // STATUS_ILLEGAL_INSTRUCTION
  'breakpoint': 0x80000003, // STATUS_BREAKPOINT
  'single-step': 0x80000004, // STATUS_SINGLE_STEP
  'privileged-instruction': 0xC0000096, // STATUS_PRIVILEGED_INSTRUCTION
  'fast-fail': 0xC0000409, // STATUS_STACK_BUFFER_OVERRUN (int 29h, __fastfail)
  'budget-exhausted': 0xE0000001, // clremu: instruction budget used up
  'timeout': 0xE0000002, // clremu: wall-clock limit reached
};

/** Access codes as Windows stores them in ExceptionInformation[0]. */
const ACCESS_CODES: Readonly<Record<Access, number>> = { read: 0, write: 1, execute: 8 };

export interface FaultInit {
  kind: FaultKind;
  rip: bigint;
  address?: bigint;
  access?: Access;
  /** Extra detail for humans (the interrupt vector, the fast-fail code …). */
  detail?: string;
}

export class Fault {
  readonly kind: FaultKind;
  /** The faulting instruction (for budget/timeout: the next instruction that would run). */
  readonly rip: bigint;
  /** The data address for access violations and guard pages. */
  readonly address?: bigint;
  readonly access?: Access;
  readonly detail?: string;

  constructor(init: FaultInit) {
    this.kind = init.kind;
    this.rip = init.rip;
    if (init.address !== undefined) this.address = init.address;
    if (init.access !== undefined) this.access = init.access;
    if (init.detail !== undefined) this.detail = init.detail;
  }

  /** The NTSTATUS a Windows exception record would carry. */
  get code(): number {
    return FAULT_CODES[this.kind];
  }

  /** ExceptionInformation[0] for access violations and guard pages: 0 read, 1 write, 8 execute. */
  get accessCode(): number | undefined {
    return this.access === undefined ? undefined : ACCESS_CODES[this.access];
  }

  describe(): string {
    const hex = (v: bigint) => '0x' + v.toString(16);
    const code = '0x' + this.code.toString(16).toUpperCase().padStart(8, '0');
    let text = `${this.kind} (${code}) at rip=${hex(this.rip)}`;
    if (this.address !== undefined) {
      text += `: ${this.access ?? 'access'} of ${hex(this.address)}`;
    }
    if (this.detail) text += ` (${this.detail})`;
    return text;
  }
}

/** Thrown by `Machine.callGuest` when the called guest code faults. */
export class GuestFault extends Error {
  constructor(readonly fault: Fault) {
    super(`guest fault: ${fault.describe()}`);
    this.name = 'GuestFault';
  }
}
