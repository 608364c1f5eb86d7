/**
 * Differential tests: each C# program under test/programs (built by mcs) exits with the same code
 * under clremu (loader → _CorValidateImage → _CorExeMain → JIT) as under mono.
 */
import * as path from 'path';
import { exitStatus, monoExit, PROGRAM_CASES as CASES, PROGRAMS, runManaged } from './support';
import { CLR_UNHANDLED_EXCEPTION_CODE } from '../../src/mscoree';

describe('managed programs: clremu and mono agree on the exit code', () => {
  for (const c of CASES) {
    test(`${c.exe.replace('.exe', '')}_SameExitCodeAsMono`, async () => {
      const file = path.join(PROGRAMS, c.exe);
      const expected = monoExit(file, c.args);
      const run = await runManaged(file, c.args);
      expect({ kind: run.result.kind, status: exitStatus(run.result), stderr: run.stderr })
        .toEqual({ kind: 'exited', status: expected, stderr: '' });
    }, 60_000);
  }

  test('ArgsCount_DependsOnRealArguments', async () => {
    const file = path.join(PROGRAMS, 'Args.exe');
    const none = await runManaged(file, []);
    const two = await runManaged(file, ['a', 'b']);
    expect([exitStatus(none.result), exitStatus(two.result)]).toEqual([0, 22]);
  }, 60_000);

  test('UnhandledIndexOutOfRange_PrintsClrMessage_ExitsWithClrCode', async () => {
    const run = await runManaged(path.join(PROGRAMS, 'Throws.exe'));
    expect(run.result).toEqual({ kind: 'exited', exitCode: CLR_UNHANDLED_EXCEPTION_CODE });
    expect(run.stderr).toContain('Unhandled Exception: System.IndexOutOfRangeException: Index was outside the bounds of the array.');
    expect(run.stderr).toContain('at Throws.Main()');
  }, 60_000);
});
