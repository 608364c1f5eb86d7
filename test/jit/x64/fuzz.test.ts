/**
 * Fuzz: a fixed-seed random sample of (form, operands) — random registers, random addresses
 * (base or not, index or not, any scale, displacements at and around the disp8/disp32 edges,
 * RIP-relative, absolute), random immediates in range — encoded by us, assembled by keystone and
 * decoded by capstone. The seed is fixed so a failure reproduces; change it to explore.
 */
import {
  Addr, FORMS, FormSpec, Gpr, Imm32, Imm64, Mem, MemSize, Operand, PatternKind, RegNum, Scale, Xmm, absolute, gpr64,
  rip, selectForm,
} from '../../../src/jit/x64';
import { Case, checkWithOracles, rng } from './harness';

const SEED = 20261122;
const COUNT = 4000;

const rand = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

function randomDisp(): number {
  return pick([0, 0, int(-128, 127), pick([127, 128, -128, -129, 0x7fffffff, -0x80000000]), int(-0x80000000, 0x7fffffff)]);
}

function randomAddr(): Addr {
  const kind = rand();
  if (kind < 0.05) return rip(randomDisp());
  if (kind < 0.08) return absolute(int(-0x80000000, -1)); // non-negative ones: keystone makes them RIP-relative
  const index = rand() < 0.5 ? null : gpr64(pick([0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] as RegNum[]));
  const scale: Scale = index ? pick([1, 2, 4, 8] as const) : 1;
  const base = index && rand() < 0.15 ? null : gpr64(int(0, 15) as RegNum);
  return new Addr(base, index, scale, randomDisp());
}

function randomImm(bits: number): number {
  const lim = 2 ** (bits - 1);
  return pick([int(-lim, lim - 1), int(-128, 127), int(0, 2 * lim - 1)]);
}

function randomOperand(spec: FormSpec, i: number): Operand | null {
  const p = spec.patterns[i]!;
  const mem = (): Mem => new Mem(p.size as MemSize, randomAddr());
  switch (p.kind) {
    case PatternKind.Gpr: return Gpr.of(int(0, 15) as RegNum, p.size as 8);
    case PatternKind.FixedGpr: return Gpr.of(p.fixedNum as RegNum, p.size as 8);
    case PatternKind.GprOrMem: return rand() < 0.5 ? Gpr.of(int(0, 15) as RegNum, p.size as 8) : mem();
    case PatternKind.Mem: return mem();
    case PatternKind.AnyAddr: return randomAddr();
    case PatternKind.Xmm: return Xmm.of(int(0, 15));
    case PatternKind.XmmOrMem: return rand() < 0.5 ? Xmm.of(int(0, 15)) : mem();
    case PatternKind.Imm:
      if (p.size === 64) return new Imm64(BigInt.asUintN(64, BigInt(int(-0x7fffffff, 0x7fffffff)) * 0x100000001n));
      return new Imm32(randomImm(p.size));
    case PatternKind.One: return new Imm32(1);
    case PatternKind.Rel: return null;
  }
}

const specs: FormSpec[] = [...FORMS.values()].flat().filter((s) => !s.patterns.some((p) => p.kind === PatternKind.Rel));

function sample(): Case[] {
  const out: Case[] = [];
  while (out.length < COUNT) {
    const spec = pick(specs);
    const ops = spec.patterns.map((_, i) => randomOperand(spec, i));
    if (ops.some((o) => o === null)) continue;
    try {
      if (selectForm(spec.mnemonic, ops as Operand[]) !== spec) continue; // an earlier form owns these operands
    } catch {
      continue; // e.g. an immediate this form cannot take
    }
    out.push({ mnemonic: spec.mnemonic, ops: ops as Operand[], spec });
  }
  return out;
}

test(`RandomFormsAndOperands_Seed${SEED}_MatchKeystoneAndCapstone`, () => {
  const cases = sample();
  expect(cases.length).toBe(COUNT);
  const r = checkWithOracles(cases);
  expect(r.failures.slice(0, 20)).toEqual([]);
});
