/**
 * The in-memory PE32 → PE32+ header rewrite that lets a 32-bit IL-only image load in a 64-bit
 * process (what mscoree's `_CorValidateImage` does on 64-bit Windows; Mono's coree.c and Wine's
 * `convert_to_pe64` do the same). Only headers change; sections stay where they are mapped.
 *
 * Layout facts (PE/COFF spec §3.4): the PE32 optional header is 0xE0 bytes with 16 directories,
 * the PE32+ one 0xF0. Fields 0x00–0x17 and 0x20–0x47 sit at the same offsets in both; BaseOfData
 * (0x18) disappears and ImageBase (0x1C, 4 bytes) becomes 8 bytes at 0x18; the four stack/heap
 * sizes widen from 4 to 8 bytes (0x48…); LoaderFlags and NumberOfRvaAndSizes move to 0x68/0x6C;
 * the directories move from 0x60 to 0x70; the section table follows the new header (+16 bytes
 * for a standard header). The caller has already checked SizeOfHeaders leaves room for that.
 *
 * Directories that describe native code or native binding (export, import, exception, TLS, load
 * config, bound import, IAT, delay import, architecture, global pointer, reserved) are cleared:
 * an IL-only image's only native parts are its mscoree import and entry stub, which a 64-bit
 * process must not use. RESOURCE, SECURITY, BASERELOC, DEBUG and COM_DESCRIPTOR are kept.
 * Machine is left 0x14C, as Windows leaves it. NumberOfRvaAndSizes becomes 16 (as Mono writes).
 */
import { DATA_DIRECTORY_NAMES, SECTION_HEADER_SIZE } from '../../loader/pe';
import { ImageFields, hex32 } from './image-fields';
import { FieldChange } from './status';

/** Size of IMAGE_OPTIONAL_HEADER64 with 16 directories. */
export const PE32PLUS_OPTIONAL_HEADER_SIZE = 0xf0;
/** Size of IMAGE_NT_HEADERS64: signature, file header, optional header. */
export const NT_HEADERS64_SIZE = 4 + 20 + PE32PLUS_OPTIONAL_HEADER_SIZE;
/** Directories an IL-only image keeps after conversion (bit per directory index). */
export const KEPT_DIRECTORIES = (1 << 2) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 14);

const O = 'IMAGE_OPTIONAL_HEADER';

/**
 * Rewrites the headers of the PE32 image behind `fields` as PE32+. `ntRva` is e_lfanew. Returns
 * every field that changed. Reads everything first, then writes, so overlap between the old and
 * new layouts cannot corrupt a value (Mono gets the same effect by ordering its stores).
 */
export function convertHeadersToPe32Plus(fields: ImageFields, ntRva: number): FieldChange[] {
  const fh = ntRva + 4;
  const oh = fh + 20;
  const sectionCount = fields.u16(fh + 2);
  const oldOptionalSize = fields.u16(fh + 16);
  const old = fields.bytes(oh, 0xe0);
  const oldView = new DataView(old.buffer, old.byteOffset, old.byteLength);
  const sectionTable = fields.bytes(oh + oldOptionalSize, sectionCount * SECTION_HEADER_SIZE);

  const next = new Uint8Array(PE32PLUS_OPTIONAL_HEADER_SIZE);
  const nv = new DataView(next.buffer);
  next.set(old.subarray(0, 0x18), 0);
  next.set(old.subarray(0x20, 0x48), 0x20);
  nv.setUint16(0x00, 0x20b, true);
  nv.setUint32(0x10, 0, true);
  nv.setBigUint64(0x18, BigInt(oldView.getUint32(0x1c, true)), true);
  for (let i = 0; i < 4; i++) nv.setBigUint64(0x48 + 8 * i, BigInt(oldView.getUint32(0x48 + 4 * i, true)), true);
  nv.setUint32(0x68, oldView.getUint32(0x58, true), true);
  nv.setUint32(0x6c, 16, true);
  for (let i = 0; i < 16; i++) {
    if (!(KEPT_DIRECTORIES & (1 << i))) continue;
    nv.setUint32(0x70 + 8 * i, oldView.getUint32(0x60 + 8 * i, true), true);
    nv.setUint32(0x74 + 8 * i, oldView.getUint32(0x64 + 8 * i, true), true);
  }

  const changes: FieldChange[] = [];
  const note = (field: string, rva: number, before: string, after: string): void => {
    if (before !== after) changes.push({ field, rva, old: before, new: after });
  };
  note(`${O}.Magic`, oh, hex32(oldView.getUint16(0, true)), '0x20b');
  note(`${O}.AddressOfEntryPoint`, oh + 0x10, hex32(oldView.getUint32(0x10, true)), '0x0');
  note(`${O}.BaseOfData`, oh + 0x18, hex32(oldView.getUint32(0x18, true)), '(removed)');
  note(`${O}.ImageBase`, oh + 0x18, `${hex32(oldView.getUint32(0x1c, true))} (4 bytes at +0x1c)`, `${hex32(oldView.getUint32(0x1c, true))} (8 bytes at +0x18)`);
  ['SizeOfStackReserve', 'SizeOfStackCommit', 'SizeOfHeapReserve', 'SizeOfHeapCommit'].forEach((name, i) => {
    const v = hex32(oldView.getUint32(0x48 + 4 * i, true));
    note(`${O}.${name}`, oh + 0x48 + 8 * i, `${v} (4 bytes at +${hex32(0x48 + 4 * i)})`, `${v} (8 bytes at +${hex32(0x48 + 8 * i)})`);
  });
  note(`${O}.LoaderFlags`, oh + 0x68, `${hex32(oldView.getUint32(0x58, true))} at +0x58`, `${hex32(oldView.getUint32(0x58, true))} at +0x68`);
  note(`${O}.NumberOfRvaAndSizes`, oh + 0x6c, `${oldView.getUint32(0x5c, true)} at +0x5c`, '16 at +0x6c');
  for (let i = 0; i < 16; i++) {
    const rva = oldView.getUint32(0x60 + 8 * i, true);
    const size = oldView.getUint32(0x64 + 8 * i, true);
    const kept = (KEPT_DIRECTORIES & (1 << i)) !== 0;
    if (!kept && (rva !== 0 || size !== 0)) {
      note(`${O}.DataDirectory[${DATA_DIRECTORY_NAMES[i]}]`, oh + 0x70 + 8 * i, `${hex32(rva)}+${hex32(size)}`, '0x0+0x0 (cleared)');
    }
  }
  note('IMAGE_FILE_HEADER.SizeOfOptionalHeader', fh + 16, hex32(oldOptionalSize), hex32(PE32PLUS_OPTIONAL_HEADER_SIZE));
  note('section table', oh + PE32PLUS_OPTIONAL_HEADER_SIZE, `at RVA ${hex32(oh + oldOptionalSize)}`, `at RVA ${hex32(oh + PE32PLUS_OPTIONAL_HEADER_SIZE)}`);

  // Section table first (it may move over bytes of the old table), then the header and its size.
  if (sectionTable.length > 0) fields.write(oh + PE32PLUS_OPTIONAL_HEADER_SIZE, sectionTable);
  fields.write(oh, next);
  fields.writeU16(fh + 16, PE32PLUS_OPTIONAL_HEADER_SIZE);
  return changes;
}
