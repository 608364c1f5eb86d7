/**
 * Function tables: where the unwinder finds the RUNTIME_FUNCTION covering an address.
 *
 * For a mapped image the table is its exception directory (PE/COFF spec §6.5 ".pdata", data
 * directory 3), read from the image's headers as mapped in guest memory: e_lfanew at 0x3C, the NT
 * signature, the PE32+ optional header and its data directories at offset 112. Entries are sorted
 * by BeginAddress (a requirement of the format); we sort defensively and binary-search.
 * `FunctionTable` also serves tables that do not come from an image (JIT-compiled code later).
 */
import { UnwindError } from './errors';
import { ReadableMemory, readBytes, u16le, u32le } from './memory';
import { FunctionEntry, FunctionLookup } from './virtual-unwind';

export interface RuntimeFunctionRecord {
  begin: number;
  end: number;
  unwindInfo: number;
}

/** A sorted RUNTIME_FUNCTION table of one image (or one code heap) with binary-search lookup. */
export class FunctionTable {
  private readonly begins: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly infos: Uint32Array;

  constructor(
    readonly imageBase: bigint,
    records: readonly RuntimeFunctionRecord[],
  ) {
    const sorted = [...records].sort((a, b) => a.begin - b.begin);
    this.begins = Uint32Array.from(sorted, (r) => r.begin);
    this.ends = Uint32Array.from(sorted, (r) => r.end);
    this.infos = Uint32Array.from(sorted, (r) => r.unwindInfo);
  }

  get length(): number {
    return this.begins.length;
  }

  /** The entry whose [begin, end) contains `rip`, if any (a bound function: pass it as a FunctionLookup). */
  readonly lookup: FunctionLookup = (rip) => {
    const rel = rip - this.imageBase;
    if (rel < 0n || rel > 0xffffffffn) return undefined;
    const rva = Number(rel);
    let lo = 0;
    let hi = this.begins.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.begins[mid] <= rva) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0 || rva >= this.ends[found]) return undefined;
    return { imageBase: this.imageBase, begin: this.begins[found], end: this.ends[found], unwindInfo: this.infos[found] };
  };

  entries(): FunctionEntry[] {
    return Array.from(this.begins, (b, i) => ({ imageBase: this.imageBase, begin: b, end: this.ends[i], unwindInfo: this.infos[i] }));
  }
}

/** IMAGE_DIRECTORY_ENTRY_EXCEPTION. */
const EXCEPTION_DIRECTORY = 3;
const RUNTIME_FUNCTION_SIZE = 12;
/** Directories past this many records are corrupt (a 4 GiB image holds fewer functions). */
const MAX_RECORDS = 1 << 22;

/**
 * Reads the exception directory of the image mapped at `imageBase`. A PE32 image or one without
 * the directory has an empty table; unreadable or inconsistent headers are an UnwindError.
 */
export function readImageFunctionTable(memory: ReadableMemory, imageBase: bigint): FunctionTable {
  const fail = (field: string, offset: number, detail: string): never => {
    throw new UnwindError('malformed-unwind-info', field, imageBase + BigInt(offset), detail);
  };
  const dos = readBytes(memory, imageBase, 0x40, 'IMAGE_DOS_HEADER', 'unreadable-unwind-info');
  if (u16le(dos, 0) !== 0x5a4d) fail('IMAGE_DOS_HEADER.e_magic', 0, 'not "MZ"');
  const lfanew = u32le(dos, 0x3c);
  const nt = readBytes(memory, imageBase + BigInt(lfanew), 24 + 112, 'IMAGE_NT_HEADERS', 'unreadable-unwind-info');
  if (u32le(nt, 0) !== 0x4550) fail('IMAGE_NT_HEADERS.Signature', lfanew, 'not "PE\\0\\0"');
  const optional = lfanew + 24;
  if (u16le(nt, 24) !== 0x20b) return new FunctionTable(imageBase, []); // PE32: no x64 unwind data
  const numberOfRvaAndSizes = u32le(nt, 24 + 108);
  if (numberOfRvaAndSizes <= EXCEPTION_DIRECTORY) return new FunctionTable(imageBase, []);
  const dirOffset = optional + 112 + EXCEPTION_DIRECTORY * 8;
  const dir = readBytes(memory, imageBase + BigInt(dirOffset), 8, 'IMAGE_DIRECTORY_ENTRY_EXCEPTION', 'unreadable-unwind-info');
  const rva = u32le(dir, 0);
  const size = u32le(dir, 4);
  if (rva === 0 || size === 0) return new FunctionTable(imageBase, []);
  const count = Math.floor(size / RUNTIME_FUNCTION_SIZE);
  if (count > MAX_RECORDS) fail('IMAGE_DIRECTORY_ENTRY_EXCEPTION.Size', dirOffset + 4, `${size} bytes is more records than an image can hold`);
  const bytes = readBytes(memory, imageBase + BigInt(rva), count * RUNTIME_FUNCTION_SIZE, 'RUNTIME_FUNCTION table', 'unreadable-unwind-info');
  const records: RuntimeFunctionRecord[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * RUNTIME_FUNCTION_SIZE;
    const begin = u32le(bytes, o);
    const end = u32le(bytes, o + 4);
    if (begin === 0 && end === 0) continue; // zero padding at the end of .pdata
    records.push({ begin, end, unwindInfo: u32le(bytes, o + 8) });
  }
  return new FunctionTable(imageBase, records);
}

/** The address range of one loaded image, as a module list gives it. */
export interface ImageRange {
  readonly base: bigint;
  readonly size: number;
}

/**
 * A FunctionLookup over the images of a process: finds the image containing RIP, reads its table
 * once (cached by base; an image whose headers cannot be read has no entries), then searches it.
 * `images` is called on each lookup so modules loaded later are seen. Extra tables (JIT code) can
 * be registered with `addTable`.
 */
export class ModuleFunctionLookup {
  private readonly cache = new Map<bigint, FunctionTable>();
  private readonly extra: FunctionTable[] = [];
  /** UnwindErrors met while reading tables, by image base (a crash report may list them). */
  readonly tableErrors = new Map<bigint, UnwindError>();

  constructor(
    private readonly memory: ReadableMemory,
    private readonly images: () => Iterable<ImageRange>,
  ) {}

  addTable(table: FunctionTable): void {
    this.extra.push(table);
  }

  /** Forgets a cached table (the image was unloaded or its memory rewritten). */
  forget(base: bigint): void {
    this.cache.delete(base);
    this.tableErrors.delete(base);
  }

  readonly lookup: FunctionLookup = (rip) => {
    for (const t of this.extra) {
      const e = t.lookup(rip);
      if (e) return e;
    }
    for (const image of this.images()) {
      if (rip < image.base || rip >= image.base + BigInt(image.size)) continue;
      return this.tableFor(image.base).lookup(rip);
    }
    return undefined;
  };

  tableFor(base: bigint): FunctionTable {
    let table = this.cache.get(base);
    if (!table) {
      try {
        table = readImageFunctionTable(this.memory, base);
      } catch (err) {
        if (!(err instanceof UnwindError)) throw err;
        this.tableErrors.set(base, err);
        table = new FunctionTable(base, []);
      }
      this.cache.set(base, table);
    }
    return table;
  }
}

/** Convenience: the lookup function for a process's images. */
export function createModuleLookup(memory: ReadableMemory, images: () => Iterable<ImageRange>): FunctionLookup {
  return new ModuleFunctionLookup(memory, images).lookup;
}
