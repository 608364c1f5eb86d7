/**
 * Base relocations (PE/COFF spec §6.6 ".reloc"): blocks of {PageRVA, BlockSize} followed by 16-bit
 * entries, type in the top 4 bits and page offset in the low 12. ABSOLUTE entries are padding and
 * are kept (objdump lists them) so a caller can count them or skip them.
 */
import { hex } from './errors';
import { DataDirectoryIndex } from './headers';
import { ImageView } from './view';

/** IMAGE_REL_BASED_* types. */
export const enum RelocationType {
  /** Padding: no fix-up. */
  Absolute = 0,
  /** High 16 bits of a 32-bit address. */
  High = 1,
  /** Low 16 bits of a 32-bit address. */
  Low = 2,
  /** Full 32-bit address (PE32). */
  HighLow = 3,
  /** High 16 bits with a second adjusting slot. */
  HighAdj = 4,
  /** Full 64-bit address (PE32+). */
  Dir64 = 10,
}

export const RELOCATION_TYPE_NAMES: Record<number, string> = {
  0: 'ABSOLUTE', 1: 'HIGH', 2: 'LOW', 3: 'HIGHLOW', 4: 'HIGHADJ', 5: 'MIPS_JMPADDR', 6: 'SECTION', 7: 'REL32',
  9: 'MIPS_JMPADDR16', 10: 'DIR64',
};

export interface Relocation {
  /** RVA of the patched location (PageRVA + offset). */
  rva: number;
  type: number;
}

export interface RelocationBlock {
  pageRva: number;
  blockSize: number;
  /** RVA of the block header. */
  blockRva: number;
  entries: Relocation[];
}

export function parseBaseRelocations(img: ImageView): RelocationBlock[] {
  const dir = img.directory(DataDirectoryIndex.BaseReloc);
  if (!dir) return [];
  const blocks: RelocationBlock[] = [];
  let at = dir.rva;
  const end = dir.rva + dir.size;
  while (at + 8 <= end) {
    const what = `IMAGE_BASE_RELOCATION[${blocks.length}]`;
    const head = img.struct(at, 8, what);
    const pageRva = head.u32(0);
    const blockSize = head.u32(4);
    // A zero-size block would never advance; an odd one breaks the 16-bit entry grid.
    if (blockSize < 8 || blockSize % 2 !== 0) img.fail(`${what}.SizeOfBlock`, at + 4, `block size ${hex(blockSize)} is invalid`);
    if (at + blockSize > end) {
      img.fail(`${what}.SizeOfBlock`, at + 4, `block of ${hex(blockSize)} bytes runs past the directory end ${hex(end)}`);
    }
    const body = img.struct(at + 8, blockSize - 8, `${what}.TypeOffset`);
    const entries: Relocation[] = [];
    for (let o = 0; o < blockSize - 8; o += 2) {
      const v = body.u16(o);
      entries.push({ rva: pageRva + (v & 0xfff), type: v >> 12 });
    }
    blocks.push({ pageRva, blockSize, blockRva: at, entries });
    at += blockSize;
  }
  return blocks;
}
