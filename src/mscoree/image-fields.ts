/**
 * Little-endian field access over an ImageMemory (a mapped image, in guest memory or a host
 * buffer), so the validation code reads and writes header fields by RVA without caring where the
 * image lives. Reads copy; writes go straight through to the memory.
 */
import type { ImageMemory } from '../../loader/pe';

export class ImageFields {
  constructor(readonly memory: ImageMemory) {}

  bytes(rva: number, length: number): Uint8Array {
    return this.memory.read(rva, length);
  }

  u16(rva: number): number {
    const b = this.memory.read(rva, 2);
    return b[0] | (b[1] << 8);
  }

  u32(rva: number): number {
    const b = this.memory.read(rva, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  writeU16(rva: number, value: number): void {
    this.memory.write(rva, Uint8Array.of(value & 0xff, (value >>> 8) & 0xff));
  }

  writeU32(rva: number, value: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    this.memory.write(rva, b);
  }
}

export function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}
