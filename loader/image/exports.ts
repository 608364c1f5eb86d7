/**
 * Export lookup on an image as mapped in guest memory (PE/COFF spec §6.3 ".edata"), the way
 * GetProcAddress does it: the export data directory from the in-memory headers, a binary search
 * of the sorted name pointer table, the name-ordinal table, then the export address table. An
 * address inside the export directory's own range is a forwarder string ("DLL.Name" or "DLL.#7").
 *
 * The same code serves mapped DLLs and the emulated ones (whose export directories clremu writes
 * into guest memory), so guest code walking export tables and the loader agree by construction.
 * Every read is checked against the image's size: corrupt tables give a BadImageFormatError.
 */
import type { Memory } from '../../emu';
import { BadImageFormatError, hex } from '../pe';

export type ExportTarget = { kind: 'address'; address: bigint } | { kind: 'forwarder'; dll: string; symbol: string | number };

/** IMAGE_EXPORT_DIRECTORY field offsets. */
const enum ExportDir {
  /** Ordinal base: the first ordinal in the address table. */
  Base = 16,
  /** Entries in the export address table. */
  NumberOfFunctions = 20,
  /** Entries in the name pointer and ordinal tables. */
  NumberOfNames = 24,
  /** RVA of the export address table. */
  AddressOfFunctions = 28,
  /** RVA of the sorted name pointer table. */
  AddressOfNames = 32,
  /** RVA of the name → address-table-index table. */
  AddressOfNameOrdinals = 36,
  /** Size of the directory. */
  Size = 40,
}

class ImageReader {
  constructor(
    readonly memory: Memory,
    readonly base: bigint,
    readonly size: number,
    readonly name: string,
  ) {}
  check(rva: number, width: number, field: string): bigint {
    if (!Number.isInteger(rva) || rva < 0 || rva + width > this.size) {
      throw new BadImageFormatError(field, rva, `RVA ${hex(rva)} (+${width}) lies outside the mapped image (${hex(this.size)} bytes)`, this.name);
    }
    return this.base + BigInt(rva);
  }
  u16(rva: number, field: string): number {
    return this.memory.u16(this.check(rva, 2, field));
  }
  u32(rva: number, field: string): number {
    return this.memory.u32(this.check(rva, 4, field));
  }
  cString(rva: number, field: string, max = 512): string {
    this.check(rva, 1, field);
    return this.memory.cString(this.base + BigInt(rva), Math.min(max, this.size - rva));
  }
}

/** The export directory's RVA and size from the headers in guest memory (0,0 when none). */
export function exportDirectory(memory: Memory, base: bigint, size: number, name: string): { rva: number; size: number } {
  const r = new ImageReader(memory, base, size, name);
  const lfanew = r.u32(0x3c, 'IMAGE_DOS_HEADER.e_lfanew');
  const oh = lfanew + 24;
  const magic = r.u16(oh, 'IMAGE_OPTIONAL_HEADER.Magic');
  const dd = oh + (magic === 0x20b ? 112 : 96);
  const count = r.u32(oh + (magic === 0x20b ? 108 : 92), 'IMAGE_OPTIONAL_HEADER.NumberOfRvaAndSizes');
  if (count < 1) return { rva: 0, size: 0 };
  return { rva: r.u32(dd, 'DataDirectory[Export].VirtualAddress'), size: r.u32(dd + 4, 'DataDirectory[Export].Size') };
}

/** Resolves an export by name or ordinal; undefined when the image does not export it. */
export function findExport(memory: Memory, base: bigint, size: number, name: string, symbol: string | number): ExportTarget | undefined {
  const dir = exportDirectory(memory, base, size, name);
  if (dir.rva === 0) return undefined;
  const r = new ImageReader(memory, base, size, name);
  r.check(dir.rva, ExportDir.Size, 'IMAGE_EXPORT_DIRECTORY');
  const ordinalBase = r.u32(dir.rva + ExportDir.Base, 'IMAGE_EXPORT_DIRECTORY.Base');
  const functions = r.u32(dir.rva + ExportDir.NumberOfFunctions, 'IMAGE_EXPORT_DIRECTORY.NumberOfFunctions');
  const names = r.u32(dir.rva + ExportDir.NumberOfNames, 'IMAGE_EXPORT_DIRECTORY.NumberOfNames');
  const eat = r.u32(dir.rva + ExportDir.AddressOfFunctions, 'IMAGE_EXPORT_DIRECTORY.AddressOfFunctions');
  const npt = r.u32(dir.rva + ExportDir.AddressOfNames, 'IMAGE_EXPORT_DIRECTORY.AddressOfNames');
  const not = r.u32(dir.rva + ExportDir.AddressOfNameOrdinals, 'IMAGE_EXPORT_DIRECTORY.AddressOfNameOrdinals');

  let index: number;
  if (typeof symbol === 'number') {
    index = symbol - ordinalBase;
  } else {
    // Binary search: the name pointer table is sorted by byte value (PE/COFF §6.3.4).
    let lo = 0;
    let hi = Math.min(names, size) - 1;
    index = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const candidate = r.cString(r.u32(npt + mid * 4, 'ExportNamePointerTable'), 'ExportName');
      const cmp = candidate < symbol ? -1 : candidate > symbol ? 1 : 0;
      if (cmp === 0) {
        index = r.u16(not + mid * 2, 'ExportOrdinalTable');
        break;
      }
      if (cmp < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    if (index < 0) return undefined;
  }
  if (index < 0 || index >= functions) return undefined;
  const rva = r.u32(eat + index * 4, 'ExportAddressTable');
  if (rva === 0) return undefined;
  if (rva >= dir.rva && rva < dir.rva + dir.size) {
    const text = r.cString(rva, 'ExportForwarder');
    const dot = text.lastIndexOf('.');
    if (dot <= 0) throw new BadImageFormatError('ExportForwarder', rva, `forwarder '${text}' is not DLL.Name`, name);
    const dll = text.slice(0, dot);
    const target = text.slice(dot + 1);
    const ord = /^#(\d+)$/.exec(target);
    return { kind: 'forwarder', dll: dll.toLowerCase().endsWith('.dll') ? dll : `${dll}.dll`, symbol: ord ? Number(ord[1]) : target };
  }
  r.check(rva, 1, 'ExportAddressTable');
  return { kind: 'address', address: base + BigInt(rva) };
}
