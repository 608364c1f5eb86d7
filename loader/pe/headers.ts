/**
 * The MS-DOS stub header, the NT signature, IMAGE_FILE_HEADER and the PE32 / PE32+ optional header
 * with its data directory array (PE/COFF spec §2 "MS-DOS Stub", §3.3 "COFF File Header", §3.4
 * "Optional Header"). Parsed eagerly by parsePe. The optional header's two layouts differ in
 * BaseOfData (PE32 only) and in the width of ImageBase and the four stack/heap sizes; both are
 * exposed with 64-bit fields as bigint so callers never branch on the width.
 */
import { hex } from './errors';
import { ByteReader } from './reader';

/** IMAGE_OPTIONAL_HEADER.Magic values. */
export const enum PeMagic {
  /** PE32: 32-bit fields, BaseOfData present. */
  Pe32 = 0x10b,
  /** PE32+: 64-bit ImageBase and stack/heap sizes, no BaseOfData. */
  Pe32Plus = 0x20b,
}

/** IMAGE_FILE_HEADER.Machine values this project meets. */
export const enum MachineType {
  /** Intel 386 (also what mcs writes for AnyCPU images). */
  I386 = 0x14c,
  /** x86-64. */
  Amd64 = 0x8664,
  /** ARM64. */
  Arm64 = 0xaa64,
}

/** IMAGE_FILE_HEADER.Characteristics bits. */
export const enum FileCharacteristics {
  /** Base relocations were stripped: the image must load at ImageBase. */
  RelocsStripped = 1 << 0,
  /** The image is valid and can run. */
  ExecutableImage = 1 << 1,
  /** The application can handle addresses above 2 GiB. */
  LargeAddressAware = 1 << 5,
  /** The machine is based on a 32-bit-word architecture. */
  Machine32Bit = 1 << 8,
  /** Debugging information was removed from the image. */
  DebugStripped = 1 << 9,
  /** A system file, not a user program. */
  System = 1 << 12,
  /** The image is a DLL. */
  Dll = 1 << 13,
}

/** IMAGE_OPTIONAL_HEADER.DllCharacteristics bits. */
export const enum DllCharacteristics {
  /** 64-bit ASLR-compatible address space. */
  HighEntropyVa = 0x0020,
  /** Can be relocated at load time (ASLR). */
  DynamicBase = 0x0040,
  /** Code integrity checks are enforced. */
  ForceIntegrity = 0x0080,
  /** Compatible with data execution prevention. */
  NxCompat = 0x0100,
  /** Isolation aware, but do not isolate. */
  NoIsolation = 0x0200,
  /** Does not use structured exception handling. */
  NoSeh = 0x0400,
  /** Do not bind the image. */
  NoBind = 0x0800,
  /** Must execute in an AppContainer. */
  AppContainer = 0x1000,
  /** A WDM driver. */
  WdmDriver = 0x2000,
  /** Supports Control Flow Guard. */
  GuardCf = 0x4000,
  /** Terminal Server aware. */
  TerminalServerAware = 0x8000,
}

/** Indices into the data directory array (PE/COFF spec §3.4.3). */
export const enum DataDirectoryIndex {
  /** Export table (.edata). */
  Export = 0,
  /** Import table (.idata). */
  Import = 1,
  /** Resource table (.rsrc). */
  Resource = 2,
  /** Exception table (.pdata). */
  Exception = 3,
  /** Attribute certificate table; its "RVA" is a file offset. */
  Security = 4,
  /** Base relocation table (.reloc). */
  BaseReloc = 5,
  /** Debug directory. */
  Debug = 6,
  /** Architecture, reserved, must be zero. */
  Architecture = 7,
  /** Global pointer register value. */
  GlobalPtr = 8,
  /** Thread local storage directory. */
  Tls = 9,
  /** Load configuration directory. */
  LoadConfig = 10,
  /** Bound import table. */
  BoundImport = 11,
  /** Import address table. */
  Iat = 12,
  /** Delay-load import descriptors. */
  DelayImport = 13,
  /** CLR runtime header (IMAGE_COR20_HEADER): present means managed. */
  ComDescriptor = 14,
  /** Reserved, must be zero. */
  Reserved = 15,
}

export const DATA_DIRECTORY_NAMES: readonly string[] = [
  'Export', 'Import', 'Resource', 'Exception', 'Security', 'BaseReloc', 'Debug', 'Architecture',
  'GlobalPtr', 'Tls', 'LoadConfig', 'BoundImport', 'Iat', 'DelayImport', 'ComDescriptor', 'Reserved',
];

export interface DosHeader {
  /** "MZ" = 0x5A4D. */
  e_magic: number;
  e_cblp: number;
  e_cp: number;
  e_crlc: number;
  e_cparhdr: number;
  e_minalloc: number;
  e_maxalloc: number;
  e_ss: number;
  e_sp: number;
  e_csum: number;
  e_ip: number;
  e_cs: number;
  e_lfarlc: number;
  e_ovno: number;
  e_oemid: number;
  e_oeminfo: number;
  /** File offset of the "PE\0\0" signature. */
  e_lfanew: number;
}

export interface FileHeader {
  machine: number;
  numberOfSections: number;
  timeDateStamp: number;
  pointerToSymbolTable: number;
  numberOfSymbols: number;
  sizeOfOptionalHeader: number;
  characteristics: number;
}

export interface OptionalHeader {
  magic: number;
  majorLinkerVersion: number;
  minorLinkerVersion: number;
  sizeOfCode: number;
  sizeOfInitializedData: number;
  sizeOfUninitializedData: number;
  addressOfEntryPoint: number;
  baseOfCode: number;
  /** PE32 only; undefined for PE32+. */
  baseOfData?: number;
  imageBase: bigint;
  sectionAlignment: number;
  fileAlignment: number;
  majorOperatingSystemVersion: number;
  minorOperatingSystemVersion: number;
  majorImageVersion: number;
  minorImageVersion: number;
  majorSubsystemVersion: number;
  minorSubsystemVersion: number;
  win32VersionValue: number;
  sizeOfImage: number;
  sizeOfHeaders: number;
  checkSum: number;
  subsystem: number;
  dllCharacteristics: number;
  sizeOfStackReserve: bigint;
  sizeOfStackCommit: bigint;
  sizeOfHeapReserve: bigint;
  sizeOfHeapCommit: bigint;
  loaderFlags: number;
  numberOfRvaAndSizes: number;
}

export interface DataDirectory {
  rva: number;
  size: number;
  /** File offset of this entry inside the optional header (for tools and the transform). */
  entryOffset: number;
}

/** Fixed layout facts shared by the parser and the PE32→PE32+ transform. */
export const NT_SIGNATURE = 0x00004550;
export const FILE_HEADER_SIZE = 20;
/** Size of the optional header up to (not including) the data directories. */
export const OPTIONAL_HEADER_FIXED_SIZE_32 = 96;
export const OPTIONAL_HEADER_FIXED_SIZE_64 = 112;
export const DATA_DIRECTORY_COUNT = 16;
export const SECTION_HEADER_SIZE = 40;

export interface NtHeaders {
  dosHeader: DosHeader;
  fileHeader: FileHeader;
  optionalHeader: OptionalHeader;
  dataDirectories: DataDirectory[];
  /** File offset of IMAGE_OPTIONAL_HEADER. */
  optionalHeaderOffset: number;
  /** File offset of the first section header. */
  sectionTableOffset: number;
  is64: boolean;
}

const DOS_FIELDS = [
  'e_magic', 'e_cblp', 'e_cp', 'e_crlc', 'e_cparhdr', 'e_minalloc', 'e_maxalloc', 'e_ss', 'e_sp',
  'e_csum', 'e_ip', 'e_cs', 'e_lfarlc', 'e_ovno',
] as const;

export function parseDosHeader(r: ByteReader): DosHeader {
  const magic = r.u16(0, 'IMAGE_DOS_HEADER.e_magic');
  if (magic !== 0x5a4d) r.fail('IMAGE_DOS_HEADER.e_magic', 0, `expected "MZ" (0x5a4d), found ${hex(magic)}`);
  const h: Record<string, number> = {};
  DOS_FIELDS.forEach((name, i) => (h[name] = r.u16(i * 2, `IMAGE_DOS_HEADER.${name}`)));
  h.e_oemid = r.u16(0x24, 'IMAGE_DOS_HEADER.e_oemid');
  h.e_oeminfo = r.u16(0x26, 'IMAGE_DOS_HEADER.e_oeminfo');
  h.e_lfanew = r.u32(0x3c, 'IMAGE_DOS_HEADER.e_lfanew');
  return h as unknown as DosHeader;
}

export function parseNtHeaders(r: ByteReader): NtHeaders {
  const dosHeader = parseDosHeader(r);
  const nt = dosHeader.e_lfanew;
  const sig = r.u32(nt, 'IMAGE_NT_HEADERS.Signature');
  if (sig !== NT_SIGNATURE) r.fail('IMAGE_NT_HEADERS.Signature', nt, `expected "PE\\0\\0", found ${hex(sig)}`);
  const fh = nt + 4;
  const F = 'IMAGE_FILE_HEADER';
  const fileHeader: FileHeader = {
    machine: r.u16(fh, `${F}.Machine`),
    numberOfSections: r.u16(fh + 2, `${F}.NumberOfSections`),
    timeDateStamp: r.u32(fh + 4, `${F}.TimeDateStamp`),
    pointerToSymbolTable: r.u32(fh + 8, `${F}.PointerToSymbolTable`),
    numberOfSymbols: r.u32(fh + 12, `${F}.NumberOfSymbols`),
    sizeOfOptionalHeader: r.u16(fh + 16, `${F}.SizeOfOptionalHeader`),
    characteristics: r.u16(fh + 18, `${F}.Characteristics`),
  };
  const oh = fh + FILE_HEADER_SIZE;
  const magic = r.u16(oh, 'IMAGE_OPTIONAL_HEADER.Magic');
  if (magic !== PeMagic.Pe32 && magic !== PeMagic.Pe32Plus) {
    r.fail('IMAGE_OPTIONAL_HEADER.Magic', oh, `expected 0x10b (PE32) or 0x20b (PE32+), found ${hex(magic)}`);
  }
  const is64 = magic === PeMagic.Pe32Plus;
  const fixed = is64 ? OPTIONAL_HEADER_FIXED_SIZE_64 : OPTIONAL_HEADER_FIXED_SIZE_32;
  if (fileHeader.sizeOfOptionalHeader < fixed) {
    r.fail(`${F}.SizeOfOptionalHeader`, fh + 16,
      `${hex(fileHeader.sizeOfOptionalHeader)} is smaller than the ${is64 ? 'PE32+' : 'PE32'} optional header (${hex(fixed)})`);
  }
  const O = is64 ? 'IMAGE_OPTIONAL_HEADER64' : 'IMAGE_OPTIONAL_HEADER32';
  // From ImageBase on, PE32+ fields sit 4 bytes later when BaseOfData is absent and pointer-sized
  // fields are twice as wide; `w` is the width of those fields.
  const w = is64 ? 8 : 4;
  const ib = is64 ? oh + 24 : oh + 28;
  // The stack and heap sizes start at 72 in both layouts (PE32 spends the 4 bytes on BaseOfData).
  const stack = oh + 72;
  const optionalHeader: OptionalHeader = {
    magic,
    majorLinkerVersion: r.u8(oh + 2, `${O}.MajorLinkerVersion`),
    minorLinkerVersion: r.u8(oh + 3, `${O}.MinorLinkerVersion`),
    sizeOfCode: r.u32(oh + 4, `${O}.SizeOfCode`),
    sizeOfInitializedData: r.u32(oh + 8, `${O}.SizeOfInitializedData`),
    sizeOfUninitializedData: r.u32(oh + 12, `${O}.SizeOfUninitializedData`),
    addressOfEntryPoint: r.u32(oh + 16, `${O}.AddressOfEntryPoint`),
    baseOfCode: r.u32(oh + 20, `${O}.BaseOfCode`),
    baseOfData: is64 ? undefined : r.u32(oh + 24, `${O}.BaseOfData`),
    imageBase: r.ptr(ib, is64, `${O}.ImageBase`),
    sectionAlignment: r.u32(oh + 32, `${O}.SectionAlignment`),
    fileAlignment: r.u32(oh + 36, `${O}.FileAlignment`),
    majorOperatingSystemVersion: r.u16(oh + 40, `${O}.MajorOperatingSystemVersion`),
    minorOperatingSystemVersion: r.u16(oh + 42, `${O}.MinorOperatingSystemVersion`),
    majorImageVersion: r.u16(oh + 44, `${O}.MajorImageVersion`),
    minorImageVersion: r.u16(oh + 46, `${O}.MinorImageVersion`),
    majorSubsystemVersion: r.u16(oh + 48, `${O}.MajorSubsystemVersion`),
    minorSubsystemVersion: r.u16(oh + 50, `${O}.MinorSubsystemVersion`),
    win32VersionValue: r.u32(oh + 52, `${O}.Win32VersionValue`),
    sizeOfImage: r.u32(oh + 56, `${O}.SizeOfImage`),
    sizeOfHeaders: r.u32(oh + 60, `${O}.SizeOfHeaders`),
    checkSum: r.u32(oh + 64, `${O}.CheckSum`),
    subsystem: r.u16(oh + 68, `${O}.Subsystem`),
    dllCharacteristics: r.u16(oh + 70, `${O}.DllCharacteristics`),
    sizeOfStackReserve: r.ptr(stack, is64, `${O}.SizeOfStackReserve`),
    sizeOfStackCommit: r.ptr(stack + w, is64, `${O}.SizeOfStackCommit`),
    sizeOfHeapReserve: r.ptr(stack + 2 * w, is64, `${O}.SizeOfHeapReserve`),
    sizeOfHeapCommit: r.ptr(stack + 3 * w, is64, `${O}.SizeOfHeapCommit`),
    loaderFlags: r.u32(stack + 4 * w, `${O}.LoaderFlags`),
    numberOfRvaAndSizes: r.u32(stack + 4 * w + 4, `${O}.NumberOfRvaAndSizes`),
  };
  // The loader reads at most 16 directories; the entries it reads must lie inside the optional
  // header as SizeOfOptionalHeader declares it.
  const ddOffset = oh + fixed;
  const count = Math.min(optionalHeader.numberOfRvaAndSizes, DATA_DIRECTORY_COUNT);
  if (fixed + count * 8 > fileHeader.sizeOfOptionalHeader) {
    r.fail(`${O}.NumberOfRvaAndSizes`, stack + 4 * w + 4,
      `${count} data directories do not fit in SizeOfOptionalHeader ${hex(fileHeader.sizeOfOptionalHeader)}`);
  }
  const dataDirectories: DataDirectory[] = [];
  for (let i = 0; i < DATA_DIRECTORY_COUNT; i++) {
    const entryOffset = ddOffset + i * 8;
    if (i < count) {
      const name = `${O}.DataDirectory[${DATA_DIRECTORY_NAMES[i]}]`;
      dataDirectories.push({ rva: r.u32(entryOffset, `${name}.VirtualAddress`), size: r.u32(entryOffset + 4, `${name}.Size`), entryOffset });
    } else {
      dataDirectories.push({ rva: 0, size: 0, entryOffset });
    }
  }
  return {
    dosHeader,
    fileHeader,
    optionalHeader,
    dataDirectories,
    optionalHeaderOffset: oh,
    sectionTableOffset: oh + fileHeader.sizeOfOptionalHeader,
    is64,
  };
}
