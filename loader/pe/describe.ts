/**
 * A plain, JSON-ready description of a PeImage: everything `clremu inspect` shows, with bigints as
 * hex strings and every directory parsed. A directory that fails to parse is described by its
 * error (field, offset, message) instead of aborting the whole description, so a tool can show
 * what is readable in a damaged file; header errors still throw from parsePe before this runs.
 */
import { BadImageFormatError } from './errors';
import { DATA_DIRECTORY_NAMES } from './headers';
import { PeImage } from './image';
import { RELOCATION_TYPE_NAMES } from './relocations';
import { ResourceDirectory } from './resources';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface DirectoryError {
  error: { field: string; offset: number; message: string };
}

function hexString(v: number | bigint): string {
  return `0x${v.toString(16)}`;
}

/** Turns bigints into hex strings and drops undefined, recursively. */
export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return hexString(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) out[k] = toJson(v);
  }
  return out;
}

/** Runs `read`; a BadImageFormatError becomes a DirectoryError value. */
export function attempt<T>(read: () => T): T | DirectoryError {
  try {
    return read();
  } catch (err) {
    if (err instanceof BadImageFormatError) return { error: { field: err.field, offset: err.offset, message: err.message } };
    throw err;
  }
}

export function isDirectoryError(v: unknown): v is DirectoryError {
  return typeof v === 'object' && v !== null && 'error' in v;
}

function describeResourceTree(dir: ResourceDirectory): Json {
  return dir.entries.map((e) => ({
    id: e.id ?? null,
    name: e.name ?? null,
    ...(e.directory ? { entries: describeResourceTree(e.directory) } : {}),
    ...(e.data ? { dataRva: e.data.dataRva, size: e.data.size, codePage: e.data.codePage } : {}),
  }));
}

/** The description `clremu inspect --json` prints. */
export function describePe(pe: PeImage): { [key: string]: Json } {
  const d: Record<string, unknown> = {
    file: pe.fileName ?? null,
    layout: pe.mapped ? 'mapped' : 'file',
    format: pe.is64 ? 'PE32+' : 'PE32',
    managed: pe.isManaged,
    dosHeader: pe.dosHeader,
    fileHeader: pe.fileHeader,
    optionalHeader: pe.optionalHeader,
    dataDirectories: pe.dataDirectories.map((dd, i) => ({ index: i, name: DATA_DIRECTORY_NAMES[i], rva: dd.rva, size: dd.size })),
    sections: pe.sections.map((s) => {
      const { offsets: _offsets, ...rest } = s;
      return rest;
    }),
    imports: attempt(() => pe.imports),
    delayImports: attempt(() => pe.delayImports),
    exports: attempt(() => pe.exports),
    baseRelocations: attempt(() =>
      pe.baseRelocations.map((b) => ({
        pageRva: b.pageRva,
        blockSize: b.blockSize,
        entries: b.entries.map((r) => ({ rva: r.rva, type: RELOCATION_TYPE_NAMES[r.type] ?? String(r.type) })),
      })),
    ),
    tls: attempt(() => pe.tls),
    loadConfig: attempt(() => pe.loadConfig),
    exceptionTable: attempt(() => pe.exceptionTable),
    resources: attempt(() => {
      const r = pe.resources;
      return r ? describeResourceTree(r) : undefined;
    }),
    debug: attempt(() => pe.debug),
    cliHeader: attempt(() => pe.cliHeader),
  };
  return toJson(d) as { [key: string]: Json };
}

/** The directory errors a description holds, by directory name. */
export function descriptionErrors(desc: { [key: string]: Json }): { directory: string; field: string; offset: number; message: string }[] {
  const out: { directory: string; field: string; offset: number; message: string }[] = [];
  for (const [k, v] of Object.entries(desc)) {
    if (isDirectoryError(v)) out.push({ directory: k, ...v.error });
  }
  return out;
}
