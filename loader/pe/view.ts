/**
 * Reading the image by RVA, for the lazy directory parsers. A directory parser asks for a whole
 * structure at once (`struct`), which is bounds-checked against the section (or header region)
 * holding it, and then reads fields from the returned Struct without further checks. Failures name
 * the field and give the file offset when the RVA maps to file data, else the RVA itself.
 */
import { BadImageFormatError, hex } from './errors';
import { DataDirectory, FileHeader, OptionalHeader } from './headers';
import { AddressSpace } from './sections';

/** A checked, fixed-size window of bytes read at an RVA. */
export class Struct {
  private readonly dv: DataView;
  constructor(
    readonly bytes: Uint8Array,
    /** RVA of byte 0. */
    readonly rva: number,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u8(o: number): number {
    return this.bytes[o];
  }
  u16(o: number): number {
    return this.dv.getUint16(o, true);
  }
  u32(o: number): number {
    return this.dv.getUint32(o, true);
  }
  u64(o: number): bigint {
    return this.dv.getBigUint64(o, true);
  }
}

/** What the directory parsers need from the image. */
export class ImageView {
  constructor(
    readonly bytes: Uint8Array,
    readonly space: AddressSpace,
    readonly fileHeader: FileHeader,
    readonly optionalHeader: OptionalHeader,
    readonly dataDirectories: readonly DataDirectory[],
    readonly is64: boolean,
    readonly fileName?: string,
  ) {}

  get mapped(): boolean {
    return this.space.mapped;
  }

  get imageBase(): bigint {
    return this.optionalHeader.imageBase;
  }

  /** Size of a pointer in the image: 8 for PE32+, 4 for PE32. */
  get pointerSize(): number {
    return this.is64 ? 8 : 4;
  }

  /** The reported position for a field at `rva`: its file offset when it has one, else the RVA. */
  where(rva: number): number {
    return this.space.rvaToOffset(rva) ?? rva;
  }

  fail(field: string, rva: number, problem: string): never {
    const off = this.space.rvaToOffset(rva);
    const text = off === undefined ? `${problem} (RVA ${hex(rva)}, not backed by file data)` : `${problem} (RVA ${hex(rva)})`;
    throw new BadImageFormatError(field, off ?? rva, text, this.fileName);
  }

  /** `size` bytes at `rva`; bytes in a section's uninitialised tail read as zero. */
  readAtRva(rva: number, size: number, field: string): Uint8Array {
    const loc = this.space.locate(rva);
    if (!loc || !Number.isInteger(size) || size < 0 || size > loc.extent) {
      throw new BadImageFormatError(field, loc?.offset ?? rva,
        `${hex(size)} byte(s) at RVA ${hex(rva)} are not inside one section of the image`, this.fileName);
    }
    if (size <= loc.backed) return this.bytes.subarray(loc.offset, loc.offset + size);
    // A zero-filled read larger than the whole file can only come from corrupt sizes; refusing it
    // keeps a mutated VirtualSize from making the host allocate gigabytes.
    if (size > this.bytes.length + 0x10000) {
      throw new BadImageFormatError(field, loc.offset, `${hex(size)} byte(s) at RVA ${hex(rva)} exceed the image's size`, this.fileName);
    }
    const out = new Uint8Array(size);
    if (loc.backed > 0) out.set(this.bytes.subarray(loc.offset, loc.offset + loc.backed));
    return out;
  }

  struct(rva: number, size: number, field: string): Struct {
    return new Struct(this.readAtRva(rva, size, field), rva);
  }

  u16At(rva: number, field: string): number {
    return this.struct(rva, 2, field).u16(0);
  }

  u32At(rva: number, field: string): number {
    return this.struct(rva, 4, field).u32(0);
  }

  /** A pointer-sized value at `rva` as bigint. */
  ptrAt(rva: number, field: string): bigint {
    const s = this.struct(rva, this.pointerSize, field);
    return this.is64 ? s.u64(0) : BigInt(s.u32(0));
  }

  /** NUL-terminated string at `rva`, at most `max` bytes long. */
  cstringAt(rva: number, field: string, max = 4096): string {
    const loc = this.space.locate(rva);
    if (!loc) this.fail(field, rva, `string RVA ${hex(rva)} is outside the image`);
    const limit = Math.min(loc.backed, max + 1);
    for (let i = 0; i < limit; i++) {
      if (this.bytes[loc.offset + i] === 0) return Buffer.from(this.bytes.subarray(loc.offset, loc.offset + i)).toString('latin1');
    }
    // The string runs into the zero-filled tail of its section: the first zero byte ends it.
    if (limit === loc.backed && loc.extent > loc.backed && loc.backed <= max) {
      return Buffer.from(this.bytes.subarray(loc.offset, loc.offset + loc.backed)).toString('latin1');
    }
    this.fail(field, rva, `string is not NUL-terminated within ${Math.min(max, loc.extent)} bytes`);
  }

  /** Converts a virtual address stored in the image (TLS, load config) to an RVA. */
  vaToRva(va: bigint, field: string, at: number): number {
    const rva = va - this.imageBase;
    if (rva < 0n || rva >= 0x1_0000_0000n) {
      this.fail(field, at, `address ${hex(va)} is not inside the image based at ${hex(this.imageBase)}`);
    }
    return Number(rva);
  }

  /** The data directory at `index`, or undefined when absent (RVA 0). */
  directory(index: number): DataDirectory | undefined {
    const d = this.dataDirectories[index];
    return d && d.rva !== 0 ? d : undefined;
  }
}
