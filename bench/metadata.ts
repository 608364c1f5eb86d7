/**
 * Benchmarks of the metadata reader on Mono's mscorlib.dll (~27,000 methods), side by side with
 * `monodis` doing comparable work as a process:
 * - opening the assembly (lazy: headers and table layout only);
 * - opening and decoding every method signature once, against `monodis --method`;
 * - producing the whole `--method` listing text ourselves, against the same monodis run;
 * - parsing every method body and decoding every IL instruction.
 * Figures are the best of several runs, in milliseconds.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MonoAssemblyLocator, MonodisListings, TableId, TypeResolver, decodeIL, openAssembly, sigTreeProvider } from '../src/metadata';
import type { BenchContext, BenchModule, BenchRow } from './run';

function monoLib(): string {
  if (process.env.CLREMU_MONO_LIB) return process.env.CLREMU_MONO_LIB;
  const mono = execFileSync('sh', ['-c', 'command -v mono'], { encoding: 'utf8' }).trim();
  return path.resolve(path.dirname(fs.realpathSync(mono)), '..', 'lib', 'mono');
}

function best(runs: number, f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return min;
}

export async function benchMetadata(): Promise<BenchRow[]> {
  const lib = monoLib();
  const file = path.join(lib, '4.5', 'mscorlib.dll');
  const bytes = new Uint8Array(fs.readFileSync(file));
  const methods = openAssembly(bytes).rowCount(TableId.MethodDef);
  const openMs = best(10, () => openAssembly(bytes));
  const sigMs = best(5, () => {
    const md = openAssembly(bytes);
    for (let r = 1; r <= methods; r++) md.methodDefSignature(r, sigTreeProvider, null);
  });
  const monodisMs = best(3, () => execFileSync('monodis', ['--method', file], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 }));
  const listingMs = best(3, () => {
    const locator = new MonoAssemblyLocator({ monoLib: lib });
    const md = openAssembly(bytes);
    locator.register(md, file);
    new MonodisListings(md, new TypeResolver(locator.locate)).methods();
  });
  const ilMs = best(3, () => {
    const md = openAssembly(bytes);
    for (let r = 1; r <= methods; r++) {
      const b = md.methodBody(r);
      if (b) decodeIL(b.code);
    }
  });
  return [
    { name: 'mscorlib: open (lazy)', clremu: openMs, unit: 'ms', better: 'lower' },
    {
      name: `mscorlib: open + decode ${methods} method signatures`, clremu: sigMs, reference: monodisMs, unit: 'ms', better: 'lower',
      note: 'reference: `monodis --method mscorlib.dll` as a process (parses and prints every signature)',
    },
    { name: 'mscorlib: --method listing text', clremu: listingMs, reference: monodisMs, unit: 'ms', better: 'lower', note: 'same text as monodis --method' },
    { name: 'mscorlib: every method body + IL decode', clremu: ilMs, unit: 'ms', better: 'lower' },
  ];
}

export const bench: BenchModule = {
  title: 'metadata: ECMA-335 reader on mscorlib.dll against monodis',
  run: (_ctx: BenchContext) => benchMetadata(),
};
