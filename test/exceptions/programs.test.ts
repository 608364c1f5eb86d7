/**
 * Whole programs through the loader and mscoree: an unhandled exception prints what .NET
 * Framework prints and exits with 0xE0434352; a hardware fault in JIT-compiled code (a store and
 * a load through a null pointer) is caught as NullReferenceException and runs the finally on the
 * way, with the exit code mono gives; an exception leaving a static constructor or a finalizer
 * unhandled prints the .NET Framework report.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { CLR_UNHANDLED_EXCEPTION_CODE } from '../../src/mscoree/exe-main';
import { runManaged } from '../vm/support';

const PROGRAMS = path.resolve(__dirname, '..', '..', 'build', 'test', 'exceptions', 'programs');

describe('exception programs', () => {
  test('Unhandled_PrintsFrameworkReport_ExitsE0434352', async () => {
    const run = await runManaged(path.join(PROGRAMS, 'Unhandled.exe'));
    expect(run.result).toEqual({ kind: 'exited', exitCode: CLR_UNHANDLED_EXCEPTION_CODE });
    expect(run.stderr.split('\r\n')).toEqual([
      'Unhandled Exception: System.InvalidOperationException: boom',
      '   at Unhandled.Fail()',
      '   at Unhandled.Middle(Int32 depth)',
      '   at Unhandled.Main(String[] args)',
      '',
    ]);
    expect(run.stdout).toBe('');
  }, 60_000);

  test('NullPointerFault_CaughtAsNullReference_FinallyRuns_ExitCodeAsMono', async () => {
    const file = path.join(PROGRAMS, 'NullFault.exe');
    const run = await runManaged(file);
    expect(run.result).toEqual({ kind: 'exited', exitCode: 111 });
    expect(run.trace.some((l) => /fault 0xc0000005 .* -> System\.NullReferenceException/.test(l))).toBe(true);
    const mono = spawnSync('mono', [file], { encoding: 'utf8' });
    expect(mono.status).toBe(111);
  }, 60_000);

  test('UnhandledTypeInitialization_PrintsInnerChainAndBothStacks_ExitsE0434352', async () => {
    const run = await runManaged(path.join(PROGRAMS, 'TypeInit.exe'));
    expect(run.result).toEqual({ kind: 'exited', exitCode: CLR_UNHANDLED_EXCEPTION_CODE });
    expect(run.stderr.split('\r\n')).toEqual([
      "Unhandled Exception: System.TypeInitializationException: The type initializer for 'Config' threw an exception. ---> System.InvalidOperationException: no config",
      '   at Config.Load()',
      '   at Config..cctor()',
      '   --- End of inner exception stack trace ---',
      '   at TypeInit.Main()',
      '',
    ]);
  }, 60_000);

  test('ExceptionLeavingFinalizer_Unhandled_ExitsE0434352', async () => {
    const run = await runManaged(path.join(PROGRAMS, 'FinalizerThrows.exe'));
    expect(run.result).toEqual({ kind: 'exited', exitCode: CLR_UNHANDLED_EXCEPTION_CODE });
    expect(run.stderr.split('\r\n')).toEqual([
      'Unhandled Exception: System.InvalidOperationException: from finalizer',
      '   at Bad.Finalize()',
      '',
    ]);
  }, 60_000);
});
