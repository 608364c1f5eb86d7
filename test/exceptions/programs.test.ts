/**
 * Whole programs through the loader and mscoree: an unhandled exception prints what .NET
 * Framework prints and exits with 0xE0434352; a hardware fault in JIT-compiled code (a store and
 * a load through a null pointer) is caught as NullReferenceException and runs the finally on the
 * way, with the exit code mono gives; an exception leaving a static constructor or a finalizer
 * unhandled prints the .NET Framework report; unbounded managed recursion fails fast as .NET
 * Framework does, while a native stack overflow stays the loader's crash; `rethrow` keeps the
 * caught stack trace and `throw ex;` restarts it, compared with mono on the frames' method names;
 * exceptions cross native frames (a delegate called back from a mingw DLL throws, the managed
 * caller above the DLL catches, finally blocks on both sides run in order) and a native
 * RaiseException reaches managed code as SEHException.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { BufferedHostIo, runImage } from '../../loader';
import { CLR_UNHANDLED_EXCEPTION_CODE } from '../../src/mscoree/exe-main';
import { ExceptionDispatchError } from '../../src/vm/exceptions';
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

  test('ManagedStackOverflow_FailsFastWithFrameworkMessage_ExitsC00000FD', async () => {
    const run = await runManaged(path.join(PROGRAMS, 'Overflow.exe'));
    // Neither the catch nor the finally runs; what was written before the overflow is kept.
    expect(run.result).toEqual({ kind: 'exited', exitCode: 0xc00000fd });
    expect(run.stdout).toBe('before\r\n');
    expect(run.stderr).toBe('\r\nProcess is terminated due to StackOverflowException.\r\n');
    expect(run.trace.some((l) => /stack overflow at 0x[0-9a-f]+ in Overflow::Recurse/.test(l))).toBe(true);
  }, 60_000);

  test('NativeStackOverflow_StaysCrash_C00000FD_AtFaultingInstruction', async () => {
    // deepstack.exe (mingw, test/loader/inputs) recurses without end when given "overflow".
    const file = path.resolve(__dirname, '..', '..', 'build', 'test', 'loader', 'inputs', 'deepstack.exe');
    const io = new BufferedHostIo();
    let crash: { code: number; rip: bigint; ctxRip: bigint } | undefined;
    const result = await runImage({
      imagePath: file, args: ['overflow'], io,
      onCrash: (c) => { crash = { code: c.fault.code, rip: c.fault.rip, ctxRip: c.context.rip }; },
    });
    expect(result.kind).toBe('crashed');
    expect(result.exitCode).toBe(0xc00000fd);
    expect(crash?.code).toBe(0xc00000fd);
    // The registers handed to the crash report are the fault's, not the dispatcher's.
    expect(crash?.ctxRip).toBe(crash?.rip);
    expect(io.stderr).not.toContain('StackOverflowException');
  }, 60_000);

  /** `Type.Method` of each `at …` line up to the first line that is not one (mono's and ours differ in the rest). */
  function tracedMethods(stderr: string): string[] {
    const lines = stderr.split(/\r?\n/);
    const start = lines.findIndex((l) => /^\s+at /.test(l));
    const out: string[] = [];
    for (const l of lines.slice(start)) {
      const m = /^\s+at ([\w.+`<>]+) ?\(/.exec(l);
      if (!m) break;
      out.push(m[1]!);
    }
    return out;
  }

  for (const [arg, expected] of [
    ['rethrow', ['Rethrow.Fail', 'Rethrow.Inner', 'Rethrow.Middle', 'Rethrow.Outer', 'Rethrow.Main']],
    ['throwex', ['Rethrow.Middle', 'Rethrow.Outer', 'Rethrow.Main']],
  ] as const) {
    test(`Unhandled_${arg}_StackTraceMethods_SameAsMono`, async () => {
      const file = path.join(PROGRAMS, 'Rethrow.exe');
      const run = await runManaged(file, [arg]);
      expect(run.result).toEqual({ kind: 'exited', exitCode: CLR_UNHANDLED_EXCEPTION_CODE });
      expect(run.stderr.split('\r\n')[0]).toBe('Unhandled Exception: System.InvalidOperationException: boom');
      expect(tracedMethods(run.stderr)).toEqual(expected);
      const mono = spawnSync('mono', [file, arg], { encoding: 'utf8' });
      expect(tracedMethods(mono.stderr)).toEqual(expected);
    }, 60_000);
  }

  test('Divide_ExplicitChecks_ExceptionsAsMono_NoHardwareFault', async () => {
    const file = path.join(PROGRAMS, 'Divide.exe');
    const run = await runManaged(file);
    const mono = spawnSync('mono', [file], { encoding: 'utf8' });
    expect(mono.status).toBe(7);
    expect(run.result).toEqual({ kind: 'exited', exitCode: 7 });
    expect(run.stdout.replace(/\r\n/g, '\n')).toBe(mono.stdout);
    expect(run.trace.filter((l) => l.includes('fault 0xc0000094'))).toEqual([]);
  }, 60_000);

  test('Divide_HardwareDivideError_ZeroDivisorDivideByZero_MinOverMinusOneOverflow', async () => {
    // CLREMU_JIT_DIVIDE=hardware: bare div/idiv, so every case is a #DE in JIT-compiled code.
    const file = path.join(PROGRAMS, 'Divide.exe');
    const saved = process.env.CLREMU_JIT_DIVIDE;
    process.env.CLREMU_JIT_DIVIDE = 'hardware';
    let run;
    try {
      run = await runManaged(file);
    } finally {
      if (saved === undefined) delete process.env.CLREMU_JIT_DIVIDE;
      else process.env.CLREMU_JIT_DIVIDE = saved;
    }
    expect(run.result).toEqual({ kind: 'exited', exitCode: 7 });
    const faults = run.trace.filter((l) => l.includes('fault 0xc0000094')).map((l) => l.replace(/^.* -> /, ''));
    expect(faults).toEqual([
      ...Array(4).fill('System.DivideByZeroException'),
      ...Array(3).fill('System.OverflowException'),
    ]);
    expect(run.stdout.split('\r\n')).toContain('long.MinValue / -1: OverflowException');
  }, 60_000);

  const NATIVE_FRAMES_OUTPUT = [
    'static: 13',
    'instance: 14 after 2 calls',
    'callback finally 2',
    'callback finally 3',
    'caller finally',
    'no throw: 50',
    // Through(5): the callback's finally (below the two native frames), then the caller's (above them), then the catch.
    'callback finally 6',
    'caller finally',
    'caught: thrown in a callback of 6',
    'caught SEHException: External component has thrown an exception.',
    'seh finally',
    '',
  ];

  test('NativeFrames_CallbackThrowsThroughDll_CaughtAbove_FinallysInOrder_RaiseIsSEHException', async () => {
    const run = await runManaged(path.join(PROGRAMS, 'NativeFrames.exe'));
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\r\n')).toEqual(NATIVE_FRAMES_OUTPUT);
    expect(run.result).toEqual({ kind: 'exited', exitCode: 0 });
    expect(run.trace.some((l) => /native exception 0xe0001234 .* -> System\.Runtime\.InteropServices\.SEHException/.test(l))).toBe(true);
  }, 60_000);

  test('NativeFrames_UnderGcStress_SameOutput', async () => {
    const saved = process.env.CLREMU_GC_STRESS;
    process.env.CLREMU_GC_STRESS = '1';
    try {
      const run = await runManaged(path.join(PROGRAMS, 'NativeFrames.exe'));
      expect(run.stdout.split('\r\n')).toEqual(NATIVE_FRAMES_OUTPUT);
      expect(run.result).toEqual({ kind: 'exited', exitCode: 0 });
    } finally {
      if (saved === undefined) delete process.env.CLREMU_GC_STRESS;
      else process.env.CLREMU_GC_STRESS = saved;
    }
  }, 300_000);

  test('NativeFrameWithLanguageHandler_CallbackReturns_ThrowRefusedWithNamedError', async () => {
    // guarded.dll's frame has gcc's SEH personality: unwinding past it without calling it would
    // skip its cleanup, so the dispatcher names the frame instead.
    const run = runManaged(path.join(PROGRAMS, 'NativeHandler.exe'));
    await expect(run).rejects.toThrow(ExceptionDispatchError);
    await expect(run).rejects.toThrow(/cross native frame guarded\.dll\+0x[0-9a-f]+, whose exception handler/);
  }, 60_000);
});
