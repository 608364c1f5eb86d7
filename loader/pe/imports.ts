/**
 * The import directory (PE/COFF spec §6.4 ".idata"): an array of IMAGE_IMPORT_DESCRIPTOR ended by
 * an all-zero one; for each DLL an import lookup table (OriginalFirstThunk, or FirstThunk when that
 * is zero, as old linkers wrote) of pointer-sized entries ended by zero. An entry with the top bit
 * set imports by ordinal; otherwise it is the RVA of a hint/name pair. Each entry's IAT slot is
 * FirstThunk + index × pointer size: that is where the loader writes the bound address.
 */
import { hex } from './errors';
import { DataDirectoryIndex } from './headers';
import { ImageView } from './view';

export interface ImportEntry {
  /** Ordinal when imported by ordinal. */
  ordinal?: number;
  /** Symbol name when imported by name. */
  name?: string;
  /** Hint (index into the DLL's export name table) when imported by name. */
  hint?: number;
  /** RVA of the IAT slot the loader fills for this entry. */
  iatRva: number;
  /** RVA of the hint/name entry (by-name imports). */
  hintNameRva?: number;
}

export interface ImportedDll {
  name: string;
  /** RVA of the descriptor itself. */
  descriptorRva: number;
  /** OriginalFirstThunk (import lookup table), 0 if absent. */
  originalFirstThunk: number;
  timeDateStamp: number;
  forwarderChain: number;
  nameRva: number;
  /** FirstThunk (import address table). */
  firstThunk: number;
  entries: ImportEntry[];
}

const DESCRIPTOR_SIZE = 20;
const MAX_NAME = 1024;

/** Reads a lookup table of pointer-sized thunks ended by zero; shared with delay imports. */
export function readThunks(img: ImageView, lookupRva: number, iatRva: number, what: string): ImportEntry[] {
  const ps = img.pointerSize;
  const ordinalFlag = img.is64 ? 1n << 63n : 1n << 31n;
  const entries: ImportEntry[] = [];
  for (let i = 0; ; i++) {
    const at = lookupRva + i * ps;
    const thunk = img.ptrAt(at, `${what}.Thunk[${i}]`);
    if (thunk === 0n) break;
    const iat = iatRva + i * ps;
    if (thunk & ordinalFlag) {
      entries.push({ ordinal: Number(thunk & 0xffffn), iatRva: iat });
    } else {
      if (img.is64 && thunk >> 31n !== 0n) img.fail(`${what}.Thunk[${i}]`, at, `hint/name RVA ${hex(thunk)} has reserved bits 30-62 set`);
      const hn = Number(thunk & 0x7fffffffn);
      const hint = img.u16At(hn, `${what}.Thunk[${i}].Hint`);
      const name = img.cstringAt(hn + 2, `${what}.Thunk[${i}].Name`, MAX_NAME);
      entries.push({ name, hint, hintNameRva: hn, iatRva: iat });
    }
  }
  return entries;
}

export function parseImports(img: ImageView): ImportedDll[] {
  const dir = img.directory(DataDirectoryIndex.Import);
  if (!dir) return [];
  const dlls: ImportedDll[] = [];
  for (let i = 0; ; i++) {
    const rva = dir.rva + i * DESCRIPTOR_SIZE;
    const s = img.struct(rva, DESCRIPTOR_SIZE, `IMAGE_IMPORT_DESCRIPTOR[${i}]`);
    const d = {
      originalFirstThunk: s.u32(0), timeDateStamp: s.u32(4), forwarderChain: s.u32(8), nameRva: s.u32(12), firstThunk: s.u32(16),
    };
    if (d.originalFirstThunk === 0 && d.timeDateStamp === 0 && d.forwarderChain === 0 && d.nameRva === 0 && d.firstThunk === 0) break;
    const what = `IMAGE_IMPORT_DESCRIPTOR[${i}]`;
    const name = img.cstringAt(d.nameRva, `${what}.Name`, MAX_NAME);
    const lookup = d.originalFirstThunk !== 0 ? d.originalFirstThunk : d.firstThunk;
    if (d.firstThunk === 0) img.fail(`${what}.FirstThunk`, rva + 16, 'import address table RVA is zero');
    const entries = readThunks(img, lookup, d.firstThunk, what);
    dlls.push({ name, descriptorRva: rva, ...d, entries });
  }
  return dlls;
}
