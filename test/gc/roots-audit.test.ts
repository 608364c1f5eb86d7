/**
 * The root registry (src/vm/gc/roots.ts) covers every file of the runtime that hands the
 * collector a reference it holds outside the managed heap: a root slot, a root provider, a
 * GCHandle, a host temporary (`protect`). A new holder without an entry fails here, so the audit a
 * moving collector depends on stays complete.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT_SOURCES } from '../../src/vm/gc/roots';
import { ROOT } from '../vm/support';

const VM = path.join(ROOT, 'src', 'vm');
/** Calls that register a root with the collector from outside it. */
const REGISTRATIONS = /\.(addRootSlot|addRootProvider|addStaticRoots|protect)\(|handles\.alloc\(/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

test('EveryFileRegisteringRoots_ListedInRootRegistry', () => {
  const listed = new Set(ROOT_SOURCES.flatMap((s) => s.files));
  const registering = sources(VM)
    .map((f) => path.relative(VM, f).split(path.sep).join('/'))
    .filter((rel) => !rel.startsWith('gc/') && REGISTRATIONS.test(fs.readFileSync(path.join(VM, rel), 'utf8')));
  expect(registering.length).toBeGreaterThan(5);
  expect(registering.filter((f) => !listed.has(f))).toEqual([]);
});

test('EveryListedFile_Exists', () => {
  for (const s of ROOT_SOURCES) for (const f of s.files) expect(fs.existsSync(path.join(VM, f))).toBe(true);
});
