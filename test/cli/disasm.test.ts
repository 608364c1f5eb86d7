/**
 * `clremu disasm <image> <Ns.Type::Method>` through the built CLI (capstone does not load inside
 * Jest's sandbox, so the command runs in a child process as a user runs it):
 *  - golden listings (test/cli/disasm/golden) of a loop, an overload picked by its parameter list
 *    and a method with try/finally and throw stubs: header with full name and sizes, `IL_xxxx` lines
 *    each followed by their x86-64; guest addresses normalised (`CLREMU_BLESS=1` rewrites);
 *  - structure checked independently of the golden text: every IL instruction appears once in IL
 *    order (apart from `(continued)`), the native offsets cover the code without gaps, and the
 *    listed byte total matches the header;
 *  - unknown type / method (near matches listed), overloaded name without a parameter list (the
 *    overloads listed), a parameter list that matches nothing: one line, exit status 2.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'clremu');
const calc = path.join(root, 'build', 'test', 'cli', 'disasm', 'Calc.exe');
const goldenDir = path.join(__dirname, 'disasm', 'golden');

function disasm(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!fs.existsSync(calc)) throw new Error('build/test/cli/disasm/Calc.exe is missing: run `npm run build && npm run setup`');
  const r = spawnSync('node', [bin, 'disasm', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Guest addresses (and the instruction bytes that embed them) depend on the heaps' layout. */
function normalise(text: string): string {
  return text.split('\n').map((line) => {
    const m = /^( {7})([0-9a-f]{16})( \(\+0x[0-9a-f]{4}\)  )(.{30})(  .*)$/.exec(line);
    if (!m) return line;
    const embedsAddress = /0x[0-9a-f]{5,}/.test(m[5]);
    return `${m[1]}${'<address>'.padEnd(16)}${m[3]}${embedsAddress ? '<bytes>'.padEnd(30) : m[4]}${m[5].replace(/0x[0-9a-f]{5,}/g, '0xADDR')}`;
  }).join('\n');
}

function checkStructure(listing: string): void {
  const lines = listing.split('\n');
  const size = Number(/native code size (\d+) bytes/.exec(listing)![1]);
  expect(listing).toContain(`; Total bytes of code ${size}`);
  // Native offsets: consecutive, from 0 to the code size.
  let next = 0;
  for (const l of lines) {
    const m = /^ {7}[0-9a-f]{16} \(\+0x([0-9a-f]{4})\)  ((?:[0-9a-f]{2} )*[0-9a-f]{2})/.exec(l);
    if (!m) continue;
    expect(parseInt(m[1], 16)).toBe(next);
    next += m[2].split(' ').length;
  }
  expect(next).toBe(size);
  // IL lines: each offset once (continuations aside), ascending.
  const il = lines.filter((l) => /^IL_[0-9a-f]{4}  /.test(l) && !l.endsWith('(continued)')).map((l) => parseInt(l.slice(3, 7), 16));
  expect(il.length).toBeGreaterThan(0);
  expect([...il].sort((a, b) => a - b)).toEqual(il);
  expect(new Set(il).size).toBe(il.length);
}

test.each([
  ['SumTo', 'Disasm.Calc::SumTo', 'Disasm.Calc::SumTo(int32)'],
  ['Pick-string', 'Disasm.Calc::Pick(string)', 'Disasm.Calc::Pick(string)'],
  ['Guarded', 'Disasm.Calc::Guarded', 'Disasm.Calc::Guarded(int32[])'],
])('Disasm_%s_MatchesGoldenWithIlInterleaved', (name, selector, signature) => {
  const r = disasm(calc, selector);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.split('\n')[0]).toBe(`; Assembly listing for method ${signature}`);
  checkStructure(r.stdout);
  const text = normalise(r.stdout);
  const golden = path.join(goldenDir, `${name}.txt`);
  if (process.env.CLREMU_BLESS === '1') {
    fs.mkdirSync(goldenDir, { recursive: true });
    fs.writeFileSync(golden, text);
  }
  expect(text).toBe(fs.readFileSync(golden, 'utf8'));
}, 60_000);

test('Disasm_GuardedMethod_ThrowStubsNamedAndFinallyCallsPick', () => {
  const r = disasm(calc, 'Disasm.Calc::Guarded');
  expect(r.stdout).toMatch(/; clr!Throw:System\.IndexOutOfRangeException/);
  expect(r.stdout).toMatch(/IL_000a  call int32 class Disasm\.Calc::Pick\(int32\)\n.*\n.*movabs rax, 0x[0-9a-f]+  ; Disasm\.Calc::Pick \[precode\]/);
  expect(r.stdout).toContain('; 1 exception clause\n');
}, 60_000);

test.each([
  [['Disasm.Calc::SumToo'], /^clremu: UnknownManagedMethodError: no managed method Disasm\.Calc::SumToo is known: type Disasm\.Calc has no method SumToo; methods with similar names: Disasm\.Calc::SumTo/],
  [['Disasm.Calk::SumTo'], /^clremu: UnknownManagedMethodError: no managed method Disasm\.Calk::SumTo is known: Calc defines no type Disasm\.Calk; types with similar names: Disasm\.Calc/],
  [['Disasm.Calc::Pick'], /^clremu: UnknownManagedMethodError: .*the name is overloaded: add a parameter list to pick one of Disasm\.Calc::Pick\(int32\), Disasm\.Calc::Pick\(string\)/],
  [['Disasm.Calc::Pick(int64)'], /^clremu: UnknownManagedMethodError: .*no overload has those parameters; the overloads are: Disasm\.Calc::Pick\(int32\), Disasm\.Calc::Pick\(string\)/],
  [['NoSeparator'], /^clremu: TraceOptionError: method "NoSeparator": expected Ns\.Type::Method/],
])('Disasm_BadSelector_%j_OneLineExit2', (args, message) => {
  const r = disasm(calc, ...args);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}, 60_000);
