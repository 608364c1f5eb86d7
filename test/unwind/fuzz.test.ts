/**
 * Random unwind data, code bytes and stacks (fixed seed): every unwind and stack walk ends in a
 * result or an UnwindError — never a host exception, never a hang. Also mutated copies of a real
 * image's .xdata described from file bytes: a decode failure is reported per function.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FunctionTable, UnwindError, describeImageUnwind, emptyContext, virtualUnwindStep, walkStackDetailed } from '../../loader/unwind';
import { parsePe } from '../../loader/pe';
import { FakeMemory } from './fake-memory';

/** xorshift32: deterministic across runs and platforms. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const BASE = 0x140000000n;
const STACK = 0x7f0000n;

test('RandomUnwindInfoCodeAndStack_3000Cases_OnlyUnwindErrors', () => {
  const next = rng(0x5eed);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => next() & 0xff);
  let unwound = 0;
  let errors = 0;
  for (let i = 0; i < 3000; i++) {
    const slots = next() % 40;
    const info = bytes(4 + 2 * slots + 16);
    info[2] = next() % (slots + 1); // CountOfCodes within the mapped bytes (the trailer may still overrun)
    // Bias towards plausible headers so decoding gets past the version check often.
    if (next() % 4) info[0] = ((next() % 8) << 3) | (1 + (next() % 2));
    const stack = new BigUint64Array(64).map(() => (next() % 3 === 0 ? BASE + 0x1000n + BigInt(next() % 0x100) : BigInt(next()) * 8n + STACK));
    const memory = new FakeMemory()
      .map(BASE + 0x3000n, info)
      .map(BASE + 0x1000n, bytes(0x100))
      .map(STACK, new Uint8Array(stack.buffer));
    const table = new FunctionTable(BASE, [{ begin: 0x1000, end: 0x1100, unwindInfo: next() % 8 === 0 ? 0x3001 : 0x3000 }]);
    const ctx = { ...emptyContext(), rip: BASE + 0x1000n + BigInt(next() % 0x100), rsp: STACK + BigInt(8 * (next() % 32)), rbp: STACK + BigInt(next() % 0x200) };
    try {
      virtualUnwindStep(memory, ctx, table.lookup);
      unwound++;
    } catch (err) {
      if (!(err instanceof UnwindError)) throw err;
      errors++;
    }
    const walk = walkStackDetailed(memory, ctx, table.lookup, 64);
    expect(walk.frames.length).toBeGreaterThanOrEqual(1);
    expect(walk.frames.length).toBeLessThanOrEqual(64);
  }
  // Both outcomes occur, so the generator really exercises decoding and unwinding.
  expect(unwound).toBeGreaterThan(100);
  expect(errors).toBeGreaterThan(100);
});

test('MutatedXdataOfRealImage_500Mutants_ErrorsPerFunctionOnly', () => {
  const file = path.resolve(__dirname, '../../build/test/unwind/inputs/nested.exe');
  if (!fs.existsSync(file)) throw new Error('build/test/unwind/inputs/nested.exe is missing: run node dist/scripts/setup.js');
  const original = fs.readFileSync(file);
  const pe = parsePe(original);
  const xdata = pe.sections.find((s) => s.name === '.xdata')!;
  expect(xdata).toBeDefined();
  const next = rng(0xc0ffee);
  let failedFunctions = 0;
  for (let i = 0; i < 500; i++) {
    const mutant = Uint8Array.from(original);
    for (let k = 0, n = 1 + (next() % 8); k < n; k++) mutant[xdata.pointerToRawData + (next() % xdata.sizeOfRawData)] = next() & 0xff;
    const described = describeImageUnwind(mutant);
    expect(described.length).toBe(pe.exceptionTable.length);
    for (const f of described) {
      expect(f.info !== undefined || f.error instanceof UnwindError).toBe(true);
      if (f.error) failedFunctions++;
    }
  }
  expect(failedFunctions).toBeGreaterThan(0);
});
