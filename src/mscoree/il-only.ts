/**
 * The IL-only image invariants of CoreCLR's PEDecoder::CheckILOnly (src/coreclr/utilcode/
 * pedecoder.cpp), checked on an image in file layout (before `_CorValidateImage` clears its
 * import directory). An IL-only image's only native content is its mscoree import and entry stub,
 * so everything else native is a violation:
 *  - only the IMPORT, RESOURCE, SECURITY, BASERELOC, DEBUG, IAT and COM directories may be present,
 *    and none may lie in a shared section;
 *  - the imports are exactly mscoree.dll!_CorExeMain or _CorDllMain, by name, one descriptor;
 *  - one base relocation block of one HIGHLOW (PE32) or DIR64 (x64) fix-up plus ABSOLUTE padding,
 *    or none for an EXE marked RELOCS_STRIPPED;
 *  - an entry point that is a jump through that one IAT slot: `FF 25 <IAT VA>` for i386, and for
 *    x64 (checked here, not by CoreCLR) mcs's `48 A1 <IAT VA64>; FF E0`;
 *  - no shared sections; an EXE has Win32VersionValue 0 (PEDecoder::CheckNTHeaders).
 * Each violation is reported, not thrown, so a loader test can assert the exact list.
 */
import {
  BadImageFormatError, CorFlags, DataDirectoryIndex, FileCharacteristics, MachineType, PeImage, RelocationType,
  SectionCharacteristics, DATA_DIRECTORY_NAMES,
} from '../../loader/pe';

/** Identifiers of the invariants, one per rule. */
export const enum IlOnlyRule {
  /** No COM descriptor or it is unreadable. */
  CorHeader = 'cor-header',
  /** The CLI header says ILONLY. */
  IlOnlyFlag = 'ilonly-flag',
  /** A data directory outside the allowed set is present. */
  DirectoryNotAllowed = 'directory-not-allowed',
  /** A directory lies in a shared section. */
  DirectoryInSharedSection = 'directory-in-shared-section',
  /** The import table is not exactly mscoree.dll!_CorExeMain/_CorDllMain. */
  ImportDlls = 'import-dlls',
  /** Base relocations are not exactly one fix-up of the machine's pointer type. */
  BaseRelocations = 'base-relocations',
  /** The entry point is not the jump-through-IAT stub. */
  EntryPoint = 'entry-point',
  /** A section is marked shared. */
  SharedSection = 'shared-section',
  /** An EXE has a non-zero Win32VersionValue. */
  Win32VersionValue = 'win32-version-value',
}

export interface IlOnlyViolation {
  rule: IlOnlyRule;
  message: string;
}

const ALLOWED_DIRECTORIES =
  (1 << DataDirectoryIndex.Import) | (1 << DataDirectoryIndex.Resource) | (1 << DataDirectoryIndex.Security) |
  (1 << DataDirectoryIndex.BaseReloc) | (1 << DataDirectoryIndex.Debug) | (1 << DataDirectoryIndex.Iat) |
  (1 << DataDirectoryIndex.ComDescriptor);

function hex(v: number | bigint): string {
  return `0x${v.toString(16)}`;
}

/** Runs `check`, turning a parse failure of the structure it reads into a violation of `rule`. */
function guarded(out: IlOnlyViolation[], rule: IlOnlyRule, check: () => string[]): void {
  try {
    for (const message of check()) out.push({ rule, message });
  } catch (err) {
    if (err instanceof BadImageFormatError) out.push({ rule, message: err.message });
    else throw err;
  }
}

function checkImports(pe: PeImage): string[] {
  const dir = pe.dataDirectories[DataDirectoryIndex.Import];
  if (dir.rva === 0) return ['no import directory (mscoree.dll is required)'];
  if (dir.size < 40) return [`import directory size ${hex(dir.size)} has no room for two descriptors`];
  const dlls = pe.imports;
  const problems: string[] = [];
  if (dlls.length !== 1) problems.push(`${dlls.length} imported DLLs (${dlls.map((d) => d.name).join(', ')}); only mscoree.dll is allowed`);
  const d = dlls[0];
  if (!d) return problems;
  if (d.name.toLowerCase() !== 'mscoree.dll') problems.push(`imports from '${d.name}' instead of mscoree.dll`);
  if (d.originalFirstThunk === 0) problems.push('descriptor has no import lookup table');
  if (d.timeDateStamp !== 0) problems.push(`descriptor TimeDateStamp ${hex(d.timeDateStamp)} is not 0`);
  if (d.forwarderChain !== 0 && d.forwarderChain !== 0xffffffff) problems.push(`descriptor ForwarderChain ${hex(d.forwarderChain)}`);
  if (d.entries.length !== 1) problems.push(`${d.entries.length} imported functions; exactly one is allowed`);
  const e = d.entries[0];
  if (e) {
    if (e.name === undefined) problems.push(`imports ordinal ${e.ordinal} instead of a name`);
    else if (!['_corexemain', '_cordllmain'].includes(e.name.toLowerCase())) problems.push(`imports '${e.name}' instead of _CorExeMain/_CorDllMain`);
  }
  return problems;
}

function checkRelocations(pe: PeImage): string[] {
  const dir = pe.dataDirectories[DataDirectoryIndex.BaseReloc];
  const stripped = (pe.fileHeader.characteristics & FileCharacteristics.RelocsStripped) !== 0;
  if (dir.rva === 0) {
    const p: string[] = [];
    if (pe.isDll) p.push('a DLL must have base relocations');
    if (!stripped) p.push('no base relocations but RELOCS_STRIPPED is not set');
    return p;
  }
  const p: string[] = [];
  if (stripped) p.push('RELOCS_STRIPPED is set but base relocations are present');
  const section = pe.sectionOf(dir.rva);
  if (!section) p.push(`relocation directory RVA ${hex(dir.rva)} is in no section`);
  else if (!(section.characteristics & SectionCharacteristics.MemRead)) p.push(`relocation section ${section.name} is not readable`);
  const blocks = pe.baseRelocations;
  const first = blocks[0];
  if (!first) return [...p, 'relocation directory holds no block'];
  if (first.blockSize !== dir.size) p.push(`first block size ${hex(first.blockSize)} differs from directory size ${hex(dir.size)} (one block expected)`);
  const want = pe.fileHeader.machine === MachineType.Amd64 ? RelocationType.Dir64 : RelocationType.HighLow;
  const [fix, ...rest] = first.entries;
  if (!fix) p.push('relocation block holds no fix-up');
  else if (fix.type !== want) p.push(`fix-up type ${fix.type} where ${want === RelocationType.Dir64 ? 'DIR64 (10)' : 'HIGHLOW (3)'} is expected`);
  const extra = rest.filter((r) => r.type !== RelocationType.Absolute).length;
  if (extra > 0) p.push(`${extra + 1} fix-ups; exactly one is allowed (the rest must be ABSOLUTE padding)`);
  return p;
}

function checkEntryPoint(pe: PeImage): string[] {
  const ep = pe.optionalHeader.addressOfEntryPoint;
  if (ep === 0) return ['AddressOfEntryPoint is 0'];
  const iat = pe.imports[0]?.firstThunk;
  if (iat === undefined) return ['no IAT slot for the entry stub to jump through'];
  const base = pe.optionalHeader.imageBase;
  if (pe.fileHeader.machine === MachineType.Amd64) {
    const stub = pe.readAtRva(ep, 12, 'entry stub');
    const dv = new DataView(stub.buffer, stub.byteOffset, stub.byteLength);
    if (stub[0] !== 0x48 || stub[1] !== 0xa1 || stub[10] !== 0xff || stub[11] !== 0xe0) {
      return [`x64 entry stub is ${Array.from(stub.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join(' ')}, not 48 A1 <IAT VA> FF E0`];
    }
    const target = dv.getBigUint64(2, true);
    return target - base === BigInt(iat) ? [] : [`entry stub reads ${hex(target)}, not the IAT slot ${hex(base + BigInt(iat))}`];
  }
  const stub = pe.readAtRva(ep, 6, 'entry stub');
  if (stub[0] !== 0xff || stub[1] !== 0x25) {
    return [`entry stub starts ${hex(stub[0])} ${hex(stub[1])}, not FF 25 (jmp dword ptr [IAT])`];
  }
  const target = BigInt(new DataView(stub.buffer, stub.byteOffset, 6).getUint32(2, true));
  return target - base === BigInt(iat) ? [] : [`entry stub jumps through ${hex(target)}, not the IAT slot ${hex(base + BigInt(iat))}`];
}

/** Lists every IL-only invariant the image (file layout) breaks; empty when it is a clean IL-only image. */
export function checkIlOnlyInvariants(pe: PeImage): IlOnlyViolation[] {
  const out: IlOnlyViolation[] = [];
  let flags = 0;
  guarded(out, IlOnlyRule.CorHeader, () => {
    const h = pe.cliHeader;
    if (!h) return ['no COM descriptor (data directory 14)'];
    flags = h.flags;
    return [];
  });
  if (out.length > 0) return out;
  if (!(flags & CorFlags.IlOnly)) out.push({ rule: IlOnlyRule.IlOnlyFlag, message: `COMIMAGE_FLAGS ${hex(flags)} lacks ILONLY` });

  const shared = pe.sections.filter((s) => s.characteristics & SectionCharacteristics.MemShared);
  pe.dataDirectories.forEach((d, i) => {
    if (i >= pe.optionalHeader.numberOfRvaAndSizes || d.rva === 0) return;
    if (!(ALLOWED_DIRECTORIES & (1 << i))) {
      out.push({ rule: IlOnlyRule.DirectoryNotAllowed, message: `${DATA_DIRECTORY_NAMES[i]} directory present at ${hex(d.rva)}` });
    }
    // The security directory holds a file offset, which the OS loader ignores.
    if (i !== DataDirectoryIndex.Security) {
      const s = pe.sectionOf(d.rva);
      if (s && shared.includes(s)) {
        out.push({ rule: IlOnlyRule.DirectoryInSharedSection, message: `${DATA_DIRECTORY_NAMES[i]} directory lies in shared section ${s.name}` });
      }
    }
  });
  const hasImport = pe.dataDirectories[DataDirectoryIndex.Import].rva !== 0;
  const hasReloc = pe.dataDirectories[DataDirectoryIndex.BaseReloc].rva !== 0;
  if (hasImport || hasReloc || pe.optionalHeader.addressOfEntryPoint !== 0) {
    guarded(out, IlOnlyRule.ImportDlls, () => checkImports(pe));
    guarded(out, IlOnlyRule.BaseRelocations, () => checkRelocations(pe));
    guarded(out, IlOnlyRule.EntryPoint, () => checkEntryPoint(pe));
  }
  for (const s of shared) out.push({ rule: IlOnlyRule.SharedSection, message: `section ${s.name} is shared` });
  if (!pe.isDll && pe.optionalHeader.win32VersionValue !== 0) {
    out.push({ rule: IlOnlyRule.Win32VersionValue, message: `Win32VersionValue ${hex(pe.optionalHeader.win32VersionValue)} is not 0 in an EXE` });
  }
  return out;
}
