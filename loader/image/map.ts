/**
 * Maps a parsed PE image into guest memory the way Windows' image section does (PE/COFF spec §3,
 * "Section Table"; §6 for directories): one reservation of SizeOfImage at ImageBase (or elsewhere,
 * with base relocations applied, when that range is taken or a rebase is forced), headers at RVA 0,
 * each section's raw data at its RVA, the rest zero. Page protections are applied later by
 * `protectImage`, after import binding has written the IAT (which often sits in read-only .rdata).
 *
 * Invariants: every write is checked against SizeOfImage and the file length first, so a malformed
 * image fails with a BadImageFormatError naming the field, before guest memory is touched.
 */
import { ALLOCATION_GRANULARITY, PAGE_SIZE, Prot, type Memory } from '../../emu';
import { BadImageFormatError, hex, type PeImage } from '../pe';
import { LoaderError, NtStatus, UnsupportedImageError } from '../process/errors';
import { REBASE_SEARCH_MAX, REBASE_SEARCH_MIN } from '../process/layout';
import { applyBaseRelocations } from './relocate';

/** IMAGE_FILE_RELOCS_STRIPPED: the image cannot move. */
const RELOCS_STRIPPED = 0x1;
/** The largest SizeOfImage we accept (Windows' own limit is lower for most images). */
const MAX_IMAGE_SIZE = 0x4000_0000;

/** STATUS_CONFLICTING_ADDRESSES: an image without relocations whose base is taken. */
const STATUS_CONFLICTING_ADDRESSES = 0xc0000018;

/** Section characteristics that decide page protection. */
const enum ScnMem {
  /** IMAGE_SCN_MEM_EXECUTE. */
  Execute = 0x20000000,
  /** IMAGE_SCN_MEM_READ. */
  Read = 0x40000000,
  /** IMAGE_SCN_MEM_WRITE. */
  Write = 0x80000000,
}

export interface MappedImage {
  readonly pe: PeImage;
  /** Where the image lives now. */
  readonly base: bigint;
  /** SizeOfImage rounded up to a page. */
  readonly size: number;
  /** base − preferred ImageBase (0 when it sits where it asked). */
  readonly delta: bigint;
  /** Number of relocation fix-ups applied. */
  readonly relocationsApplied: number;
}

export interface MapOptions {
  /** Name for messages. */
  name: string;
  /** Place the image away from its preferred base even when that base is free. */
  forceRebase?: boolean;
  /** Accept a PE32 image (only managed ones: mscoree turns them into PE32+ in memory). */
  allowPe32?: boolean;
}

/** Checks that the image can run in an x64 process at all. */
export function checkRunnable(pe: PeImage, options: MapOptions): void {
  const machine = pe.fileHeader.machine;
  if (pe.is64) {
    if (machine !== 0x8664) throw new UnsupportedImageError(options.name, `machine ${hex(machine)} is not x64 (0x8664)`);
  } else if (!options.allowPe32) {
    throw new UnsupportedImageError(options.name, 'a 32-bit (PE32) native image cannot run in an x64 process');
  }
  const oh = pe.optionalHeader;
  if (oh.sizeOfImage === 0 || oh.sizeOfImage > MAX_IMAGE_SIZE) {
    throw new BadImageFormatError('IMAGE_OPTIONAL_HEADER.SizeOfImage', pe.optionalHeaderOffset + 56, `${hex(oh.sizeOfImage)} is not a mappable image size`, options.name);
  }
  if (oh.sizeOfHeaders > oh.sizeOfImage) {
    throw new BadImageFormatError('IMAGE_OPTIONAL_HEADER.SizeOfHeaders', pe.optionalHeaderOffset + 60, `${hex(oh.sizeOfHeaders)} exceeds SizeOfImage ${hex(oh.sizeOfImage)}`, options.name);
  }
  if (oh.sectionAlignment === 0 || (oh.sectionAlignment & (oh.sectionAlignment - 1)) !== 0) {
    throw new BadImageFormatError('IMAGE_OPTIONAL_HEADER.SectionAlignment', pe.optionalHeaderOffset + 32, `${hex(oh.sectionAlignment)} is not a power of two`, options.name);
  }
  if (oh.addressOfEntryPoint >= oh.sizeOfImage) {
    throw new BadImageFormatError('IMAGE_OPTIONAL_HEADER.AddressOfEntryPoint', pe.optionalHeaderOffset + 16, `${hex(oh.addressOfEntryPoint)} lies outside SizeOfImage ${hex(oh.sizeOfImage)}`, options.name);
  }
  const base = oh.imageBase;
  if (base % BigInt(ALLOCATION_GRANULARITY) !== 0n || base === 0n || base + BigInt(oh.sizeOfImage) > 0x7fff_ffff_0000n) {
    throw new BadImageFormatError('IMAGE_OPTIONAL_HEADER.ImageBase', pe.optionalHeaderOffset + (pe.is64 ? 24 : 28), `${hex(base)} is not a valid 64 KiB-aligned user-mode base`, options.name);
  }
}

/** Reserves, commits and fills the image; applies relocations when it moved. */
export function mapImage(memory: Memory, pe: PeImage, options: MapOptions): MappedImage {
  checkRunnable(pe, options);
  const oh = pe.optionalHeader;
  const size = roundUp(oh.sizeOfImage, PAGE_SIZE);
  const laidOut = sectionPlacements(pe, options.name);
  const canMove = (pe.fileHeader.characteristics & RELOCS_STRIPPED) === 0;

  let base: bigint | undefined;
  if (!options.forceRebase) base = tryReserve(memory, size, oh.imageBase);
  if (base === undefined) {
    if (!canMove) {
      throw new LoaderError(STATUS_CONFLICTING_ADDRESSES, `${options.name}: its base ${hex(oh.imageBase)} is ${options.forceRebase ? 'excluded by --rebase' : 'taken'} and the image has no relocations (IMAGE_FILE_RELOCS_STRIPPED)`);
    }
    try {
      base = memory.reserve(size, { min: REBASE_SEARCH_MIN, max: REBASE_SEARCH_MAX });
    } catch {
      throw new LoaderError(NtStatus.NoMemory, `${options.name}: no free range of ${hex(size)} bytes to rebase it into`);
    }
  }
  memory.commit(base, size, Prot.Read | Prot.Write);

  const headerBytes = Math.min(oh.sizeOfHeaders, pe.bytes.length);
  memory.write(base, pe.bytes.subarray(0, headerBytes));
  for (const p of laidOut) {
    if (p.length > 0) memory.write(base + BigInt(p.rva), pe.bytes.subarray(p.fileOffset, p.fileOffset + p.length));
  }

  const delta = base - oh.imageBase;
  let relocationsApplied = 0;
  if (delta !== 0n) {
    relocationsApplied = applyBaseRelocations(memory, pe, base, delta, options.name);
    // The in-memory header records where the image actually is, as Windows' loader does.
    if (pe.is64) memory.setU64(base + BigInt(pe.optionalHeaderOffset + 24), base);
  }
  return { pe, base, size, delta, relocationsApplied };
}

/** Applies each section's IMAGE_SCN_MEM_* protection; headers become read-only. */
export function protectImage(memory: Memory, image: MappedImage): void {
  const { pe, base, size } = image;
  if (pe.optionalHeader.sectionAlignment < PAGE_SIZE) {
    // Images aligned below a page share pages between sections: Windows maps them all RWX.
    memory.protect(base, size, Prot.Read | Prot.Write | Prot.Execute);
    return;
  }
  memory.protect(base, roundUp(Math.max(pe.optionalHeader.sizeOfHeaders, 1), PAGE_SIZE), Prot.Read);
  for (const s of pe.sections) {
    const span = s.virtualSize || s.sizeOfRawData;
    if (span === 0) continue;
    const start = s.virtualAddress - (s.virtualAddress % PAGE_SIZE);
    const end = Math.min(roundUp(s.virtualAddress + span, PAGE_SIZE), size);
    if (end <= start) continue;
    memory.protect(base + BigInt(start), end - start, sectionProt(s.characteristics));
  }
}

/** IMAGE_SCN_MEM_* → page protection (execute implies read, as PAGE_EXECUTE_READ). */
export function sectionProt(characteristics: number): Prot {
  let p = Prot.None;
  if (characteristics & ScnMem.Read) p |= Prot.Read;
  if (characteristics & ScnMem.Write) p |= Prot.Write | Prot.Read;
  if (characteristics & ScnMem.Execute) p |= Prot.Execute | Prot.Read;
  return p;
}

interface Placement {
  rva: number;
  fileOffset: number;
  length: number;
}

/** Where each section's raw data goes, checked against the file and SizeOfImage. */
function sectionPlacements(pe: PeImage, name: string): Placement[] {
  const sizeOfImage = pe.optionalHeader.sizeOfImage;
  return pe.sections.map((s, i) => {
    const span = s.virtualSize || s.sizeOfRawData;
    if (s.virtualAddress > sizeOfImage || span > sizeOfImage - s.virtualAddress) {
      throw new BadImageFormatError(`IMAGE_SECTION_HEADER[${i}].VirtualAddress`, s.offsets.virtualAddress,
        `section ${s.name} (RVA ${hex(s.virtualAddress)}, ${hex(span)} bytes) extends past SizeOfImage ${hex(sizeOfImage)}`, name);
    }
    const length = Math.min(s.sizeOfRawData, span);
    if (length > 0 && (s.pointerToRawData > pe.bytes.length || length > pe.bytes.length - s.pointerToRawData)) {
      throw new BadImageFormatError(`IMAGE_SECTION_HEADER[${i}].PointerToRawData`, s.offsets.pointerToRawData,
        `section ${s.name} raw data (${hex(length)} bytes at ${hex(s.pointerToRawData)}) runs past the end of the file (${hex(pe.bytes.length)})`, name);
    }
    return { rva: s.virtualAddress, fileOffset: s.pointerToRawData, length };
  });
}

function tryReserve(memory: Memory, size: number, at: bigint): bigint | undefined {
  try {
    return memory.reserve(size, { at });
  } catch {
    return undefined;
  }
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
