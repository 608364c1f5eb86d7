/**
 * `clremu run --gc-stats`: the 2 GB churn program (live set about 10 MB) ends with the managed
 * heap's statistics on stderr, and its peak stays under 64 MB.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const CHURN = path.join(ROOT, 'build', 'test', 'gc', 'programs', 'Churn.exe');

test('Churn_GcStats_PeakHeapUnder64MB', () => {
  const r = spawnSync('node', [path.join(ROOT, 'bin', 'clremu'), 'run', '--gc-stats', CHURN], { encoding: 'utf8', timeout: 300_000 });
  const mono = spawnSync('mono', [CHURN], { encoding: 'utf8' });
  expect(r.status).toBe(mono.status);
  const collections = /GC: (\d+) collection\(s\)/.exec(r.stderr);
  expect(collections).not.toBeNull();
  expect(Number(collections![1])).toBeGreaterThan(10);
  const allocated = /allocated ([\d.]+) MB/.exec(r.stderr);
  expect(Number(allocated![1])).toBeGreaterThan(2000);
  const peak = /peak heap ([\d.]+) MB committed/.exec(r.stderr);
  expect(peak).not.toBeNull();
  expect(Number(peak![1])).toBeLessThan(64);
}, 300_000);

test('NoFlag_NoGcStats', () => {
  const r = spawnSync('node', [path.join(ROOT, 'bin', 'clremu'), 'run', path.join(ROOT, 'build', 'test', 'gc', 'programs', 'Tree.exe')], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).not.toContain('GC:');
}, 120_000);
