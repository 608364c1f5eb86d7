/**
 * 2,400 seeded mutants of real PE files (native x64 and managed PE32): the parser, every lazy
 * directory, the JSON description and `inspect`'s text and `--loaded` views (which run
 * `_CorValidateImage` on managed images) either succeed or fail with a typed error. Any other
 * exception is a failure, reported with the mutant's seed index and what was changed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BadImageFormatError, PeImage, describePe, parsePe } from '../../loader/pe';
import { loadedView, renderPeText } from '../../src/cli/commands/inspect';
import { checkIlOnlyInvariants } from '../../src/mscoree/il-only';
import { CorValidateImageError } from '../../src/mscoree/status';
import { REPO_ROOT, monoCorpus } from './corpus';
import { MUTATION_KINDS, mutants } from './mutate';

const SEED = 0x5eed_c0de;
const COUNT = 2400;

function touchEverything(pe: PeImage): void {
  // Each getter separately: a failure in one directory must not hide a crash in another.
  const getters: (() => unknown)[] = [
    () => pe.imports, () => pe.delayImports, () => pe.exports, () => pe.baseRelocations, () => pe.tls,
    () => pe.loadConfig, () => pe.exceptionTable, () => pe.resources, () => pe.debug, () => pe.cliHeader,
    () => describePe(pe), () => renderPeText(pe), () => checkIlOnlyInvariants(pe), () => loadedView(pe),
  ];
  for (const g of getters) {
    try {
      g();
    } catch (err) {
      if (!(err instanceof BadImageFormatError) && !(err instanceof CorValidateImageError)) throw err;
    }
  }
}

function sources(): { name: string; bytes: Uint8Array }[] {
  const native = ['peimports.exe', 'peexports.dll'].map((n) => path.join(REPO_ROOT, 'build', 'test', 'pe', 'inputs', n));
  // The smallest few Mono assemblies keep each mutant cheap; mscorlib-sized ones add nothing.
  const managed = monoCorpus()
    .map((f) => ({ f, size: fs.statSync(f).size }))
    .sort((a, b) => a.size - b.size || a.f.localeCompare(b.f))
    .slice(0, 4)
    .map((x) => x.f);
  return [...native, ...managed].map((f) => ({ name: path.basename(f), bytes: fs.readFileSync(f) }));
}

test('Mutants_ParseAndInspect_OnlyTypedErrors', () => {
  const crashes: string[] = [];
  const kinds = new Map<string, { ok: number; rejected: number }>();
  for (const m of mutants(sources(), COUNT, SEED)) {
    const tally = kinds.get(m.kind) ?? { ok: 0, rejected: 0 };
    kinds.set(m.kind, tally);
    try {
      const pe = parsePe(m.bytes, m.source);
      touchEverything(pe);
      tally.ok++;
    } catch (err) {
      if (err instanceof BadImageFormatError) {
        tally.rejected++;
        continue;
      }
      const e = err as Error;
      crashes.push(`#${m.index} ${m.source} ${m.description}: ${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 4).join('\n')}`);
    }
  }
  expect(crashes).toEqual([]);
  // Every kind of mutation was exercised, and the headers were really hit (some mutants rejected).
  expect([...kinds.keys()].sort()).toEqual([...MUTATION_KINDS].sort());
  const rejected = [...kinds.values()].reduce((n, t) => n + t.rejected, 0);
  expect(rejected).toBeGreaterThan(COUNT / 10);
});

test('Mutants_SameSeed_SameBytes', () => {
  const src = sources().slice(0, 2);
  const a = [...mutants(src, 50, 7)].map((m) => `${m.description}:${m.bytes.length}`);
  const b = [...mutants(src, 50, 7)].map((m) => `${m.description}:${m.bytes.length}`);
  expect(a).toEqual(b);
});
