/**
 * The COFF symbol table of an image file (PE/COFF spec §5.4 "COFF Symbol Table", §5.6 "COFF String
 * Table"). Images are usually stripped, but mingw-w64 links keep it by default: the file header's
 * PointerToSymbolTable / NumberOfSymbols locate 18-byte records, each followed by
 * NumberOfAuxSymbols auxiliary records; the string table (a 4-byte size, then NUL-terminated names)
 * follows the last record. A name whose first four bytes are zero is an offset into it.
 *
 * We keep code symbols only: records with a positive section number in an executable section whose
 * type is "function" (MSB type 2, i.e. 0x20) or whose storage class is EXTERNAL/STATIC/LABEL with a
 * name that is not a section name. The symbol's RVA is the section's VirtualAddress + Value.
 * Corrupt tables are a BadImageFormatError from loader/pe's reader, naming field and offset.
 */
import { ByteReader, PeImage } from '../../loader/pe';

export interface CodeSymbol {
  rva: number;
  name: string;
}

const RECORD = 18;
/** IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_CNT_CODE. */
const EXECUTABLE = 0x20000000 | 0x00000020;

/** COFF storage classes that name code locations. */
const enum StorageClass {
  /** IMAGE_SYM_CLASS_EXTERNAL: a global symbol. */
  External = 2,
  /** IMAGE_SYM_CLASS_STATIC: a file-local symbol (also section symbols). */
  Static = 3,
  /** IMAGE_SYM_CLASS_LABEL: a code label. */
  Label = 6,
}

/** Code symbols of the image's COFF symbol table, sorted by RVA; empty when the image has none. */
export function readCoffSymbols(image: PeImage): CodeSymbol[] {
  const { pointerToSymbolTable: table, numberOfSymbols: count } = image.fileHeader;
  if (table === 0 || count === 0) return [];
  const r = new ByteReader(image.bytes, image.fileName);
  const F = 'COFF symbol table';
  r.check(table, count * RECORD, `${F} (NumberOfSymbols ${count})`);
  const strings = table + count * RECORD;
  const stringsSize = strings + 4 <= r.length ? r.u32(strings, 'COFF string table size') : 0;
  const sectionNames = new Set(image.sections.map((s) => s.name));
  const out: CodeSymbol[] = [];
  for (let i = 0; i < count; i++) {
    const at = table + i * RECORD;
    const aux = r.u8(at + 17, `${F} NumberOfAuxSymbols [${i}]`);
    const value = r.u32(at + 8, `${F} Value [${i}]`);
    const section = (r.u16(at + 12, `${F} SectionNumber [${i}]`) << 16) >> 16;
    const type = r.u16(at + 14, `${F} Type [${i}]`);
    const storage = r.u8(at + 16, `${F} StorageClass [${i}]`);
    i += aux;
    if (section <= 0 || section > image.sections.length) continue;
    const header = image.sections[section - 1];
    if ((header.characteristics & EXECUTABLE) === 0) continue;
    const isFunction = (type >> 4) === 2;
    if (!isFunction && storage !== StorageClass.External && storage !== StorageClass.Static && storage !== StorageClass.Label) continue;
    let name: string;
    if (r.u32(at, `${F} Name [${i}]`) === 0) {
      const offset = r.u32(at + 4, `${F} Name offset [${i}]`);
      if (offset < 4 || offset >= stringsSize) continue; // a name outside the string table: skip the record
      name = r.cstring(strings + offset, `COFF string table entry at ${offset}`);
    } else {
      const raw = r.slice(at, 8, `${F} Name [${i}]`);
      const end = raw.indexOf(0);
      name = Buffer.from(raw.subarray(0, end < 0 ? 8 : end)).toString('latin1');
    }
    if (!isFunction && (sectionNames.has(name) || name.startsWith('.'))) continue;
    out.push({ rva: header.virtualAddress + value, name });
  }
  return out.sort((a, b) => a.rva - b.rva);
}
