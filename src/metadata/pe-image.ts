/**
 * Just enough of PE/COFF (ECMA-335 §II.25, Microsoft PE/COFF spec) to find a CLI image's
 * metadata: headers, section table, RVA→file-offset mapping and the CLI header (data directory
 * 14). The OS loader has its own full PE parser; this one exists so that `src/metadata` imports
 * nothing else of ours and can open an assembly straight from its bytes.
 */
import { ByteCursor, readU16, readU32 } from './bytes';
import { BadImageFormatError } from './errors';

/** One section header: where its bytes are in the file and in memory. */
export interface PeSection {
  name: string;
  virtualAddress: number;
  virtualSize: number;
  rawOffset: number;
  rawSize: number;
}

/** An RVA + size pair from a data directory or the CLI header. */
export interface DataDirectory {
  rva: number;
  size: number;
}

/** The CLI header (ECMA-335 §II.25.3.3). */
export interface CliHeader {
  cb: number;
  majorRuntimeVersion: number;
  minorRuntimeVersion: number;
  metadata: DataDirectory;
  /** COMIMAGE_FLAGS_* (ILONLY 0x1, 32BITREQUIRED 0x2, STRONGNAMESIGNED 0x8 …). */
  flags: number;
  /** A MethodDef or File token, or 0 for a library. */
  entryPointToken: number;
  resources: DataDirectory;
  strongNameSignature: DataDirectory;
  vtableFixups: DataDirectory;
}

const enum PeOffsets {
  /** e_lfanew: file offset of the PE signature. */
  DosLfanew = 0x3c,
  /** Size of the COFF file header after the 4-byte signature. */
  CoffHeaderSize = 20,
  /** Bytes per section header. */
  SectionHeaderSize = 40,
  /** Optional-header magic for PE32. */
  MagicPe32 = 0x10b,
  /** Optional-header magic for PE32+. */
  MagicPe32Plus = 0x20b,
  /** IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR. */
  ComDescriptorDirectory = 14,
}

/** The parsed headers of a PE file that carries CLI metadata. */
export class PeImage {
  readonly sections: PeSection[] = [];
  readonly is64: boolean;
  readonly cliHeader: CliHeader;

  constructor(readonly bytes: Uint8Array) {
    const b = bytes;
    if (b.length < 0x40 || b[0] !== 0x4d || b[1] !== 0x5a) {
      throw new BadImageFormatError('not a PE file: missing MZ signature', { offset: 0, field: 'e_magic' });
    }
    const peOff = readU32(b, PeOffsets.DosLfanew);
    if (peOff + 4 + PeOffsets.CoffHeaderSize > b.length) {
      throw new BadImageFormatError('e_lfanew points past the end of the file', { offset: PeOffsets.DosLfanew, field: 'e_lfanew' });
    }
    if (readU32(b, peOff) !== 0x00004550) {
      throw new BadImageFormatError('missing PE\\0\\0 signature', { offset: peOff, field: 'Signature' });
    }
    const coff = peOff + 4;
    const numberOfSections = readU16(b, coff + 2);
    const sizeOfOptionalHeader = readU16(b, coff + 16);
    const opt = coff + PeOffsets.CoffHeaderSize;
    const c = new ByteCursor(b, opt, Math.min(b.length, opt + sizeOfOptionalHeader), { field: 'optional header' });
    const magic = c.u16('Magic');
    if (magic !== PeOffsets.MagicPe32 && magic !== PeOffsets.MagicPe32Plus) {
      throw new BadImageFormatError(`unknown optional-header magic 0x${magic.toString(16)}`, { offset: opt, field: 'Magic' });
    }
    this.is64 = magic === PeOffsets.MagicPe32Plus;
    const countOffset = opt + (this.is64 ? 108 : 92);
    c.pos = countOffset;
    const numberOfRvaAndSizes = c.u32('NumberOfRvaAndSizes');
    if (numberOfRvaAndSizes <= PeOffsets.ComDescriptorDirectory) {
      throw new BadImageFormatError('no CLI header: data directory 14 is absent', { offset: countOffset, field: 'NumberOfRvaAndSizes' });
    }
    c.pos = countOffset + 4 + 8 * PeOffsets.ComDescriptorDirectory;
    const cliRva = c.u32('COM descriptor RVA');
    const cliSize = c.u32('COM descriptor size');

    const secStart = opt + sizeOfOptionalHeader;
    const sc = new ByteCursor(b, secStart, b.length, { field: 'section table' });
    for (let i = 0; i < numberOfSections; i++) {
      sc.pos = secStart + i * PeOffsets.SectionHeaderSize;
      const nameBytes = sc.take(8, 'section Name');
      let name = '';
      for (const ch of nameBytes) if (ch) name += String.fromCharCode(ch);
      const virtualSize = sc.u32('VirtualSize');
      const virtualAddress = sc.u32('VirtualAddress');
      const rawSize = sc.u32('SizeOfRawData');
      const rawOffset = sc.u32('PointerToRawData');
      this.sections.push({ name, virtualAddress, virtualSize, rawOffset, rawSize });
    }

    if (cliRva === 0 || cliSize === 0) {
      throw new BadImageFormatError('not a CLI image: data directory 14 (COM descriptor) is empty', { field: 'COM descriptor' });
    }
    const h = new ByteCursor(b, this.rvaToOffset(cliRva, 72, 'CLI header'), b.length, { field: 'CLI header' });
    const dir = (what: string): DataDirectory => ({ rva: h.u32(`${what}.RVA`), size: h.u32(`${what}.Size`) });
    const cb = h.u32('cb');
    const majorRuntimeVersion = h.u16('MajorRuntimeVersion');
    const minorRuntimeVersion = h.u16('MinorRuntimeVersion');
    const metadata = dir('MetaData');
    const flags = h.u32('Flags');
    const entryPointToken = h.u32('EntryPointToken');
    const resources = dir('Resources');
    const strongNameSignature = dir('StrongNameSignature');
    dir('CodeManagerTable');
    const vtableFixups = dir('VTableFixups');
    this.cliHeader = { cb, majorRuntimeVersion, minorRuntimeVersion, metadata, flags, entryPointToken, resources, strongNameSignature, vtableFixups };
  }

  /** Maps an RVA to a file offset, requiring `length` bytes to lie inside one section's raw data. */
  rvaToOffset(rva: number, length: number, what: string): number {
    for (const s of this.sections) {
      const extent = Math.max(s.virtualSize, s.rawSize);
      if (rva >= s.virtualAddress && rva < s.virtualAddress + extent) {
        const delta = rva - s.virtualAddress;
        const off = s.rawOffset + delta;
        if (delta + length > s.rawSize || off + length > this.bytes.length) {
          throw new BadImageFormatError(`${what} at RVA 0x${rva.toString(16)} runs past its section's file data`, {
            field: what,
            offset: off,
          });
        }
        return off;
      }
    }
    throw new BadImageFormatError(`${what}: RVA 0x${rva.toString(16)} is in no section`, { field: what });
  }

  /** Like rvaToOffset but returns -1 when the RVA maps nowhere (for lazily validated data). */
  tryRvaToOffset(rva: number): number {
    for (const s of this.sections) {
      if (rva >= s.virtualAddress && rva < s.virtualAddress + Math.max(s.virtualSize, s.rawSize)) {
        const delta = rva - s.virtualAddress;
        return delta < s.rawSize ? s.rawOffset + delta : -1;
      }
    }
    return -1;
  }

  /** The bytes of the section containing `rva`, from `rva` to the end of its raw data. */
  bytesAtRva(rva: number, what: string): { offset: number; end: number } {
    for (const s of this.sections) {
      if (rva >= s.virtualAddress && rva < s.virtualAddress + Math.max(s.virtualSize, s.rawSize)) {
        const delta = rva - s.virtualAddress;
        if (delta >= s.rawSize) break;
        return { offset: s.rawOffset + delta, end: Math.min(this.bytes.length, s.rawOffset + s.rawSize) };
      }
    }
    throw new BadImageFormatError(`${what}: RVA 0x${rva.toString(16)} has no file data`, { field: what });
  }
}
