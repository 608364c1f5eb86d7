/**
 * `clremu run` as a user meets it: a child process running the built CLI. Exit status is the low
 * 8 bits of the guest's exit code; a crash prints a report (full 32-bit code, disassembled
 * instruction, registers, module!symbol, stack) and never a host stack trace.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'clremu');
const inputs = path.join(root, 'build', 'test', 'loader', 'inputs');
const samples = path.join(root, 'build', 'samples', 'native');

function clremu(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  for (const a of args) {
    if (a.endsWith('.exe') && !fs.existsSync(a)) throw new Error(`${path.relative(root, a)} is missing: run \`npm run build && npm run setup\``);
  }
  const r = spawnSync('node', [bin, 'run', ...args], { encoding: 'latin1', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noHostTrace = (stderr: string): void => {
  expect(stderr).not.toMatch(/\n\s+at .+\(.*\.js:\d+:\d+\)/);
  expect(stderr).not.toContain('internal error');
};

test('RunMinimal_StdoutAndExitStatus7', () => {
  const r = clremu(path.join(inputs, 'minimal.exe'));
  expect(r.stdout).toBe('minimal\n');
  expect(r.status).toBe(7);
  expect(r.stderr).toBe('');
});

test('RunReturns_ExitStatusIsLow8Bits_205', () => {
  const r = clremu(path.join(inputs, 'returns.exe'));
  expect(r.status).toBe(0xcd);
});

test('RunNullWrite_CrashReport_C0000005_Status5', () => {
  const r = clremu(path.join(inputs, 'nullwrite.exe'));
  expect(r.stdout).toBe('storing\n');
  expect(r.status).toBe(5);
  expect(r.stderr).toContain('0xC0000005');
  expect(r.stderr).toContain('mov dword ptr [rcx], edx');
  expect(r.stderr).toMatch(/rip=0000000140001[0-9a-f]{3}/);
  expect(r.stderr).toContain('nullwrite.exe!store');
  expect(r.stderr).toContain('nullwrite.exe!middle+0x');
  expect(r.stderr).toContain('nullwrite.exe!start+0x');
  expect(r.stderr).toContain('crashed (exception 0xC0000005); exit status 5');
  noHostTrace(r.stderr);
});

test('RunCrashSample_CrashReport_C0000005', () => {
  const r = clremu(path.join(samples, 'crash.exe'));
  expect(r.stdout).toBe('about to write through a null pointer\r\n');
  expect(r.status).toBe(5);
  expect(r.stderr).toContain('0xC0000005');
  expect(r.stderr).toContain('crash.exe!poke');
  expect(r.stderr).toContain('crash.exe!main');
  noHostTrace(r.stderr);
});

test('RunHello_PrintsGreeting_Status0', () => {
  const r = clremu(path.join(samples, 'hello.exe'));
  expect(r.stdout).toBe('Hello from a native Windows x64 program!\r\n');
  expect(r.status).toBe(0);
});

test('RunArgs_PassesArgumentsThrough_Status3', () => {
  const r = clremu(path.join(samples, 'args.exe'), 'a', 'b c');
  expect(r.stdout).toBe('argc=3\r\nargv[0]=C:\\app\\args.exe\r\nargv[1]=a\r\nargv[2]=b c\r\n');
  expect(r.status).toBe(3);
});

test('RunTraceLoader_StepsPrefixedOnStderr', () => {
  const r = clremu('--trace-loader', path.join(inputs, 'needsdll.exe'));
  expect(r.status).toBe(0);
  const lines = r.stderr.trim().split('\n');
  expect(lines.every((l) => l.startsWith('[loader] '))).toBe(true);
  const text = r.stderr;
  for (const step of [/parsed needsdll\.exe/, /is native/, /mapped needsdll\.exe at 0x/, /mapped tinydll\.dll at 0x/, /loaded emulated kernel32\.dll/, /import needsdll\.exe -> tinydll\.dll!tiny_add = 0x/, /DllMain tinydll\.dll/, /entry needsdll\.exe\+0x/]) {
    expect(text).toMatch(step);
  }
});

test('RunRebase_TraceShowsRelocation_SameOutput', () => {
  const plain = clremu(path.join(inputs, 'needsdll.exe'));
  const rebased = clremu('--rebase', '--trace-loader', path.join(inputs, 'needsdll.exe'));
  expect(rebased.stdout).toBe(plain.stdout);
  expect(rebased.stderr).toMatch(/mapped needsdll\.exe at 0x5[0-9a-f]+ \(preferred 0x140000000; relocated by/);
});

test('RunMaxInstructions_StopsTheProgram', () => {
  const r = clremu('--max-instructions', '500', path.join(inputs, 'deepstack.exe'));
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('was stopped: instruction budget used up (exception 0xE0000001)');
  noHostTrace(r.stderr);
});

test('RunUnimplementedApi_NamesIt_Status2', () => {
  const r = clremu(path.join(inputs, 'unimpl.exe'));
  expect(r.stdout).toBe('before\n');
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('UnimplementedApiError: kernel32.dll!GetNumaHighestNodeNumber');
  noHostTrace(r.stderr);
});

test('RunMissingFile_UsageError_Status2', () => {
  const r = spawnSync('node', [bin, 'run', path.join(root, 'no-such.exe')], { encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('no such file');
});

test('RunHelp_ExplainsEachOption', () => {
  const r = spawnSync('node', [bin, 'run', '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  for (const opt of ['--trace-loader', '--max-instructions', '--timeout', '--rebase']) expect(r.stdout).toContain(opt);
});

test('RunArgsAfterDoubleDash_PassedThroughIncludingOptions', () => {
  const r = clremu(path.join(samples, 'args.exe'), '--', '-x', '--y', 'a b');
  expect(r.stdout).toBe('argc=4\r\nargv[0]=C:\\app\\args.exe\r\nargv[1]=-x\r\nargv[2]=--y\r\nargv[3]=a b\r\n');
  expect(r.status).toBe(4);
});

test('RunTimeout_InfiniteLoop_StoppedWithE0000002', () => {
  const r = clremu('--timeout', '0.5', path.join(inputs, 'spin.exe'));
  expect(r.stdout).toBe('spinning\n');
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('was stopped: time limit reached (exception 0xE0000002)');
  noHostTrace(r.stderr);
});
