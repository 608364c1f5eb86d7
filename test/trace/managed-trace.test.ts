/**
 * Instruction traces of managed programs (the built CLI in a child process), summarised: a full
 * per-instruction trace of a managed hello is millions of records, so the golden files hold the
 * sequence of code regions it passes through — `module!symbol` for images and gates, the method
 * (`Ns.Type::Method`, or its `[precode]`) for JIT-compiled code — with consecutive repeats merged and
 * the runtime's events (`# [jit] prestub/jit/backpatch …`) where they happened. Guest addresses and
 * host paths are normalised; `CLREMU_BLESS=1` rewrites the golden files.
 *
 *  - Boot.exe (test/boot, the boot-trace golden's program, whose `--trace-loader --trace-jit` view
 *    test/boot/trace-golden.test.ts pins): the whole summary, and the order the issue asks for —
 *    the mscoree shim (`_CorValidateImage`, `_CorExeMain`), the loader binding assemblies, a
 *    precode reaching the prestub, the JIT, the backpatch, then the compiled code, and a second call
 *    that goes straight to the code;
 *  - samples/managed/hello.exe (Console.WriteLine through Mono's class library): the first regions
 *    as a golden file, the same order assertions, every JIT-compiled record named with an IL offset,
 *    and the run's output.
 * Records are parsed from the trace as it streams out of a named pipe (no multi-GB file).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'clremu');
const goldenDir = path.join(__dirname, 'trace-golden');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-managed-trace-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const RECORD = /^ *(\d+) {2}[0-9a-f]{16} {2}(?:[0-9a-f]{2} )*[0-9a-f]{2} +.+? {2,}(\S.*)$/;

/**
 * The region a record's symbol names: offsets and IL positions dropped; precodes and runtime stubs
 * (`[precode]`, `[boot thunk]`, `[native entry]` …) kept apart from the method's code.
 */
function regionOf(symbol: string): string {
  if (/^0x[0-9a-f]{16}$/.test(symbol)) return '<unnamed>';
  const bracket = / \[([^\]+]*)(\+0x[0-9a-f]+)?\]$/.exec(symbol);
  const name = symbol.replace(/ \[[^\]]*\]$/, '').replace(/\+0x[0-9a-f]+$/, '');
  const position = bracket && /^(IL_[0-9a-f]{4}|prolog|epilog|out-of-line)$/.test(bracket[1]);
  return bracket && !position ? `${name} [${bracket[1]}]` : name;
}

function normaliseNote(note: string): string {
  return note.split(root).join('<repo>').replace(/\/usr\/lib\/mono\/4\.5/g, '<bcl>').replace(/0x[0-9a-f]{5,}/g, '0xADDR').replace(/ size \d+/g, ' size N');
}

interface Summary {
  /** Regions and notes, consecutive repeats merged (`× n` when a region repeats back to back). */
  lines: string[];
  records: number;
  /** JIT-compiled records whose symbol lacks an IL position. */
  managedWithoutIl: string[];
  stdout: string;
  status: number | null;
}

async function summarise(image: string, maxLines = Infinity): Promise<Summary> {
  if (!fs.existsSync(image)) throw new Error(`${path.relative(root, image)} is missing: run \`npm run build && npm run setup\``);
  const fifo = path.join(tmp, `${path.basename(image)}.fifo`);
  if (!fs.existsSync(fifo) && spawnSync('mkfifo', [fifo]).status !== 0) throw new Error('mkfifo failed');
  const child = spawn('node', [bin, 'run', '--trace', fifo, image], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve(status));
  });
  const traced = new Promise<Omit<Summary, 'status' | 'stdout'>>((resolve, reject) => {
    const lines: string[] = [];
    const managedWithoutIl: string[] = [];
    let last = '';
    let repeat = 1;
    let records = 0;
    const push = (line: string): void => {
      if (lines.length < maxLines) lines.push(line);
    };
    const flushRepeat = (): void => {
      if (repeat > 1 && lines.length <= maxLines) lines[lines.length - 1] += ` × ${repeat}`;
      repeat = 1;
    };
    const input = readline.createInterface({ input: fs.createReadStream(fifo) });
    input.on('line', (line) => {
      if (line.startsWith('        # ')) {
        flushRepeat();
        push(`# ${normaliseNote(line.slice(10))}`);
        last = '';
        return;
      }
      const m = RECORD.exec(line);
      if (!m) return reject(new Error(`not a trace record: ${JSON.stringify(line)}`));
      records++;
      const symbol = m[2];
      if (/::/.test(symbol) && !symbol.includes('!') && !symbol.endsWith(']')) managedWithoutIl.push(symbol);
      const region = regionOf(symbol);
      if (region === last) return;
      flushRepeat();
      push(region);
      last = region;
    });
    input.on('close', () => {
      flushRepeat();
      resolve({ lines, records, managedWithoutIl });
    });
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
  const status = await exited;
  if (status !== 0 && status !== 22) throw new Error(`${path.basename(image)} failed (${status}): ${stderr}`);
  return { ...(await traced), stdout, status };
}

function checkGolden(name: string, lines: readonly string[]): void {
  const text = `${lines.join('\n')}\n`;
  const file = path.join(goldenDir, name);
  if (process.env.CLREMU_BLESS === '1') fs.writeFileSync(file, text);
  expect(text).toBe(fs.readFileSync(file, 'utf8'));
}

/** Indices of the first line matching each pattern, which must exist and ascend. */
function expectInOrder(lines: readonly string[], patterns: readonly RegExp[]): void {
  const at = patterns.map((p) => lines.findIndex((l) => p.test(l)));
  expect(patterns.filter((_, i) => at[i] < 0)).toEqual([]);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
}

const BOOT_ORDER = [
  /^mscoree\.dll!_CorValidateImage$/,
  /^mscoree\.dll!_CorExeMain$/,
  /^# \[loader\] assembly \S+ loaded from <repo>\//,
  /^\S+ \[boot thunk\]$/,
  / \[precode\]$/,
  /^clr!ThePreStub$/,
  /^# \[jit\] prestub /,
  /^# \[jit\] jit /,
  /^# \[jit\] backpatch /,
];

test('BootTrace_Summary_MatchesGolden_ShimLoaderPrestubJitBackpatchInOrder', async () => {
  const s = await summarise(path.join(root, 'build', 'test', 'boot', 'Boot.exe'));
  expect(s.status).toBe(22);
  expect(s.managedWithoutIl).toEqual([]);
  checkGolden('boot-summary.txt', s.lines);
  expectInOrder(s.lines, [...BOOT_ORDER, /^Boot::Main$/, /^Boot::Twice \[precode\]$/, /^# \[jit\] backpatch Boot::Square .*\(\+3 call sites\)$/, /^Boot::Square$/]);
  // Square's second call (from Twice, compiled before Square) goes through its backpatched precode
  // straight to the code, without the prestub.
  const square = s.lines.indexOf('Boot::Square');
  const second = s.lines.indexOf('Boot::Square', square + 1);
  expect(second).toBeGreaterThan(square);
  expect(s.lines.slice(square, second)).not.toContain('clr!ThePreStub');
}, 120_000);

test('HelloTrace_FirstRegions_MatchGolden_EveryJitRecordNamedWithIlOffset', async () => {
  const s = await summarise(path.join(root, 'build', 'samples', 'managed', 'hello.exe'));
  expect(s.status).toBe(0);
  expect(s.stdout).toBe('Hello from .NET on an emulated x86-64 CPU!\r\n');
  expect(s.records).toBeGreaterThan(1_000_000);
  expect(s.managedWithoutIl.slice(0, 5)).toEqual([]);
  checkGolden('hello-summary-head.txt', s.lines.slice(0, 80));
  expectInOrder(s.lines, [...BOOT_ORDER, /^Hello::Main$|^\S*Hello\S*::Main$/, /^System\.Console::WriteLine$/]);
}, 300_000);

function runSync(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [bin, 'run', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('TraceMethod_CompiledDuringTheRun_OnlyItsCodeTraced', () => {
  const file = path.join(tmp, 'square.trace');
  const r = runSync('--trace', file, '--trace-method', 'Boot::Square', path.join(root, 'build', 'test', 'boot', 'Boot.exe'));
  expect(r.status).toBe(22);
  expect(r.stderr).toBe('');
  const records = fs.readFileSync(file, 'utf8').split('\n').filter((l) => RECORD.test(l));
  const symbols = records.map((l) => RECORD.exec(l)![2]);
  expect(symbols.length).toBeGreaterThan(0);
  expect(symbols.filter((s) => !/^Boot::Square(\+0x[0-9a-f]+)? \[/.test(s))).toEqual([]);
  // Square runs three times (Twice calls it twice, Main once): three prologues.
  expect(symbols.filter((s) => s === 'Boot::Square [prolog]')).toHaveLength(3);
  // With a parameter list naming another overload, nothing matches.
  const other = runSync('--trace', file, '--trace-method', 'Boot::Square(string)', path.join(root, 'build', 'test', 'boot', 'Boot.exe'));
  expect(other.stderr).toBe('clremu: warning: --trace-method Boot::Square(string): nothing traced: no compiled method of that name ran; compiled methods with similar names: Boot::Square\n');
}, 120_000);

test('TraceMethod_UnknownName_WarningNamesItAndNearMatches', () => {
  const file = path.join(tmp, 'nope.trace');
  const r = runSync('--trace', file, '--trace-method', 'Boot::Sqare', path.join(root, 'build', 'test', 'boot', 'Boot.exe'));
  expect(r.status).toBe(22);
  expect(fs.readFileSync(file, 'utf8').split('\n').filter((l) => RECORD.test(l))).toEqual([]);
  expect(r.stderr).toBe('clremu: warning: --trace-method Boot::Sqare: nothing traced: no compiled method of that name ran; compiled methods with similar names: Boot::Square\n');
}, 120_000);
