/**
 * Bounds-checked little-endian reads over a byte array. Every read names the field it is for, so a
 * read past the end becomes a BadImageFormatError carrying that field and the offset instead of a
 * RangeError. All multi-byte values in PE/COFF are little-endian (PE/COFF spec, "General Concepts").
 */
import { BadImageFormatError, hex } from './errors';

export class ByteReader {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly fileName?: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Throws unless [offset, offset+size) lies inside the data. */
  check(offset: number, size: number, field: string): void {
    if (!Number.isInteger(offset) || offset < 0 || size < 0 || offset + size > this.bytes.length) {
      throw new BadImageFormatError(
        field,
        offset,
        `${size} byte(s) needed but the image is ${hex(this.bytes.length)} bytes long`,
        this.fileName,
      );
    }
  }

  fail(field: string, offset: number, problem: string): never {
    throw new BadImageFormatError(field, offset, problem, this.fileName);
  }

  u8(offset: number, field: string): number {
    this.check(offset, 1, field);
    return this.bytes[offset];
  }

  u16(offset: number, field: string): number {
    this.check(offset, 2, field);
    return this.view.getUint16(offset, true);
  }

  u32(offset: number, field: string): number {
    this.check(offset, 4, field);
    return this.view.getUint32(offset, true);
  }

  u64(offset: number, field: string): bigint {
    this.check(offset, 8, field);
    return this.view.getBigUint64(offset, true);
  }

  /** A pointer-sized value: 4 bytes in PE32, 8 in PE32+. */
  ptr(offset: number, is64: boolean, field: string): bigint {
    return is64 ? this.u64(offset, field) : BigInt(this.u32(offset, field));
  }

  slice(offset: number, size: number, field: string): Uint8Array {
    this.check(offset, size, field);
    return this.bytes.subarray(offset, offset + size);
  }

  /** A NUL-terminated byte string (ASCII/UTF-8), at most `max` bytes before the NUL. */
  cstring(offset: number, field: string, max = 4096): string {
    this.check(offset, 1, field);
    const end = Math.min(this.bytes.length, offset + max + 1);
    let i = offset;
    while (i < end && this.bytes[i] !== 0) i++;
    if (i >= end) this.fail(field, offset, `string is not NUL-terminated within ${max} bytes`);
    return Buffer.from(this.bytes.subarray(offset, i)).toString('latin1');
  }
}
