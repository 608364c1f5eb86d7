/**
 * Little-endian field access over an ImageMemory (a mapped image, in guest memory or a host
 * buffer), so the validation code reads and writes header fields by RVA without caring where the
 * image lives. Reads copy; writes go straight through to the memory. A failing access (an RVA the
 * memory does not hold, a page it will not write) becomes an ImageAccessFailure carrying the
 * RVA and the memory's own error, which `_CorValidateImage` turns into its status code.
 */
import type { ImageMemory } from '../../loader/pe';

export class ImageAccessFailure extends Error {
  override name = 'ImageAccessFailure';
  constructor(
    readonly access: 'read' | 'write',
    readonly rva: number,
    readonly length: number,
    override readonly cause: unknown,
  ) {
    super(`${access} of ${length} byte(s) at RVA 0x${rva.toString(16)} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export class ImageFields {
  constructor(private readonly memory: ImageMemory) {}

  bytes(rva: number, length: number): Uint8Array {
    try {
      return this.memory.read(rva, length);
    } catch (err) {
      throw new ImageAccessFailure('read', rva, length, err);
    }
  }

  write(rva: number, data: Uint8Array): void {
    try {
      this.memory.write(rva, data);
    } catch (err) {
      throw new ImageAccessFailure('write', rva, data.length, err);
    }
  }

  u16(rva: number): number {
    const b = this.bytes(rva, 2);
    return b[0] | (b[1] << 8);
  }

  u32(rva: number): number {
    const b = this.bytes(rva, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  writeU16(rva: number, value: number): void {
    this.write(rva, Uint8Array.of(value & 0xff, (value >>> 8) & 0xff));
  }

  writeU32(rva: number, value: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    this.write(rva, b);
  }
}

export function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}
