/**
 * Our monodis-format listings against `monodis` itself, for every assembly Mono installs (the
 * 4.5 profile and the GAC, deduplicated by content): --typedef, --typeref, --assemblyref,
 * --param, --fields, --method, --memberref, compared after whitespace normalisation only. Known
 * monodis bugs are listed in known-monodis-bugs.ts, each pinned by its own test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { openAssembly } from '../../src/metadata';
import { MonoAssemblyLocator } from '../../src/metadata/format/mono-locator';
import { TypeResolver } from '../../src/metadata/format/resolver';
import { MonodisListings } from '../../src/metadata/format/monodis-listings';
import { monoCorpus, monoLibDir, monodisAsync, normalise, pool } from './corpus';
import { isKnownMonodisBug, ListingDiff } from './known-monodis-bugs';

const VIEWS: [string, (l: MonodisListings) => string][] = [
  ['--typedef', (l) => l.typedefs()],
  ['--typeref', (l) => l.typerefs()],
  ['--assemblyref', (l) => l.assemblyrefs()],
  ['--param', (l) => l.params()],
  ['--fields', (l) => l.fields()],
  ['--method', (l) => l.methods()],
  ['--memberref', (l) => l.memberrefs()],
];

test('AllMonoAssemblies_SevenListings_MatchMonodis', async () => {
  const corpus = monoCorpus();
  expect(corpus.length).toBeGreaterThan(300);
  const locator = new MonoAssemblyLocator({ monoLib: monoLibDir() });
  const resolver = new TypeResolver(locator.locate);
  const diffs: ListingDiff[] = [];
  const notManaged: string[] = [];
  let linesCompared = 0;
  // monodis runs two at a time while this thread formats ours.
  const jobs = corpus.flatMap((f) => VIEWS.map(([view]) => () => monodisAsync([view, f.path]).then((text) => ({ f, view, text }))));
  const outputs = await pool(jobs, 2);
  const byFile = new Map<string, Map<string, string>>();
  for (const o of outputs) {
    if (!byFile.has(o.f.path)) byFile.set(o.f.path, new Map());
    byFile.get(o.f.path)!.set(o.view, o.text);
  }
  for (const f of corpus) {
    let md;
    try {
      md = openAssembly(new Uint8Array(fs.readFileSync(f.path)));
    } catch (e) {
      notManaged.push(`${f.path}: ${(e as Error).message}`);
      continue;
    }
    locator.register(md, f.path);
    const listings = new MonodisListings(md, resolver);
    for (const [view, render] of VIEWS) {
      const theirs = normalise(byFile.get(f.path)!.get(view)!);
      const ours = normalise(render(listings));
      const n = Math.max(theirs.length, ours.length);
      linesCompared += n;
      for (let i = 0; i < n; i++) {
        if (theirs[i] === ours[i]) continue;
        const d: ListingDiff = { file: path.basename(f.path), view, theirs: theirs[i] ?? '<missing>', ours: ours[i] ?? '<missing>' };
        if (!isKnownMonodisBug(d)) diffs.push(d);
      }
    }
  }
  // Every file Mono installs there is managed; a non-CLI file would be listed with its reason.
  expect(notManaged).toEqual([]);
  expect(linesCompared).toBeGreaterThan(1_000_000);
  expect(diffs.slice(0, 20)).toEqual([]);
});
