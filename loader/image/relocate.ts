/**
 * Base relocations (PE/COFF spec §6.6): when an image is not at its preferred ImageBase, every
 * absolute address the linker baked in moves by the same delta. DIR64 patches 8 bytes (PE32+),
 * HIGHLOW 4 bytes (PE32, the managed images mscoree later widens); ABSOLUTE is padding. Other
 * types do not occur in x64 or x86 images and are rejected rather than silently skipped.
 */
import type { Memory } from '../../emu';
import { BadImageFormatError, RelocationType, hex, type PeImage } from '../pe';

/** Applies every fix-up; returns how many were applied. */
export function applyBaseRelocations(memory: Memory, pe: PeImage, base: bigint, delta: bigint, name: string): number {
  const sizeOfImage = pe.optionalHeader.sizeOfImage;
  let applied = 0;
  for (const block of pe.baseRelocations) {
    for (const r of block.entries) {
      switch (r.type) {
        case RelocationType.Absolute:
          break;
        case RelocationType.Dir64: {
          checkTarget(r.rva, 8, sizeOfImage, block.blockRva, name);
          const at = base + BigInt(r.rva);
          memory.setU64(at, BigInt.asUintN(64, memory.u64(at) + delta));
          applied++;
          break;
        }
        case RelocationType.HighLow: {
          checkTarget(r.rva, 4, sizeOfImage, block.blockRva, name);
          const at = base + BigInt(r.rva);
          memory.setU32(at, Number(BigInt.asUintN(32, BigInt(memory.u32(at)) + delta)));
          applied++;
          break;
        }
        default:
          throw new BadImageFormatError('IMAGE_BASE_RELOCATION.TypeOffset', block.blockRva,
            `relocation type ${r.type} at RVA ${hex(r.rva)} is not supported for this machine`, name);
      }
    }
  }
  return applied;
}

function checkTarget(rva: number, width: number, sizeOfImage: number, blockRva: number, name: string): void {
  if (rva < 0 || rva + width > sizeOfImage) {
    throw new BadImageFormatError('IMAGE_BASE_RELOCATION.TypeOffset', blockRva,
      `fix-up at RVA ${hex(rva)} (${width} bytes) lies outside SizeOfImage ${hex(sizeOfImage)}`, name);
  }
}
