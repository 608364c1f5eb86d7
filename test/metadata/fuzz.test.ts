/**
 * Corrupts the metadata of real assemblies — PE/CLI headers, the metadata root and stream
 * headers, the table stream header and row counts, table rows (coded and heap indexes),
 * heaps (signatures, strings), and method bodies (headers, EH sections, IL) — 2,400 mutants
 * with a fixed seed, and drives every reader entry point over each. Every call must return a
 * value or throw one of the reader's typed errors; a host TypeError/RangeError, a hang or a
 * crash fails the test.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  BadImageFormatError, CustomAttributeDecoder, decodeIL, MetadataReader, openAssembly, PeImage, sigTreeProvider, TABLE_SCHEMA,
  TableId,
} from '../../src/metadata';
import { decodeConstant } from '../../src/metadata/constants';
import { MonoAssemblyLocator } from '../../src/metadata/format/mono-locator';
import { TypeResolver } from '../../src/metadata/format/resolver';
import { MonodisListings } from '../../src/metadata/format/monodis-listings';
import { MonodisIL } from '../../src/metadata/format/monodis-il';
import { MemberResolver } from '../../src/metadata/format/member-resolver';
import { ResolvingCaProvider } from '../../src/metadata/format/ca-provider';
import { UnresolvedTypeError } from '../../src/metadata/format/monodis-types';
import { monoLibDir, prng } from './corpus';

const TARGETS: [string, number][] = [['Mono.Tasklets.dll', 900], ['Accessibility.dll', 700], ['Mono.Parallel.dll', 800]];

interface Region {
  name: string;
  start: number;
  end: number;
}

/** Byte ranges worth corrupting, from a clean parse of the original. */
function regions(bytes: Uint8Array): Region[] {
  const md = openAssembly(bytes);
  const pe = md.pe as PeImage;
  const out: Region[] = [{ name: 'pe-headers', start: 0x3c, end: 0x200 }];
  const cli = pe.rvaToOffset(pe.cliHeader.metadata.rva, 0, 'x') - 0; // metadata root
  out.push({ name: 'metadata-root', start: cli, end: cli + 0x70 });
  const ts = md.tableStream;
  const tsStream = md.streams.find((s) => s.name === '#~' || s.name === '#-')!;
  out.push({ name: 'table-header', start: tsStream.start, end: ts.tables.find((t) => t.rows)!.base });
  out.push({ name: 'table-rows', start: ts.tables.find((t) => t.rows)!.base, end: ts.dataEnd });
  for (const s of md.streams) if (s.name !== '#~' && s.name !== '#-' && s.end > s.start) out.push({ name: `heap${s.name}`, start: s.start, end: s.end });
  let lo = Infinity;
  let hi = 0;
  for (let r = 1; r <= md.rowCount(TableId.MethodDef); r++) {
    const b = md.methodBody(r);
    if (b) {
      lo = Math.min(lo, b.offset);
      hi = Math.max(hi, b.offset + b.size);
    }
  }
  if (hi > lo) out.push({ name: 'method-bodies', start: lo, end: hi });
  return out;
}

function mutate(orig: Uint8Array, region: Region, random: () => number): Uint8Array {
  const bytes = new Uint8Array(orig);
  const n = 1 + Math.floor(random() * 4);
  for (let i = 0; i < n; i++) {
    const at = region.start + Math.floor(random() * (region.end - region.start));
    const how = random();
    if (how < 0.4) bytes[at] = Math.floor(random() * 256);
    else if (how < 0.6) bytes[at] ^= 1 << Math.floor(random() * 8);
    else if (how < 0.8) bytes[at] = random() < 0.5 ? 0xff : 0x00;
    else {
      // A plausible-but-wrong little number (row counts, indexes, lengths).
      const v = Math.floor(random() * 0x10000);
      bytes[at] = v & 0xff;
      if (at + 1 < region.end) bytes[at + 1] = v >> 8;
    }
  }
  return bytes;
}

const TYPED = (e: unknown) => e instanceof BadImageFormatError || e instanceof UnresolvedTypeError;

/** Drives the reader over everything in `md`; collects untyped failures. */
function exercise(md: MetadataReader, failures: string[], tag: string, env: { resolver: TypeResolver; members: MemberResolver; ca: ResolvingCaProvider }): void {
  const guard = (what: string, f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (!TYPED(e)) failures.push(`${tag} ${what}: ${(e as Error)?.stack ?? String(e)}`);
    }
  };
  for (let t = 0; t < TABLE_SCHEMA.length; t++) {
    const cols = TABLE_SCHEMA[t].columns;
    const n = Math.min(md.rowCount(t), 400);
    for (let r = 1; r <= n; r++) {
      cols.forEach((c, ci) => {
        guard(`${TABLE_SCHEMA[t].name}[${r}].${c.name}`, () => {
          if (c.kind.k === 'string') md.str(t, r, ci);
          else if (c.kind.k === 'blob') md.blob(t, r, ci);
          else if (c.kind.k === 'guid') md.guids.get(md.col(t, r, ci));
          else if (c.kind.k === 'coded') md.coded(t, r, ci, c.kind.coded);
          else md.col(t, r, ci);
        });
      });
    }
  }
  const count = (t: TableId) => Math.min(md.rowCount(t), 400);
  for (let r = 1; r <= count(TableId.TypeDef); r++) guard(`members of TypeDef[${r}]`, () => [md.fieldsOf(r), md.methodsOf(r), md.enclosingTypeOf(r)]);
  for (let r = 1; r <= count(TableId.MethodDef); r++) {
    guard(`MethodDef[${r}] signature`, () => md.methodDefSignature(r, sigTreeProvider, null));
    guard(`MethodDef[${r}] params`, () => md.paramsOf(r));
    guard(`MethodDef[${r}] body`, () => {
      const b = md.methodBody(r);
      if (b) {
        decodeIL(b.code);
        if (b.localSignature) md.localSignature(b.localSignature & 0xffffff, sigTreeProvider, null);
      }
    });
  }
  for (let r = 1; r <= count(TableId.Field); r++) guard(`Field[${r}]`, () => md.fieldSignature(r, sigTreeProvider, null));
  for (let r = 1; r <= count(TableId.MemberRef); r++) guard(`MemberRef[${r}]`, () => md.memberRefSignature(r, sigTreeProvider, null));
  for (let r = 1; r <= count(TableId.TypeSpec); r++) guard(`TypeSpec[${r}]`, () => md.typeSpecSignature(r, sigTreeProvider, null));
  for (let r = 1; r <= count(TableId.MethodSpec); r++) guard(`MethodSpec[${r}]`, () => md.methodSpecSignature(r, sigTreeProvider, null));
  for (let r = 1; r <= count(TableId.Property); r++) guard(`Property[${r}]`, () => md.propertySignature(r, sigTreeProvider, null));
  for (let r = 1; r <= count(TableId.Constant); r++) guard(`Constant[${r}]`, () => decodeConstant(md, r));
  const ca = new CustomAttributeDecoder(md, env.ca);
  for (let r = 1; r <= count(TableId.CustomAttribute); r++) guard(`CustomAttribute[${r}]`, () => ca.decode(r));
  for (let r = 1; r <= count(TableId.StandAloneSig); r++) guard(`StandAloneSig[${r}]`, () => md.localSignature(r, sigTreeProvider, null));
  const listings = new MonodisListings(md, env.resolver);
  guard('--typedef', () => listings.typedefs());
  guard('--typeref', () => listings.typerefs());
  guard('--method', () => listings.methods());
  guard('--fields', () => listings.fields());
  guard('--memberref', () => listings.memberrefs());
  guard('--param', () => listings.params());
  guard('--assemblyref', () => listings.assemblyrefs());
  const il = new MonodisIL(listings.names, env.members);
  for (let r = 1; r <= count(TableId.MethodDef); r++) {
    guard(`IL of MethodDef[${r}]`, () => {
      const b = md.methodBody(r);
      if (b) il.bodyText(r, b);
    });
  }
}

test('CorruptedAssemblies_2400Mutants_ValueOrTypedError', () => {
  const lib = monoLibDir();
  const locator = new MonoAssemblyLocator({ monoLib: lib });
  const resolver = new TypeResolver(locator.locate);
  const env = { resolver, members: new MemberResolver(resolver), ca: new ResolvingCaProvider(resolver) };
  const random = prng(20261122);
  const failures: string[] = [];
  let mutants = 0;
  let opened = 0;
  const heapBefore = process.memoryUsage().heapUsed;
  for (const [name, n] of TARGETS) {
    const file = path.join(lib, '4.5', name);
    const orig = new Uint8Array(fs.readFileSync(file));
    const regs = regions(orig);
    for (let i = 0; i < n; i++) {
      const region = regs[Math.floor(random() * regs.length)];
      const bytes = mutate(orig, region, random);
      mutants++;
      const tag = `${name} mutant ${i} (${region.name})`;
      let md: MetadataReader;
      try {
        md = openAssembly(bytes);
      } catch (e) {
        if (!TYPED(e)) failures.push(`${tag} open: ${(e as Error)?.stack ?? String(e)}`);
        continue;
      }
      opened++;
      locator.register(md, file);
      exercise(md, failures, tag, env);
    }
  }
  expect(mutants).toBeGreaterThanOrEqual(2000);
  // Most mutants still open: the later stages really were exercised.
  expect(opened).toBeGreaterThan(mutants / 2);
  expect(failures.slice(0, 5)).toEqual([]);
  // Memory stays bounded: no mutant makes the reader allocate by a corrupt count.
  expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(1 << 30);
});
