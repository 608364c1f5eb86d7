/**
 * The team's test_N_name suites (test/regression) pass under `clremu regression` and under
 * `mono --regression`; the runner prints one line per failure and a summary per type, and its
 * exit status counts failures.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runRegression } from '../../src/vm/regression';
import { SUITES } from './support';

const NAMES = ['IntArith', 'LongArith', 'FloatArith', 'Calls', 'Branches'];

describe('test_N_name suites', () => {
  for (const name of NAMES) {
    const file = path.join(SUITES, `${name}.dll`);
    test(`${name}_AllPass_UnderClremuRegression`, () => {
      const lines: string[] = [];
      const r = runRegression(file, { write: (l) => lines.push(l) });
      expect(lines.filter((l) => l.includes(' failed: '))).toEqual([]);
      expect(r.failed + r.compileFailed).toBe(0);
      expect(r.ran).toBeGreaterThanOrEqual(9);
      expect(lines[lines.length - 1]).toMatch(new RegExp(`^Regression tests: \\d+ ran, 0 failed in ${name}$`));
    }, 60_000);

    test(`${name}_AllPass_UnderMonoRegression`, () => {
      const m = spawnSync('mono', ['--regression', file], { encoding: 'utf8', timeout: 120_000 });
      expect(m.status).toBe(0);
      expect(m.stdout).not.toContain('failed result');
      expect(m.stdout).toMatch(/Overall results: tests: [1-9]\d*, 100% pass/);
    }, 120_000);
  }

  test('WrongExpectations_ReportedPerType_CountedAsFailures', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-regression-'));
    try {
      const src = path.join(dir, 'Bad.cs');
      fs.writeFileSync(src, [
        'class Bad {',
        '  public static int test_5_wrong() { return 4; }',
        '  public static int test_0_right() { return 0; }',
        '  static int test_3_private_counts() { return 3; }',
        '  public static int test_1_has_params(int x) { return 1; }',
        '  public int test_1_instance() { return 1; }',
        '}',
      ].join('\n'));
      const dll = path.join(dir, 'Bad.dll');
      const c = spawnSync('mcs', ['-target:library', `-out:${dll}`, src], { encoding: 'utf8' });
      expect(c.status).toBe(0);
      const lines: string[] = [];
      const r = runRegression(dll, { write: (l) => lines.push(l) });
      expect(lines).toEqual([
        'wrong failed: got 4, expected 5',
        'Regression tests: 3 ran, 1 failed in Bad',
      ]);
      expect(r).toEqual({ ran: 3, failed: 1, compileFailed: 0 });
      // Mono 6.8 also counts (and calls) the instance and parameterised test_ methods and words
      // its lines differently; the failing test and its values must agree.
      const mono = spawnSync('mono', ['--regression', dll], { encoding: 'utf8' });
      expect(mono.stdout).toContain("Test 'test_5_wrong' failed result (got 4, expected 5).");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
