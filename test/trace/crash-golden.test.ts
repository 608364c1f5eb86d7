/**
 * Crash reports as `clremu run` prints them (the built CLI in a child process, as a user runs it):
 *  - samples/native/crash.exe (a write through a null pointer) against a golden file. Addresses
 *    that depend on the process layout (stack, heaps, emulated DLL bases and sizes) are normalised;
 *    those inside crash.exe itself (fault RIP, return addresses, code bytes) are kept, so a change
 *    in unwinding or symbolization shows up as a diff. `CLREMU_BLESS=1` rewrites the golden file.
 *  - the unwind test program's crash (`nested.exe crash`): every caller named, in order.
 * `npm test` builds dist/ and the samples first; run `npx tsc -p . && node dist/scripts/setup.js`
 * before running this file alone.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'clremu');
const golden = path.join(__dirname, 'golden', 'crash.txt');

function runCli(image: string, args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const file = path.join(root, image);
  if (!fs.existsSync(file)) throw new Error(`${image} is missing: run node dist/scripts/setup.js`);
  const r = spawnSync('node', [bin, 'run', '--max-instructions', '50000000', file, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The report part of stderr: from the "Unhandled exception" line to the CLI's own summary line. */
function reportOf(stderr: string): string {
  const at = stderr.indexOf('Unhandled exception');
  if (at < 0) throw new Error(`no crash report on stderr:\n${stderr}`);
  const end = stderr.indexOf('\nclremu: ', at);
  return end < 0 ? stderr.slice(at) : stderr.slice(at, end + 1);
}

/**
 * Replaces layout-dependent values; keeps small values (below 64 KiB: flags, counts, the null page)
 * and addresses inside [imageBase, imageEnd).
 */
function normalise(text: string, imageName: string): string {
  const moduleLine = text.split('\n').find((l) => l.includes(` ${imageName} `) && /^ {2}0x[0-9a-f]{16} 0x[0-9a-f]{8} /.test(l));
  if (!moduleLine) throw new Error(`no Modules line for ${imageName}`);
  const [, baseHex, sizeHex] = moduleLine.match(/^ {2}0x([0-9a-f]{16}) 0x([0-9a-f]{8}) /)!;
  const base = BigInt(`0x${baseHex}`);
  const end = base + BigInt(`0x${sizeHex}`);
  const keep = (v: bigint) => v < 0x10000n || (v >= base && v < end);
  let section = '';
  return text
    .split('\n')
    .map((line) => {
      if (/^\S/.test(line)) section = line.startsWith('Memory around') ? line.replace(/.*\((.*)\):$/, '$1') : line;
      if (section === 'rsp' && /^ {2}[0-9a-f]{16} {2}/.test(line)) return '  <stack row>';
      if (section === 'Modules:' && !line.includes(` ${imageName} `)) line = line.replace(/ 0x[0-9a-f]{8} /, ' <size> ');
      return line.replace(/(0x)?([0-9a-f]{16})\b/g, (m, prefix: string | undefined, digits: string) => (keep(BigInt(`0x${digits}`)) ? m : `${prefix ?? ''}<hex16>`));
    })
    .join('\n');
}

test('CrashExe_NullWrite_ReportMatchesGolden', () => {
  const r = runCli('build/samples/native/crash.exe');
  expect(r.status).toBe(0x05); // low 8 bits of 0xC0000005
  const text = normalise(reportOf(r.stderr), 'crash.exe');
  // What must hold whatever the golden file says.
  expect(text).toMatch(/^Unhandled exception 0xC0000005 \(EXCEPTION_ACCESS_VIOLATION\) at 0x0000000140/);
  expect(text).toMatch(/\n {2}crash\.exe!poke(\+0x[0-9a-f]+)?: mov dword ptr \[/);
  expect(text).toContain('Attempt to write to address 0x0000000000000000');
  expect(text).toMatch(/#0 +0x[0-9a-f]{16} crash\.exe!poke/);
  expect(text).toMatch(/#1 +0x[0-9a-f]{16} crash\.exe!main\+0x/);
  if (process.env.CLREMU_BLESS === '1') {
    fs.mkdirSync(path.dirname(golden), { recursive: true });
    fs.writeFileSync(golden, text);
  }
  expect(text).toBe(fs.readFileSync(golden, 'utf8'));
});

test('NestedExeCrash_ReportNamesEveryCallerInOrder', () => {
  const r = runCli('build/test/unwind/inputs/nested.exe', ['crash']);
  expect(r.status).toBe(0x05);
  const text = reportOf(r.stderr);
  expect(text).toMatch(/\n {2}nested\.exe!deepest_leaf\+0x[0-9a-f]+: mov dword ptr \[0\], ecx/);
  const frames = text
    .split('\n')
    .map((l) => l.match(/^ {2}#\d+ +0x[0-9a-f]{16} nested\.exe!(\w+)/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => m[1]);
  expect(frames.slice(0, 6)).toEqual(['deepest_leaf', 'with_xmm', 'with_alloca', 'with_saved_regs', 'outer', 'main']);
  // Below main: the mingw C runtime start-up that called it.
  expect(frames.slice(6)).toContain('__tmainCRTStartup');
});
