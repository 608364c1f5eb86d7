/**
 * The export directory (PE/COFF spec §6.3 ".edata"). The export address table is indexed by
 * ordinal − Base; names map to table indexes through the name-ordinal table. An address that
 * points inside the export directory's own range is a forwarder string ("OTHERDLL.Name" or
 * "OTHERDLL.#12") rather than code.
 */
import { hex } from './errors';
import { DataDirectoryIndex } from './headers';
import { ImageView } from './view';

export interface ExportEntry {
  /** Biased ordinal (Base + index). */
  ordinal: number;
  /** Exported names for this ordinal (usually zero or one). */
  names: string[];
  /** Code or data RVA; undefined for a forwarder. */
  rva?: number;
  /** "DLL.Symbol" for a forwarded export. */
  forwarder?: string;
}

export interface ExportDirectory {
  characteristics: number;
  timeDateStamp: number;
  majorVersion: number;
  minorVersion: number;
  nameRva: number;
  /** The DLL's own name as recorded in the image. */
  dllName: string;
  ordinalBase: number;
  numberOfFunctions: number;
  numberOfNames: number;
  addressOfFunctions: number;
  addressOfNames: number;
  addressOfNameOrdinals: number;
  /** One entry per non-zero slot of the export address table, in ordinal order. */
  entries: ExportEntry[];
}

export function parseExports(img: ImageView): ExportDirectory | undefined {
  const dir = img.directory(DataDirectoryIndex.Export);
  if (!dir) return undefined;
  const D = 'IMAGE_EXPORT_DIRECTORY';
  const s = img.struct(dir.rva, 40, D);
  const e = {
    characteristics: s.u32(0), timeDateStamp: s.u32(4), majorVersion: s.u16(8), minorVersion: s.u16(10),
    nameRva: s.u32(12), ordinalBase: s.u32(16), numberOfFunctions: s.u32(20), numberOfNames: s.u32(24),
    addressOfFunctions: s.u32(28), addressOfNames: s.u32(32), addressOfNameOrdinals: s.u32(36),
  };
  const dllName = e.nameRva === 0 ? '' : img.cstringAt(e.nameRva, `${D}.Name`, 1024);
  const funcs = e.numberOfFunctions === 0 ? undefined : img.struct(e.addressOfFunctions, e.numberOfFunctions * 4, `${D}.AddressOfFunctions`);
  const names = e.numberOfNames === 0 ? undefined : img.struct(e.addressOfNames, e.numberOfNames * 4, `${D}.AddressOfNames`);
  const ords = e.numberOfNames === 0 ? undefined : img.struct(e.addressOfNameOrdinals, e.numberOfNames * 2, `${D}.AddressOfNameOrdinals`);
  const namesByIndex = new Map<number, string[]>();
  for (let i = 0; i < e.numberOfNames; i++) {
    const idx = ords!.u16(i * 2);
    if (idx >= e.numberOfFunctions) {
      img.fail(`${D}.AddressOfNameOrdinals[${i}]`, e.addressOfNameOrdinals + i * 2,
        `ordinal index ${idx} is beyond NumberOfFunctions ${e.numberOfFunctions}`);
    }
    const name = img.cstringAt(names!.u32(i * 4), `${D}.AddressOfNames[${i}]`, 4096);
    const list = namesByIndex.get(idx);
    if (list) list.push(name);
    else namesByIndex.set(idx, [name]);
  }
  const entries: ExportEntry[] = [];
  for (let i = 0; i < e.numberOfFunctions; i++) {
    const rva = funcs!.u32(i * 4);
    if (rva === 0) continue;
    const entry: ExportEntry = { ordinal: e.ordinalBase + i, names: namesByIndex.get(i) ?? [] };
    if (rva >= dir.rva && rva < dir.rva + dir.size) {
      entry.forwarder = img.cstringAt(rva, `${D}.AddressOfFunctions[${i}] forwarder`, 1024);
    } else {
      entry.rva = rva;
    }
    entries.push(entry);
  }
  if (e.ordinalBase + e.numberOfFunctions > 0x1_0000_0000) {
    img.fail(`${D}.Base`, dir.rva + 16, `ordinal base ${hex(e.ordinalBase)} plus ${e.numberOfFunctions} functions overflows`);
  }
  return { ...e, dllName, entries };
}
