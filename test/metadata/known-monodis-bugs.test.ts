/** Pins our output where monodis is wrong (see known-monodis-bugs.ts and src/metadata/README.md). */
import * as fs from 'fs';
import * as path from 'path';
import { openAssembly, sigTreeProvider, TableId } from '../../src/metadata';
import { MonoAssemblyLocator } from '../../src/metadata/format/mono-locator';
import { TypeResolver } from '../../src/metadata/format/resolver';
import { MonodisListings } from '../../src/metadata/format/monodis-listings';
import { monoLibDir, normalise } from './corpus';
import { KNOWN_MONODIS_BUGS } from './known-monodis-bugs';

test('AprofutilMemberRef63_ArrayOfUnloadableClass_EachParameterInvalidNotShifted', () => {
  const file = path.join(monoLibDir(), '4.5', 'aprofutil.exe');
  const locator = new MonoAssemblyLocator({ monoLib: monoLibDir() });
  const md = openAssembly(new Uint8Array(fs.readFileSync(file)));
  locator.register(md, file);
  // The blob really is three arrays of classes from the missing Mono.Profiler.Log.
  const sig = md.memberRefSignature(63, sigTreeProvider, null);
  expect(sig.kind).toBe('method');
  if (sig.kind !== 'method') return;
  expect(sig.signature.parameterTypes.map((p) => p.kind)).toEqual(['szarray', 'szarray', 'szarray']);
  const elems = sig.signature.parameterTypes.map((p) => (p.kind === 'szarray' && p.element.kind === 'handle' ? p.element.token : 0));
  expect(elems).toEqual([0x01000020, 0x0100001f, 0x0100001d]);
  expect(md.str(TableId.TypeRef, 0x20, 1)).toBe('ModuleRecord');
  const lines = normalise(new MonodisListings(md, new TypeResolver(locator.locate)).memberrefs());
  const at = lines.indexOf('63: TypeRef[12] .ctor');
  expect(at).toBeGreaterThan(0);
  expect(lines[at + 2]).toBe(KNOWN_MONODIS_BUGS[0].ours);
});
