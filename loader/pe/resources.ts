/**
 * The resource directory (PE/COFF spec §6.9 ".rsrc"): a tree of IMAGE_RESOURCE_DIRECTORY tables
 * (by convention three levels: type, name, language) whose entries are named (a length-prefixed
 * UTF-16 string) or numbered, and point either to a subdirectory (top bit set) or to an
 * IMAGE_RESOURCE_DATA_ENTRY. All offsets inside the tree are relative to the directory start;
 * data entries hold RVAs. Cycles and absurd depths in corrupt files are reported, not followed.
 */
import { hex } from './errors';
import { DataDirectoryIndex } from './headers';
import { ImageView } from './view';

export interface ResourceDataEntry {
  dataRva: number;
  size: number;
  codePage: number;
  reserved: number;
  /** Offset of the data entry inside the resource directory. */
  entryOffset: number;
}

export interface ResourceEntry {
  /** Numeric id when the entry is not named. */
  id?: number;
  /** Name when the entry is named. */
  name?: string;
  directory?: ResourceDirectory;
  data?: ResourceDataEntry;
}

export interface ResourceDirectory {
  characteristics: number;
  timeDateStamp: number;
  majorVersion: number;
  minorVersion: number;
  numberOfNamedEntries: number;
  numberOfIdEntries: number;
  /** Offset of this table inside the resource directory. */
  tableOffset: number;
  entries: ResourceEntry[];
}

const MAX_DEPTH = 8;
const MAX_NODES = 65536;

export function parseResources(img: ImageView): ResourceDirectory | undefined {
  const dir = img.directory(DataDirectoryIndex.Resource);
  if (!dir) return undefined;
  const base = dir.rva;
  let nodes = 0;
  const active = new Set<number>();
  const readName = (off: number): string => {
    const len = img.u16At(base + off, 'IMAGE_RESOURCE_DIR_STRING_U.Length');
    const raw = img.readAtRva(base + off + 2, len * 2, 'IMAGE_RESOURCE_DIR_STRING_U.NameString');
    return Buffer.from(raw).toString('utf16le');
  };
  const readTable = (off: number, depth: number): ResourceDirectory => {
    const R = 'IMAGE_RESOURCE_DIRECTORY';
    if (depth > MAX_DEPTH) img.fail(R, base + off, `resource tree deeper than ${MAX_DEPTH} levels`);
    if (active.has(off)) img.fail(R, base + off, `resource table at offset ${hex(off)} contains itself`);
    active.add(off);
    const h = img.struct(base + off, 16, R);
    const t: ResourceDirectory = {
      characteristics: h.u32(0), timeDateStamp: h.u32(4), majorVersion: h.u16(8), minorVersion: h.u16(10),
      numberOfNamedEntries: h.u16(12), numberOfIdEntries: h.u16(14), tableOffset: off, entries: [],
    };
    const n = t.numberOfNamedEntries + t.numberOfIdEntries;
    nodes += n;
    if (nodes > MAX_NODES) img.fail(`${R}.NumberOfIdEntries`, base + off + 14, `more than ${MAX_NODES} resource entries`);
    const body = img.struct(base + off + 16, n * 8, `${R}_ENTRY`);
    for (let i = 0; i < n; i++) {
      const nameField = body.u32(i * 8);
      const target = body.u32(i * 8 + 4);
      const e: ResourceEntry = {};
      if (nameField & 0x80000000) e.name = readName(nameField & 0x7fffffff);
      else e.id = nameField;
      if (target & 0x80000000) {
        e.directory = readTable(target & 0x7fffffff, depth + 1);
      } else {
        const d = img.struct(base + target, 16, 'IMAGE_RESOURCE_DATA_ENTRY');
        e.data = { dataRva: d.u32(0), size: d.u32(4), codePage: d.u32(8), reserved: d.u32(12), entryOffset: target };
      }
      t.entries.push(e);
    }
    active.delete(off);
    return t;
  };
  return readTable(0, 0);
}
