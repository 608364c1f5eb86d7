/**
 * Memory dumps for crash reports: 16-byte rows read from guest memory row by row, falling back to
 * single bytes so a row that straddles the end of a mapping still shows what is readable; bytes
 * that cannot be read are null (printed `??`).
 */

export interface ByteSource {
  read(addr: bigint, size: number): Uint8Array;
}

export interface MemoryDump {
  /** Why this range is in the report: `fault address`, `rip`, `rsp`. */
  readonly label: string;
  /** The address the label refers to (the dump starts at or before it, 16-aligned). */
  readonly target: bigint;
  readonly address: bigint;
  readonly bytes: readonly (number | null)[];
}

const MASK64 = (1n << 64n) - 1n;

function readByte(memory: ByteSource, addr: bigint): number | null {
  try {
    const b = memory.read(addr & MASK64, 1);
    return b.length ? b[0] : null;
  } catch {
    return null;
  }
}

function readRow(memory: ByteSource, addr: bigint): (number | null)[] {
  try {
    const b = memory.read(addr, 16);
    if (b.length === 16) return Array.from(b);
  } catch {
    // fall back to single bytes below
  }
  // A 16-aligned row lies in one page, so with page-granular memory it is all unreadable; only a
  // source with finer pieces has partly readable rows. Two probes tell the cases apart cheaply.
  if (readByte(memory, addr) === null && readByte(memory, addr + 15n) === null) return new Array<null>(16).fill(null);
  const row: (number | null)[] = [];
  for (let i = 0n; i < 16n; i++) row.push(readByte(memory, addr + i));
  return row;
}

/** Dumps `before`..`after` bytes around `target` (rounded out to 16-byte rows). */
export function dumpAround(memory: ByteSource, label: string, target: bigint, before: number, after: number): MemoryDump {
  const start = target >= BigInt(before) ? (target - BigInt(before)) & ~15n : 0n;
  const end = ((target + BigInt(after) + 15n) & ~15n) > start ? (target + BigInt(after) + 15n) & ~15n : start + 16n;
  const bytes: (number | null)[] = [];
  for (let a = start; a < end && a <= MASK64; a += 16n) bytes.push(...readRow(memory, a));
  return { label, target, address: start, bytes };
}

const h2 = (b: number | null) => (b === null ? '??' : b.toString(16).padStart(2, '0'));
const printable = (b: number | null) => (b === null ? ' ' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

/** `0000000140001540  c7 00 2a 00 …  |..*.|` rows. */
export function formatDump(dump: MemoryDump, indent = '  '): string[] {
  const lines: string[] = [];
  for (let i = 0; i < dump.bytes.length; i += 16) {
    const row = dump.bytes.slice(i, i + 16);
    const addr = (dump.address + BigInt(i)).toString(16).padStart(16, '0');
    const hex = row.map(h2);
    const text = `${hex.slice(0, 8).join(' ')}  ${hex.slice(8).join(' ')}`;
    lines.push(`${indent}${addr}  ${text}  |${row.map(printable).join('')}|`);
  }
  return lines;
}

/** `c7 00 ?? …` for JSON. */
export function bytesToHex(bytes: readonly (number | null)[]): string {
  return bytes.map(h2).join(' ');
}
