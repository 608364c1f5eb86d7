/**
 * Gathers a minidump's contents from a crashed guest process: the process id (from the TEB's
 * CLIENT_ID), the exception (code, address,
 * ExceptionInformation as Windows fills it for access violations), the thread (id and stack bounds
 * from its TEB at GS base, registers at the fault, XMM0–15), the modules with the header fields a
 * debugger matches symbols by (TimeDateStamp, SizeOfImage, CheckSum, CodeView record, read from the
 * image as mapped in guest memory, so emulated DLLs are covered too), and memory: the stack from
 * RSP up to its base, and a window around RIP and around the faulting address.
 *
 * Unreadable guest memory is left out rather than failing the dump; a module whose headers cannot
 * be parsed is listed with zero checksum and timestamp.
 */
import { Reg, type Machine, type Memory } from '../../../emu';
import { FIXED_START_UNIX_MS } from '../../../loader/clock';
import { parsePeMapped } from '../../../loader/pe';
import { TEB64 } from '../../../loader/process/structs/teb';
import type { Context64 } from '../../../loader/unwind';
import { AccessViolationType } from './layout';
import type { DumpMemory, DumpModule, MinidumpInput } from './minidump';

/** What the dump needs of a crash (loader's CrashContext fits). */
export interface CrashForDump {
  readonly fault: { readonly code: number; readonly rip: bigint; readonly address?: bigint; readonly access?: 'read' | 'write' | 'execute' };
  readonly context: Context64;
  readonly memory: Memory;
  readonly machine: Machine;
  readonly modules: readonly { readonly name: string; readonly path: string; readonly base: bigint; readonly size: number }[];
}

/** Most stack captured, from RSP upwards. */
export const MAX_STACK_BYTES = 256 * 1024;
/** Bytes captured on each side of RIP and of the faulting address. */
export const AROUND_BYTES = 256;
/** IMAGE_DEBUG_TYPE_CODEVIEW. */
const DEBUG_TYPE_CODEVIEW = 2;

/** Up to `length` committed bytes from `address` (fewer where committed memory ends). */
export function readCommitted(memory: Memory, address: bigint, length: number): Uint8Array {
  let have = 0;
  let cursor = address;
  while (have < length) {
    let info;
    try {
      info = memory.query(cursor);
    } catch {
      break;
    }
    if (info.state !== 'committed') break;
    const n = Math.min(length - have, Number(info.base + info.size - cursor));
    if (n <= 0) break;
    have += n;
    cursor += BigInt(n);
  }
  return have > 0 ? memory.read(address, have) : new Uint8Array(0);
}

/** Committed bytes in [address - before, address + after), starting at the first committed byte. */
function around(memory: Memory, address: bigint, before: number, after: number): DumpMemory | undefined {
  for (let start = address - BigInt(before); start <= address; start += 0x100n) {
    if (start < 0n) continue;
    const bytes = readCommitted(memory, start, Number(address + BigInt(after) - start));
    if (bytes.length > 0) return { address: start, bytes };
  }
  return undefined;
}

function exceptionParameters(fault: CrashForDump['fault']): bigint[] {
  if (fault.address === undefined || fault.access === undefined) return [];
  const type = fault.access === 'write' ? AccessViolationType.Write : fault.access === 'execute' ? AccessViolationType.Execute : AccessViolationType.Read;
  return [BigInt(type), fault.address];
}

function dumpModule(memory: Memory, m: CrashForDump['modules'][number]): DumpModule {
  try {
    const pe = parsePeMapped({ read: (rva, length) => memory.read(m.base + BigInt(rva), Math.min(length, Math.max(0, m.size - rva))) }, m.name);
    let codeView: Uint8Array | undefined;
    const cv = pe.debug.find((d) => d.type === DEBUG_TYPE_CODEVIEW && d.codeView?.signature === 'RSDS' && d.addressOfRawData !== 0);
    if (cv) codeView = memory.read(m.base + BigInt(cv.addressOfRawData), cv.sizeOfData);
    return {
      path: m.path, base: m.base, size: m.size,
      checkSum: pe.optionalHeader.checkSum, timeDateStamp: pe.fileHeader.timeDateStamp, codeView,
    };
  } catch {
    return { path: m.path, base: m.base, size: m.size, checkSum: 0, timeDateStamp: 0 };
  }
}

export function minidumpFromCrash(crash: CrashForDump): MinidumpInput {
  const { memory, machine, context } = crash;
  const teb = machine.reg(Reg.GS_BASE);
  const safe = <T>(f: () => T, fallback: T): T => {
    try {
      return f();
    } catch {
      return fallback;
    }
  };
  const processId = safe(() => Number(memory.u64(teb + BigInt(TEB64.ClientIdUniqueProcess)) & 0xffff_ffffn), 0);
  const threadId = safe(() => Number(memory.u64(teb + BigInt(TEB64.ClientIdUniqueThread)) & 0xffff_ffffn), 0);
  const stackBase = safe(() => memory.u64(teb + BigInt(TEB64.StackBase)), 0n);
  const rsp = context.rsp & ~0xfn;
  let stack: DumpMemory = { address: rsp, bytes: new Uint8Array(0) };
  if (stackBase > rsp) stack = { address: rsp, bytes: readCommitted(memory, rsp, Math.min(MAX_STACK_BYTES, Number(stackBase - rsp))) };
  if (stack.bytes.length === 0) stack = { address: rsp, bytes: readCommitted(memory, rsp, 0x1000) };

  const extra: DumpMemory[] = [];
  const nearRip = around(memory, crash.fault.rip, AROUND_BYTES, AROUND_BYTES);
  if (nearRip) extra.push(nearRip);
  if (crash.fault.address !== undefined) {
    const nearFault = around(memory, crash.fault.address, AROUND_BYTES, AROUND_BYTES);
    if (nearFault) extra.push(nearFault);
  }

  return {
    exception: {
      code: crash.fault.code >>> 0,
      flags: 0, // hardware faults are recorded continuable, as Windows does
      address: crash.fault.rip,
      parameters: exceptionParameters(crash.fault),
    },
    process: { id: processId },
    thread: {
      id: threadId,
      teb,
      context: { registers: { ...context, rip: crash.fault.rip }, xmm: Array.from({ length: 16 }, (_, i) => safe(() => machine.xmm(i), new Uint8Array(16))) },
      stack,
    },
    modules: crash.modules.map((m) => dumpModule(memory, m)),
    memory: extra,
    timeDateStamp: Math.floor(FIXED_START_UNIX_MS / 1000),
  };
}
