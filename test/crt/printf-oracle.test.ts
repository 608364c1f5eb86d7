/**
 * The printf engine against glibc on 3,000 random cases (test/crt/oracle): integers of every
 * size, strings, characters and doubles, generated only where msvcrt and glibc agree except for
 * the exponent's width (glibc "e+05", msvcrt "e+005") and the '0' flag on %s/%c (msvcrt pads
 * those with zeros), both adjusted here. The golden file is
 * glibc's output; CLREMU_BLESS=1 regenerates it by compiling the generator with the host's gcc.
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { formatPrintf } from '../../loader/crt/printf';
import type { VarArgs } from '../../loader/dlls/api';

const dir = path.join(__dirname, 'oracle');
const golden = path.join(dir, 'printf-glibc.golden.tsv');
const strings = ['', 'a', 'hello', 'Hello, World', 'tab\there', '12345678901234567890'];

if (process.env.CLREMU_BLESS === '1') {
  const exe = path.join(__dirname, '..', '..', 'build', 'test', 'crt', 'printf-glibc-oracle');
  fs.mkdirSync(path.dirname(exe), { recursive: true });
  execFileSync('gcc', ['-O1', '-o', exe, path.join(dir, 'printf-glibc.c')]);
  fs.writeFileSync(golden, execFileSync(exe));
}

interface Case {
  kind: string;
  format: string;
  arg: string;
  glibc: string;
}

const cases: Case[] = fs
  .readFileSync(golden, 'latin1')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((line) => {
    const [kind, format, arg, ...rest] = line.split('\t');
    return { kind: kind!, format: format!, arg: arg!, glibc: rest.join('\t') };
  });

function oneSlot(value: bigint): VarArgs {
  let used = false;
  return {
    next() {
      if (used) throw new Error('the format read more than one argument');
      used = true;
      return value;
    },
    nextF64() {
      throw new Error('the engine reads doubles as raw slots');
    },
  };
}

function engine(c: Case): string {
  let slot: bigint;
  if (c.kind === 'f') slot = BigInt(`0x${c.arg}`);
  else if (c.kind === 's') slot = BigInt(Number(c.arg) + 1) * 0x1000n;
  else slot = BigInt.asUintN(64, BigInt(c.arg));
  const out = formatPrintf(Buffer.from(c.format, 'latin1'), oneSlot(slot), {
    wide: false,
    strings: {
      narrow: (addr, max) => {
        const b = Buffer.from(strings[Number(addr / 0x1000n) - 1]!, 'latin1');
        return max === undefined ? b : b.subarray(0, max);
      },
      wide: () => new Uint16Array(0),
    },
  });
  return Buffer.from(out).toString('latin1');
}

/**
 * msvcrt's '0' flag pads strings and characters with zeros too (its output routine applies
 * FL_LEADZERO to every conversion); glibc ignores it there.
 */
function msvcrtZeroPad(c: Case): string {
  const flags = /^%([-+ #0]*)/.exec(c.format)![1]!;
  if (!flags.includes('0') || flags.includes('-')) return c.glibc;
  return c.glibc.replace(/^ +/, (m) => '0'.repeat(m.length));
}

/** msvcrt writes exponents with at least three digits. */
function msvcrtExponent(s: string): string {
  return s.replace(/([eE][+-])(\d\d)$/, '$10$2');
}

describe('printf engine vs glibc', () => {
  test('GoldenFile_HasAllCases', () => {
    expect(cases.length).toBe(3000);
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(['i', 's', 'c', 'f']));
  });

  test('RandomCases_AgreeWithGlibc_ExponentWidened', () => {
    const mismatches = cases
      .map((c) => ({ ...c, expected: c.kind === 'f' ? msvcrtExponent(c.glibc) : c.kind === 'i' ? c.glibc : msvcrtZeroPad(c), actual: engine(c) }))
      .filter((c) => c.actual !== c.expected)
      .map((c) => `${c.format} ${c.arg}: expected [${c.expected}] got [${c.actual}]`);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
