/**
 * Copying strings out to guest buffers with the Win32 conventions the loader-core APIs share:
 * a buffer of `size` characters receives at most size−1 characters and a NUL.
 */
import type { Memory } from '../../../emu';

/** Writes `s` (single-byte) into a buffer of `size` bytes; returns characters written (no NUL). */
export function copyOutA(memory: Memory, buffer: bigint, size: number, s: string): number {
  const n = Math.max(0, Math.min(s.length, size - 1));
  if (size <= 0 || buffer === 0n) return 0;
  const bytes = new Uint8Array(n + 1);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    bytes[i] = c < 0x100 ? c : 0x3f;
  }
  memory.write(buffer, bytes);
  return n;
}

/** Writes `s` (UTF-16) into a buffer of `size` characters; returns characters written (no NUL). */
export function copyOutW(memory: Memory, buffer: bigint, size: number, s: string): number {
  const n = Math.max(0, Math.min(s.length, size - 1));
  if (size <= 0 || buffer === 0n) return 0;
  const bytes = new Uint8Array((n + 1) * 2);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    bytes[2 * i] = c & 0xff;
    bytes[2 * i + 1] = c >> 8;
  }
  memory.write(buffer, bytes);
  return n;
}

/** Reads an ANSI or wide string argument (null pointer → null). */
export function readA(memory: Memory, p: bigint): string | null {
  return p === 0n ? null : memory.cString(p, 0x8000);
}
export function readW(memory: Memory, p: bigint): string | null {
  return p === 0n ? null : memory.wString(p, 0x8000);
}
