/**
 * Our IL disassembly against monodis's full disassembly for a fixed-seed sample of method
 * bodies from a handful of assemblies: the `// Code size`, `.maxstack`, `.locals` lines and
 * every instruction, `.try` and handler line, compared after whitespace normalisation.
 */
import * as fs from 'fs';
import * as path from 'path';
import { openAssembly, TableId } from '../../src/metadata';
import { MonoAssemblyLocator } from '../../src/metadata/format/mono-locator';
import { TypeResolver } from '../../src/metadata/format/resolver';
import { MonodisNames } from '../../src/metadata/format/monodis-types';
import { MonodisIL } from '../../src/metadata/format/monodis-il';
import { MemberResolver } from '../../src/metadata/format/member-resolver';
import { monoLibDir, monodisAsync, normalise, pool, prng } from './corpus';

const ASSEMBLIES = ['mscorlib.dll', 'System.dll', 'System.Core.dll', 'System.Xml.Linq.dll', 'Microsoft.CSharp.dll', 'System.Numerics.dll'];
const PER_ASSEMBLY = 450;

/** Method row → the lines from `// Code size` to the end of the body in monodis output. */
function monodisBodies(text: string): Map<number, string[]> {
  const bodies = new Map<number, string[]>();
  let row = 0;
  let lines: string[] | null = null;
  for (const l of text.split('\n')) {
    const m = /^\s*\/\/ method line (\d+)/.exec(l);
    if (m) {
      row = Number(m[1]);
      lines = null;
    } else if (row && /^\s*\/\/ Code size/.test(l)) {
      lines = [l];
    } else if (lines && /\} \/\/ end of method/.test(l)) {
      bodies.set(row, lines);
      lines = null;
      row = 0;
    } else if (lines) {
      lines.push(l);
    }
  }
  return bodies;
}

test('SampledMethodBodies_Disassembly_MatchesMonodis', async () => {
  const lib = monoLibDir();
  const files = ASSEMBLIES.map((a) => path.join(lib, '4.5', a));
  const texts = await pool(files.map((f) => () => monodisAsync([f])), 2);
  const locator = new MonoAssemblyLocator({ monoLib: lib });
  const resolver = new TypeResolver(locator.locate);
  const members = new MemberResolver(resolver);
  const random = prng(0x5eed);
  let compared = 0;
  const diffs: string[] = [];
  files.forEach((file, k) => {
    const md = openAssembly(new Uint8Array(fs.readFileSync(file)));
    locator.register(md, file);
    const il = new MonodisIL(new MonodisNames(md, resolver), members);
    const bodies = monodisBodies(texts[k]);
    const withBodies: number[] = [];
    for (let r = 1; r <= md.rowCount(TableId.MethodDef); r++) if (md.col(TableId.MethodDef, r, 0) !== 0 && bodies.has(r)) withBodies.push(r);
    for (let i = 0; i < PER_ASSEMBLY && withBodies.length; i++) {
      const row = withBodies.splice(Math.floor(random() * withBodies.length), 1)[0];
      const ours = normalise(il.bodyText(row, md.methodBody(row)!));
      const theirs = normalise(bodies.get(row)!.join('\n'));
      compared++;
      const n = Math.max(ours.length, theirs.length);
      for (let j = 0; j < n; j++) {
        if (ours[j] !== theirs[j]) {
          diffs.push(`${path.basename(file)} method ${row}:\n  monodis: ${theirs[j]}\n  ours:    ${ours[j]}`);
          break;
        }
      }
    }
  });
  expect(compared).toBeGreaterThanOrEqual(2000);
  expect(diffs.slice(0, 10)).toEqual([]);
});
