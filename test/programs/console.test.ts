/**
 * Realistic console programs (test/programs/console/*.cs and samples/managed/*.cs, compiled by mcs) run under `mono` and
 * under `clremu run`: the same stdout byte for byte (the guest is a Windows process and writes
 * CRLF, read here as LF), the same stderr, and the same exit code. The one exit code that differs
 * by design is an unhandled exception's: mono exits with 1, .NET Framework (and clremu) with
 * 0xE0434352, after the same "Unhandled Exception:" text.
 *
 * A program listed in KNOWN_GAPS runs into a runtime piece that is not built yet; its test pins
 * the named error clremu reports (never a host crash), so closing the gap makes the test fail
 * until the program moves to the compared list.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../vm/support';

const BIN = path.join(ROOT, 'bin', 'clremu');
/** The compared programs: these and the managed samples (which are some of them). */
const FOLDERS = [path.join('test', 'programs', 'console'), path.join('samples', 'managed')];

/** .NET Framework's exit code for a process ended by an unhandled managed exception, as a host process status (its low byte). */
const CLR_UNHANDLED = 0xe0434352 & 0xff;

/** A run of one program: its arguments, and the exit code mono gives when it differs by design. */
interface Case {
  program: string;
  args?: string[];
  unhandled?: boolean;
}

/** Programs that stop at a named, not-yet-built runtime piece, with the message that names it. */
const KNOWN_GAPS: Readonly<Record<string, RegExp>> = {
};

const folderOf = new Map<string, string>();
for (const folder of FOLDERS) {
  for (const f of fs.readdirSync(path.join(ROOT, folder))) if (f.endsWith('.cs')) folderOf.set(f.slice(0, -3), folder);
}
const programs = [...folderOf.keys()].sort();
const exeOf = (program: string): string => path.join(ROOT, 'build', folderOf.get(program)!, `${program}.exe`);

const CASES: Case[] = [
  ...programs.filter((p) => p !== 'ExitCodes' && !(p in KNOWN_GAPS)).map((program) => ({ program })),
  { program: 'ExitCodes' },
  { program: 'ExitCodes', args: ['sum', '40', '2', '300'] },
  { program: 'ExitCodes', args: ['sum', '1', 'two'] },
  { program: 'ExitCodes', args: ['exit', '7'] },
  { program: 'ExitCodes', args: ['with space', 'quote"d', 'back\\slash', ''] },
  { program: 'ExitCodes', args: ['fail'], unhandled: true },
];

interface Outcome {
  stdout: string;
  stderr: string;
  status: number | null;
}

function run(command: string, args: string[]): Outcome {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const lf = (s: string): string => s.replace(/\r\n/g, '\n');


describe('console programs: clremu run against mono', () => {
  test('EveryProgram_ListedOnce_AsCaseOrKnownGap', () => {
    for (const p of programs) expect(CASES.some((c) => c.program === p) !== p in KNOWN_GAPS).toBe(true);
    expect(programs.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of CASES) {
    const name = `${c.program}${c.args ? `(${c.args.map((a) => JSON.stringify(a)).join(' ')})` : ''}_SameOutputAsMono`;
    test(name, () => {
      const exe = exeOf(c.program);
      const mono = run('mono', [exe, ...(c.args ?? [])]);
      const ours = run('node', [BIN, 'run', exe, ...(c.args ?? [])]);
      expect(lf(ours.stdout)).toBe(mono.stdout);
      if (c.unhandled) {
        expect(mono.status).toBe(1);
        expect(ours.status).toBe(CLR_UNHANDLED);
        expect(lf(ours.stderr)).toContain('Unhandled Exception: System.InvalidOperationException: asked to fail');
        expect(mono.stderr).toContain('System.InvalidOperationException: asked to fail');
      } else {
        expect(lf(ours.stderr)).toBe(mono.stderr);
        expect(ours.status).toBe(mono.status);
      }
    }, 300_000);
  }

  for (const [program, error] of Object.entries(KNOWN_GAPS)) {
    test(`${program}_KnownGap_NamedErrorNotHostCrash`, () => {
      const ours = run('node', [BIN, 'run', exeOf(program)]);
      expect(ours.stderr).toMatch(error);
      expect(ours.stderr).not.toMatch(/^\s+at .*\.(js|ts):\d+/m);
      expect(ours.status).toBe(2);
    }, 300_000);
  }
});
