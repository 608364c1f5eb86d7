/**
 * A bump allocator over committed read/write guest memory, for OS structures that live as long
 * as the process (loader entries and their name strings, process-parameter strings). Nothing is
 * freed one by one. When a chunk is full another 64 KiB reservation is taken nearby, so the
 * number of Unicorn regions stays small.
 */
import { Prot, type Memory } from '../../emu';
import { AddressSpaceExhaustedError } from './errors';

const CHUNK = 0x1_0000;

export class GuestArena {
  private next: bigint;
  private end: bigint;

  constructor(
    private readonly memory: Memory,
    base: bigint,
    size: number,
    private readonly what: string,
    private readonly searchMin: bigint,
  ) {
    this.next = base;
    this.end = base + BigInt(size);
  }

  /** `size` zeroed bytes aligned to `align` (a power of two). */
  alloc(size: number, align = 16): bigint {
    const a = BigInt(align);
    let at = (this.next + a - 1n) & ~(a - 1n);
    if (at + BigInt(size) > this.end) {
      const chunk = Math.max(CHUNK, (size + CHUNK - 1) & ~(CHUNK - 1));
      let base: bigint;
      try {
        base = this.memory.reserve(chunk, { min: this.searchMin });
      } catch {
        throw new AddressSpaceExhaustedError(this.what);
      }
      this.memory.commit(base, chunk, Prot.Read | Prot.Write);
      this.next = base;
      this.end = base + BigInt(chunk);
      at = base;
    }
    this.next = at + BigInt(size);
    return at;
  }

  /** A NUL-terminated UTF-16LE copy of `s`; returns its address. */
  wString(s: string): bigint {
    const addr = this.alloc((s.length + 1) * 2, 2);
    this.memory.writeWString(addr, s);
    return addr;
  }

  /** A NUL-terminated single-byte copy of `s` (code units above 0xFF become '?'). */
  cString(s: string): bigint {
    const bytes = ansiBytes(s);
    const addr = this.alloc(bytes.length + 1, 1);
    this.memory.write(addr, bytes);
    return addr;
  }
}

/** The ANSI (code page 1252 subset) bytes of a string, as the A functions hand them out. */
export function ansiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = c < 0x100 ? c : 0x3f;
  }
  return out;
}
