/**
 * Shared helpers for the mscoree tests: loading the compiled inputs, mapping an image into a host
 * buffer, patching bytes at RVAs, and the field-by-field statement of what the PE32→PE32+ rules
 * say the converted headers must be.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BufferImageMemory, DataDirectoryIndex, PeImage, layoutImage, parsePe } from '../../loader/pe';

export const INPUTS = path.resolve(__dirname, '..', '..', 'build', 'test', 'mscoree', 'inputs');

export function loadInput(name: string): PeImage {
  return parsePe(fs.readFileSync(path.join(INPUTS, name)), name);
}

export interface Mapped {
  file: PeImage;
  memory: BufferImageMemory;
  /** The mapped bytes before anything ran, for "unchanged" checks. */
  before: Uint8Array;
}

export function mapImage(file: PeImage): Mapped {
  const bytes = layoutImage(file);
  return { file, memory: new BufferImageMemory(bytes), before: bytes.slice() };
}

/** Writes a little-endian value of `width` bytes at a file offset of a copy of `pe`'s bytes. */
export function patchFile(pe: PeImage, edits: { offset: number; value: number | number[]; width?: 1 | 2 | 4 }[]): PeImage {
  const b = new Uint8Array(pe.bytes);
  const dv = new DataView(b.buffer);
  for (const e of edits) {
    if (Array.isArray(e.value)) b.set(e.value, e.offset);
    else if (e.width === 1) dv.setUint8(e.offset, e.value);
    else if (e.width === 2) dv.setUint16(e.offset, e.value, true);
    else dv.setUint32(e.offset, e.value >>> 0, true);
  }
  return parsePe(b, pe.fileName);
}

/** File offset of an RVA that must be backed by file data. */
export function offsetOf(pe: PeImage, rva: number): number {
  const off = pe.rvaToOffset(rva);
  if (off === undefined) throw new Error(`test setup: RVA 0x${rva.toString(16)} is not in the file`);
  return off;
}

const KEPT = [DataDirectoryIndex.Resource, DataDirectoryIndex.Security, DataDirectoryIndex.BaseReloc, DataDirectoryIndex.Debug, DataDirectoryIndex.ComDescriptor];

/**
 * Every way `after` (the mapped image after _CorValidateImage) departs from what the conversion
 * rules say it must be, given `before` (the PE32 file). Empty when the conversion is right.
 */
export function conversionMismatches(before: PeImage, after: PeImage, mappedBefore: Uint8Array): string[] {
  const out: string[] = [];
  const eq = (what: string, a: unknown, b: unknown): void => {
    if (a !== b) out.push(`${what}: got ${String(a)}, rules say ${String(b)}`);
  };
  eq('is64', after.is64, true);
  eq('Magic', after.optionalHeader.magic, 0x20b);
  eq('SizeOfOptionalHeader', after.fileHeader.sizeOfOptionalHeader, 0xf0);
  for (const k of ['machine', 'numberOfSections', 'timeDateStamp', 'pointerToSymbolTable', 'numberOfSymbols', 'characteristics'] as const) {
    eq(`FileHeader.${k}`, after.fileHeader[k], before.fileHeader[k]);
  }
  const a = after.optionalHeader;
  const b = before.optionalHeader;
  const same = [
    'majorLinkerVersion', 'minorLinkerVersion', 'sizeOfCode', 'sizeOfInitializedData', 'sizeOfUninitializedData', 'baseOfCode',
    'imageBase', 'sectionAlignment', 'fileAlignment', 'majorOperatingSystemVersion', 'minorOperatingSystemVersion',
    'majorImageVersion', 'minorImageVersion', 'majorSubsystemVersion', 'minorSubsystemVersion', 'win32VersionValue',
    'sizeOfImage', 'sizeOfHeaders', 'checkSum', 'subsystem', 'dllCharacteristics', 'sizeOfStackReserve', 'sizeOfStackCommit',
    'sizeOfHeapReserve', 'sizeOfHeapCommit', 'loaderFlags',
  ] as const;
  for (const k of same) eq(`OptionalHeader.${k}`, a[k], b[k]);
  eq('AddressOfEntryPoint', a.addressOfEntryPoint, 0);
  eq('BaseOfData', a.baseOfData, undefined);
  eq('NumberOfRvaAndSizes', a.numberOfRvaAndSizes, 16);
  for (let i = 0; i < 16; i++) {
    const kept = KEPT.includes(i) && i < b.numberOfRvaAndSizes;
    eq(`DataDirectory[${i}].rva`, after.dataDirectories[i].rva, kept ? before.dataDirectories[i].rva : 0);
    eq(`DataDirectory[${i}].size`, after.dataDirectories[i].size, kept ? before.dataDirectories[i].size : 0);
  }
  eq('section count', after.sections.length, before.sections.length);
  before.sections.forEach((s, i) => {
    const t = after.sections[i];
    for (const k of ['rawName', 'virtualSize', 'virtualAddress', 'sizeOfRawData', 'pointerToRawData', 'characteristics'] as const) {
      eq(`section[${i}].${k}`, t?.[k], s[k]);
    }
    eq(`section[${i}] header moved by 16`, t?.headerOffset, s.headerOffset + 16);
  });
  for (const k of Object.keys(before.dosHeader) as (keyof PeImage['dosHeader'])[]) eq(`DosHeader.${k}`, after.dosHeader[k], before.dosHeader[k]);
  eq('CLI header', JSON.stringify(after.cliHeader), JSON.stringify(before.cliHeader));
  // Nothing past the headers moves: sections, metadata and IL are byte-for-byte as mapped.
  const headersEnd = before.optionalHeader.sizeOfHeaders;
  const afterBytes = after.bytes;
  let firstDiff = -1;
  for (let i = headersEnd; i < mappedBefore.length; i++) {
    if (afterBytes[i] !== mappedBefore[i]) {
      firstDiff = i;
      break;
    }
  }
  eq('first changed byte past the headers', firstDiff, -1);
  return out;
}
