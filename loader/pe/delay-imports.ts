/**
 * Delay-load imports (PE/COFF spec §5.8 "Delay-Load Import Tables"): IMAGE_DELAYLOAD_DESCRIPTOR
 * records ended by a zeroed one. Attributes bit 0 says the fields are RVAs; images from old Visual
 * C++ versions (bit clear) store VAs, which are converted with ImageBase here.
 */
import { DataDirectoryIndex } from './headers';
import { ImportEntry, readThunks } from './imports';
import { ImageView } from './view';

export interface DelayImportedDll {
  name: string;
  attributes: number;
  nameRva: number;
  moduleHandleRva: number;
  /** The delay IAT: the slots the helper patches on first call. */
  iatRva: number;
  /** The delay import name table. */
  intRva: number;
  boundIatRva: number;
  unloadIatRva: number;
  timeDateStamp: number;
  entries: ImportEntry[];
}

const DESCRIPTOR_SIZE = 32;

export function parseDelayImports(img: ImageView): DelayImportedDll[] {
  const dir = img.directory(DataDirectoryIndex.DelayImport);
  if (!dir) return [];
  const out: DelayImportedDll[] = [];
  for (let i = 0; ; i++) {
    const rva = dir.rva + i * DESCRIPTOR_SIZE;
    const what = `IMAGE_DELAYLOAD_DESCRIPTOR[${i}]`;
    const s = img.struct(rva, DESCRIPTOR_SIZE, what);
    const attributes = s.u32(0);
    const rvaBased = (attributes & 1) !== 0;
    const conv = (v: number, field: string, at: number): number =>
      rvaBased || v === 0 ? v : img.vaToRva(BigInt(v), `${what}.${field}`, at);
    const nameRaw = s.u32(4);
    if (nameRaw === 0) break;
    const nameRva = conv(nameRaw, 'DllNameRVA', rva + 4);
    const moduleHandleRva = conv(s.u32(8), 'ModuleHandleRVA', rva + 8);
    const iatRva = conv(s.u32(12), 'ImportAddressTableRVA', rva + 12);
    const intRva = conv(s.u32(16), 'ImportNameTableRVA', rva + 16);
    const boundIatRva = conv(s.u32(20), 'BoundImportAddressTableRVA', rva + 20);
    const unloadIatRva = conv(s.u32(24), 'UnloadInformationTableRVA', rva + 24);
    const name = img.cstringAt(nameRva, `${what}.DllName`, 1024);
    if (intRva === 0) img.fail(`${what}.ImportNameTableRVA`, rva + 16, 'import name table RVA is zero');
    const entries = readThunks(img, intRva, iatRva, what);
    out.push({ name, attributes, nameRva, moduleHandleRva, iatRva, intRva, boundIatRva, unloadIatRva, timeDateStamp: s.u32(28), entries });
  }
  return out;
}
