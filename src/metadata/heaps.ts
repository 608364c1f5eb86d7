/**
 * The four metadata heaps of ECMA-335 §II.24.2.2–§II.24.2.5: `#Strings` (UTF-8, NUL-terminated),
 * `#US` (length-prefixed UTF-16 plus a trailing flag byte), `#Blob` (length-prefixed bytes) and
 * `#GUID` (16-byte entries, 1-based). Lookups are lazy and cached; an offset outside the heap or an
 * entry running past its end is a BadImageFormatError naming the heap and offset.
 */
import { ByteCursor } from './bytes';
import { BadImageFormatError } from './errors';

/** A stream's bytes: `bytes[start, end)`. */
export interface StreamRange {
  start: number;
  end: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class StringHeap {
  private readonly cache = new Map<number, string>();

  constructor(private readonly bytes: Uint8Array, private readonly range: StreamRange | undefined) {}

  get size(): number {
    return this.range ? this.range.end - this.range.start : 0;
  }

  /** The NUL-terminated UTF-8 string at `offset`; offset 0 is the empty string. */
  get(offset: number): string {
    if (offset === 0) return '';
    const hit = this.cache.get(offset);
    if (hit !== undefined) return hit;
    const r = this.range;
    if (!r || offset >= r.end - r.start) {
      throw new BadImageFormatError('string index outside the #Strings heap', { table: '#Strings', offset });
    }
    const b = this.bytes;
    let p = r.start + offset;
    let ascii = true;
    while (p < r.end && b[p] !== 0) {
      if (b[p] >= 0x80) ascii = false;
      p++;
    }
    if (p >= r.end) throw new BadImageFormatError('string runs past the end of #Strings', { table: '#Strings', offset });
    let s: string;
    if (ascii) {
      s = '';
      for (let i = r.start + offset; i < p; i++) s += String.fromCharCode(b[i]);
    } else {
      s = utf8.decode(b.subarray(r.start + offset, p));
    }
    this.cache.set(offset, s);
    return s;
  }
}

export class BlobHeap {
  constructor(private readonly bytes: Uint8Array, private readonly range: StreamRange | undefined) {}

  get size(): number {
    return this.range ? this.range.end - this.range.start : 0;
  }

  /** A cursor over the blob at `offset` (its length prefix already consumed). */
  cursor(offset: number, what = '#Blob'): ByteCursor {
    const [start, end] = this.span(offset);
    return new ByteCursor(this.bytes, start, end, { table: what, offset });
  }

  /** The blob's bytes (a view, not a copy); offset 0 is the empty blob. */
  get(offset: number): Uint8Array {
    const [start, end] = this.span(offset);
    return this.bytes.subarray(start, end);
  }

  /** Absolute [start, end) of the blob's data. */
  span(offset: number): [number, number] {
    const r = this.range;
    if (offset === 0 && (!r || r.end === r.start)) return [0, 0];
    if (!r || offset >= r.end - r.start) {
      throw new BadImageFormatError('blob index outside the #Blob heap', { table: '#Blob', offset });
    }
    const c = new ByteCursor(this.bytes, r.start + offset, r.end, { table: '#Blob', offset });
    const len = c.compressedU32('blob length');
    if (c.pos + len > r.end) {
      throw new BadImageFormatError(`blob of ${len} bytes runs past the end of #Blob`, { table: '#Blob', offset });
    }
    return [c.pos, c.pos + len];
  }
}

export class GuidHeap {
  constructor(private readonly bytes: Uint8Array, private readonly range: StreamRange | undefined) {}

  /** The GUID at 1-based `index` in registry format, or null for index 0. */
  get(index: number): string | null {
    if (index === 0) return null;
    const r = this.range;
    const off = (index - 1) * 16;
    if (!r || off + 16 > r.end - r.start) {
      throw new BadImageFormatError('GUID index outside the #GUID heap', { table: '#GUID', offset: off });
    }
    const b = this.bytes.subarray(r.start + off, r.start + off + 16);
    const h = (i: number) => b[i].toString(16).padStart(2, '0');
    const d1 = h(3) + h(2) + h(1) + h(0);
    const d2 = h(5) + h(4);
    const d3 = h(7) + h(6);
    const d4 = h(8) + h(9);
    let d5 = '';
    for (let i = 10; i < 16; i++) d5 += h(i);
    return `${d1}-${d2}-${d3}-${d4}-${d5}`.toUpperCase();
  }
}

export class UserStringHeap {
  constructor(private readonly bytes: Uint8Array, private readonly range: StreamRange | undefined) {}

  /** Raw UTF-16LE bytes of the string at `offset` (without the trailing flag byte). */
  raw(offset: number): Uint8Array {
    const r = this.range;
    if (!r || offset >= r.end - r.start) {
      throw new BadImageFormatError('user string index outside the #US heap', { table: '#US', offset });
    }
    const c = new ByteCursor(this.bytes, r.start + offset, r.end, { table: '#US', offset });
    const len = c.compressedU32('user string length');
    if (c.pos + len > r.end) throw new BadImageFormatError('user string runs past the end of #US', { table: '#US', offset });
    // The stored length counts a final byte that flags non-ASCII content (§II.24.2.4).
    const n = len > 0 ? len - 1 : 0;
    return this.bytes.subarray(c.pos, c.pos + (n & ~1));
  }

  /** All bytes of the entry at `offset` after its length prefix, flag byte included. */
  entry(offset: number): Uint8Array {
    const r = this.range;
    if (!r || offset >= r.end - r.start) {
      throw new BadImageFormatError('user string index outside the #US heap', { table: '#US', offset });
    }
    const c = new ByteCursor(this.bytes, r.start + offset, r.end, { table: '#US', offset });
    const len = c.compressedU32('user string length');
    return c.take(len, 'user string');
  }

  /** The string at `offset` (a `ldstr` token's low 24 bits). */
  get(offset: number): string {
    const raw = this.raw(offset);
    let s = '';
    for (let i = 0; i + 1 < raw.length; i += 2) s += String.fromCharCode(raw[i] | (raw[i + 1] << 8));
    return s;
  }
}
