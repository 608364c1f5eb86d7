/**
 * A growable little-endian byte buffer for building a minidump: structures are appended (each at
 * the RVA — file offset — where it lands) or reserved first and patched once their contents are
 * known (a directory that points at streams written after it).
 */

/** A file offset inside the dump being built. */
export type Rva = number & { readonly __rva: unique symbol };

/** MINIDUMP_LOCATION_DESCRIPTOR: where a piece of the dump is and how big it is. */
export interface Location {
  readonly rva: Rva;
  readonly size: number;
}

/** A dump larger than 4 GiB cannot be addressed by 32-bit RVAs. */
export class MinidumpTooLargeError extends Error {
  override name = 'MinidumpTooLargeError';
  constructor(readonly size: number) {
    super(`a minidump of ${size} bytes exceeds the 4 GiB that 32-bit RVAs address`);
  }
}

export class ByteWriter {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  private length = 0;

  get position(): Rva {
    return this.length as Rva;
  }

  /** Appends `size` zero bytes (aligned to `align`) and returns where they start. */
  reserve(size: number, align = 4): Rva {
    this.align(align);
    const at = this.length;
    this.ensure(at + size);
    this.length = at + size;
    return at as Rva;
  }

  append(data: Uint8Array, align = 4): Location {
    const rva = this.reserve(data.length, align);
    this.bytes.set(data, rva);
    return { rva, size: data.length };
  }

  align(to: number): void {
    const pad = (to - (this.length % to)) % to;
    this.ensure(this.length + pad);
    this.length += pad;
  }

  u8(at: number, v: number): void { this.view.setUint8(at, v); }
  u16(at: number, v: number): void { this.view.setUint16(at, v, true); }
  u32(at: number, v: number): void { this.view.setUint32(at, v >>> 0, true); }
  u64(at: number, v: bigint): void { this.view.setBigUint64(at, BigInt.asUintN(64, v), true); }
  set(at: number, data: Uint8Array): void { this.bytes.set(data, at); }
  location(at: number, loc: Location): void {
    this.u32(at, loc.size);
    this.u32(at + 4, loc.rva);
  }

  /** A MINIDUMP_STRING: byte length (without the terminator), UTF-16LE text, a NUL. */
  string(text: string): Rva {
    const body = Buffer.from(`${text}\0`, 'utf16le');
    const rva = this.reserve(4 + body.length, 4);
    this.u32(rva, body.length - 2);
    this.set(rva + 4, body);
    return rva;
  }

  finish(): Uint8Array {
    if (this.length > 0xffff_ffff) throw new MinidumpTooLargeError(this.length);
    return this.bytes.slice(0, this.length);
  }

  private ensure(size: number): void {
    if (size <= this.bytes.length) return;
    if (size > 0xffff_ffff) throw new MinidumpTooLargeError(size);
    let n = this.bytes.length;
    while (n < size) n *= 2;
    const next = new Uint8Array(n);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }
}
