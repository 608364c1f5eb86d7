/**
 * Host gates: guest-callable addresses whose body is a TypeScript function. Every emulated API
 * (kernel32, msvcrt, the runtime's icalls and the JIT's prestub) is reached through one.
 *
 * Mechanism: each gate is an 8-byte stub `syscall; ret; int3 ×5` in a region reserved at the fixed
 * address `GATE_REGION_BASE`. Unicorn's UC_HOOK_INSN(syscall) hook finds the gate from RIP and the
 * handler runs with the guest registers exactly as the caller left them at the `call` (RSP points at
 * the return address; the Windows x64 arguments are in RCX, RDX, R8, R9, XMM0–3 and the caller's
 * stack). The handler's result goes to RAX and the stub's `ret` returns to the caller.
 *
 * Two dispatch modes (`GateOptions.leaf`):
 * - default: the hook stops emulation and the handler runs outside `uc_emu_start`, so it may call
 *   back into the guest (`Machine.callGuest`), change the memory map, or throw. Unicorn 2.0.1 crashes
 *   when `uc_emu_start` is nested inside a hook while an instruction count is active (measured), so
 *   this is the only mode that can re-enter the guest. Costs a leave/restart of the CPU loop.
 * - leaf: the handler runs inside the hook (several times faster) and must not call `callGuest`
 *   (doing so raises `NestedGuestCallError`).
 *
 * Slot 0 of the region is the sentinel return address used by `Machine.callGuest`; it holds int3s
 * and is never executed because the run stops when RIP reaches it.
 */
import type { Machine } from './machine';
import { Memory, Prot, PAGE_SIZE } from './memory';
import { Reg } from './registers';

/** Where the gate region lives: just below the top of the Windows x64 user address space. */
export const GATE_REGION_BASE = 0x7FFF_FFE0_0000n;
/** Size of the gate region: room for 131,071 gates. */
export const GATE_REGION_SIZE = 0x10_0000n;
/** Bytes per gate stub. */
export const GATE_STUB_SIZE = 8;
/** The return address `callGuest` pushes; reaching it ends the call. */
export const CALL_SENTINEL = GATE_REGION_BASE;

const STUB = Uint8Array.of(0x0F, 0x05, 0xC3, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC);
/** Offset of the `ret` in a stub: where RIP rests after the syscall hook stops emulation. */
export const GATE_RET_OFFSET = 2;

export interface GateCall {
  readonly machine: Machine;
  readonly name: string;
  /** [RSP] at entry. */
  readonly returnAddress: bigint;
  /** RSP at entry (pointing at the return address). */
  readonly entryRsp: bigint;
  /** i-th integer argument: RCX, RDX, R8, R9, then [RSP+0x28+8*(i-4)] as seen at entry. */
  arg(i: number): bigint;
  /** i-th floating-point argument: XMM0–3 for i < 4, else the stack slot. */
  argF64(i: number): number;
  /** Sets XMM0 (low 64 bits; the rest cleared). */
  returnF64(v: number): void;
  /** Continue at `target` instead of returning; RSP stays as at entry (a tail call). */
  jump(target: bigint): void;
}

export type GateHandler = (call: GateCall) => bigint | number | void;

export interface GateOptions {
  /** Run inside the CPU hook: faster, but the handler must not call back into the guest. */
  leaf?: boolean;
}

/** Thrown by a handler to end the whole run with an exit code (ExitProcess). */
export class GuestExit extends Error {
  constructor(public code: number) {
    super(`guest exited with code ${code}`);
    this.name = 'GuestExit';
  }
}

/** A gate that does not exist, or a region that is full. */
export class GateError extends Error {
  constructor(message: string, readonly address?: bigint) {
    super(message);
    this.name = 'GateError';
  }
}

export interface Gate {
  readonly name: string;
  readonly address: bigint;
  readonly handler: GateHandler;
  readonly leaf: boolean;
}

const ARG_REGS = [Reg.RCX, Reg.RDX, Reg.R8, Reg.R9] as const;

/** The handler's view of one call; created by `Machine` for each dispatch. */
export class GateCallFrame implements GateCall {
  jumpTarget: bigint | undefined;
  readonly returnAddress: bigint;

  constructor(readonly machine: Machine, readonly name: string, readonly entryRsp: bigint) {
    this.returnAddress = machine.memory.u64(entryRsp);
  }

  arg(i: number): bigint {
    if (!Number.isInteger(i) || i < 0) throw new GateError(`${this.name}: argument index ${i} is invalid`);
    if (i < 4) return this.machine.reg(ARG_REGS[i]);
    return this.machine.memory.u64(this.entryRsp + 0x28n + 8n * BigInt(i - 4));
  }

  argF64(i: number): number {
    if (!Number.isInteger(i) || i < 0) throw new GateError(`${this.name}: argument index ${i} is invalid`);
    if (i < 4) {
      const x = this.machine.xmm(i);
      return new DataView(x.buffer, x.byteOffset, 16).getFloat64(0, true);
    }
    return this.machine.memory.f64(this.entryRsp + 0x28n + 8n * BigInt(i - 4));
  }

  returnF64(v: number): void {
    const x = new Uint8Array(16);
    new DataView(x.buffer).setFloat64(0, v, true);
    this.machine.setXmm(0, x);
  }

  jump(target: bigint): void {
    this.jumpTarget = target;
  }
}

export class Gates {
  private readonly gates: Gate[] = [];
  private committedPages = 0;

  constructor(private readonly memory: Memory) {
    memory.reserve(GATE_REGION_SIZE, { at: GATE_REGION_BASE });
    this.ensurePage(0);
    // Slot 0: the callGuest sentinel, filled with int3 in case anything ever executes it.
    memory.write(CALL_SENTINEL, new Uint8Array(GATE_STUB_SIZE).fill(0xCC));
  }

  /** Creates a gate and returns the address guest code calls. */
  define(name: string, handler: GateHandler, options: GateOptions = {}): bigint {
    const slot = this.gates.length + 1;
    const offset = slot * GATE_STUB_SIZE;
    if (BigInt(offset + GATE_STUB_SIZE) > GATE_REGION_SIZE) {
      throw new GateError(`gate region is full (${this.gates.length} gates); cannot define ${name}`);
    }
    this.ensurePage(Math.floor(offset / PAGE_SIZE));
    const address = GATE_REGION_BASE + BigInt(offset);
    this.memory.write(address, STUB);
    this.gates.push({ name, address, handler, leaf: options.leaf === true });
    return address;
  }

  /** The gate whose stub contains `addr`, if any. */
  at(addr: bigint): Gate | undefined {
    if (addr < GATE_REGION_BASE + BigInt(GATE_STUB_SIZE)) return undefined;
    const slot = Number((addr - GATE_REGION_BASE) / BigInt(GATE_STUB_SIZE));
    return this.gates[slot - 1];
  }

  nameAt(addr: bigint): string | undefined {
    return this.at(addr)?.name;
  }

  /** Whether `addr` lies in the gate region (stubs or sentinel). */
  contains(addr: bigint): boolean {
    return addr >= GATE_REGION_BASE && addr < GATE_REGION_BASE + GATE_REGION_SIZE;
  }

  /** Address of the first gate defined with this name. */
  addressOf(name: string): bigint | undefined {
    return this.gates.find((g) => g.name === name)?.address;
  }

  get count(): number {
    return this.gates.length;
  }

  private ensurePage(page: number): void {
    while (this.committedPages <= page) {
      this.memory.commit(GATE_REGION_BASE + BigInt(this.committedPages * PAGE_SIZE), PAGE_SIZE, Prot.Read | Prot.Execute);
      this.committedPages++;
    }
  }
}
