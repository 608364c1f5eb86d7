/**
 * The section table (PE/COFF spec §4 "Section Table (Section Headers)") and the translation from
 * RVA to a position in the byte array. Two layouts are supported:
 *  - file layout: each section's raw data sits at PointerToRawData; the headers at offset 0;
 *  - mapped layout: the bytes are an image as the loader placed it, so an RVA is the offset.
 * In the file layout the part of a section past SizeOfRawData (up to VirtualSize) reads as zeros,
 * as it does after loading.
 */
import { hex } from './errors';
import { SECTION_HEADER_SIZE } from './headers';
import { ByteReader } from './reader';

/** IMAGE_SECTION_HEADER.Characteristics bits (the common ones). */
export const enum SectionCharacteristics {
  /** Contains executable code. */
  CntCode = 0x00000020,
  /** Contains initialised data. */
  CntInitializedData = 0x00000040,
  /** Contains uninitialised data. */
  CntUninitializedData = 0x00000080,
  /** Can be discarded after loading. */
  MemDiscardable = 0x02000000,
  /** Shared between processes (CoreCLR's IL-only check rejects it). */
  MemShared = 0x10000000,
  /** Executable. */
  MemExecute = 0x20000000,
  /** Readable. */
  MemRead = 0x40000000,
  /** Writable. */
  MemWrite = 0x80000000,
}

/** File offsets of each field of one section header (for tools that patch or annotate). */
export interface SectionHeaderOffsets {
  name: number;
  virtualSize: number;
  virtualAddress: number;
  sizeOfRawData: number;
  pointerToRawData: number;
  pointerToRelocations: number;
  pointerToLinenumbers: number;
  numberOfRelocations: number;
  numberOfLinenumbers: number;
  characteristics: number;
}

export interface SectionHeader {
  /**
   * Name with trailing NULs removed. A "/n" name (object-file style, which mingw also writes for
   * debug sections in images) is resolved through the COFF string table when that lies inside the
   * file; otherwise it stays as written, as Windows never looks at section names.
   */
  name: string;
  /** The 8 name bytes as written, trailing NULs removed. */
  rawName: string;
  virtualSize: number;
  virtualAddress: number;
  sizeOfRawData: number;
  pointerToRawData: number;
  pointerToRelocations: number;
  pointerToLinenumbers: number;
  numberOfRelocations: number;
  numberOfLinenumbers: number;
  characteristics: number;
  /** File offset of this section header. */
  headerOffset: number;
  offsets: SectionHeaderOffsets;
}

/** Resolves "/123" names through the COFF string table (after the symbol table, 18 bytes a symbol). */
function longName(r: ByteReader, raw: string, symbols?: { pointer: number; count: number }): string {
  const m = /^\/(\d+)$/.exec(raw);
  if (!m || !symbols || symbols.pointer === 0) return raw;
  const at = symbols.pointer + symbols.count * 18 + parseInt(m[1], 10);
  if (at >= r.length) return raw;
  const end = r.bytes.indexOf(0, at);
  if (end < 0 || end - at > 256) return raw;
  return Buffer.from(r.bytes.subarray(at, end)).toString('latin1');
}

export function parseSectionTable(
  r: ByteReader,
  tableOffset: number,
  count: number,
  symbols?: { pointer: number; count: number },
): SectionHeader[] {
  const S = 'IMAGE_SECTION_HEADER';
  // Check the whole table once so an absurd NumberOfSections fails fast with one clear message.
  if (tableOffset + count * SECTION_HEADER_SIZE > r.length) {
    r.fail('IMAGE_FILE_HEADER.NumberOfSections', tableOffset,
      `${count} section headers (${hex(count * SECTION_HEADER_SIZE)} bytes) run past the end of the image (${hex(r.length)})`);
  }
  const sections: SectionHeader[] = [];
  for (let i = 0; i < count; i++) {
    const o = tableOffset + i * SECTION_HEADER_SIZE;
    const raw = r.slice(o, 8, `${S}[${i}].Name`);
    let end = raw.indexOf(0);
    if (end < 0) end = 8;
    const offsets: SectionHeaderOffsets = {
      name: o, virtualSize: o + 8, virtualAddress: o + 12, sizeOfRawData: o + 16, pointerToRawData: o + 20,
      pointerToRelocations: o + 24, pointerToLinenumbers: o + 28, numberOfRelocations: o + 32,
      numberOfLinenumbers: o + 34, characteristics: o + 36,
    };
    const rawName = Buffer.from(raw.subarray(0, end)).toString('latin1');
    sections.push({
      name: longName(r, rawName, symbols),
      rawName,
      virtualSize: r.u32(o + 8, `${S}[${i}].VirtualSize`),
      virtualAddress: r.u32(o + 12, `${S}[${i}].VirtualAddress`),
      sizeOfRawData: r.u32(o + 16, `${S}[${i}].SizeOfRawData`),
      pointerToRawData: r.u32(o + 20, `${S}[${i}].PointerToRawData`),
      pointerToRelocations: r.u32(o + 24, `${S}[${i}].PointerToRelocations`),
      pointerToLinenumbers: r.u32(o + 28, `${S}[${i}].PointerToLinenumbers`),
      numberOfRelocations: r.u16(o + 32, `${S}[${i}].NumberOfRelocations`),
      numberOfLinenumbers: r.u16(o + 34, `${S}[${i}].NumberOfLinenumbers`),
      characteristics: r.u32(o + 36, `${S}[${i}].Characteristics`),
      headerOffset: o,
      offsets,
    });
  }
  return sections;
}

/** Where an RVA lands: a byte position, or inside a section's zero-filled tail. */
export interface RvaLocation {
  /** Position in the byte array of the first byte, when that byte is backed by data. */
  offset: number;
  /** How many bytes from `offset` are backed by data (the rest of the range reads as zeros). */
  backed: number;
  /** How many bytes from the RVA lie in the same section/header region (data + zero tail). */
  extent: number;
  section?: SectionHeader;
}

/** RVA → byte position for one image layout. */
export class AddressSpace {
  constructor(
    readonly sections: readonly SectionHeader[],
    readonly sizeOfHeaders: number,
    readonly mapped: boolean,
    readonly length: number,
  ) {}

  /** The section whose virtual range holds `rva`, if any. */
  sectionOf(rva: number): SectionHeader | undefined {
    for (const s of this.sections) {
      const size = Math.max(s.virtualSize, s.sizeOfRawData);
      if (rva >= s.virtualAddress && rva < s.virtualAddress + size) return s;
    }
    return undefined;
  }

  locate(rva: number): RvaLocation | undefined {
    if (!Number.isInteger(rva) || rva < 0) return undefined;
    if (this.mapped) {
      if (rva >= this.length) return undefined;
      return { offset: rva, backed: this.length - rva, extent: this.length - rva, section: this.sectionOf(rva) };
    }
    const s = this.sectionOf(rva);
    if (!s) {
      // Headers are mapped at RVA 0 with file offset 0.
      const headerSpan = Math.min(this.sizeOfHeaders, this.length);
      if (rva < headerSpan) return { offset: rva, backed: headerSpan - rva, extent: headerSpan - rva };
      return undefined;
    }
    const delta = rva - s.virtualAddress;
    const size = Math.max(s.virtualSize, s.sizeOfRawData);
    const rawEnd = Math.min(s.sizeOfRawData, Math.max(0, this.length - s.pointerToRawData));
    const backed = Math.max(0, rawEnd - delta);
    return { offset: s.pointerToRawData + delta, backed, extent: size - delta, section: s };
  }

  /** RVA → file offset, undefined when the RVA is not backed by file data. */
  rvaToOffset(rva: number): number | undefined {
    const loc = this.locate(rva);
    return loc && loc.backed > 0 ? loc.offset : undefined;
  }
}
