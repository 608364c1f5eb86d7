/**
 * The README's icall table is generated (src/vm/icalls/table.ts); this fails when the committed
 * file is stale. `CLREMU_BLESS=1` rewrites it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultIcallTables } from '../../src/vm/icalls';
import { generateIcallTable, README_PATH } from '../../src/vm/icalls/table';
import { ROOT } from './support';

test('IcallReadme_MatchesRegistryAndTests', () => {
  const generated = generateIcallTable(ROOT);
  const file = path.join(ROOT, README_PATH);
  if (process.env.CLREMU_BLESS === '1') fs.writeFileSync(file, generated);
  expect(fs.readFileSync(file, 'utf8')).toBe(generated);
  // Every icall of this area's tables is named by some test (other areas answer for theirs).
  const untested = defaultIcallTables().flat().map((d) => d.key)
    .filter((key) => generated.split('\n').some((l) => l.startsWith(`| \`${key}`) && l.includes('**untested**')));
  expect(untested).toEqual([]);
}, 60_000);
