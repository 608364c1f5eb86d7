/**
 * Import binding (PE/COFF spec §6.4 ".idata"): for each imported DLL, load it (through the
 * resolver: emulated known DLL, or a file in the application directory), then write the address
 * of each imported symbol into its IAT slot. The import lookup table (or the IAT itself when
 * OriginalFirstThunk is 0) says what to import, by name or by ordinal.
 *
 * What happens when a symbol is missing depends on where it would come from: a mapped DLL that
 * lacks it fails the load (STATUS_ENTRYPOINT_NOT_FOUND / ORDINAL_NOT_FOUND, as Windows does); an
 * emulated DLL that lacks it binds the slot to a gate that raises UnimplementedApiError naming
 * `dll!symbol` when — and only if — the program calls it.
 */
import type { Memory } from '../../emu';
import { BadImageFormatError, hex, type ImportEntry } from '../pe';
import type { MappedImage } from './map';

export interface BoundImport {
  readonly dll: string;
  readonly symbol: string | number;
  readonly address: bigint;
  readonly unimplemented: boolean;
}

export interface ImportResolver {
  /** Loads (or finds) the DLL an image imports; returns its canonical name. */
  loadDependency(dll: string, importer: string): string;
  /** The address to bind, and whether it is an unimplemented-API gate. */
  resolve(dll: string, symbol: string | number, importer: string): { address: bigint; unimplemented: boolean };
}

/** Binds every import of `image`; returns what was bound, in table order. */
export function bindImports(memory: Memory, image: MappedImage, name: string, resolver: ImportResolver): BoundImport[] {
  const bound: BoundImport[] = [];
  const slotWidth = image.pe.is64 ? 8 : 4;
  for (const imp of image.pe.imports) {
    const dll = resolver.loadDependency(imp.name, name);
    for (const entry of imp.entries) {
      const symbol = symbolOf(entry);
      const { address, unimplemented } = resolver.resolve(dll, symbol, name);
      writeSlot(memory, image, entry.iatRva, slotWidth, address, name);
      bound.push({ dll, symbol, address, unimplemented });
    }
  }
  return bound;
}

function symbolOf(entry: ImportEntry): string | number {
  if (entry.name !== undefined) return entry.name;
  if (entry.ordinal !== undefined) return entry.ordinal;
  return 0;
}

function writeSlot(memory: Memory, image: MappedImage, rva: number, width: number, address: bigint, name: string): void {
  if (rva < 0 || rva + width > image.size) {
    throw new BadImageFormatError('IMAGE_IMPORT_DESCRIPTOR.FirstThunk', rva, `IAT slot at RVA ${hex(rva)} lies outside the image`, name);
  }
  const at = image.base + BigInt(rva);
  if (width === 8) memory.setU64(at, address);
  else memory.setU32(at, Number(address & 0xffff_ffffn));
}
