/**
 * The one capability the unwinder needs from guest memory: reading bytes. `emu`'s Memory satisfies
 * it structurally, and so does any test double or a file-backed view (an RVA reader over a PE file
 * with base 0). Reads that fail (uncommitted pages) throw whatever the memory throws; the helpers
 * here turn that into an UnwindError naming the field and address.
 */
import { UnwindError, UnwindProblem } from './errors';

export interface ReadableMemory {
  /** `size` bytes at `addr`; throws when any of them is not mapped. */
  read(addr: bigint, size: number): Uint8Array;
}

/** Reads bytes and converts a memory failure into an UnwindError of the given kind. */
export function readBytes(memory: ReadableMemory, addr: bigint, size: number, field: string, problem: UnwindProblem): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = memory.read(addr, size);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new UnwindError(problem, field, addr, `${size} byte(s) cannot be read (${why})`);
  }
  if (bytes.length < size) throw new UnwindError(problem, field, addr, `${size} byte(s) needed, ${bytes.length} readable`);
  return bytes;
}

/** A little-endian 64-bit stack slot. */
export function readStackU64(memory: ReadableMemory, addr: bigint, field: string): bigint {
  const b = readBytes(memory, addr, 8, field, 'unreadable-stack');
  return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
}

/** 16 bytes (an XMM save slot). */
export function readStackXmm(memory: ReadableMemory, addr: bigint, field: string): Uint8Array {
  return Uint8Array.from(readBytes(memory, addr, 16, field, 'unreadable-stack'));
}

export function u16le(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

export function u32le(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

export function i32le(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
}
