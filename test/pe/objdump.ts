/**
 * The test oracle: runs binutils' `x86_64-w64-mingw32-objdump -p -h` (it reads both pei-i386 and
 * pei-x86-64) and parses the parts of its text this project compares against: optional-header
 * fields, the data directory, sections, imports, exports, base relocations and the .pdata table.
 * The text format is binutils' (bfd/peXXigen.c); some versions print export tables twice, so
 * repeated lines are folded by their index.
 */
import { execFile } from 'child_process';

export const OBJDUMP = 'x86_64-w64-mingw32-objdump';

export interface ObjdumpSection {
  name: string;
  size: bigint;
  vma: bigint;
  fileOffset: bigint;
}

export interface ObjdumpImport {
  dll: string;
  /** Hint/name RVA (or the raw thunk for an ordinal) and hint/ordinal, and name or undefined. */
  members: { vma: bigint; hintOrOrdinal: number; name?: string }[];
}

export interface ObjdumpExports {
  name: string;
  ordinalBase: number;
  addressTableEntries: number;
  namePointerEntries: number;
  /** By table index: RVA or forwarder. */
  addresses: Map<number, { rva: bigint; forwarder?: string }>;
  /** Name table: index into the address table → name. */
  names: Map<string, number>;
}

export interface ObjdumpRelocBlock {
  pageRva: bigint;
  size: number;
  fixups: { rva: bigint; type: string }[];
}

export interface ObjdumpView {
  format: string;
  /** The Time/Date line as printed (ctime format, local time). */
  timeDate?: string;
  characteristics: number;
  fields: Map<string, bigint>;
  directories: { rva: bigint; size: bigint }[];
  sections: ObjdumpSection[];
  imports: ObjdumpImport[];
  exports?: ObjdumpExports;
  relocations: ObjdumpRelocBlock[];
  pdataEntries: { begin: bigint; end: bigint; unwind: bigint }[];
  hasPdataDump: boolean;
  /** Resource data entries in the order objdump walks the tree. */
  resourceLeaves: { rva: bigint; size: bigint; codePage: number }[];
  debug: { type: number; size: bigint; rva: bigint; fileOffset: bigint; codeView?: { signature: string; age: number; pdb: string } }[];
}

export function runObjdump(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(OBJDUMP, ['-p', '-h', file], { maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${OBJDUMP} failed on ${file}: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

const HEADER_KEYS = new Set([
  'Magic', 'MajorLinkerVersion', 'MinorLinkerVersion', 'SizeOfCode', 'SizeOfInitializedData', 'SizeOfUninitializedData',
  'AddressOfEntryPoint', 'BaseOfCode', 'BaseOfData', 'ImageBase', 'SectionAlignment', 'FileAlignment',
  'MajorOSystemVersion', 'MinorOSystemVersion', 'MajorImageVersion', 'MinorImageVersion', 'MajorSubsystemVersion',
  'MinorSubsystemVersion', 'Win32Version', 'SizeOfImage', 'SizeOfHeaders', 'CheckSum', 'Subsystem', 'DllCharacteristics',
  'SizeOfStackReserve', 'SizeOfStackCommit', 'SizeOfHeapReserve', 'SizeOfHeapCommit', 'LoaderFlags', 'NumberOfRvaAndSizes',
]);
/** Fields objdump prints in decimal. */
const DECIMAL_KEYS = new Set([
  'MajorLinkerVersion', 'MinorLinkerVersion', 'MajorOSystemVersion', 'MinorOSystemVersion', 'MajorImageVersion',
  'MinorImageVersion', 'MajorSubsystemVersion', 'MinorSubsystemVersion',
]);

export function parseObjdump(text: string): ObjdumpView {
  const lines = text.split('\n');
  const view: ObjdumpView = {
    format: '', characteristics: -1, fields: new Map(), directories: [], sections: [], imports: [], relocations: [],
    pdataEntries: [], hasPdataDump: false, resourceLeaves: [], debug: [],
  };
  let mode: 'none' | 'imports' | 'exports-eat' | 'exports-names' | 'pdata' | 'relocs' | 'sections' = 'none';
  let currentImport: ObjdumpImport | undefined;
  let currentBlock: ObjdumpRelocBlock | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, '');
    let m: RegExpMatchArray | null;
    if ((m = line.match(/file format (\S+)$/))) {
      view.format = m[1];
      continue;
    }
    if ((m = line.match(/^Time\/Date\t+(.*)$/))) {
      view.timeDate = m[1];
      continue;
    }
    if ((m = line.match(/^Characteristics 0x([0-9a-f]+)$/))) {
      view.characteristics = parseInt(m[1], 16);
      continue;
    }
    if ((m = line.match(/^(\w+)\s+([0-9a-f]+)\b/)) && HEADER_KEYS.has(m[1]) && !view.fields.has(m[1])) {
      view.fields.set(m[1], DECIMAL_KEYS.has(m[1]) ? BigInt(parseInt(m[2], 10)) : BigInt(`0x${m[2]}`));
      continue;
    }
    if ((m = line.match(/^Entry ([0-9a-f]) ([0-9a-f]+) ([0-9a-f]+) /))) {
      view.directories[parseInt(m[1], 16)] = { rva: BigInt(`0x${m[2]}`), size: BigInt(`0x${m[3]}`) };
      continue;
    }
    if ((m = line.match(/^[0-9a-f]+\s+Leaf: Addr: 0x([0-9a-f]+), Size: 0x([0-9a-f]+), Codepage: (\d+)/))) {
      view.resourceLeaves.push({ rva: BigInt(`0x${m[1]}`), size: BigInt(`0x${m[2]}`), codePage: parseInt(m[3], 10) });
      continue;
    }
    if ((m = line.match(/^\s+(\d+)\s+\S+ ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8})$/)) && mode === 'none') {
      view.debug.push({ type: parseInt(m[1], 10), size: BigInt(`0x${m[2]}`), rva: BigInt(`0x${m[3]}`), fileOffset: BigInt(`0x${m[4]}`) });
      continue;
    }
    if ((m = line.match(/^\(format (\S+) signature ([0-9a-f]+) age (\d+)(?: pdb (.*))?\)$/)) && view.debug.length > 0) {
      view.debug[view.debug.length - 1].codeView = { signature: m[2], age: parseInt(m[3], 10), pdb: m[4] ?? '' };
      continue;
    }
    if (line.startsWith('The Import Tables')) {
      mode = 'imports';
      continue;
    }
    if (line.startsWith('The Export Tables')) {
      view.exports = { name: '', ordinalBase: 0, addressTableEntries: 0, namePointerEntries: 0, addresses: new Map(), names: new Map() };
      mode = 'none';
      continue;
    }
    if (line.startsWith('The Function Table')) {
      mode = 'pdata';
      view.hasPdataDump = true;
      continue;
    }
    if (line.startsWith('PE File Base Relocations')) {
      mode = 'relocs';
      continue;
    }
    if (line.startsWith('Sections:')) {
      mode = 'sections';
      continue;
    }
    if (view.exports && (m = line.match(/^Name\s+([0-9a-f]+) (.*)$/))) {
      view.exports.name = m[2];
      continue;
    }
    if (view.exports && (m = line.match(/^Ordinal Base\s+(\d+)/))) {
      view.exports.ordinalBase = parseInt(m[1], 10);
      continue;
    }
    if (view.exports && (m = line.match(/^\tExport Address Table\s+([0-9a-f]+)$/)) && mode === 'none' && view.exports.addressTableEntries === 0) {
      view.exports.addressTableEntries = parseInt(m[1], 16);
      continue;
    }
    if (view.exports && (m = line.match(/^\t\[Name Pointer\/Ordinal\] Table\s+([0-9a-f]+)$/))) {
      view.exports.namePointerEntries = parseInt(m[1], 16);
      continue;
    }
    if (line.startsWith('Export Address Table -- Ordinal Base')) {
      mode = 'exports-eat';
      continue;
    }
    if (line.startsWith('[Ordinal/Name Pointer] Table')) {
      mode = 'exports-names';
      continue;
    }
    switch (mode) {
      case 'imports':
        if ((m = line.match(/^\tDLL Name: (.*)$/))) {
          currentImport = { dll: m[1], members: [] };
          view.imports.push(currentImport);
        } else if (currentImport && (m = line.match(/^\t([0-9a-f]+)\t\s*(\d+)\s+(.*)$/))) {
          const rest = m[3];
          // By-ordinal imports print the ordinal and `<none>` where a name would be.
          if (rest === '<none>') currentImport.members.push({ vma: BigInt(`0x${m[1]}`), hintOrOrdinal: parseInt(m[2], 10) });
          else currentImport.members.push({ vma: BigInt(`0x${m[1]}`), hintOrOrdinal: parseInt(m[2], 10), name: rest.replace(/\s+<none>$/, '') });
        }
        break;
      case 'exports-eat':
        if ((m = line.match(/^\t\[\s*(\d+)\] \+base\[\s*(\d+)\] ([0-9a-f]+) (Export|Forwarder) RVA(?: -- (.*))?$/))) {
          view.exports!.addresses.set(parseInt(m[1], 10), { rva: BigInt(`0x${m[3]}`), forwarder: m[4] === 'Forwarder' ? m[5] : undefined });
        }
        break;
      case 'exports-names':
        if ((m = line.match(/^\t\[\s*(\d+)\] (.*)$/))) view.exports!.names.set(m[2], parseInt(m[1], 10));
        else if (line !== '') mode = 'none';
        break;
      case 'pdata':
        if ((m = line.match(/^\s*[0-9a-f]+:\s+([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)/))) {
          view.pdataEntries.push({ begin: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), unwind: BigInt(`0x${m[3]}`) });
        } else if (line !== '' && !line.startsWith('vma:')) {
          mode = 'none';
        }
        break;
      case 'relocs':
        if ((m = line.match(/^Virtual Address: ([0-9a-f]+) Chunk size (\d+)/))) {
          currentBlock = { pageRva: BigInt(`0x${m[1]}`), size: parseInt(m[2], 10), fixups: [] };
          view.relocations.push(currentBlock);
        } else if (currentBlock && (m = line.match(/^\treloc\s+\d+ offset\s+[0-9a-f]+ \[([0-9a-f]+)\] (\S+)/))) {
          currentBlock.fixups.push({ rva: BigInt(`0x${m[1]}`), type: m[2] });
        } else if (line !== '' && !line.startsWith('\t')) {
          mode = 'none';
        }
        break;
      case 'sections':
        if ((m = line.match(/^\s*\d+ (\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+2\*\*\d+$/))) {
          view.sections.push({ name: m[1], size: BigInt(`0x${m[2]}`), vma: BigInt(`0x${m[3]}`), fileOffset: BigInt(`0x${m[4]}`) });
        }
        break;
      default:
        break;
    }
  }
  return view;
}
