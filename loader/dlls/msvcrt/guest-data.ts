/**
 * Moving C data between guest memory and the host for the C runtime: NUL-terminated byte and
 * UTF-16 strings, a `va_list` reader, and the string source the printf/scanf engines read from.
 *
 * A Windows x64 `va_list` is a plain pointer to consecutive 8-byte argument slots (floating-point
 * values are passed in them as their bits), so reading one is reading memory.
 */
import type { Memory } from '../../../emu';
import type { VarArgs } from '../api';
import type { PrintfStrings } from '../../crt/printf';

/** Longest string the runtime will scan for a NUL before treating the pointer as garbage. */
export const MAX_STRING = 1 << 24;

/** Bytes of the C string at `addr`, without the NUL (at most `max`). */
export function cBytes(memory: Memory, addr: bigint, max = MAX_STRING): Uint8Array {
  const s = memory.cString(addr, max);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** UTF-16 code units of the wide string at `addr`, without the NUL (at most `max`). */
export function wUnits(memory: Memory, addr: bigint, max = MAX_STRING): Uint16Array {
  const s = memory.wString(addr, max);
  const out = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Writes bytes followed by a NUL. */
export function writeCBytes(memory: Memory, addr: bigint, bytes: Uint8Array): void {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  memory.write(addr, out);
}

/** Writes UTF-16 code units followed by a NUL unit. */
export function writeWUnits(memory: Memory, addr: bigint, units: ArrayLike<number>): void {
  const out = new Uint8Array(units.length * 2 + 2);
  for (let i = 0; i < units.length; i++) {
    out[2 * i] = units[i]! & 0xff;
    out[2 * i + 1] = (units[i]! >> 8) & 0xff;
  }
  memory.write(addr, out);
}

/** Reads a `va_list`: successive 8-byte slots from `addr`. */
export class MemoryVarArgs implements VarArgs {
  constructor(
    private readonly memory: Memory,
    private addr: bigint,
  ) {}
  next(): bigint {
    const v = this.memory.u64(this.addr);
    this.addr += 8n;
    return v;
  }
  nextF64(): number {
    const v = this.memory.f64(this.addr);
    this.addr += 8n;
    return v;
  }
}

/** The printf engine's view of guest strings. */
export function printfStrings(memory: Memory): PrintfStrings {
  return {
    narrow: (addr, max) => cBytes(memory, addr, max ?? MAX_STRING),
    wide: (addr, max) => wUnits(memory, addr, max ?? MAX_STRING),
  };
}

/** `%n` stores, sized by the length modifier. */
export function storeCount(memory: Memory): (addr: bigint, count: number, size: 1 | 2 | 4 | 8) => void {
  return (addr, count, size) => {
    if (size === 1) memory.setU8(addr, count & 0xff);
    else if (size === 2) memory.setU16(addr, count & 0xffff);
    else if (size === 4) memory.setU32(addr, count >>> 0);
    else memory.setU64(addr, BigInt(count));
  };
}
