/**
 * The native samples print exactly what their C sources say. msvcrt's text-mode stdout turns each
 * "\n" into "\r\n" as on Windows, and clremu passes those bytes through unchanged.
 */
import { built, run, samples } from './helpers';

/** The bytes a Windows text-mode stream writes for these lines. */
const crlf = (...lines: string[]): string => lines.map((l) => `${l}\r\n`).join('');

test('Hello_PrintsGreeting_Exit0', async () => {
  const r = await run(built(samples, 'hello.exe'));
  expect(r.stdout).toBe(crlf('Hello from a native Windows x64 program!'));
  expect(r.result).toEqual({ kind: 'exited', exitCode: 0 });
});

test('Args_QuotedArgument_ThreeArgs', async () => {
  const r = await run(built(samples, 'args.exe'), { args: ['a', 'b c'] });
  expect(r.stdout).toBe(crlf('argc=3', 'argv[0]=C:\\app\\args.exe', 'argv[1]=a', 'argv[2]=b c'));
  expect(r.result).toEqual({ kind: 'exited', exitCode: 3 });
});

const usedllOutput = crlf(
  'mathlib: DllMain(DLL_PROCESS_ATTACH)',
  'add(2, 3) = 5',
  'multiply(6, 7) = 42',
  'GetProcAddress(add)(40, 2) = 42',
  'GetProcAddress(#7)(9) = 81',
  'GetProcAddress(missing) = NULL',
  'attach_count = 1',
);

test.each([false, true])('UseDll_ImportsAndGetProcAddress_ExactOutput (rebase %s)', async (rebase) => {
  const r = await run(built(samples, 'usedll.exe'), { rebase });
  expect(r.stdout).toBe(usedllOutput);
  expect(r.result).toEqual({ kind: 'exited', exitCode: 0 });
});

const tlsOutput = crlf('tls callback 1: process attach', 'tls callback 2: process attach', 'main: thread-local counter = 42');

test.each([false, true])('Tls_CallbacksInOrderThenMain (rebase %s)', async (rebase) => {
  const r = await run(built(samples, 'tls.exe'), { rebase });
  expect(r.stdout).toBe(tlsOutput);
  expect(r.result).toEqual({ kind: 'exited', exitCode: 0 });
  expect(r.trace.filter((t) => t.startsWith('TLS callback')).length).toBeGreaterThanOrEqual(2);
});

test('Crash_NullWrite_AccessViolationWithExactRip', async () => {
  let rip = 0n;
  let modules: string[] = [];
  const r = await run(built(samples, 'crash.exe'), {
    onCrash: (c) => {
      rip = c.fault.rip;
      modules = c.modules.map((m) => m.name);
    },
  });
  expect(r.stdout).toBe(crlf('about to write through a null pointer'));
  expect(r.result.kind).toBe('crashed');
  expect(r.result.exitCode).toBe(0xc0000005);
  if (r.result.kind !== 'crashed') return;
  expect(r.result.fault.kind).toBe('access-violation');
  expect(r.result.fault.address).toBe(0n);
  expect(r.result.fault.access).toBe('write');
  // The faulting instruction is poke's `mov [rcx], edx` (89 11) inside crash.exe.
  expect(rip >= 0x1_4000_0000n && rip < 0x1_4010_0000n).toBe(true);
  expect(modules).toContain('crash.exe');
});
