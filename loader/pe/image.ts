/**
 * PeImage: the parsed view of one PE32 or PE32+ image. Headers and the section table are parsed
 * eagerly (parsePe fails at once on a bad header); every data directory is parsed on first access
 * and cached, so a corrupt directory raises its BadImageFormatError only when someone asks for it.
 *
 * The same class serves two layouts: a file as stored on disk, and an image as mapped in memory
 * (sections at their RVAs, as the loader and `_CorValidateImage` see it).
 */
import { BadImageFormatError, hex } from './errors';
import { CliHeader, parseCliHeader } from './cli-header';
import { DebugEntry, parseDebugDirectory } from './debug';
import { DelayImportedDll, parseDelayImports } from './delay-imports';
import { RuntimeFunction, parseExceptionTable } from './exception-table';
import { ExportDirectory, parseExports } from './exports';
import { DataDirectory, DataDirectoryIndex, DosHeader, FileHeader, NtHeaders, OptionalHeader, parseNtHeaders } from './headers';
import { ImportedDll, parseImports } from './imports';
import { LoadConfigDirectory, parseLoadConfig } from './load-config';
import { ByteReader } from './reader';
import { RelocationBlock, parseBaseRelocations } from './relocations';
import { ResourceDirectory, parseResources } from './resources';
import { AddressSpace, SectionHeader, parseSectionTable } from './sections';
import { TlsDirectory, parseTls } from './tls';
import { ImageView } from './view';

export interface ParseOptions {
  /** Name used in error messages. */
  fileName?: string;
  /** The bytes are an image as mapped in memory: an RVA is a byte index. */
  mapped?: boolean;
}

export class PeImage {
  readonly is64: boolean;
  readonly dosHeader: DosHeader;
  readonly fileHeader: FileHeader;
  readonly optionalHeader: OptionalHeader;
  /** Always 16 entries; those beyond NumberOfRvaAndSizes read as {0, 0}. */
  readonly dataDirectories: readonly DataDirectory[];
  readonly sections: readonly SectionHeader[];
  /** File offset of the optional header. */
  readonly optionalHeaderOffset: number;
  /** File offset of the first section header. */
  readonly sectionTableOffset: number;
  readonly mapped: boolean;
  readonly fileName?: string;
  private readonly view: ImageView;
  private readonly cache = new Map<string, unknown>();

  constructor(
    readonly bytes: Uint8Array,
    options: ParseOptions = {},
  ) {
    this.fileName = options.fileName;
    this.mapped = options.mapped ?? false;
    const r = new ByteReader(bytes, options.fileName);
    const nt: NtHeaders = parseNtHeaders(r);
    this.is64 = nt.is64;
    this.dosHeader = nt.dosHeader;
    this.fileHeader = nt.fileHeader;
    this.optionalHeader = nt.optionalHeader;
    this.dataDirectories = nt.dataDirectories;
    this.optionalHeaderOffset = nt.optionalHeaderOffset;
    this.sectionTableOffset = nt.sectionTableOffset;
    // The COFF string table that long section names point into exists only in the file layout.
    const symbols = this.mapped ? undefined : { pointer: nt.fileHeader.pointerToSymbolTable, count: nt.fileHeader.numberOfSymbols };
    this.sections = parseSectionTable(r, nt.sectionTableOffset, nt.fileHeader.numberOfSections, symbols);
    const space = new AddressSpace(this.sections, this.optionalHeader.sizeOfHeaders, this.mapped, bytes.length);
    this.view = new ImageView(bytes, space, this.fileHeader, this.optionalHeader, this.dataDirectories, this.is64, this.fileName);
  }

  private lazy<T>(key: string, parse: (v: ImageView) => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = parse(this.view);
    this.cache.set(key, value);
    return value;
  }

  /** File offset of an RVA (identity for a mapped image), undefined when not backed by data. */
  rvaToOffset(rva: number): number | undefined {
    return this.view.space.rvaToOffset(rva);
  }

  /** The section holding `rva`, if any. */
  sectionOf(rva: number): SectionHeader | undefined {
    return this.view.space.sectionOf(rva);
  }

  /** `size` bytes at `rva` (zero-filled past a section's raw data); BadImageFormatError if outside. */
  readAtRva(rva: number, size: number, field = 'data'): Uint8Array {
    return this.view.readAtRva(rva, size, field);
  }

  /** NUL-terminated string at `rva`. */
  readCStringAtRva(rva: number, field = 'string', max = 4096): string {
    return this.view.cstringAt(rva, field, max);
  }

  get isDll(): boolean {
    return (this.fileHeader.characteristics & 0x2000) !== 0;
  }

  /** Data directory 14 (COM descriptor) is present: the image is a .NET assembly. */
  get isManaged(): boolean {
    return this.dataDirectories[DataDirectoryIndex.ComDescriptor].rva !== 0;
  }

  get imports(): ImportedDll[] {
    return this.lazy('imports', parseImports);
  }
  get delayImports(): DelayImportedDll[] {
    return this.lazy('delayImports', parseDelayImports);
  }
  get exports(): ExportDirectory | undefined {
    return this.lazy('exports', parseExports);
  }
  get baseRelocations(): RelocationBlock[] {
    return this.lazy('baseRelocations', parseBaseRelocations);
  }
  get tls(): TlsDirectory | undefined {
    return this.lazy('tls', parseTls);
  }
  get loadConfig(): LoadConfigDirectory | undefined {
    return this.lazy('loadConfig', parseLoadConfig);
  }
  get exceptionTable(): RuntimeFunction[] {
    return this.lazy('exceptionTable', parseExceptionTable);
  }
  get resources(): ResourceDirectory | undefined {
    return this.lazy('resources', parseResources);
  }
  get debug(): DebugEntry[] {
    return this.lazy('debug', parseDebugDirectory);
  }
  get cliHeader(): CliHeader | undefined {
    return this.lazy('cliHeader', parseCliHeader);
  }
}

/** Parses a PE image from bytes (file layout unless `options.mapped`). */
export function parsePe(bytes: Uint8Array, options?: string | ParseOptions): PeImage {
  const opts: ParseOptions = typeof options === 'string' ? { fileName: options } : (options ?? {});
  return new PeImage(bytes, opts);
}

/** Read access to an image mapped somewhere (guest memory, a host buffer), by RVA. */
export interface ImageReader {
  read(rva: number, length: number): Uint8Array;
}

/** Read and write access to a mapped image, by RVA; what `_CorValidateImage` works on. */
export interface ImageMemory extends ImageReader {
  write(rva: number, bytes: Uint8Array): void;
}

/** A host buffer holding a mapped image, offering ImageMemory over it. */
export class BufferImageMemory implements ImageMemory {
  constructor(readonly bytes: Uint8Array) {}
  read(rva: number, length: number): Uint8Array {
    if (rva < 0 || length < 0 || rva + length > this.bytes.length) {
      throw new BadImageFormatError('mapped image', rva, `read of ${hex(length)} bytes outside the ${hex(this.bytes.length)}-byte image`);
    }
    // A copy (Buffer#slice would alias), so callers may keep it across writes.
    return new Uint8Array(this.bytes.subarray(rva, rva + length));
  }
  write(rva: number, data: Uint8Array): void {
    if (rva < 0 || rva + data.length > this.bytes.length) {
      throw new BadImageFormatError('mapped image', rva, `write of ${hex(data.length)} bytes outside the ${hex(this.bytes.length)}-byte image`);
    }
    this.bytes.set(data, rva);
  }
}

/**
 * Parses the image mapped behind `memory`: reads the headers to learn SizeOfImage, then the whole
 * image, and parses it in the mapped layout.
 */
export function parsePeMapped(memory: ImageReader, fileName?: string): PeImage {
  // A host buffer is parsed in place: no copy of a possibly large image.
  if (memory instanceof BufferImageMemory) return parsePe(memory.bytes, { fileName, mapped: true });
  const dos = memory.read(0, 0x40);
  const lfanew = new DataView(dos.buffer, dos.byteOffset, dos.byteLength).getUint32(0x3c, true);
  if (lfanew > 0x10000000) throw new BadImageFormatError('IMAGE_DOS_HEADER.e_lfanew', 0x3c, `${hex(lfanew)} is beyond any mapped header`, fileName);
  const nt = memory.read(0, lfanew + 24 + 60);
  const sizeOfImage = new DataView(nt.buffer, nt.byteOffset, nt.byteLength).getUint32(lfanew + 24 + 56, true);
  return parsePe(memory.read(0, sizeOfImage), { fileName, mapped: true });
}

/** Images larger than this are refused by layoutImage (Windows' own limit is higher, but no
 * program this project runs comes near it, and a corrupt SizeOfImage must not exhaust the host). */
export const MAX_LAYOUT_SIZE = 512 * 1024 * 1024;

/**
 * Lays a file-layout image out as the loader maps it: a zeroed SizeOfImage buffer with the headers
 * at 0 and each section's raw data at its RVA. No relocation, no import binding. For tools and
 * tests that need the in-memory view on the host.
 */
export function layoutImage(pe: PeImage): Uint8Array {
  if (pe.mapped) return pe.bytes.slice();
  const size = pe.optionalHeader.sizeOfImage;
  const sizeAt = pe.optionalHeaderOffset + 56;
  if (size > MAX_LAYOUT_SIZE) {
    throw new BadImageFormatError('IMAGE_OPTIONAL_HEADER.SizeOfImage', sizeAt, `${hex(size)} exceeds the ${hex(MAX_LAYOUT_SIZE)}-byte limit for mapping`, pe.fileName);
  }
  if (size < Math.min(pe.optionalHeader.sizeOfHeaders, pe.bytes.length)) {
    throw new BadImageFormatError('IMAGE_OPTIONAL_HEADER.SizeOfImage', sizeAt, `${hex(size)} is smaller than SizeOfHeaders ${hex(pe.optionalHeader.sizeOfHeaders)}`, pe.fileName);
  }
  const out = new Uint8Array(size);
  const headers = Math.min(pe.optionalHeader.sizeOfHeaders, pe.bytes.length, size);
  out.set(pe.bytes.subarray(0, headers), 0);
  pe.sections.forEach((s, i) => {
    const raw = Math.min(s.sizeOfRawData, s.virtualSize || s.sizeOfRawData);
    if (raw === 0) return;
    if (s.pointerToRawData + raw > pe.bytes.length || s.virtualAddress + raw > size) {
      throw new BadImageFormatError(`IMAGE_SECTION_HEADER[${i}].SizeOfRawData`, s.offsets.sizeOfRawData,
        `section ${s.name} (${hex(raw)} bytes at file ${hex(s.pointerToRawData)}, RVA ${hex(s.virtualAddress)}) does not fit the file or SizeOfImage ${hex(size)}`, pe.fileName);
    }
    out.set(pe.bytes.subarray(s.pointerToRawData, s.pointerToRawData + raw), s.virtualAddress);
  });
  return out;
}
