/**
 * `clremu inspect <image> --metadata [--view …] [--json]` and `--il <Type::Method>`: views of an
 * assembly's ECMA-335 metadata. Text views of type definitions, methods, member references and
 * assembly references are written exactly as `monodis --typedef/--method/--memberref/
 * --assemblyref` writes them (tests compare the two); `--il` writes a method's IL as monodis
 * does. `--json` gives the same information as structured data.
 *
 * Views: tables (default: streams, heaps and row counts), typedefs, typerefs, methods, fields,
 * params, memberrefs, assemblyrefs, customattributes.
 *
 * Referenced assemblies are found next to the image, then in Mono's lib directory
 * (CLREMU_MONO_LIB, else `<prefix>/lib/mono` of the `mono` on PATH) — monodis prints a type's
 * defining assembly, so the listings need them; without them types print as unresolved.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  BadImageFormatError, CaValue, CustomAttributeDecoder, MemberResolver, MetadataLookupError, MetadataReader, MonoAssemblyLocator,
  MonodisIL, MonodisListings, ResolvingCaProvider, TABLE_SCHEMA, TableId, TypeResolver, decodeIL, formatToken, makeToken, openAssembly,
  tokenRow, tokenTable,
} from '../../metadata';
import { CliUsageError } from '../errors';

export interface InspectMetadataOptions {
  /** `Type::Method` (type as `Ns.Name` or `Ns.Outer/Inner`): print that method's IL. */
  il?: string;
  json?: boolean;
  /** One of METADATA_VIEWS; default `tables`. */
  view?: string;
}

export const METADATA_VIEWS = ['tables', 'typedefs', 'typerefs', 'methods', 'fields', 'params', 'memberrefs', 'assemblyrefs', 'customattributes'] as const;

function monoLibDir(): string | null {
  if (process.env.CLREMU_MONO_LIB) return process.env.CLREMU_MONO_LIB;
  try {
    const mono = execFileSync('sh', ['-c', 'command -v mono'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (!mono) return null;
    return path.resolve(path.dirname(fs.realpathSync(mono)), '..', 'lib', 'mono');
  } catch {
    return null; // no Mono: references simply do not resolve
  }
}

export interface MetadataContext {
  md: MetadataReader;
  resolver: TypeResolver;
  members: MemberResolver;
  listings: MonodisListings;
}

export function openMetadataContext(imagePath: string): MetadataContext {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(imagePath);
  } catch (err) {
    throw new CliUsageError(`cannot read '${imagePath}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const md = openAssembly(new Uint8Array(bytes));
  const locator = new MonoAssemblyLocator({ monoLib: monoLibDir() ?? path.dirname(path.resolve(imagePath)) });
  locator.register(md, imagePath);
  const resolver = new TypeResolver(locator.locate);
  return { md, resolver, members: new MemberResolver(resolver), listings: new MonodisListings(md, resolver) };
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function tablesView(ctx: MetadataContext, json: boolean): string {
  const { md } = ctx;
  const tables = md.tableStream.tables.filter((t) => t.rows > 0).map((t) => ({ id: t.id, name: t.name, rows: t.rows, rowSize: t.rowSize, sorted: t.sorted }));
  const streams = md.streams.map((s) => ({ name: s.name, size: s.end - s.start }));
  const header = {
    version: md.versionString,
    tableStream: { major: md.tableStream.majorVersion, minor: md.tableStream.minorVersion, heapSizes: md.tableStream.heapSizes, uncompressed: md.tableStream.uncompressed },
  };
  if (json) return JSON.stringify({ ...header, streams, tables }, null, 2);
  const lines = [`Metadata version ${md.versionString}; table stream ${md.tableStream.uncompressed ? '#-' : '#~'} ${header.tableStream.major}.${header.tableStream.minor}, HeapSizes 0x${md.tableStream.heapSizes.toString(16)}`, '', 'Streams'];
  for (const s of streams) lines.push(`  ${s.name.padEnd(10)} ${String(s.size).padStart(10)} bytes`);
  lines.push('', 'Tables');
  for (const t of tables) lines.push(`  0x${t.id.toString(16).padStart(2, '0')} ${t.name.padEnd(24)} ${String(t.rows).padStart(8)} rows × ${t.rowSize} bytes${t.sorted ? ' (sorted)' : ''}`);
  return lines.join('\n');
}

function typeFullName(md: MetadataReader, row: number): string {
  const name = md.str(TableId.TypeDef, row, 1);
  const enc = md.enclosingTypeOf(row);
  if (enc) return `${typeFullName(md, enc)}/${name}`;
  const ns = md.str(TableId.TypeDef, row, 2);
  return ns ? `${ns}.${name}` : name;
}

function jsonView(ctx: MetadataContext, view: string): unknown {
  const { md, listings } = ctx;
  const names = listings.names;
  const n = (t: TableId) => md.rowCount(t);
  const rowsOf = (t: TableId) => Array.from({ length: n(t) }, (_, i) => i + 1);
  switch (view) {
    case 'typedefs':
      return rowsOf(TableId.TypeDef).map((r) => ({
        row: r, token: formatToken(makeToken(TableId.TypeDef, r)), name: typeFullName(md, r), flags: md.col(TableId.TypeDef, r, 0),
        extends: formatToken(md.coded(TableId.TypeDef, r, 3, 0)), fields: md.fieldsOf(r), methods: md.methodsOf(r),
      }));
    case 'typerefs':
      return rowsOf(TableId.TypeRef).map((r) => ({ row: r, token: formatToken(makeToken(TableId.TypeRef, r)), name: names.typerefName(r) }));
    case 'methods':
      return rowsOf(TableId.MethodDef).map((r) => {
        const owner = md.declaringTypeOfMethod(r);
        let signature: string;
        try {
          signature = listings.methodSignatureLine(r, names.typeScope(owner));
        } catch (e) {
          signature = `<${(e as Error).message}>`;
        }
        return {
          row: r, token: formatToken(makeToken(TableId.MethodDef, r)), type: owner ? typeFullName(md, owner) : null, name: md.str(TableId.MethodDef, r, 3),
          signature: signature.trim(), flags: md.col(TableId.MethodDef, r, 2), implFlags: md.col(TableId.MethodDef, r, 1), rva: md.col(TableId.MethodDef, r, 0),
          params: md.paramsOf(r),
        };
      });
    case 'fields':
      return rowsOf(TableId.Field).map((r) => ({
        row: r, token: formatToken(makeToken(TableId.Field, r)), name: md.str(TableId.Field, r, 1), flags: md.col(TableId.Field, r, 0),
        type: names.fieldSignatureText(md.col(TableId.Field, r, 2)), declaringType: md.declaringTypeOfField(r) || null,
      }));
    case 'params':
      return rowsOf(TableId.Param).map((r) => ({ row: r, flags: md.col(TableId.Param, r, 0), sequence: md.col(TableId.Param, r, 1), name: md.str(TableId.Param, r, 2) }));
    case 'memberrefs':
      return rowsOf(TableId.MemberRef).map((r) => {
        const parent = md.coded(TableId.MemberRef, r, 0, 5);
        const sigIndex = md.col(TableId.MemberRef, r, 2);
        const isField = md.blobs.cursor(sigIndex).peek() === 0x06;
        return {
          row: r, token: formatToken(makeToken(TableId.MemberRef, r)), parent: formatToken(parent), name: md.str(TableId.MemberRef, r, 1),
          kind: isField ? 'field' : 'method', signature: isField ? names.fieldSignatureText(sigIndex) : names.methodRefSignatureText(sigIndex, null),
        };
      });
    case 'assemblyrefs':
      return rowsOf(TableId.AssemblyRef).map((r) => ({
        row: r, name: md.str(TableId.AssemblyRef, r, 6), version: [0, 1, 2, 3].map((c) => md.col(TableId.AssemblyRef, r, c)).join('.'),
        culture: md.str(TableId.AssemblyRef, r, 7) || null, flags: md.col(TableId.AssemblyRef, r, 4),
        publicKeyOrToken: hex(md.blob(TableId.AssemblyRef, r, 5)) || null, hashValue: hex(md.blob(TableId.AssemblyRef, r, 8)) || null,
      }));
    case 'customattributes':
      return customAttributes(ctx).map((c) => ({ ...c, text: undefined }));
    default:
      throw new CliUsageError(`unknown metadata view '${view}' (one of: ${METADATA_VIEWS.join(', ')})`);
  }
}

function caValueText(v: CaValue): string {
  if (v.value === null) return 'null';
  if (Array.isArray(v.value)) return `[${v.value.map(caValueText).join(', ')}]`;
  if (typeof v.value === 'string') return v.type.kind === 'type' ? `typeof(${v.value})` : JSON.stringify(v.value);
  if (v.type.kind === 'enum') return `${v.type.name}(${String(v.value)})`;
  return String(v.value);
}

function caValueJson(v: CaValue): unknown {
  if (Array.isArray(v.value)) return v.value.map(caValueJson);
  return typeof v.value === 'bigint' ? v.value.toString() : v.value;
}

function customAttributes(ctx: MetadataContext) {
  const { md, resolver, members, listings } = ctx;
  const decoder = new CustomAttributeDecoder(md, new ResolvingCaProvider(resolver));
  const il = new MonodisIL(listings.names, members);
  const out = [];
  for (let r = 1; r <= md.rowCount(TableId.CustomAttribute); r++) {
    const parent = md.coded(TableId.CustomAttribute, r, 0, 2);
    const ctor = md.coded(TableId.CustomAttribute, r, 1, 10);
    const ctorText = il.methodText(ctor, { typeParams: null, methodParams: null });
    let fixed: unknown[] = [];
    let named: unknown[] = [];
    let text: string;
    try {
      const v = decoder.decode(r);
      fixed = v.fixed.map(caValueJson);
      named = v.named.map((a) => ({ kind: a.kind, name: a.name, value: caValueJson(a.value) }));
      const args = v.fixed.map(caValueText);
      const nargs = v.named.map((a) => `${a.name} = ${caValueText(a.value)}`);
      text = `(${[...args, ...nargs].join(', ')})`;
    } catch (e) {
      if (!(e instanceof BadImageFormatError)) throw e;
      text = `<undecodable: ${e.message}>`;
    }
    out.push({ row: r, parent: formatToken(parent), parentTable: TABLE_SCHEMA[tokenTable(parent)]?.name ?? '?', parentRow: tokenRow(parent), constructor: ctorText, fixed, named, text });
  }
  return out;
}

function textView(ctx: MetadataContext, view: string): string {
  const { listings } = ctx;
  switch (view) {
    case 'tables': return tablesView(ctx, false);
    case 'typedefs': return listings.typedefs();
    case 'typerefs': return listings.typerefs();
    case 'methods': return listings.methods();
    case 'fields': return listings.fields();
    case 'params': return listings.params();
    case 'memberrefs': return listings.memberrefs();
    case 'assemblyrefs': return listings.assemblyrefs();
    case 'customattributes':
      return customAttributes(ctx).map((c) => `${c.row}: ${c.parentTable}[${c.parentRow}] ${c.constructor} ${c.text}`).join('\n');
    default:
      throw new CliUsageError(`unknown metadata view '${view}' (one of: ${METADATA_VIEWS.join(', ')})`);
  }
}

/** MethodDef rows named by `Type::Method`. */
export function findMethods(md: MetadataReader, selector: string): number[] {
  const sep = selector.lastIndexOf('::');
  if (sep <= 0) throw new CliUsageError(`--il expects Type::Method (e.g. System.String::Concat), got '${selector}'`);
  const typeName = selector.slice(0, sep);
  const methodName = selector.slice(sep + 2);
  const rows: number[] = [];
  let typeFound = false;
  for (let t = 1; t <= md.rowCount(TableId.TypeDef); t++) {
    if (typeFullName(md, t) !== typeName) continue;
    typeFound = true;
    for (const m of md.methodsOf(t)) if (md.str(TableId.MethodDef, m, 3) === methodName) rows.push(m);
  }
  if (!typeFound) throw new MetadataLookupError(`no type '${typeName}' is defined in this assembly`);
  if (!rows.length) throw new MetadataLookupError(`type '${typeName}' defines no method '${methodName}'`);
  return rows;
}

function ilView(ctx: MetadataContext, selector: string, json: boolean): string {
  const { md, listings, members } = ctx;
  const il = new MonodisIL(listings.names, members);
  const rows = findMethods(md, selector);
  const results = rows.map((row) => {
    const owner = md.declaringTypeOfMethod(row);
    const header = listings.methodSignatureLine(row, listings.names.typeScope(owner)).trim();
    const body = md.methodBody(row);
    return { row, header, body };
  });
  if (json) {
    return JSON.stringify(results.map(({ row, header, body }) => {
      const scope = il.scopeOf(row);
      return {
        token: formatToken(makeToken(TableId.MethodDef, row)), signature: header,
        body: body && {
          maxStack: body.maxStack, initLocals: body.initLocals, codeSize: body.code.length,
          localSignature: body.localSignature ? formatToken(body.localSignature) : null,
          exceptionRegions: body.exceptionRegions.map((e) => ({ ...e, classToken: e.classToken ? formatToken(e.classToken) : null })),
          instructions: decodeIL(body.code).map((ins) => ({
            offset: ins.offset, opcode: ins.opcode.name,
            operand: il.operandDisplay(ins.opcode.operand, ins.operand, scope),
          })),
        },
      };
    }), null, 2);
  }
  return results.map(({ row, header, body }) => {
    const lines = [`// ${formatToken(makeToken(TableId.MethodDef, row))} ${selector}`, header];
    if (!body) lines.push('\t// no IL body (abstract, runtime, internal call or P/Invoke)');
    else lines.push('{', il.bodyText(row, body).replace(/\n+$/, ''), '}');
    return lines.join('\n');
  }).join('\n\n');
}

/**
 * The text to print for `--metadata`/`--il`. Also accepts the `inspect` command's parsed
 * arguments (`{ image, json, il, view? }`), in which case it prints the text as well.
 */
export function inspectMetadata(imagePath: string, opts?: InspectMetadataOptions): string;
export function inspectMetadata(args: { image: string; json?: boolean; il?: string | boolean; view?: string }): string;
export function inspectMetadata(
  a: string | { image: string; json?: boolean; il?: string | boolean; view?: string },
  opts: InspectMetadataOptions = {},
): string {
  const print = typeof a !== 'string';
  const imagePath = typeof a === 'string' ? a : a.image;
  const o: InspectMetadataOptions = typeof a === 'string' ? opts : { json: a.json, view: a.view, il: typeof a.il === 'string' ? a.il : undefined };
  if (typeof a !== 'string' && a.il === true) throw new CliUsageError('--il needs a method: --il Type::Method');
  const ctx = openMetadataContext(imagePath);
  let text: string;
  if (o.il) text = ilView(ctx, o.il, !!o.json);
  else {
    const view = o.view ?? 'tables';
    if (!(METADATA_VIEWS as readonly string[]).includes(view)) throw new CliUsageError(`unknown metadata view '${view}' (one of: ${METADATA_VIEWS.join(', ')})`);
    text = o.json ? (view === 'tables' ? tablesView(ctx, true) : JSON.stringify(jsonView(ctx, view), null, 2)) : textView(ctx, view);
  }
  if (!text.endsWith('\n')) text += '\n';
  if (print) process.stdout.write(text);
  return text;
}

export default inspectMetadata;
