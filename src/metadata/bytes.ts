/**
 * Bounds-checked little-endian reads over a byte array, and the compressed integer encodings of
 * ECMA-335 §II.23.2 (unsigned and signed). Every read past the end raises BadImageFormatError with
 * the offset and a caller-supplied description, so corrupt lengths never become host exceptions.
 */
import { BadImageFormatError, BadImageLocation } from './errors';

/** A cursor over `bytes[start, end)`; `pos` is an absolute index into `bytes`. */
export class ByteCursor {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly start: number,
    readonly end: number,
    /** Describes what is being read, for error messages (`#Blob`, `method body at RVA 0x2050` …). */
    readonly where: BadImageLocation,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end) {
      throw new BadImageFormatError(`${what}: needs ${n} byte(s), ${this.end - this.pos} left`, {
        ...this.where,
        offset: this.pos,
      });
    }
  }

  u8(what = 'byte'): number {
    this.need(1, what);
    return this.bytes[this.pos++];
  }

  peek(what = 'byte'): number {
    this.need(1, what);
    return this.bytes[this.pos];
  }

  u16(what = 'uint16'): number {
    this.need(2, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 2;
    return b[p] | (b[p + 1] << 8);
  }

  u32(what = 'uint32'): number {
    this.need(4, what);
    const v = readU32(this.bytes, this.pos);
    this.pos += 4;
    return v;
  }

  i32(what = 'int32'): number {
    return this.u32(what) | 0;
  }

  u64(what = 'uint64'): bigint {
    const lo = this.u32(what);
    const hi = this.u32(what);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  f32(what = 'float32'): number {
    this.need(4, what);
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }

  f64(what = 'float64'): number {
    this.need(8, what);
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  take(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** ECMA-335 §II.23.2: 1, 2 or 4 bytes, big-endian, length in the top bits of the first byte. */
  compressedU32(what = 'compressed integer'): number {
    const b0 = this.u8(what);
    if ((b0 & 0x80) === 0) return b0;
    if ((b0 & 0xc0) === 0x80) return ((b0 & 0x3f) << 8) | this.u8(what);
    if ((b0 & 0xe0) === 0xc0) {
      this.need(3, what);
      const b = this.bytes;
      const p = this.pos;
      this.pos += 3;
      return (((b0 & 0x1f) << 24) | (b[p] << 16) | (b[p + 1] << 8) | b[p + 2]) >>> 0;
    }
    throw new BadImageFormatError(`${what}: invalid compressed-integer lead byte 0x${b0.toString(16)}`, {
      ...this.where,
      offset: this.pos - 1,
    });
  }

  /** ECMA-335 §II.23.2: the value is rotated left one bit and sign-extended from its encoded width. */
  compressedI32(what = 'compressed signed integer'): number {
    const startPos = this.pos;
    const raw = this.compressedU32(what);
    const width = this.pos - startPos;
    const bits = width === 1 ? 7 : width === 2 ? 14 : 29;
    const negative = (raw & 1) !== 0;
    const mag = raw >>> 1;
    return negative ? mag - (1 << (bits - 1)) : mag;
  }
}

export function readU32(b: Uint8Array, p: number): number {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

export function readU16(b: Uint8Array, p: number): number {
  return b[p] | (b[p + 1] << 8);
}

/** Length prefix of a #Blob/#US entry at `offset` (no bounds beyond `end`): [length, data start]. */
export function decodeBlobLength(b: Uint8Array, offset: number, end: number, where: BadImageLocation): [number, number] {
  const c = new ByteCursor(b, offset, end, where);
  const len = c.compressedU32('blob length');
  return [len, c.pos];
}
