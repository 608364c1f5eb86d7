/**
 * Real mingw-w64 C programs (test/crt/programs, built by the setup step into build/) run through
 * the loader with the emulated msvcrt and kernel32: stdout must equal the `.expected` text (CRLF
 * read as LF, as the design notes prescribe), and the exit code must be the program's.
 * CLREMU_BLESS=1 rewrites the expected files from the actual output.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runImage, type RunResult } from '../../loader/run';
import { createKnownDlls } from '../../loader/dlls/registry';
import { msvcrt } from '../../loader/dlls/msvcrt';
import type { HostIo } from '../../loader/os';

const root = path.resolve(__dirname, '..', '..');
const sources = path.join(root, 'test', 'crt', 'programs');
const built = path.join(root, 'build', 'test', 'crt', 'programs');
const bless = process.env.CLREMU_BLESS === '1';

interface Captured {
  result: RunResult;
  stdout: string;
  stderr: string;
}

async function run(exe: string, stdin = '', args: string[] = []): Promise<Captured> {
  const file = path.join(built, exe);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build && npm run setup\` (npm test does both)`);
  const out: number[] = [];
  const err: number[] = [];
  const input = Buffer.from(stdin, 'latin1');
  let pos = 0;
  const io: HostIo = {
    writeStdout: (b) => out.push(...b),
    writeStderr: (b) => err.push(...b),
    readStdin: (max) => {
      const chunk = input.subarray(pos, pos + max);
      pos += chunk.length;
      return chunk;
    },
  };
  const registry = createKnownDlls();
  if (!registry.lookup('msvcrt.dll')) registry.registerEmulatedDll(msvcrt);
  const result = await runImage({ imagePath: file, io, registry, args, maxInstructions: 200_000_000, timeoutMs: 60_000 });
  return { result, stdout: Buffer.from(out).toString('utf8'), stderr: Buffer.from(err).toString('utf8') };
}

function expectOutput(name: string, actual: string): void {
  const expectedFile = path.join(sources, `${name}.expected`);
  const normalized = actual.replace(/\r\n/g, '\n');
  if (bless) fs.writeFileSync(expectedFile, normalized);
  expect(normalized).toBe(fs.readFileSync(expectedFile, 'utf8'));
}

function exitCode(r: RunResult): number | string {
  return r.kind === 'exited' ? r.exitCode : `${r.kind}: ${'error' in r ? r.error.message : r.fault.describe()}`;
}

describe('C programs under clremu', () => {
  test('PrintfMsvcrt_MatchesMsvcrtFormatting_Exit3', async () => {
    const r = await run('printf_msvcrt.exe');
    expectOutput('printf_msvcrt', r.stdout);
    expect(r.stderr).toBe('to stderr 5\r\n');
    expect(exitCode(r.result)).toBe(3);
  });

  test('StdoutIsTextMode_LfBecomesCrLf', async () => {
    const r = await run('printf_msvcrt.exe');
    expect(r.stdout.startsWith('[42] [   42]')).toBe(true);
    expect(r.stdout.includes('\r\n')).toBe(true);
    expect(r.stdout.replace(/\r\n/g, '').includes('\n')).toBe(false);
  });

  test('Strings_ConversionsAndCtype_Expected', async () => {
    const r = await run('strings.exe');
    expectOutput('strings', r.stdout);
    expect(exitCode(r.result)).toBe(0);
  });

  test('Callbacks_QsortBsearchAndAtexitOrder_Exit7', async () => {
    const r = await run('callbacks.exe');
    expectOutput('callbacks', r.stdout);
    expect(exitCode(r.result)).toBe(7);
  });

  test('MallocStress_ContentsIntact_Exit0', async () => {
    const r = await run('malloc_stress.exe');
    expectOutput('malloc_stress', r.stdout);
    expect(exitCode(r.result)).toBe(0);
  });

  test('StdinEcho_FgetsScanfGetchar_ReachesEof', async () => {
    const r = await run('stdin_echo.exe', 'first line\n20 22\nabc\nde\n');
    expectOutput('stdin_echo', r.stdout);
    expect(exitCode(r.result)).toBe(0);
  });

  test('Win32_SystemServices_Expected', async () => {
    const r = await run('win32.exe');
    expectOutput('win32', r.stdout);
    expect(exitCode(r.result)).toBe(0);
  });

  test('Win32_TwoRuns_IdenticalOutput', async () => {
    const a = await run('win32.exe');
    const b = await run('win32.exe');
    expect(a.stdout).toBe(b.stdout);
  });

  test('SetjmpLongjmp_NestedJumpAndZeroValue_Expected', async () => {
    const r = await run('setjmp.exe');
    expectOutput('setjmp', r.stdout);
    expect(exitCode(r.result)).toBe(0);
  });

  test('FilesAndWide_CleanErrnoFailures_BinaryModeKeepsLf', async () => {
    const r = await run('files_wide.exe');
    expectOutput('files_wide', r.stdout);
    expect(r.stdout.endsWith('wprintf 5 w n\r\nbinary\n')).toBe(true);
    expect(exitCode(r.result)).toBe(0);
  });

  test('Abort_HandlerRunsThenExit3_MessageOnStderr', async () => {
    const r = await run('abort.exe');
    expectOutput('abort', r.stdout);
    // msvcrt writes its runtime messages untranslated, with their own CR LF.
    expect(r.stderr).toContain("\r\nThis application has requested the Runtime to terminate it in an unusual way.\nPlease contact the application's support team for more information.\r\n");
    expect(r.stderr).not.toContain('\r\r');
    expect(exitCode(r.result)).toBe(3);
  });

  test('NullStream_InvalidParameter_CrashesWithStatus', async () => {
    const r = await run('bad_stream.exe');
    expect(r.result.kind).toBe('crashed');
    expect(r.result.exitCode >>> 0).toBe(0xc0000417);
    expect(r.stdout).not.toContain('not reached');
  });

  test('TimeAndMath_VirtualClockUtc_Expected', async () => {
    const r = await run('time_math.exe');
    expectOutput('time_math', r.stdout);
    expect(exitCode(r.result)).toBe(0);
  });

  test('DoubleFree_Detected_CrashesWithHeapCorruption', async () => {
    const r = await run('double_free.exe');
    expect(r.result.kind).toBe('crashed');
    expect(r.result.exitCode >>> 0).toBe(0xc0000374);
    expect(r.stdout).not.toContain('not reached');
  });
});
