/**
 * RtlLookupFunctionEntry: the RUNTIME_FUNCTION covering an address, with its guest address (a
 * DISPATCHER_CONTEXT.FunctionEntry and RtlLookupFunctionEntry's result are pointers to it).
 *
 * Sources, in Windows' order: tables added with RtlAddFunctionTable, ranges served by a guest
 * callback (RtlInstallFunctionTableCallback), then the exception directory
 * (PE/COFF §6.5, data directory 3) of the loaded image containing the address. Entries are sorted
 * by BeginAddress (the format requires it), so both are binary-searched in guest memory.
 */
import type { Memory } from '../../emu';
import type { Os } from '../os';
import type { FunctionEntry, FunctionLookup } from '../unwind';
import { sehState, type DynamicFunctionTable } from './state';

/** A RUNTIME_FUNCTION found in guest memory. */
export interface LocatedEntry extends FunctionEntry {
  /** Guest address of the 12-byte RUNTIME_FUNCTION. */
  readonly address: bigint;
}

const RUNTIME_FUNCTION_SIZE = 12;

function search(memory: Memory, table: bigint, count: number, imageBase: bigint, pc: bigint): LocatedEntry | undefined {
  const rel = pc - imageBase;
  if (rel < 0n || rel > 0xffff_ffffn) return undefined;
  const rva = Number(rel);
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = table + BigInt(mid * RUNTIME_FUNCTION_SIZE);
    const begin = memory.u32(at);
    const end = memory.u32(at + 4n);
    if (rva < begin) hi = mid - 1;
    else if (rva >= end) lo = mid + 1;
    else return { address: at, imageBase, begin, end, unwindInfo: memory.u32(at + 8n) };
  }
  return undefined;
}

/** The exception directory of the image mapped at `base`: table address and entry count (count 0 when absent or unreadable). */
function exceptionDirectory(memory: Memory, base: bigint): { table: bigint; count: number } {
  const none = { table: 0n, count: 0 };
  if (!memory.isAccessible(base, 0x40, 'read') || memory.u16(base) !== 0x5a4d) return none;
  const nt = base + BigInt(memory.u32(base + 0x3cn));
  if (!memory.isAccessible(nt, 24 + 112 + 8 * 4, 'read') || memory.u32(nt) !== 0x4550) return none;
  if (memory.u16(nt + 24n) !== 0x20b || memory.u32(nt + 24n + 108n) <= 3) return none;
  const rva = memory.u32(nt + 24n + 112n + 24n);
  const size = memory.u32(nt + 24n + 112n + 28n);
  if (rva === 0 || size < RUNTIME_FUNCTION_SIZE) return none;
  const count = Math.floor(size / RUNTIME_FUNCTION_SIZE);
  if (!memory.isAccessible(base + BigInt(rva), count * RUNTIME_FUNCTION_SIZE, 'read')) return none;
  return { table: base + BigInt(rva), count };
}

/** RtlLookupFunctionEntry without the history table. */
export function lookupFunctionEntry(os: Os, pc: bigint): LocatedEntry | undefined {
  const memory = os.memory;
  for (const t of sehState(os).tables) {
    const found = search(memory, t.address, t.count, t.imageBase, pc);
    if (found) return found;
  }
  for (const t of sehState(os).callbackTables) {
    if (pc < t.base || pc >= t.base + BigInt(t.length)) continue;
    const entry = os.callGuest(t.callback, [pc, t.context]);
    if (entry === 0n || !memory.isAccessible(entry, RUNTIME_FUNCTION_SIZE, 'read')) return undefined;
    return { address: entry, imageBase: t.base, begin: memory.u32(entry), end: memory.u32(entry + 4n), unwindInfo: memory.u32(entry + 8n) };
  }
  const module = os.modules.byAddress(pc);
  if (!module || module.emulated) return undefined;
  const dir = exceptionDirectory(memory, module.base);
  if (dir.count === 0) return undefined;
  return search(memory, dir.table, dir.count, module.base, pc);
}

/** The same lookup as the unwinder's FunctionLookup. */
export function functionLookup(os: Os): FunctionLookup {
  return (pc) => lookupFunctionEntry(os, pc);
}

/**
 * Registers a RUNTIME_FUNCTION table already in guest memory (as RtlAddFunctionTable does) for
 * host-side owners such as a JIT's code heap; returns the function that removes it again.
 */
export function registerFunctionTable(os: Os, table: DynamicFunctionTable): () => boolean {
  const tables = sehState(os).tables;
  tables.push(table);
  return () => {
    const i = tables.indexOf(table);
    if (i < 0) return false;
    tables.splice(i, 1);
    return true;
  };
}
