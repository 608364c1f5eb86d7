/**
 * The JIT over real code nobody here wrote: a fixed sample of Mono's mscorlib.dll method bodies
 * is imported and compiled (never run). Valid IL must never be reported as invalid, and anything
 * the JIT cannot take yet must be a typed `UnsupportedOpcodeError` naming the method and IL
 * offset — never a host exception. Then mutated bodies (fixed seed): every mutant compiles or
 * fails with a typed error, and nothing hangs.
 */
import * as fs from 'fs';
import { compileMethod } from '../../src/jit/codegen/compile';
import { InvalidProgramError, UnsupportedOpcodeError } from '../../src/jit/errors';
import { JitMethodInfo } from '../../src/jit/host';
import { BadImageFormatError, openAssembly, TableId } from '../../src/metadata';
import { MetadataJitHost } from './support/metadata-host';

const MSCORLIB = '/usr/lib/mono/4.5/mscorlib.dll';
const STRIDE = 9; // every 9th MethodDef: ~3,000 methods, a few seconds

let host: MetadataJitHost;
const compiled: JitMethodInfo[] = [];

beforeAll(() => {
  host = new MetadataJitHost(openAssembly(new Uint8Array(fs.readFileSync(MSCORLIB))));
});

test('MscorlibSample_Compiles_OnlyTypedUnsupportedErrors', () => {
  const n = host.md.rowCount(TableId.MethodDef);
  const unsupported = new Map<string, number>();
  const wrong: string[] = [];
  let bodies = 0;
  for (let r = 1; r <= n; r += STRIDE) {
    let info: JitMethodInfo | null = null;
    try {
      info = host.methodInfo(r);
      if (!info) continue;
      bodies++;
      const m = compileMethod(info, host);
      expect(m.code.length).toBeGreaterThan(0);
      compiled.push(info);
    } catch (e) {
      if (e instanceof UnsupportedOpcodeError) unsupported.set(e.opcode, (unsupported.get(e.opcode) ?? 0) + 1);
      else wrong.push(`${host.methodName(r)}: ${(e as Error).name}: ${(e as Error).message}`);
    }
  }
  expect(wrong).toEqual([]);
  // A regression guard, not an exact figure: most bodies without value types, generics or EH compile.
  expect(compiled.length / bodies).toBeGreaterThan(0.4);
});

/** A small deterministic PRNG (mulberry32), so the mutants are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('MutatedBodies_2000Mutants_CompileOrTypedError', () => {
  expect(compiled.length).toBeGreaterThan(100);
  const rnd = prng(0x5eed);
  const outcomes = new Map<string, number>();
  const wrong: string[] = [];
  for (let k = 0; k < 2000; k++) {
    const base = compiled[Math.floor(rnd() * compiled.length)]!;
    const il = new Uint8Array(base.il);
    const edits = 1 + Math.floor(rnd() * 4);
    for (let e = 0; e < edits; e++) {
      const kind = rnd();
      const at = Math.floor(rnd() * il.length);
      if (kind < 0.6) il[at] = Math.floor(rnd() * 256);
      else if (kind < 0.8) il[at] = il[at]! ^ (1 << Math.floor(rnd() * 8));
      else il[at] = [0x2b, 0x38, 0x45, 0xfe, 0x28, 0x2a, 0x26, 0x25][Math.floor(rnd() * 8)]!; // br.s, br, switch, 0xFE, call, ret, pop, dup
    }
    const cut = rnd() < 0.2 ? Math.floor(rnd() * il.length) : il.length;
    const info: JitMethodInfo = { ...base, il: il.subarray(0, cut), maxStack: rnd() < 0.1 ? 1 : base.maxStack };
    let outcome = 'compiled';
    try {
      compileMethod(info, host);
    } catch (e) {
      if (e instanceof UnsupportedOpcodeError) outcome = 'UnsupportedOpcodeError';
      else if (e instanceof InvalidProgramError) outcome = 'InvalidProgramError';
      else if (e instanceof BadImageFormatError) outcome = 'BadImageFormatError'; // a garbage token, reported by the metadata reader
      else wrong.push(`mutant ${k} of ${base.name}: ${(e as Error).name}: ${(e as Error).message}`);
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  expect(wrong).toEqual([]);
  expect(outcomes.get('InvalidProgramError') ?? 0).toBeGreaterThan(100);
});
