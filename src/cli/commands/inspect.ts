/**
 * `clremu inspect <image>`: what a PE file contains — headers, sections, data directories,
 * imports, exports, relocations, TLS, load config, debug, CLI header — and whether it is managed.
 * Text for people, `--json` for machines (bigints as hex strings).
 *
 * `--loaded` shows the headers as a 64-bit process sees them after loading: the file is laid out
 * in a host buffer (sections at their RVAs) and, for a managed image, `_CorValidateImage` runs on
 * it (PE32 IL-only images become PE32+); the decisions and changed fields are printed too.
 * `--metadata [--view …]` / `--il Type::Method` are served by the sibling module `inspect-metadata`.
 */
import * as fs from 'fs';
import type { Argv, CommandModule } from 'yargs';
import {
  BadImageFormatError, BufferImageMemory, DATA_DIRECTORY_NAMES, PeImage, RELOCATION_TYPE_NAMES, ResourceDirectory,
  attempt, describePe, descriptionErrors, isDirectoryError, layoutImage, parsePe, parsePeMapped,
} from '../../../loader/pe';
import { CorValidateImageError } from '../../mscoree/status';
import { ValidateImageResult, corValidateImage, formatValidateTrace } from '../../mscoree/validate';
import { CliUsageError } from '../errors';

export interface InspectArgs {
  image: string;
  json: boolean;
  loaded: boolean;
  metadata: boolean;
  /** `Type::Method` whose IL to print (served by inspect-metadata). */
  il?: string;
  /** Which metadata view `--metadata` prints (served by inspect-metadata). */
  view?: string;
}

const h = (v: number | bigint, width = 8): string => v.toString(16).padStart(width, '0');

function renderHeaders(pe: PeImage, out: string[]): void {
  const f = pe.fileHeader;
  const o = pe.optionalHeader;
  out.push(`Format                  ${pe.is64 ? 'PE32+' : 'PE32'}${pe.mapped ? ' (mapped layout)' : ''}`);
  out.push(`Managed                 ${pe.isManaged ? 'yes (CLI header in data directory 14)' : 'no'}`);
  out.push('', 'File header');
  out.push(`  Machine               0x${h(f.machine, 4)}`);
  out.push(`  NumberOfSections      ${f.numberOfSections}`);
  out.push(`  TimeDateStamp         0x${h(f.timeDateStamp)}`);
  out.push(`  PointerToSymbolTable  0x${h(f.pointerToSymbolTable)}`);
  out.push(`  NumberOfSymbols       ${f.numberOfSymbols}`);
  out.push(`  SizeOfOptionalHeader  0x${h(f.sizeOfOptionalHeader, 4)}`);
  out.push(`  Characteristics       0x${h(f.characteristics, 4)}${pe.isDll ? ' (DLL)' : ''}`);
  out.push('', 'Optional header');
  const rows: [string, string][] = [
    ['Magic', `0x${h(o.magic, 4)}`],
    ['LinkerVersion', `${o.majorLinkerVersion}.${o.minorLinkerVersion}`],
    ['SizeOfCode', `0x${h(o.sizeOfCode)}`],
    ['SizeOfInitializedData', `0x${h(o.sizeOfInitializedData)}`],
    ['SizeOfUninitializedData', `0x${h(o.sizeOfUninitializedData)}`],
    ['AddressOfEntryPoint', `0x${h(o.addressOfEntryPoint)}`],
    ['BaseOfCode', `0x${h(o.baseOfCode)}`],
    ...(o.baseOfData !== undefined ? ([['BaseOfData', `0x${h(o.baseOfData)}`]] as [string, string][]) : []),
    ['ImageBase', `0x${h(o.imageBase, pe.is64 ? 16 : 8)}`],
    ['SectionAlignment', `0x${h(o.sectionAlignment)}`],
    ['FileAlignment', `0x${h(o.fileAlignment)}`],
    ['OperatingSystemVersion', `${o.majorOperatingSystemVersion}.${o.minorOperatingSystemVersion}`],
    ['ImageVersion', `${o.majorImageVersion}.${o.minorImageVersion}`],
    ['SubsystemVersion', `${o.majorSubsystemVersion}.${o.minorSubsystemVersion}`],
    ['Win32VersionValue', `0x${h(o.win32VersionValue)}`],
    ['SizeOfImage', `0x${h(o.sizeOfImage)}`],
    ['SizeOfHeaders', `0x${h(o.sizeOfHeaders)}`],
    ['CheckSum', `0x${h(o.checkSum)}`],
    ['Subsystem', `${o.subsystem}`],
    ['DllCharacteristics', `0x${h(o.dllCharacteristics, 4)}`],
    ['SizeOfStackReserve', `0x${h(o.sizeOfStackReserve)}`],
    ['SizeOfStackCommit', `0x${h(o.sizeOfStackCommit)}`],
    ['SizeOfHeapReserve', `0x${h(o.sizeOfHeapReserve)}`],
    ['SizeOfHeapCommit', `0x${h(o.sizeOfHeapCommit)}`],
    ['LoaderFlags', `0x${h(o.loaderFlags)}`],
    ['NumberOfRvaAndSizes', `${o.numberOfRvaAndSizes}`],
  ];
  for (const [k, v] of rows) out.push(`  ${k.padEnd(24)}${v}`);
  out.push('', 'Data directories');
  pe.dataDirectories.forEach((d, i) => {
    if (d.rva === 0 && d.size === 0) return;
    const s = pe.sectionOf(d.rva);
    out.push(`  ${String(i).padStart(2)} ${DATA_DIRECTORY_NAMES[i].padEnd(14)} rva 0x${h(d.rva)} size 0x${h(d.size)}${s ? `  [${s.name}]` : ''}`);
  });
  out.push('', 'Sections');
  out.push('  #  Name       VirtSize VirtAddr RawSize  RawPtr   Flags');
  pe.sections.forEach((s, i) => {
    out.push(`  ${String(i).padStart(2)} ${s.name.padEnd(10)} ${h(s.virtualSize)} ${h(s.virtualAddress)} ${h(s.sizeOfRawData)} ${h(s.pointerToRawData)} ${h(s.characteristics)}`);
  });
}

function section(out: string[], title: string, read: () => void): void {
  const r = attempt(read);
  if (isDirectoryError(r)) out.push('', `${title}: error: ${r.error.message}`);
}

function renderResources(dir: ResourceDirectory, depth: number, out: string[]): void {
  for (const e of dir.entries) {
    const label = e.name !== undefined ? `"${e.name}"` : `#${e.id}`;
    if (e.directory) {
      out.push(`${'  '.repeat(depth + 1)}${label}`);
      renderResources(e.directory, depth + 1, out);
    } else if (e.data) {
      out.push(`${'  '.repeat(depth + 1)}${label}: rva 0x${h(e.data.dataRva)} size 0x${h(e.data.size)} codepage ${e.data.codePage}`);
    }
  }
}

function renderDirectories(pe: PeImage, out: string[]): void {
  section(out, 'Imports', () => {
    const dlls = pe.imports;
    if (dlls.length === 0) return;
    out.push('', 'Imports');
    for (const d of dlls) {
      out.push(`  ${d.name}  (lookup 0x${h(d.originalFirstThunk)}, IAT 0x${h(d.firstThunk)})`);
      for (const e of d.entries) {
        out.push(`    ${e.name !== undefined ? `${e.name} (hint ${e.hint})` : `ordinal ${e.ordinal}`}  IAT slot 0x${h(e.iatRva)}`);
      }
    }
  });
  section(out, 'Delay imports', () => {
    const dlls = pe.delayImports;
    if (dlls.length === 0) return;
    out.push('', 'Delay imports');
    for (const d of dlls) {
      out.push(`  ${d.name}  (names 0x${h(d.intRva)}, IAT 0x${h(d.iatRva)})`);
      for (const e of d.entries) out.push(`    ${e.name !== undefined ? `${e.name} (hint ${e.hint})` : `ordinal ${e.ordinal}`}`);
    }
  });
  section(out, 'Exports', () => {
    const x = pe.exports;
    if (!x) return;
    out.push('', `Exports of ${x.dllName} (ordinal base ${x.ordinalBase}, ${x.numberOfFunctions} functions, ${x.numberOfNames} names)`);
    for (const e of x.entries) {
      const where = e.forwarder !== undefined ? `-> ${e.forwarder}` : `rva 0x${h(e.rva ?? 0)}`;
      out.push(`  ${String(e.ordinal).padStart(5)} ${(e.names.join(', ') || '(no name)').padEnd(32)} ${where}`);
    }
  });
  section(out, 'Base relocations', () => {
    const blocks = pe.baseRelocations;
    if (blocks.length === 0) return;
    const total = blocks.reduce((n, b) => n + b.entries.length, 0);
    out.push('', `Base relocations (${blocks.length} blocks, ${total} entries)`);
    for (const b of blocks) {
      const counts = new Map<string, number>();
      for (const r of b.entries) {
        const t = RELOCATION_TYPE_NAMES[r.type] ?? String(r.type);
        counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      out.push(`  page 0x${h(b.pageRva)} size 0x${h(b.blockSize, 4)}: ${[...counts].map(([t, n]) => `${n} ${t}`).join(', ')}`);
    }
  });
  section(out, 'TLS', () => {
    const t = pe.tls;
    if (!t) return;
    out.push('', 'TLS');
    out.push(`  raw data 0x${h(t.startAddressOfRawData)}..0x${h(t.endAddressOfRawData)}, zero fill 0x${h(t.sizeOfZeroFill)}`);
    out.push(`  index at 0x${h(t.addressOfIndex)}, callbacks at 0x${h(t.addressOfCallBacks)}: ${t.callbacks.map((c) => `0x${h(c)}`).join(' ') || '(none)'}`);
  });
  section(out, 'Load config', () => {
    const l = pe.loadConfig;
    if (!l) return;
    out.push('', `Load config (size 0x${h(l.size)})`);
    for (const [k, v] of Object.entries(l.fields)) out.push(`  ${k.padEnd(32)}0x${h(v)}`);
  });
  section(out, 'Exception table', () => {
    const x = pe.exceptionTable;
    if (x.length === 0) return;
    out.push('', `Exception table: ${x.length} RUNTIME_FUNCTION entries`);
  });
  section(out, 'Resources', () => {
    const r = pe.resources;
    if (!r) return;
    out.push('', 'Resources');
    renderResources(r, 0, out);
  });
  section(out, 'Debug', () => {
    const d = pe.debug;
    if (d.length === 0) return;
    out.push('', 'Debug directory');
    for (const e of d) {
      const cv = e.codeView ? `  ${e.codeView.signature} ${e.codeView.guid} age ${e.codeView.age} ${e.codeView.pdbPath}` : '';
      out.push(`  type ${e.type} size 0x${h(e.sizeOfData)} rva 0x${h(e.addressOfRawData)} file 0x${h(e.pointerToRawData)}${cv}`);
    }
  });
  section(out, 'CLI header', () => {
    const c = pe.cliHeader;
    if (!c) return;
    out.push('', 'CLI header');
    out.push(`  cb 0x${h(c.cb)}, runtime ${c.majorRuntimeVersion}.${c.minorRuntimeVersion}, flags 0x${h(c.flags)}, entry point token 0x${h(c.entryPointToken)}`);
    out.push(`  metadata rva 0x${h(c.metadata.rva)} size 0x${h(c.metadata.size)}; resources rva 0x${h(c.resources.rva)} size 0x${h(c.resources.size)}; strong name rva 0x${h(c.strongNameSignature.rva)} size 0x${h(c.strongNameSignature.size)}`);
  });
}

/** Everything `inspect` prints for one image, as text lines. */
export function renderPeText(pe: PeImage): string[] {
  const out: string[] = [];
  renderHeaders(pe, out);
  renderDirectories(pe, out);
  return out;
}

interface LoadedView {
  pe: PeImage;
  validation?: ValidateImageResult | CorValidateImageError;
}

/** The image as a 64-bit process has it after `_CorValidateImage`, re-read from a host copy. */
export function loadedView(file: PeImage): LoadedView {
  const memory = new BufferImageMemory(layoutImage(file));
  let validation: ValidateImageResult | CorValidateImageError | undefined;
  if (file.isManaged) {
    try {
      validation = corValidateImage(memory, file.fileName);
    } catch (err) {
      if (!(err instanceof CorValidateImageError)) throw err;
      validation = err;
    }
  }
  return { pe: parsePeMapped(memory, file.fileName), validation };
}

async function run(args: InspectArgs): Promise<void> {
  if (args.metadata || args.il !== undefined || args.view !== undefined) {
    if (args.il === '') throw new CliUsageError('--il needs a method: --il Type::Method');
    // The metadata views live in their own module; it exports `inspectMetadata(args)` (or a
    // default function) taking these same arguments.
    type MetadataView = (a: InspectArgs) => unknown;
    let mod: { inspectMetadata?: MetadataView; default?: MetadataView };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require('./inspect-metadata');
    } catch (err) {
      // Only the module itself being absent means "not yet"; a broken dependency inside it is a bug to show.
      const e = err as NodeJS.ErrnoException;
      if (e.code !== 'MODULE_NOT_FOUND' || !e.message.includes('inspect-metadata')) throw err;
      throw new CliUsageError('--metadata and --il are not available yet (the metadata view is not built in)');
    }
    const view = mod.inspectMetadata ?? mod.default;
    if (typeof view !== 'function') throw new CliUsageError('the metadata view module exports no inspectMetadata function');
    await view(args);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(args.image);
  } catch (err) {
    throw new CliUsageError(`cannot read '${args.image}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const file = parsePe(bytes, args.image);
  const view: LoadedView = args.loaded ? loadedView(file) : { pe: file };
  const desc = describePe(view.pe);
  const errors = descriptionErrors(desc);
  if (args.json) {
    const validation = view.validation
      ? view.validation instanceof CorValidateImageError
        ? { status: view.validation.status, check: view.validation.check, message: view.validation.message, decisions: view.validation.decisions }
        : view.validation
      : undefined;
    process.stdout.write(`${JSON.stringify(validation ? { ...desc, corValidateImage: validation } : desc, null, 2)}\n`);
  } else {
    const lines = [`${args.image}${args.loaded ? ' (as loaded in a 64-bit process)' : ''}`, '', ...renderPeText(view.pe)];
    if (view.validation) lines.push('', '_CorValidateImage', ...formatValidateTrace(view.validation).map((l) => `  ${l}`));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (view.validation instanceof CorValidateImageError) throw view.validation;
  if (errors.length > 0) {
    const first = errors[0];
    throw new BadImageFormatError(first.field, first.offset, `${errors.length} director${errors.length === 1 ? 'y' : 'ies'} could not be read; first: ${first.message}`, args.image);
  }
}

export const inspectCommand: CommandModule<object, InspectArgs> = {
  command: 'inspect <image>',
  describe: 'Show a PE image: headers, sections, directories, imports, exports, relocations, managed or not',
  builder: (y: Argv) =>
    y
      .positional('image', { type: 'string', demandOption: true, describe: 'a PE32 or PE32+ file (.exe, .dll)' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable output (bigints as hex strings)' })
      .option('loaded', { type: 'boolean', default: false, describe: 'show the headers as mapped in a 64-bit process, after _CorValidateImage' })
      .option('metadata', { type: 'boolean', default: false, describe: 'show the ECMA-335 metadata tables' })
      .option('view', { type: 'string', describe: 'with --metadata: tables, typedefs, typerefs, methods, fields, params, memberrefs, assemblyrefs, customattributes' })
      .option('il', { type: 'string', describe: 'print the IL of a method: --il Type::Method' }) as unknown as Argv<InspectArgs>,
  handler: (args) => run(args),
};
