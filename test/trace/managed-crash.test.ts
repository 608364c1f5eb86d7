/**
 * Crashes of managed programs through `clremu run` (the built CLI in a child process), with their
 * crash reports and minidumps read back by lldb (Debian package `lldb`), an independent parser:
 *  - WildWrite.exe (`mcs -unsafe`: `*(int*)0x12345678 = 1`): the fault in JIT-compiled code becomes
 *    an AccessViolationException; left unhandled, stderr is .NET Framework's unhandled-exception
 *    text and the exit status the low byte of 0xE0434352, as under .NET Framework (the CLR raises
 *    the managed exception with that code). `--crash-report` and `--minidump` describe the original
 *    fault: 0xC0000005, a write of 0x12345678, the faulting instruction and frames named
 *    `Crash.WildWrite::Poke+0x… [IL_0007]` (the `stind.i4`) and `Crash.WildWrite::Main+0x… [IL_0000]`
 *    (its call), then the runtime's boot thunk;
 *  - NativeFault.exe: a P/Invoke into faultdll.dll faults inside the DLL; the native crash report
 *    names `faultdll.dll!read_through` and the managed caller with its IL offset, and the dump's
 *    exception, registers and module list (faultdll.dll included) read back the same.
 * `npm test` builds dist/ and the inputs first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'clremu');
const inputs = path.join(root, 'build', 'test', 'trace', 'trace-inputs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-managed-crash-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function clremu(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const image = args.find((a) => a.endsWith('.exe'))!;
  if (!fs.existsSync(image)) throw new Error(`${path.relative(root, image)} is missing: run \`npm run build && npm run setup\``);
  const r = spawnSync('node', [bin, 'run', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lldb(dump: string): { code: number; address: bigint; registers: Map<string, bigint>; images: string[] } {
  const r = spawnSync('lldb', ['--batch', '--no-lldbinit', '--core', dump, '-o', 'thread list', '-o', 'register read', '-o', 'image list'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new Error('lldb is not installed: the minidump tests read dumps back with it (Debian package `lldb`)');
  const thread = r.stdout.match(/stop reason = Exception (0x[0-9a-f]+) encountered at address (0x[0-9a-f]+)/);
  if (!thread) throw new Error(`lldb did not report the crashed thread:\n${r.stdout}${r.stderr}`);
  const registers = new Map<string, bigint>();
  for (const m of r.stdout.matchAll(/^\s+(\w+) = (0x[0-9a-f]+)/gm)) registers.set(m[1], BigInt(m[2]));
  const images = [...r.stdout.matchAll(/^\[\s*\d+\] (?:[0-9A-F-]+ )?\s*0x[0-9a-f]+ (.+?)\s*$/gm)].map((m) => m[1]);
  return { code: Number(thread[1]), address: BigInt(thread[2]), registers, images };
}

interface ReportJson {
  codeHex: string;
  faultAddress: string;
  access?: { type: string; address: string };
  instruction?: { text: string; symbol: string };
  registers: Record<string, string>;
  modules: { name: string }[];
  stack: { symbol: string }[];
  lastInstructions?: { symbol: string }[];
}

const readReport = (file: string): ReportJson => JSON.parse(fs.readFileSync(file, 'utf8')) as ReportJson;

describe('WildWrite.exe: AccessViolationException from unsafe code', () => {
  const json = path.join(tmp, 'wild.json');
  const dump = path.join(tmp, 'wild.dmp');
  let run: ReturnType<typeof clremu>;
  beforeAll(() => {
    run = clremu('--crash-report', json, '--minidump', dump, '--trace-last', '20', path.join(inputs, 'WildWrite.exe'));
  });

  test('Unhandled_DotNetFrameworkOutputAndExitCode', () => {
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'Unhandled Exception: System.AccessViolationException: Attempted to read or write protected memory. This is often an indication that other memory is corrupt.\r\n'
      + '   at Crash.WildWrite.Poke()\r\n'
      + '   at Crash.WildWrite.Main()\r\n',
    );
    expect(run.status).toBe(0xe0434352 & 0xff);
  });

  test('CrashReport_OriginalFault_ManagedFramesNamedWithIlOffsets', () => {
    const r = readReport(json);
    expect(r.codeHex).toBe('0xC0000005');
    expect(r.access).toEqual({ type: 'write', address: '0x0000000012345678' });
    expect(r.instruction?.symbol).toMatch(/^Crash\.WildWrite::Poke\+0x[0-9a-f]+ \[IL_0007\]$/);
    expect(r.instruction?.text).toMatch(/^mov dword ptr \[/);
    expect(r.stack[0].symbol).toBe(r.instruction?.symbol);
    // A caller's frame names the IL of its call (Main's `call Poke` at IL_0000), not what follows it.
    expect(r.stack[1].symbol).toMatch(/^Crash\.WildWrite::Main\+0x[0-9a-f]+ \[IL_0000\]$/);
    expect(r.stack[2].symbol).toBe('Crash.WildWrite::Main [boot thunk+0x10]');
    expect(r.modules.map((m) => m.name)).toEqual(expect.arrayContaining(['WildWrite.exe', 'mscoree.dll', 'kernel32.dll']));
    // The ring of recent instructions ends in the faulting method.
    expect(r.lastInstructions?.some((i) => i.symbol.startsWith('Crash.WildWrite::Poke+'))).toBe(true);
  });

  test('Minidump_LldbReadsExceptionContextAndModules', () => {
    const r = readReport(json);
    const back = lldb(dump);
    expect(back.code).toBe(0xc0000005);
    expect(back.address).toBe(BigInt(r.faultAddress));
    for (const reg of ['rip', 'rsp', 'rbp', 'rax', 'rdx']) expect(back.registers.get(reg)).toBe(BigInt(r.registers[reg]));
    expect(back.registers.get('rax')).toBe(0x12345678n);
    expect(back.images.map((p) => p.replace(/^.*\\/, ''))).toEqual(r.modules.map((m) => m.name));
  });
});

describe('NativeFault.exe: a fault inside a native DLL called by P/Invoke', () => {
  const json = path.join(tmp, 'native.json');
  const dump = path.join(tmp, 'native.dmp');
  let run: ReturnType<typeof clremu>;
  beforeAll(() => {
    run = clremu('--crash-report', json, '--minidump', dump, path.join(inputs, 'NativeFault.exe'));
  });

  test('CrashReport_DllFunctionAndManagedCallerNamed', () => {
    expect(run.status).toBe(0x05);
    expect(run.stderr).toMatch(/^Unhandled exception 0xC0000005 \(EXCEPTION_ACCESS_VIOLATION\) at 0x[0-9a-f]{16}\n {2}faultdll\.dll!read_through: mov eax, dword ptr \[rcx\]/);
    expect(run.stderr).toMatch(/#1 {2}0x[0-9a-f]{16} Crash\.NativeFault::Main\+0x[0-9a-f]+ \[IL_000a\]/);
    const r = readReport(json);
    expect(r.access).toEqual({ type: 'read', address: '0x0000000012345678' });
    expect(r.stack.map((f) => f.symbol).slice(0, 2)).toEqual(['faultdll.dll!read_through', expect.stringMatching(/^Crash\.NativeFault::Main\+/)]);
  });

  test('Minidump_LldbReadsExceptionContextAndModules', () => {
    const r = readReport(json);
    const back = lldb(dump);
    expect(back.code).toBe(0xc0000005);
    expect(back.address).toBe(BigInt(r.faultAddress));
    expect(back.registers.get('rcx')).toBe(0x12345678n);
    expect(back.registers.get('rip')).toBe(BigInt(r.registers.rip));
    const names = back.images.map((p) => p.replace(/^.*\\/, ''));
    expect(names).toContain('faultdll.dll');
    expect(names).toEqual(r.modules.map((m) => m.name));
  });
});
