/**
 * Structured exception handling end to end: real mingw-w64 C and C++ programs (test/seh/programs,
 * built by the setup step) whose faults and RaiseException calls go through the dispatcher —
 * vectored handlers, frame handlers found through .pdata/.xdata (__C_specific_handler, libgcc's
 * C++ personality), the unhandled-exception filter (mingw's signal() bridge), RtlUnwindEx — and
 * exceptions nobody handles, which still end in a crash with their code and exact RIP.
 */
import { outcome, runProgram } from './run-program';

jest.setTimeout(60_000);

describe('vectored handlers', () => {
  test('NullWrite_VectoredHandlerFixesContext_Continues_Exit0', async () => {
    const r = await runProgram('veh_av.exe');
    expect(r.stdout).toBe([
      'added: 1, removed: 1, removed again: 0',
      'handler: code=c0000005 params=2 write=1 address=0',
      'after the fault: buffer=42, handler calls=1',
      '',
    ].join('\n'));
    expect(outcome(r.result)).toBe('exited 0');
  });

  test('NullWrite_HandlerContinuesByRtlRestoreContext_Exit0', async () => {
    const r = await runProgram('veh_av.exe', ['restore']);
    expect(r.stdout).toBe([
      'restoring handler: code=c0000005',
      'after the fault: buffer=43',
      'restoring handler: code=c0000005',
      'after the second fault: buffer=44',
      '',
    ].join('\n'));
    expect(outcome(r.result)).toBe('exited 0');
  });

  test('FaultWithoutStack_NoHandlerRuns_CrashAtPush', async () => {
    const r = await runProgram('veh_av.exe', ['badstack']);
    const printed = /^faulting with rsp=0 at ([0-9A-Fa-f]+)\n$/.exec(r.stdout);
    expect(printed).not.toBeNull();
    expect(outcome(r.result)).toBe('crashed 0xC0000005');
    if (r.result.kind !== 'crashed') return;
    expect(r.result.fault.rip).toBe(BigInt('0x' + printed![1]));
    expect(r.result.fault.access).toBe('write');
    expect(BigInt.asUintN(64, r.result.fault.address ?? 0n)).toBe(0xffff_ffff_ffff_fff8n);
  });

  test('RaiseException_RaisedAgainInsideHandler_BothDispatched_Exit4', async () => {
    const r = await runProgram('raise.exe', ['nested']);
    expect(r.stdout).toBe([
      'handler: code=e0001234 flags=0 params=3 11 22 33',
      'handler: code=e0005678 flags=0 params=0',
      'handler: nested exception continued',
      'continued after RaiseException',
      'handler: code=e0001234 flags=0 params=0',
      'handler: code=e0005678 flags=0 params=0',
      'handler: nested exception continued',
      'continued again',
      '',
    ].join('\n'));
    expect(outcome(r.result)).toBe('exited 4');
  });

  test('RaiseException_CustomCodeContinued_ReturnsToCaller_Exit4', async () => {
    const r = await runProgram('raise.exe');
    expect(r.stdout).toBe([
      'handler: code=e0001234 flags=0 params=3 11 22 33',
      'continued after RaiseException',
      'handler: code=e0001234 flags=0 params=0',
      'continued again',
      '',
    ].join('\n'));
    expect(outcome(r.result)).toBe('exited 4');
  });

  test('RaiseException_NoncontinuableContinued_NoncontinuableExceptionUnhandled_Crash0xC0000025', async () => {
    const r = await runProgram('raise.exe', ['noncontinuable']);
    expect(r.stdout).toBe([
      'handler: code=e0001234 flags=1 params=3 11 22 33',
      'handler: code=c0000025 flags=1 params=0 nested=e0001234',
      '',
    ].join('\n'));
    expect(outcome(r.result)).toBe('crashed 0xC0000025');
  });
});

describe('unhandled-exception filter', () => {
  test('SignalSigsegv_MingwFilterCallsHandler_Exit5', async () => {
    const r = await runProgram('signal_segv.exe');
    expect(r.stdout).toBe('writing through a null pointer\nsignal handler: sig=11\n');
    expect(outcome(r.result)).toBe('exited 5');
  });

  test('SignalSigfpe_DivideByZero_MingwFilterCallsHandler_Exit6', async () => {
    const r = await runProgram('signal_segv.exe', ['fpe']);
    expect(r.stdout).toBe('dividing by zero\nsignal handler: sig=8\n');
    expect(outcome(r.result)).toBe('exited 6');
  });
});

describe('frame handlers', () => {
  test('CSpecificHandler_ScopeTable_FilterThenFinallyThenExcept_Exit7', async () => {
    const r = await runProgram('cscope.exe');
    expect(r.stdout).toBe([
      'body',
      'filter: code=c0000005',
      'finally: abnormal=1',
      'except: code=c0000005',
      'scoped returned 7',
      '',
    ].join('\n'));
    expect(outcome(r.result)).toBe('exited 7');
  });

  test('DynamicFunctionTableAndCallback_HandlerContinues_FilterSkipsInt3_DeletedTableCrashesAtStore', async () => {
    const r = await runProgram('dynamic.exe');
    expect(r.stdout).toBe([
      'added: 1',
      'lookup: 1',
      'handler: code=c0000005 flags=0 pc=+6 imagebase ok=1 entry begin=0 frame ok=1',
      'returned 5',
      'filter: code=80000003 at +c0',
      'after breakpoint 9',
      'deleted: 1',
      'callback installed: 1, bad identifier refused: 1',
      'handler: code=c0000005 flags=0 pc=+6 imagebase ok=1 entry begin=0 frame ok=1',
      'returned 5, callback calls 1',
      'callback deleted: 1',
      '',
    ].join('\n'));
    expect(outcome(r.result)).toBe('crashed 0xC0000005');
    if (r.result.kind !== 'crashed') return;
    // The exact faulting instruction: `mov dword [rax], 1` at offset 6 of the generated code.
    expect(r.result.fault.rip & 0xfffn).toBe(6n);
    expect(r.result.fault.address).toBe(0n);
    expect(r.result.fault.access).toBe('write');
  });
});

describe('C++ exceptions (libgcc SEH unwinder)', () => {
  test('ThrowAcrossFrames_DestructorsInOrder_RethrowAndCatchAll_Exit0', async () => {
    const r = await runProgram('exceptions.exe');
    expect(r.stdout).toBe([
      'construct outer',
      'construct middle',
      'construct thrower',
      'construct thrower',
      'destroy thrower',
      'destroy thrower',
      'destroy middle',
      'destroy outer',
      'caught: deep failure',
      'construct rethrower',
      'destroy rethrower',
      'caught int 42, rethrowing',
      'caught rethrown 42',
      'caught (...)',
      'done',
      '',
    ].join('\n'));
    expect(r.stderr).toBe('');
    expect(outcome(r.result)).toBe('exited 0');
  });

  test('ThrowAndCatchInsideQsortComparator_Exit0', async () => {
    const r = await runProgram('exceptions.exe', ['callback']);
    expect(r.stdout).toBe('construct comparator\ndestroy comparator\ncomparator caught two\nsorted 1 2\n');
    expect(outcome(r.result)).toBe('exited 0');
  });

  test('ThrowFromBottomOfDeepRecursion_StackGrownForDispatch_Caught', async () => {
    const r = await runProgram('exceptions.exe', ['deep']);
    expect(r.stdout).toBe('caught 0 at the bottom of 3000 frames\n');
    expect(outcome(r.result)).toBe('exited 0');
  });

  test('Uncaught_TerminateThenAbortMessage_Exit3', async () => {
    const r = await runProgram('exceptions.exe', ['uncaught']);
    expect(r.stdout).toBe('construct uncaught\n');
    // libstdc++'s verbose terminate handler, then msvcrt's abort() message (line ends aside:
    // text-mode translation of the abort message belongs to msvcrt's tests).
    expect(r.rawStderr.replace(/\r/g, '')).toBe(
      "terminate called after throwing an instance of 'int'\n" +
        '\nThis application has requested the Runtime to terminate it in an unusual way.\n' +
        "Please contact the application's support team for more information.\n",
    );
    expect(outcome(r.result)).toBe('exited 3');
  });
});

describe('unwinder API from guest code', () => {
  test('CaptureLookupVirtualUnwind_WalksOwnStack_Exit0', async () => {
    const r = await runProgram('walk.exe');
    expect(r.stdout).toBe('frame 0: depth3\nframe 1: depth2\nframe 2: depth1\nframe 3: main\nresult 42\n');
    expect(outcome(r.result)).toBe('exited 0');
  });

  test('RtlUnwindEx_TargetNotOnStack_CrashInvalidUnwindTarget', async () => {
    const r = await runProgram('walk.exe', ['badunwind']);
    expect(r.stdout).toBe('unwinding to a frame that does not exist\n');
    expect(outcome(r.result)).toBe('crashed 0xC0000029');
  });
});
