/**
 * Differential test: generated int32 and int64 IL programs (loads, stores, arithmetic, dup/pop, every kind
 * of branch with random displacements) run twice — by a small reference interpreter written from
 * ECMA-335 Partition III, and as JIT code on the emulated CPU, with and without register
 * allocation — and must agree on the result or the exception. Programs the importer rejects, or
 * that the interpreter does not finish within its step budget, are skipped.
 */
import { compileMethod } from '../../src/jit/codegen/compile';
import { InvalidProgramError } from '../../src/jit/errors';
import { IrType } from '../../src/jit/ir/types';
import { JitMachine, ManagedThrow } from './support/harness';

let jm: JitMachine;
beforeAll(() => { jm = new JitMachine(); });
afterAll(() => jm.close());

type Outcome = bigint | string;

/** Interprets the subset the generator emits, on `bits`-wide integers; null when it runs out of steps. */
function interpret(il: Uint8Array, args: bigint[], bits: 32 | 64): Outcome | null {
  const s32 = (v: bigint) => BigInt.asIntN(bits, v);
  const stack: bigint[] = [];
  const locals = [0n, 0n];
  const dv = new DataView(il.buffer, il.byteOffset, il.byteLength);
  let pc = 0;
  for (let steps = 0; steps < 5000; steps++) {
    const op = il[pc]!;
    const next = pc + 1;
    const pop = () => stack.pop()!;
    const branch = (taken: boolean) => { pc = taken ? next + 1 + dv.getInt8(next) : next + 1; };
    switch (op) {
      case 0x02: case 0x03: stack.push(args[op - 2]!); pc = next; break;
      case 0x06: case 0x07: stack.push(locals[op - 6]!); pc = next; break;
      case 0x0a: case 0x0b: locals[op - 0x0a] = pop(); pc = next; break;
      case 0x1f: stack.push(BigInt(dv.getInt8(next))); pc = next + 1; break;
      case 0x21: stack.push(dv.getBigInt64(next, true)); pc = next + 8; break;
      case 0x25: { const v = pop(); stack.push(v, v); pc = next; break; }
      case 0x26: pop(); pc = next; break;
      case 0x58: case 0x59: case 0x5a: case 0x5f: case 0x60: case 0x61: {
        const b = pop(), a = pop();
        stack.push(s32(op === 0x58 ? a + b : op === 0x59 ? a - b : op === 0x5a ? a * b : op === 0x5f ? a & b : op === 0x60 ? a | b : a ^ b));
        pc = next;
        break;
      }
      case 0x5b: case 0x5d: {
        const b = pop(), a = pop();
        if (b === 0n) return 'ThrowDivideByZero';
        if (a === -(2n ** BigInt(bits - 1)) && b === -1n) return 'ThrowOverflow';
        stack.push(op === 0x5b ? a / b : a % b);
        pc = next;
        break;
      }
      case 0xd6: { const b = pop(), a = pop(); if (s32(a + b) !== a + b) return 'ThrowOverflow'; stack.push(a + b); pc = next; break; }
      case 0x65: stack.push(s32(-pop())); pc = next; break;
      case 0x2b: branch(true); break;
      case 0x2c: branch(pop() === 0n); break;
      case 0x2d: branch(pop() !== 0n); break;
      case 0x2e: case 0x2f: case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x36: case 0x37: {
        const b = pop(), a = pop();
        const ua = BigInt.asUintN(bits, a), ub = BigInt.asUintN(bits, b);
        const taken = [a === b, a >= b, a > b, a <= b, a < b, a !== b, ua >= ub, ua > ub, ua <= ub, ua < ub][op - 0x2e]!;
        branch(taken);
        break;
      }
      case 0x2a: return pop();
      default: throw new Error(`interpreter: opcode 0x${op.toString(16)}`);
    }
  }
  return null;
}

function generate(rnd: () => number, bits: 32 | 64): Uint8Array {
  const bytes: number[] = [];
  const rel = () => (Math.floor(rnd() * 25) - 12) & 0xff;
  const constant = (): number[] => {
    if (bits === 32) return [0x1f, Math.floor(rnd() * 256)];
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, BigInt.asIntN(64, BigInt(Math.floor(rnd() * 2 ** 32)) << BigInt(Math.floor(rnd() * 40)) ^ BigInt(Math.floor(rnd() * 256) - 128)), true);
    return [0x21, ...b];
  };
  const pick: (() => number[])[] = [
    () => [0x02], () => [0x03], () => [0x06], () => [0x07], () => [0x0a], () => [0x0b], constant,
    () => [0x58], () => [0x59], () => [0x5a], () => [0x5b], () => [0x5d], () => [0x5f], () => [0x60], () => [0x61], () => [0xd6], () => [0x65],
    () => [0x25], () => [0x26], () => [0x2b, rel()], () => [0x2c, rel()], () => [0x2d, rel()],
    () => [0x2e + Math.floor(rnd() * 10), rel()], () => [0x2a],
  ];
  const n = 2 + Math.floor(rnd() * 16);
  for (let i = 0; i < n; i++) bytes.push(...pick[Math.floor(rnd() * pick.length)]!());
  bytes.push(0x2a);
  return Uint8Array.from(bytes);
}

test.each([
  ['int32', 32, 'linear-scan', {}], ['int32', 32, 'no registers', { registerAllocator: 'none' as const }],
  ['int64', 64, 'linear-scan', {}], ['int64', 64, 'no registers', { registerAllocator: 'none' as const }],
] as const)('Generated%sPrograms_%s_%s_AgreeWithInterpreter', (_t, bits, _mode, options) => {
    const t = bits === 32 ? IrType.I4 : IrType.I8;
    let seed = 0xc0ffee;
    const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
    const mismatches: string[] = [];
    let compared = 0;
    for (let k = 0; k < 80000 && compared < 400; k++) {
      const il = generate(rnd, bits);
      const info = { name: `T::P${k}`, il, params: [t, t], locals: [t, t], ret: t, maxStack: 16, initLocals: true, ehClauses: [] };
      let entry: bigint;
      try {
        entry = jm.install(compileMethod(info, jm.host, options));
      } catch (e) {
        if (e instanceof InvalidProgramError) continue;
        throw e;
      }
      const min = -(2n ** BigInt(bits - 1));
      for (const args of [[0n, 0n], [7n, -3n], [min, -1n], [100n, 13n], [2n ** 40n + 3n, -(2n ** 33n)]]) {
        if (bits === 32 && args.some((v) => v !== BigInt.asIntN(32, v))) continue;
        const want = interpret(il, args, bits);
        if (want === null) continue;
        let got: Outcome;
        try {
          got = jm.call(entry, args, t) as bigint;
        } catch (e) {
          if (!(e instanceof ManagedThrow)) throw e;
          got = e.helper;
        }
        compared++;
        if (got !== want) mismatches.push(`${Buffer.from(il).toString('hex')} (${args}): JIT ${got}, interpreter ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });

/** The float64 subset: arithmetic (IEEE, rem = fmod), every branch form with the `.un` NaN rules, ceq/cgt/clt and their .un forms. */
function interpretFloat(il: Uint8Array, args: number[]): number | null {
  const stack: number[] = [];
  const locals = [0, 0];
  const dv = new DataView(il.buffer, il.byteOffset, il.byteLength);
  let pc = 0;
  for (let steps = 0; steps < 5000; steps++) {
    const op = il[pc]!;
    const next = pc + 1;
    const pop = () => stack.pop()!;
    const branch = (taken: boolean) => { pc = taken ? next + 1 + dv.getInt8(next) : next + 1; };
    switch (op) {
      case 0x02: case 0x03: stack.push(args[op - 2]!); pc = next; break;
      case 0x06: case 0x07: stack.push(locals[op - 6]!); pc = next; break;
      case 0x0a: case 0x0b: locals[op - 0x0a] = pop(); pc = next; break;
      case 0x23: stack.push(dv.getFloat64(next, true)); pc = next + 8; break;
      case 0x25: { const v = pop(); stack.push(v, v); pc = next; break; }
      case 0x26: pop(); pc = next; break;
      case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5d: {
        const b = pop(), a = pop();
        stack.push(op === 0x58 ? a + b : op === 0x59 ? a - b : op === 0x5a ? a * b : op === 0x5b ? a / b : a % b);
        pc = next;
        break;
      }
      case 0x65: stack.push(-pop()); pc = next; break;
      case 0x6c: pc = next; break; // conv.r8 of a float64: itself
      case 0x2b: branch(true); break;
      case 0x2e: case 0x2f: case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x36: case 0x37: {
        const b = pop(), a = pop();
        const un = Number.isNaN(a) || Number.isNaN(b);
        const taken = [a === b, a >= b, a > b, a <= b, a < b, un || a !== b, un || a >= b, un || a > b, un || a <= b, un || a < b][op - 0x2e]!;
        branch(taken);
        break;
      }
      case 0xfe: {
        const b = pop(), a = pop();
        const un = Number.isNaN(a) || Number.isNaN(b);
        const sub = il[next]!;
        stack.push([a === b, a > b, un || a > b, a < b, un || a < b][sub - 1]! ? 1 : 0);
        // The comparison leaves an int32; convert it back to float64 (the generator emits conv.r8 next).
        pc = next + 1;
        break;
      }
      case 0x2a: return pop();
      default: throw new Error(`float interpreter: opcode 0x${op.toString(16)}`);
    }
  }
  return null;
}

test.each([['linear-scan', {}], ['no registers', { registerAllocator: 'none' as const }]] as const)(
  'GeneratedFloat64Programs_%s_AgreeWithInterpreter', (_mode, options) => {
    let seed = 0xf10a7;
    const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
    const specials = [0, -0, 1, -1.5, 0.1, 1e308, -1e-308, Infinity, -Infinity, NaN, 3];
    const rel = () => (Math.floor(rnd() * 25) - 12) & 0xff;
    const pick: (() => number[])[] = [
      () => [0x02], () => [0x03], () => [0x06], () => [0x07], () => [0x0a], () => [0x0b],
      () => { const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, specials[Math.floor(rnd() * specials.length)]!, true); return [0x23, ...b]; },
      () => [0x58], () => [0x59], () => [0x5a], () => [0x5b], () => [0x5d], () => [0x65], () => [0x25], () => [0x26],
      () => [0x2b, rel()], () => [0x2e + Math.floor(rnd() * 10), rel()], () => [0xfe, 1 + Math.floor(rnd() * 5), 0x6c], () => [0x2a],
    ];
    const mismatches: string[] = [];
    let compared = 0;
    for (let k = 0; k < 80000 && compared < 300; k++) {
      const bytes: number[] = [];
      const n = 2 + Math.floor(rnd() * 14);
      for (let i = 0; i < n; i++) bytes.push(...pick[Math.floor(rnd() * pick.length)]!());
      bytes.push(0x2a);
      const il = Uint8Array.from(bytes);
      const info = { name: `T::F${k}`, il, params: [IrType.R8, IrType.R8], locals: [IrType.R8, IrType.R8], ret: IrType.R8, maxStack: 16, initLocals: true, ehClauses: [] };
      let entry: bigint;
      try {
        entry = jm.install(compileMethod(info, jm.host, options));
      } catch (e) {
        if (e instanceof InvalidProgramError) continue;
        throw e;
      }
      for (const args of [[0, -0], [2.5, NaN], [Infinity, 1], [-3, 7]]) {
        const want = interpretFloat(il, args);
        if (want === null) continue;
        const got = jm.call(entry, args.map((f64) => ({ f64 })), IrType.R8) as number;
        compared++;
        if (!Object.is(got, want)) mismatches.push(`${Buffer.from(il).toString('hex')} (${args}): JIT ${got}, interpreter ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });
