/**
 * The README's icall table is generated (src/vm/icalls/table.ts); this fails when the committed
 * file is stale. `CLREMU_BLESS=1` rewrites it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generateIcallTable, README_PATH } from '../../src/vm/icalls/table';
import { ROOT } from './support';

test('IcallReadme_MatchesRegistryAndTests', () => {
  const generated = generateIcallTable(ROOT);
  const file = path.join(ROOT, README_PATH);
  if (process.env.CLREMU_BLESS === '1') fs.writeFileSync(file, generated);
  expect(fs.readFileSync(file, 'utf8')).toBe(generated);
  expect(generated).not.toContain('**untested**');
}, 60_000);
