/**
 * Test helper: assembles Intel-syntax snippets with keystone-wasm (the project's assembler oracle)
 * and sets up a machine with code, data and stack regions at fixed addresses.
 *
 * keystone-wasm's loader uses a dynamic import, which Jest's VM sandbox only allows when Node runs
 * with --experimental-vm-modules; the error below says so instead of a bare TypeError.
 */
import { Keystone, Const, loadKeystone } from 'keystone-wasm';
import { Machine, Prot, Reg } from '../../emu';

let keystone: Keystone | undefined;

export async function loadAssembler(): Promise<void> {
  if (keystone) return;
  try {
    await loadKeystone();
  } catch (e) {
    throw new Error('keystone-wasm failed to load; under Jest run with NODE_OPTIONS=--experimental-vm-modules ' +
      `(${(e as Error).message})`);
  }
  keystone = new Keystone(Const.KS_ARCH_X86, Const.KS_MODE_64);
}

/** Assembles `source` (statements separated by newlines or `;`) for `address`. */
export function asm(source: string, address: bigint): Uint8Array {
  if (!keystone) throw new Error('call loadAssembler() first');
  return keystone.asm(source, { address: Number(address) });
}

export const CODE = 0x1_4000_0000n;
export const DATA = 0x2_0000_0000n;
export const STACK_BASE = 0x3_0000_0000n;
export const STACK_SIZE = 0x10_0000n;
export const STACK_TOP = STACK_BASE + STACK_SIZE - 0x100n;

/** A machine with 1 MiB of RX code at CODE, 1 MiB of RW data at DATA and a 1 MiB RW stack. */
export function makeMachine(): Machine {
  const m = Machine.create();
  m.memory.reserve(0x10_0000, { at: CODE });
  m.memory.commit(CODE, 0x10_0000, Prot.Read | Prot.Execute);
  m.memory.reserve(0x10_0000, { at: DATA });
  m.memory.commit(DATA, 0x10_0000, Prot.Read | Prot.Write);
  m.memory.reserve(STACK_SIZE, { at: STACK_BASE });
  m.memory.commit(STACK_BASE, STACK_SIZE, Prot.Read | Prot.Write);
  m.setReg(Reg.RSP, STACK_TOP);
  return m;
}

/** Writes assembled code at `at` and returns [start, end) for `run`. */
export function load(m: Machine, source: string, at: bigint = CODE): { begin: bigint; end: bigint } {
  const bytes = asm(source, at);
  m.memory.write(at, bytes);
  return { begin: at, end: at + BigInt(bytes.length) };
}
