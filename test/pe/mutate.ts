/**
 * A seeded mutator for PE files, reusable by any layer that must survive bad images (the parser,
 * `inspect`, the loader). Each mutant is one targeted corruption of a valid image: truncation,
 * random header bytes, an absurd e_lfanew or section count, section fields out of range, data
 * directories pointing outside the image, broken relocation blocks, import/export/resource tables
 * with wild offsets. Mutations are located with the parser on the original (valid) image, so they
 * hit the structures they name. Same seed, same mutants.
 */
import { DataDirectoryIndex, PeImage, parsePe } from '../../loader/pe';

/** mulberry32: a small, fast, seedable PRNG (quality is ample for fuzzing). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** A 32-bit value biased toward the edge cases parsers get wrong. */
  wild32(limit: number): number {
    return this.pick([0, 1, 0xffffffff, 0x7fffffff, 0x80000000, limit, limit - 1, limit + 1, this.int(limit * 2 + 1), this.int(0x100000000)]) >>> 0;
  }
}

export const MUTATION_KINDS = [
  'truncate', 'header-bytes', 'lfanew', 'section-count', 'section-fields', 'directory-out-of-range',
  'relocation-block', 'import-table', 'export-table', 'resource-table', 'random-bytes', 'optional-header-size',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutant {
  kind: MutationKind;
  /** What was changed, for a failure message that lets someone reproduce it. */
  description: string;
  bytes: Uint8Array;
}

const put32 = (b: Uint8Array, at: number, v: number): void => {
  if (at >= 0 && at + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0, true);
};
const put16 = (b: Uint8Array, at: number, v: number): void => {
  if (at >= 0 && at + 2 <= b.length) new DataView(b.buffer, b.byteOffset).setUint16(at, v & 0xffff, true);
};
const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

function directoryOffset(pe: PeImage, index: number): number | undefined {
  const d = pe.dataDirectories[index];
  return d.rva === 0 ? undefined : pe.rvaToOffset(d.rva);
}

/** One mutant of `original` (a valid image; `pe` is its parse). */
export function mutate(original: Uint8Array, pe: PeImage, rng: Rng, kind: MutationKind = rng.pick(MUTATION_KINDS)): Mutant {
  const b = new Uint8Array(original);
  const headerEnd = Math.min(b.length, pe.optionalHeader.sizeOfHeaders || 0x400);
  const fh = pe.dosHeader.e_lfanew + 4;
  switch (kind) {
    case 'truncate': {
      // Mostly inside the headers and directory areas, sometimes anywhere.
      const at = rng.next() < 0.6 ? rng.int(headerEnd) : rng.int(b.length);
      return { kind, description: `truncated to ${hex(at)} bytes`, bytes: b.subarray(0, at) };
    }
    case 'header-bytes': {
      const n = 1 + rng.int(8);
      const spots: string[] = [];
      for (let i = 0; i < n; i++) {
        const at = rng.int(headerEnd);
        b[at] = rng.int(256);
        spots.push(`${hex(at)}=${hex(b[at])}`);
      }
      return { kind, description: `header bytes ${spots.join(' ')}`, bytes: b };
    }
    case 'lfanew': {
      const v = rng.wild32(b.length);
      put32(b, 0x3c, v);
      return { kind, description: `e_lfanew = ${hex(v)}`, bytes: b };
    }
    case 'section-count': {
      const v = rng.pick([0, 0xffff, 0x8000, 96, 97, pe.sections.length + 1 + rng.int(200)]);
      put16(b, fh + 2, v);
      return { kind, description: `NumberOfSections = ${v}`, bytes: b };
    }
    case 'optional-header-size': {
      const v = rng.pick([0, 0xffff, 0x5f, 0x60, 0xe0, 0xf0, rng.int(0x10000)]);
      put16(b, fh + 16, v);
      return { kind, description: `SizeOfOptionalHeader = ${hex(v)}`, bytes: b };
    }
    case 'section-fields': {
      if (pe.sections.length === 0) return mutate(original, pe, rng, 'header-bytes');
      const s = rng.pick(pe.sections);
      const field = rng.pick(['virtualSize', 'virtualAddress', 'sizeOfRawData', 'pointerToRawData'] as const);
      const v = rng.wild32(b.length);
      put32(b, s.offsets[field], v);
      return { kind, description: `section ${s.name}.${field} = ${hex(v)}`, bytes: b };
    }
    case 'directory-out-of-range': {
      const i = rng.int(16);
      const d = pe.dataDirectories[i];
      const which = rng.pick(['rva', 'size', 'both'] as const);
      const rva = rng.wild32(pe.optionalHeader.sizeOfImage);
      const size = rng.wild32(b.length);
      if (which !== 'size') put32(b, d.entryOffset, rva);
      if (which !== 'rva') put32(b, d.entryOffset + 4, size);
      return { kind, description: `DataDirectory[${i}] ${which}: rva ${hex(rva)} size ${hex(size)}`, bytes: b };
    }
    case 'relocation-block': {
      const at = directoryOffset(pe, DataDirectoryIndex.BaseReloc);
      if (at === undefined) return mutate(original, pe, rng, 'directory-out-of-range');
      const blocks = pe.baseRelocations;
      const block = blocks.length ? rng.pick(blocks) : undefined;
      const blockAt = block ? (pe.rvaToOffset(block.blockRva) ?? at) : at;
      if (rng.next() < 0.5) {
        const v = rng.pick([0, 1, 7, 9, 0xffffffff, 0x80000000, rng.int(0x10000)]);
        put32(b, blockAt + 4, v);
        return { kind, description: `relocation block at ${hex(blockAt)} SizeOfBlock = ${hex(v)}`, bytes: b };
      }
      const v = rng.wild32(pe.optionalHeader.sizeOfImage);
      put32(b, blockAt, v);
      return { kind, description: `relocation block at ${hex(blockAt)} VirtualAddress = ${hex(v)}`, bytes: b };
    }
    case 'import-table': {
      const at = directoryOffset(pe, DataDirectoryIndex.Import);
      if (at === undefined) return mutate(original, pe, rng, 'directory-out-of-range');
      const field = rng.pick([0, 12, 16, 20, 32, 36]);
      const v = rng.wild32(pe.optionalHeader.sizeOfImage);
      put32(b, at + field, v);
      return { kind, description: `import descriptor bytes +${field} = ${hex(v)}`, bytes: b };
    }
    case 'export-table': {
      const at = directoryOffset(pe, DataDirectoryIndex.Export);
      if (at === undefined) return mutate(original, pe, rng, 'import-table');
      const field = rng.pick([12, 16, 20, 24, 28, 32, 36]);
      const v = rng.wild32(pe.optionalHeader.sizeOfImage);
      put32(b, at + field, v);
      return { kind, description: `export directory +${field} = ${hex(v)}`, bytes: b };
    }
    case 'resource-table': {
      const at = directoryOffset(pe, DataDirectoryIndex.Resource);
      if (at === undefined) return mutate(original, pe, rng, 'relocation-block');
      // Entries start 16 bytes into a table; make one point back to the root, far away, or anywhere.
      const entry = at + 16 + 8 * rng.int(3);
      const v = rng.pick([0x80000000, 0x80000010, 0xffffffff, 0x7fffffff, rng.int(0x100000000)]);
      put32(b, entry + (rng.next() < 0.5 ? 0 : 4), v);
      if (rng.next() < 0.3) put16(b, at + 14, rng.pick([0xffff, 0x8000, 2]));
      return { kind, description: `resource entry at ${hex(entry)} = ${hex(v)}`, bytes: b };
    }
    case 'random-bytes':
    default: {
      const n = 1 + rng.int(32);
      for (let i = 0; i < n; i++) b[rng.int(b.length)] = rng.int(256);
      return { kind: 'random-bytes', description: `${n} random bytes anywhere`, bytes: b };
    }
  }
}

/** `count` mutants spread over `sources` (valid images), deterministic for `seed`. */
export function* mutants(sources: { name: string; bytes: Uint8Array }[], count: number, seed: number): Generator<Mutant & { source: string; index: number }> {
  const rng = new Rng(seed);
  const parsed = sources.map((s) => ({ ...s, pe: parsePe(s.bytes, s.name) }));
  for (let i = 0; i < count; i++) {
    const s = parsed[i % parsed.length];
    const kind = MUTATION_KINDS[rng.int(MUTATION_KINDS.length)];
    yield { ...mutate(s.bytes, s.pe, rng, kind), source: s.name, index: i };
  }
}
