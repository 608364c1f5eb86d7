/**
 * Every program of test/programs (the runtime's differential suite) under GC stress mode
 * (`CLREMU_GC_STRESS=1`: a collection with heap verification at every allocation) exits as
 * under mono, and the test_N_name suites of test/regression all pass under stress.
 */
import * as path from 'path';
import { Machine } from '../../emu';
import { runRegression } from '../../src/vm/regression';
import { Runtime } from '../../src/vm/runtime';
import { exitStatus, monoExit, PROGRAM_CASES as CASES, PROGRAMS, runManaged, SUITES } from '../vm/support';

beforeAll(() => {
  process.env.CLREMU_GC_STRESS = '1';
});
afterAll(() => {
  delete process.env.CLREMU_GC_STRESS;
});

describe('test/programs under GC stress', () => {
  test('EnvironmentVariable_TurnsOnStressAndVerification', () => {
    const machine = Machine.create();
    try {
      const rt = new Runtime({ machine, appDirectory: PROGRAMS });
      expect([rt.gc.stress, rt.gc.verify]).toEqual([true, true]);
    } finally {
      machine.close();
    }
  });

  for (const c of CASES) {
    test(`${c.exe.replace('.exe', '')}_UnderGcStress_SameExitCodeAsMono`, async () => {
      const file = path.join(PROGRAMS, c.exe);
      const run = await runManaged(file, c.args);
      expect({ kind: run.result.kind, status: exitStatus(run.result), stderr: run.stderr })
        .toEqual({ kind: 'exited', status: monoExit(file, c.args), stderr: '' });
    }, 60_000);
  }

  test('UnhandledException_UnderGcStress_StillReported', async () => {
    const run = await runManaged(path.join(PROGRAMS, 'Throws.exe'));
    expect(run.stderr).toContain('Unhandled Exception: System.IndexOutOfRangeException');
  }, 60_000);
});

describe('test_N_name suites under GC stress', () => {
  for (const name of ['IntArith', 'LongArith', 'FloatArith', 'Calls', 'Branches']) {
    test(`${name}_AllPass_UnderGcStress`, () => {
      const lines: string[] = [];
      const r = runRegression(path.join(SUITES, `${name}.dll`), { write: (l) => lines.push(l) });
      expect(lines.filter((l) => l.includes(' failed')).filter((l) => !l.startsWith('Regression tests:'))).toEqual([]);
      expect(r.failed + r.compileFailed).toBe(0);
    }, 60_000);
  }
});
