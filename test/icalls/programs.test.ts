/**
 * C# programs (test/icalls/programs, built by mcs) that reach internal calls and P/Invoke through
 * JIT-compiled code, run through the loader with the runtime inside the process. Expected exit
 * codes are the Windows answers (mono on Linux answers kernel32 P/Invokes differently, so these
 * are not differential): a program returns 0, a computed value, or the number of a failed check.
 * A binding error (no entry point, no DLL, no icall) ends the run with that named error.
 */
import { OEM_CODE_PAGE } from '../../loader/crt/codepages';
import { CLR_UNHANDLED_EXCEPTION_CODE } from '../../src/mscoree';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { PROGRAMS, runProgram } from './support';

const exited = (code: number) => ({ kind: 'exited', exitCode: code });

test('Sqrt_System.Math::Sqrt(double)_Exits42', async () => {
  expect((await runProgram('Sqrt.exe')).result).toEqual(exited(42));
}, 60_000);

test('VoidMainExitCode_EnvironmentExitCode_BecomesProcessExitCode', async () => {
  expect((await runProgram('VoidMainExitCode.exe')).result).toEqual(exited(17));
  expect(spawnSync('mono', [path.join(PROGRAMS, 'VoidMainExitCode.exe')]).status).toBe(17);
}, 60_000);

test('IcallRaises_NullReferenceException_CaughtByCaller', async () => {
  expect((await runProgram('IcallRaises.exe')).result).toEqual(exited(0));
}, 60_000);

test('MathMix_TwelveMathIcalls_AllChecksPass', async () => {
  expect((await runProgram('MathMix.exe')).result).toEqual(exited(0));
}, 60_000);

test('TickCount_System.Environment::get_TickCount_BetweenTwoGetTickCounts', async () => {
  expect((await runProgram('TickCount.exe')).result).toEqual(exited(0));
}, 60_000);

test('NewLine_System.Environment::GetNewLine_LengthTwo', async () => {
  const run = await runProgram('NewLine.exe');
  expect({ result: run.result, stderr: run.stderr }).toEqual({ result: exited(2), stderr: '' });
}, 60_000);

test('CommandLine_System.Environment::GetCommandLineArgs_ProgramPlusArguments', async () => {
  expect((await runProgram('CommandLine.exe', ['a', 'b'])).result).toEqual(exited(32));
}, 60_000);

test('ConsoleCP_KernelGetConsoleCPAndOutputCP_EmulatedCodePage', async () => {
  const run = await runProgram('ConsoleCP.exe');
  expect(run.result).toEqual(exited(OEM_CODE_PAGE % 251));
  expect(run.trace.some((l) => l.includes('pinvoke ConsoleCP::GetConsoleOutputCP -> kernel32.dll!GetConsoleOutputCP') && l.includes('(direct)'))).toBe(true);
}, 60_000);

test('StringArgs_AnsiUnicodeAndAutoStrings_Marshalled', async () => {
  const run = await runProgram('StringArgs.exe');
  expect(run.result).toEqual(exited(0));
  expect(run.trace.some((l) => l.includes('kernel32.dll!SetEnvironmentVariableW'))).toBe(true);
}, 60_000);

test('LastError_SetLastErrorTrue_System.Runtime.InteropServices.Marshal::GetLastWin32Error()_InvalidHandle', async () => {
  expect((await runProgram('LastError.exe')).result).toEqual(exited(6));
}, 60_000);

test('FloatArgs_DirectPInvoke_XmmArgumentAndResult_Exits24', async () => {
  const run = await runProgram('FloatArgs.exe');
  expect(run.result).toEqual(exited(24));
  expect(run.trace.some((l) => l.includes('msvcrt.dll!ldexp') && l.includes('(direct)'))).toBe(true);
}, 60_000);

test('BoolArgs_BoolByteAndVariantBool_BothDirections', async () => {
  expect((await runProgram('BoolArgs.exe')).result).toEqual(exited(0));
}, 60_000);

test('HandleArgs_BlittableArrayAndSafeHandle_Marshalled', async () => {
  const run = await runProgram('HandleArgs.exe');
  expect({ result: run.result, stderr: run.stderr }).toEqual({ result: exited(0), stderr: '' });
}, 60_000);

test('HandleArgs_ClosedSafeHandle_ObjectDisposedException', async () => {
  const run = await runProgram('HandleArgs.exe', ['close']);
  expect(run.result).toEqual(exited(CLR_UNHANDLED_EXCEPTION_CODE));
  expect(run.stderr).toContain('Unhandled Exception: System.ObjectDisposedException: Safe handle has been closed');
}, 60_000);

test('NativeDll_LoadedBesideProgram_DllMainRun_WExportFirst_DoubleResultThroughStub', async () => {
  const run = await runProgram('NativeDll.exe');
  expect(run.result).toEqual(exited(0));
  expect(run.trace.some((l) => l.includes('pinvoke NativeDll::Count -> nativelib.dll!CountW'))).toBe(true);
  expect(run.trace.some((l) => l.includes('nativelib.dll!sum') && l.includes('(marshalling stub)'))).toBe(true);
}, 60_000);

test('ArrayCopy_ClassLibraryCopyAndClear_ReachFastCopyAndClearInternal', async () => {
  const run = await runProgram('ArrayCopy.exe');
  expect(run.result).toEqual(exited(0));
  for (const key of ['System.Array::FastCopy(System.Array,int,System.Array,int,int)', 'System.Array::ClearInternal(System.Array,int,int)']) {
    expect(run.trace.some((l) => l.includes(`icall ${key} -> gate`))).toBe(true);
  }
}, 60_000);

test('CurrentDirectory_System.IO.MonoIO::GetCurrentDirectory(System.IO.MonoIOError&)_SameAsKernel32', async () => {
  expect((await runProgram('CurrentDirectory.exe')).result).toEqual(exited(0));
}, 60_000);

test('MissingEntry_Invalid_EntryPointNotFoundError', async () => {
  await expect(runProgram('MissingEntry.exe')).rejects.toThrow(expect.objectContaining({ name: 'EntryPointNotFoundError', message: expect.stringContaining("'ClremuNoSuchFunction'") }));
}, 60_000);

test('MissingDll_Invalid_DllNotFoundError', async () => {
  await expect(runProgram('MissingDll.exe')).rejects.toThrow(expect.objectContaining({ name: 'DllNotFoundError', message: expect.stringContaining("'clremu_no_such_module'") }));
}, 60_000);

test('MissingIcall_Invalid_MissingMethodErrorNamingIt', async () => {
  await expect(runProgram('MissingIcall.exe')).rejects.toThrow(expect.objectContaining({ name: 'MissingMethodError', message: expect.stringContaining('System.Runtime.InteropServices.Marshal::IsComObject(object)') }));
}, 60_000);
