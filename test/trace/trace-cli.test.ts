/**
 * Instruction traces, crash reports and minidumps through `clremu run` (the built CLI in a child
 * process, as a user runs it):
 *  - the native hello sample's full trace against a golden file (text), record addresses outside
 *    hello.exe normalised (emulated DLL and gate addresses depend on what is registered);
 *    `CLREMU_BLESS=1` rewrites it;
 *  - JSON lines carry the same records; `--trace-regs` adds register changes to the same records;
 *  - module and address-range filters keep exactly the matching subset;
 *  - `--trace-last` on crash.exe: the ring in the trace file and in the crash report (text and
 *    `--crash-report` JSON), with the faulting instruction marked and the exception filter that
 *    ran after it; `--minidump` through the CLI;
 *  - determinism: two runs of a program that reads the clock, tick counts, the performance counter
 *    and rand() give byte-identical traces (SHA-256) and output;
 *  - bad options fail before the guest runs, with one line naming the option.
 * `npm test` builds dist/ and the inputs first.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'clremu');
const samples = path.join(root, 'build', 'samples', 'native');
const inputs = path.join(root, 'build', 'test', 'trace', 'trace-inputs');
const golden = path.join(__dirname, 'trace-golden', 'hello.txt');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-trace-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function clremu(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const image = args.find((a) => a.endsWith('.exe'));
  if (image && !fs.existsSync(image)) throw new Error(`${path.relative(root, image)} is missing: run \`npm run build && npm run setup\``);
  const r = spawnSync('node', [bin, 'run', ...args], { encoding: 'latin1', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmpFile = (name: string) => path.join(tmp, name);

interface TextRecord {
  seq: number;
  address: bigint;
  bytes: string;
  text: string;
  symbol: string;
  rest: string;
}

const TEXT_RECORD = /^ *(\d+) {2}([0-9a-f]{16}) {2}((?:[0-9a-f]{2} )*[0-9a-f]{2}) +(.+?) {2,}(\S+)(.*)$/;

function textRecords(file: string): TextRecord[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((line) => {
    const m = line.match(TEXT_RECORD);
    if (!m) throw new Error(`not a trace record: ${JSON.stringify(line)}`);
    return { seq: Number(m[1]), address: BigInt(`0x${m[2]}`), bytes: m[3], text: m[4].trim(), symbol: m[5], rest: m[6] };
  });
}

/** [base, base + SizeOfImage) of a PE file, from its headers. */
function imageRange(file: string): [bigint, bigint] {
  const b = fs.readFileSync(file);
  const oh = b.readUInt32LE(0x3c) + 24;
  return [b.readBigUInt64LE(oh + 24), b.readBigUInt64LE(oh + 24) + BigInt(b.readUInt32LE(oh + 56))];
}

/**
 * Record addresses outside the image become a placeholder: emulated DLLs and gate stubs are placed
 * by what clremu registers, not by the program. Disassembly and bytes stay: they are the code.
 */
function normalise(trace: string, [base, end]: [bigint, bigint]): string {
  return trace.replace(/^( *\d+ {2})([0-9a-f]{16})/gm, (m, seq: string, digits: string) => {
    const v = BigInt(`0x${digits}`);
    return v >= base && v < end ? m : `${seq}${'<address>'.padEnd(16)}`;
  });
}

describe('hello.exe', () => {
  const hello = path.join(samples, 'hello.exe');
  const full = tmpFile('hello.trace');

  beforeAll(() => {
    const r = clremu('--trace', full, hello);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Hello from a native Windows x64 program!\r\n');
  });

  test('HelloTrace_Text_MatchesGolden', () => {
    const records = textRecords(full);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    // What must hold whatever the golden file says: TLS callbacks, the CRT start-up, main, mingw's
    // printf writing through the import thunk into the emulated msvcrt's fputc gate, and the exit
    // path, in that order.
    const symbols = records.map((r) => r.symbol);
    const first = (re: RegExp) => symbols.findIndex((s) => re.test(s));
    const order = [/^hello\.exe!__dyn_tls_init/, /^hello\.exe!mainCRTStartup/, /^hello\.exe!main$/, /^msvcrt\.dll!fputc$/, /^msvcrt\.dll!exit$/].map(first);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const text = normalise(fs.readFileSync(full, 'utf8'), imageRange(hello));
    if (process.env.CLREMU_BLESS === '1') {
      fs.mkdirSync(path.dirname(golden), { recursive: true });
      fs.writeFileSync(golden, text);
    }
    expect(text).toBe(fs.readFileSync(golden, 'utf8'));
  });

  test('HelloTrace_Jsonl_SameRecordsAsText', () => {
    const file = tmpFile('hello.jsonl');
    expect(clremu('--trace', file, '--trace-format', 'jsonl', hello).status).toBe(0);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; address: string; symbol: string; bytes: string; text: string });
    const text = textRecords(full);
    expect(lines.map((l) => [l.seq, BigInt(l.address), l.symbol, l.bytes, l.text])).toEqual(
      text.map((r) => [r.seq, r.address, r.symbol, r.bytes.replace(/ /g, ''), r.text]),
    );
  });

  test('HelloTrace_Regs_SameRecordsWithChanges', () => {
    const file = tmpFile('hello-regs.trace');
    expect(clremu('--trace', file, '--trace-regs', hello).status).toBe(0);
    const regs = textRecords(file);
    expect(regs.map((r) => [r.address, r.text])).toEqual(textRecords(full).map((r) => [r.address, r.text]));
    // `sub rsp, imm` changes rsp (and the flags); a push changes rsp.
    const sub = regs.find((r) => /^sub rsp, 0x/.test(r.text))!;
    expect(sub.rest).toMatch(/\brsp=[0-9a-f]+/);
    expect(regs.filter((r) => r.text.startsWith('push ')).every((r) => /\brsp=/.test(r.rest))).toBe(true);
  });

  test('HelloTrace_ModuleFilter_ExactlyTheHelloExeSubset', () => {
    const file = tmpFile('hello-module.trace');
    expect(clremu('--trace', file, '--trace-module', 'HELLO.EXE', hello).status).toBe(0);
    const filtered = textRecords(file);
    const expected = textRecords(full).filter((r) => r.symbol.startsWith('hello.exe'));
    expect(filtered.length).toBeGreaterThan(100);
    expect(filtered.map((r) => [r.address, r.text])).toEqual(expected.map((r) => [r.address, r.text]));
    expect(filtered.map((r) => r.seq)).toEqual(filtered.map((_, i) => i + 1));
  });

  test('HelloTrace_RangeFilter_OnlyMain', () => {
    const main = textRecords(full).filter((r) => /^hello\.exe!main(\+|$)/.test(r.symbol));
    const begin = main[0].address;
    const end = main.reduce((a, r) => (r.address > a ? r.address : a), 0n) + 1n;
    const file = tmpFile('hello-range.trace');
    expect(clremu('--trace', file, '--trace-range', `0x${begin.toString(16)}-0x${end.toString(16)}`, hello).status).toBe(0);
    expect(textRecords(file).map((r) => [r.address, r.text])).toEqual(main.map((r) => [r.address, r.text]));
  });
});

test('CrashExe_TraceLast100_RingInTraceFileReportAndJson', () => {
  const trace = tmpFile('crash.trace');
  const json = tmpFile('crash.json');
  const dump = tmpFile('crash.dmp');
  const r = clremu('--trace', trace, '--trace-last', '100', '--crash-report', json, '--minidump', dump, path.join(samples, 'crash.exe'));
  expect(r.status).toBe(5);
  const records = textRecords(trace);
  expect(records).toHaveLength(100);
  expect(records.map((x) => x.seq)).toEqual(records.map((_, i) => records[0].seq + i));
  // The faulting store is marked; the unhandled-exception filter mingw installed runs after it
  // (structured exception dispatch) and is traced too, before the crash is reported.
  const faulted = records.filter((x) => x.rest === '  <- fault');
  expect(faulted.map((x) => [x.symbol, x.text])).toEqual([['crash.exe!poke', 'mov dword ptr [rcx], edx']]);
  // The text report lists the same instructions…
  const reported = r.stderr.split('Last instructions:\n')[1].split('\n').filter((l) => l.startsWith('  0x'));
  expect(reported.map((l) => BigInt(l.trim().split(' ')[0]))).toEqual(records.map((x) => x.address));
  // …and so does the JSON report, with the exception it describes.
  const report = JSON.parse(fs.readFileSync(json, 'utf8')) as { codeHex: string; faultAddress: string; lastInstructions: { address: string; text: string }[] };
  expect(report.codeHex).toBe('0xC0000005');
  expect(BigInt(report.faultAddress)).toBe(faulted[0].address);
  expect(report.lastInstructions.map((i) => [BigInt(i.address), i.text])).toEqual(records.map((x) => [x.address, x.text]));
  const b = fs.readFileSync(dump);
  expect(b.subarray(0, 4).toString('latin1')).toBe('MDMP');
});

test('CrashExe_TraceLastWithoutFile_ReportOnly', () => {
  const r = clremu('--trace-last', '100', path.join(samples, 'crash.exe'));
  expect(r.status).toBe(5);
  const reported = r.stderr.split('Last instructions:\n')[1].split('\n').filter((l) => l.startsWith('  0x'));
  expect(reported).toHaveLength(100);
  expect(reported.filter((l) => /crash\.exe!poke: mov dword ptr \[rcx\], edx$/.test(l))).toHaveLength(1);
});

test('ClockExe_TwoTracedRuns_IdenticalTraceHashes', () => {
  const clock = path.join(inputs, 'clock.exe');
  const runs = [1, 2].map((i) => {
    const file = tmpFile(`clock-${i}.trace`);
    const r = clremu('--trace', file, '--trace-regs', clock);
    expect(r.status).toBe(0);
    return { stdout: r.stdout, hash: createHash('sha256').update(fs.readFileSync(file)).digest('hex'), size: fs.statSync(file).size };
  });
  expect(runs[0].stdout).toMatch(/^time \d+ tick \d+ pc \d+ rand \d+ \d+ year 2024\r\n$/);
  expect(runs[0].size).toBeGreaterThan(10_000);
  expect(runs[1]).toEqual(runs[0]);
});

test('TraceMethod_NativeProgram_RunsAndWarnsNothingTraced', () => {
  const file = tmpFile('method-native.trace');
  const r = clremu('--trace-method', 'Hello.Program::Main', '--trace', file, path.join(samples, 'hello.exe'));
  expect(r.status).toBe(0);
  expect(fs.readFileSync(file, 'utf8')).toBe('');
  expect(r.stderr).toBe('clremu: warning: --trace-method Hello.Program::Main: nothing traced: this run started no managed runtime, so no managed code ran\n');
});

test.each([
  [['--trace-method', 'Hello.Program::Main(', '--trace', 'x.trace'], /^clremu: TraceOptionError: --trace-method "Hello\.Program::Main\(": expected Ns\.Type::Method/],
  [['--trace', 'x.trace', '--trace-range', '0x2000-0x1000'], /^clremu: TraceOptionError: --trace-range "0x2000-0x1000": the end must be above the beginning/],
  [['--trace-regs'], /^clremu: TraceOptionError: --trace-regs "": shapes an instruction trace/],
  [['--trace', path.join('no-such-dir', 'x.trace')], /^clremu: TraceFileError: cannot write no-such-dir\/x\.trace: ENOENT/],
])('BadTraceOption_%j_OneLineBeforeTheGuestRuns', (args, message) => {
  const r = clremu(...args, path.join(samples, 'hello.exe'));
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});
