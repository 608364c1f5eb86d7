/**
 * Whole runs of freestanding test programs (kernel32 only, no C runtime): exit codes, the entry
 * point's return value, the TEB/PEB and loader lists as guest code sees them (also rebased),
 * stack growth and overflow, the instruction budget, unimplemented and missing imports.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UnimplementedApiError } from '../../loader/dlls/api';
import { DllNotFoundError, UnsupportedImageError } from '../../loader/process/errors';
import { built, inputs, run, samples } from './helpers';

test('Minimal_WritesLineAndExitProcess_Exit7', async () => {
  const r = await run(built(inputs, 'minimal.exe'));
  expect(r.result).toEqual({ kind: 'exited', exitCode: 7 });
  expect(r.stdout).toBe('minimal\n');
});

test('EntryReturns_ReturnValueIsExitCode_0x1234ABCD', async () => {
  const r = await run(built(inputs, 'returns.exe'));
  expect(r.result).toEqual({ kind: 'exited', exitCode: 0x1234abcd });
  expect(r.stdout).toBe('returning\n');
});

const pebwalkExpected = [
  'teb.self ok', 'stack bounds ok', 'peb.ImageBaseAddress ok',
  'pebwalk.exe handle ok', 'ntdll.dll handle ok', 'kernel32.dll handle ok', 'init order: ntdll.dll kernel32.dll',
  'GetProcAddress(GetProcAddress) ok', 'missing export ok', '',
].join('\n');

test('PebWalk_GuestSeesTebPebAndLoaderLists_AllOk', async () => {
  const r = await run(built(inputs, 'pebwalk.exe'));
  expect(r.result).toEqual({ kind: 'exited', exitCode: 0 });
  expect(r.stdout).toBe(pebwalkExpected);
});

test('PebWalk_Rebased_SameOutput', async () => {
  const r = await run(built(inputs, 'pebwalk.exe'), { rebase: true });
  expect(r.stdout).toBe(pebwalkExpected);
  expect(r.trace.some((t) => /^mapped pebwalk\.exe at 0x5/.test(t))).toBe(true);
});

test('DeepStack_GrowsThroughGuardPages_Exits0', async () => {
  const r = await run(built(inputs, 'deepstack.exe'));
  expect(r.result).toEqual({ kind: 'exited', exitCode: 0 });
  expect(r.stdout).toBe('deep start\ndeep done\n');
});

test('DeepStack_EndlessRecursion_StackOverflow_C00000FD', async () => {
  let crashCode = 0;
  const r = await run(built(inputs, 'deepstack.exe'), { args: ['overflow'], onCrash: (c) => { crashCode = c.fault.code; } });
  expect(r.result.kind).toBe('crashed');
  expect(r.result.exitCode).toBe(0xc00000fd);
  expect(crashCode).toBe(0xc00000fd);
  expect(r.stdout).toBe('deep start\ndeep done\n');
});

test('Budget_Exhausted_CrashedWithBudgetFault', async () => {
  const r = await run(built(inputs, 'deepstack.exe'), { maxInstructions: 2000 });
  expect(r.result.kind).toBe('crashed');
  if (r.result.kind === 'crashed') expect(r.result.fault.kind).toBe('budget-exhausted');
});

test('UnimplementedImport_Called_NamedError', async () => {
  const r = await run(built(inputs, 'unimpl.exe'));
  expect(r.stdout).toBe('before\n');
  expect(r.result.kind).toBe('failed');
  if (r.result.kind !== 'failed') return;
  expect(r.result.error).toBeInstanceOf(UnimplementedApiError);
  expect(r.result.error.message).toContain('kernel32.dll!GetNumaHighestNodeNumber');
  // The trace listed it when the import was bound, before anything ran.
  expect(r.trace.some((t) => t.includes('kernel32.dll!GetNumaHighestNodeNumber: UNIMPLEMENTED'))).toBe(true);
});

test('MissingDll_FailsLoad_C0000135NamingIt', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-missing-'));
  try {
    const exe = path.join(dir, 'needsdll.exe');
    fs.copyFileSync(built(inputs, 'needsdll.exe'), exe);
    const r = await run(exe);
    expect(r.result.kind).toBe('failed');
    if (r.result.kind !== 'failed') return;
    expect(r.result.error).toBeInstanceOf(DllNotFoundError);
    expect(r.result.error.message).toContain('tinydll.dll');
    expect(r.result.error.message).toContain('0xC0000135');
    expect(r.result.exitCode).toBe(0x35);
    expect(r.stdout).toBe('');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const needsDllExpected = [
  'tinydll: attach, hinst ok, static', 'main: tiny_add(2,3) = 0x0000000000000005', 'GetProcAddress(name) ok', 'GetProcAddress(#5) ok',
  'GetProcAddress(#9) null ok', 'attached once', 'FreeLibrary ok', 'LoadLibrary(nosuch) fails ok',
  // ExitProcess notifies the DLL (DLL_PROCESS_DETACH) before the process ends.
  'tinydll: detach', '',
].join('\n');

test.each([false, true])('DllBesideExe_ImportsLoadLibraryGetProcAddress_AllOk (rebase %s)', async (rebase) => {
  const r = await run(built(inputs, 'needsdll.exe'), { rebase });
  expect(r.result).toEqual({ kind: 'exited', exitCode: 0 });
  expect(r.stdout).toBe(needsDllExpected);
  const steps = r.trace.filter((t) => /^(DllMain|entry) /.test(t)).map((t) => t.split(' ').slice(0, 2).join(' '));
  expect(steps[0]).toBe('DllMain tinydll.dll');
  expect(steps[1]).toMatch(/^entry needsdll\.exe\+0x/);
});

test('DllAsMain_Unsupported', async () => {
  const r = await run(built(samples, 'mathlib.dll'));
  expect(r.result.kind).toBe('failed');
  if (r.result.kind === 'failed') expect(r.result.error).toBeInstanceOf(UnsupportedImageError);
});

test('NotAPeFile_BadImageFormat', async () => {
  const r = await run('not-a-pe.exe', { bytes: new TextEncoder().encode('#!/bin/sh\necho hi\n') });
  expect(r.result.kind).toBe('failed');
  if (r.result.kind === 'failed') expect(r.result.error.name).toBe('BadImageFormatError');
});

test('TraceLoader_NarratesEachStep', async () => {
  const r = await run(built(inputs, 'minimal.exe'));
  const text = r.trace.join('\n');
  expect(text).toMatch(/parsed minimal\.exe: PE32\+ EXE/);
  expect(text).toMatch(/minimal\.exe is native/);
  expect(text).toMatch(/mapped minimal\.exe at 0x140000000/);
  expect(text).toMatch(/loaded emulated kernel32\.dll at 0x7ff8/);
  expect(text).toMatch(/import minimal\.exe -> kernel32\.dll!WriteFile = 0x7ff8/);
  expect(text).toMatch(/entry minimal\.exe\+0x/);
});

test.each([false, true])('ImplicitTls_IndexBlockAndCallbacksInOrder (rebase %s)', async (rebase) => {
  const r = await run(built(inputs, 'tlsraw.exe'), { rebase });
  expect(r.result).toEqual({ kind: 'exited', exitCode: 0 });
  expect(r.stdout).toBe([
    'callback 1 attach', 'callback 2 attach', 'index 0', 'private copy', 'template and zero fill ok', 'template untouched',
    'callback 1 detach', 'callback 2 detach', '',
  ].join('\n'));
  const steps = r.trace.filter((t) => /^(TLS callback|entry) /.test(t));
  expect(steps).toHaveLength(5);
  expect(steps[0]).toMatch(/^TLS callback 1\/2 of tlsraw\.exe/);
  expect(steps[1]).toMatch(/^TLS callback 2\/2 of tlsraw\.exe/);
  expect(steps[2]).toMatch(/^entry tlsraw\.exe\+0x/);
});

test('LoaderCoreApis_FromGuestCode_WindowsSemantics', async () => {
  const r = await run(built(inputs, 'apis.exe'), { args: ['one', 'two three'] });
  expect(r.result).toEqual({ kind: 'exited', exitCode: 0 });
  expect(r.stdout.split('\n')).toEqual([
    'cmdline=C:\\app\\apis.exe one "two three"',
    'cmdlineW=C:\\app\\apis.exe one "two three"',
    'getenv.OS=10',
    'Windows_NT',
    'getenv.small=11',
    'getenv.missing=0',
    'getenv.missing.error=203',
    'setenv=1',
    'getenv.set=42',
    'setenv.delete=1',
    'getenv.deleted=0',
    'getenvW.OS=10',
    'curdir=6',
    'C:\\app',
    'modname=15',
    'C:\\app\\apis.exe',
    'modname.truncated=5',
    'modname.truncated.error=122',
    'C:\\a',
    'modnameW.kernel32=32',
    'tls.set=1',
    'tls.get=22136',
    'tls.get.error=0',
    'tls.teb=22136',
    'tls.free=1',
    'lasterror.teb=1234',
    'startupinfo.cb=104',
    'debugger=0',
    'pid=4096',
    'pid.teb=4096',
    'tid=4100',
    'sse2=1',
    'avx=0',
    'handleex.fromaddress=1',
    'handleex.isself=1',
    '',
  ]);
});

test('LoadLibraryFreeLibrary_RefcountThenUnloadWithDetach', async () => {
  const r = await run(built(inputs, 'dynload.exe'));
  expect(r.result).toEqual({ kind: 'exited', exitCode: 0 });
  expect(r.stdout).toBe([
    'not loaded yet', 'tinydll: attach, hinst ok, dynamic', 'loaded twice, same handle', 'call ok',
    'still loaded after one FreeLibrary', 'tinydll: detach', 'unloaded', '',
  ].join('\n'));
  expect(r.trace).toContain('unloading tinydll.dll');
});

test('FixedLowBaseExe_MappedBeforeStack_RunsAtItsBase', async () => {
  // ImageBase 0x100000 and no relocations: the place the first stack would otherwise take.
  const r = await run(built(inputs, 'lowbase.exe'));
  expect(r.result).toEqual({ kind: 'exited', exitCode: 7 });
  expect(r.trace).toContain('mapped lowbase.exe at 0x100000');
});

test('FixedBaseExe_ForcedRebase_ConflictingAddresses', async () => {
  const r = await run(built(inputs, 'lowbase.exe'), { rebase: true });
  expect(r.result.kind).toBe('failed');
  if (r.result.kind !== 'failed') return;
  expect(r.result.error.message).toMatch(/no relocations \(IMAGE_FILE_RELOCS_STRIPPED\).*0xC0000018/);
  expect(r.result.exitCode).toBe(0x18);
});

test('DllMainFaults_CrashBeforeEntry_NotedAsInitialization', async () => {
  let faultModule = '';
  const r = await run(built(inputs, 'needscrash.exe'), {
    onCrash: (c) => {
      faultModule = c.modules.find((m) => c.fault.rip >= m.base && c.fault.rip < m.base + BigInt(m.size))?.name ?? '';
    },
  });
  expect(r.stdout).toBe('');
  expect(r.result.kind).toBe('crashed');
  if (r.result.kind !== 'crashed') return;
  expect(r.result.exitCode).toBe(0xc0000005);
  expect(r.result.note).toMatch(/^during process initialization/);
  expect(faultModule).toBe('crashdll.dll');
});
