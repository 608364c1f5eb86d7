/**
 * Shared machinery of the encoder tests: candidate operands (every register, every addressing
 * mode, representative immediates), the expected Intel text of an instruction, capstone-text
 * normalisation, and `checkWithOracles`, which encodes cases, asks keystone and capstone in one
 * batch, and lists every disagreement.
 *
 * Where keystone's choice differs from ours but both are valid, a case is compared by capstone
 * decoding only; `keystoneDiffers` names each such situation and why.
 */
import {
  Addr, FormSpec, Gpr, Imm32, Imm64, Mem, MemSize, Operand, PatternKind, Xmm, absolute, at, encodeInstruction,
  gpr64, rip, selectForm, ALL_REG_NUMS, rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15,
} from '../../../src/jit/x64';
import { runOracle, toHex } from './oracle';

export const gprs = (size: 8 | 16 | 32 | 64): Gpr[] => ALL_REG_NUMS.map((n) => Gpr.of(n, size));
export const xmms: Xmm[] = ALL_REG_NUMS.map((n) => Xmm.of(n));

/** Every addressing mode, every base and index register, and the special cases around them. */
export const ADDRESSES: readonly Addr[] = [
  // Every base, with no displacement, disp8 and disp32 (covers rsp/r12 needing SIB, rbp/r13 needing disp8 0).
  ...ALL_REG_NUMS.flatMap((n) => [at(gpr64(n)), at(gpr64(n), 0x10), at(gpr64(n), -0x1000)]),
  // Every index (rsp cannot be one; r12 can), every scale.
  ...ALL_REG_NUMS.filter((n) => n !== 4).map((n, i) => at(rbx, gpr64(n), ([1, 2, 4, 8] as const)[i % 4]!, 8)),
  // Displacement edges.
  at(rcx, 0x7f), at(rdx, -0x80), at(rsi, 0x80), at(rdi, -0x81), at(r9, 0x12345678), at(r10, -0x80000000), at(r11, 0x7fffffff),
  // SIB with the special bases.
  at(rsp, rax, 8), at(r12, r13, 2), at(rbp, rbp, 1), at(r13, r12, 4), at(rbp, rcx, 2, 0x40), at(r13, r14, 8, -0x100),
  at(r15, r14, 8, -1), at(rax, r12, 1), at(r8, r9, 8, 0x7fffffff), at(rsi, rdi, 4, -0x200),
  // No base: index*scale + disp32 (SIB with base = 101).
  at(null, rax, 8, 0x10), at(null, r11, 4, 0), at(null, rbp, 2, -8), at(null, r12, 1, 0x1000),
  // Absolute disp32 (SIB, no base, no index).
  absolute(0x1000), absolute(-8), absolute(0),
  // RIP-relative.
  rip(0), rip(0x10), rip(-0x20), rip(0x7fffffff),
  // Segment override (TEB access).
  absolute(0x30).withSegment('gs'), at(rax, 8).withSegment('gs'), at(r12, r13, 8, 0x58).withSegment('gs'),
];

const IMMS: Record<number, readonly number[]> = {
  8: [0, 2, 5, 0x7f, -1, -0x80, 0x55, 0xff],
  16: [0x1234, -0x8000, 0x7fff, 300, 0xffff, -300],
  32: [0x12345678, -0x80000000, 0x7fffffff, 1000, -1000, 0xffffffff, 0x80000000],
};
const IMM64S: readonly bigint[] = [0x1122334455667788n, -1n, 5n, 0xffffffffffffffffn, 0x80000000n];

/** Candidate operands for one pattern of a form. */
export function candidates(spec: FormSpec, i: number): Operand[] {
  const p = spec.patterns[i]!;
  const mems = (size: number): Operand[] => ADDRESSES.map((a) => new Mem(size as MemSize, a));
  switch (p.kind) {
    case PatternKind.Gpr: return gprs(p.size as 8);
    case PatternKind.FixedGpr: return [Gpr.of(p.fixedNum as number, p.size as 8)];
    case PatternKind.GprOrMem: return [...gprs(p.size as 8), ...mems(p.size)];
    case PatternKind.Mem: return mems(p.size);
    case PatternKind.AnyAddr: return [...ADDRESSES];
    case PatternKind.Xmm: return xmms;
    case PatternKind.XmmOrMem: return [...xmms, ...mems(p.size)];
    case PatternKind.Imm:
      if (p.size === 64) return IMM64S.map((v) => new Imm64(v));
      return IMMS[p.size]!.map((v) => new Imm32(v));
    case PatternKind.One: return [new Imm32(1)];
    case PatternKind.Rel: return [];
  }
}

/** A deterministic pseudo-random generator (mulberry32), so "random" tests are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Case {
  readonly mnemonic: string;
  readonly ops: readonly Operand[];
  /** The form expected to be chosen (generated cases); undefined for hand-written rows. */
  readonly spec?: FormSpec;
}

/** Operand combinations for a form: every candidate in each position, the others rotating. */
export function formCases(spec: FormSpec): Case[] {
  const cands = spec.patterns.map((_, i) => candidates(spec, i));
  if (cands.some((c) => c.length === 0)) return [];
  const out: Case[] = [];
  if (cands.length === 0) return [{ mnemonic: spec.mnemonic, ops: [], spec }];
  cands.forEach((list, pos) => {
    list.forEach((op, k) => {
      const ops = cands.map((c, j) => (j === pos ? op : c[(k * 7 + j * 3 + 1) % c.length]!));
      out.push({ mnemonic: spec.mnemonic, ops, spec });
    });
  });
  // Keep only the cases this form is the encoder's choice for (others belong to an earlier form).
  return out.filter((c) => {
    try {
      return selectForm(c.mnemonic, c.ops) === spec;
    } catch {
      return false;
    }
  });
}

/** Intel-syntax text of an instruction, as keystone reads it. */
export const caseText = (c: Case): string => (c.mnemonic + ' ' + c.ops.map(String).join(', ')).trim();

/**
 * Why keystone's bytes legitimately differ from ours for this case (then capstone decides), or
 * null when the bytes must be equal.
 */
export function keystoneDiffers(c: Case): string | null {
  if (c.mnemonic === 'nop' && c.ops.length) return 'keystone assembles `nop r/m` as 0F 18 (a prefetch hint), not 0F 1F';
  for (const op of c.ops) {
    const addr = op instanceof Mem ? op.addr : op instanceof Addr ? op : null;
    if (addr && !addr.base && !addr.index && !addr.rip && addr.disp >= 0) {
      // (With a gs: override and the accumulator it would otherwise pick the moffs form A0–A3.)
      return 'keystone turns a non-negative absolute [disp32] into a RIP-relative reference';
    }
  }
  if (c.mnemonic === 'xchg' && c.ops.every((o) => o instanceof Gpr) && c.ops.some((o) => (o as Gpr).num === 0) && (c.ops[0] as Gpr).size === 32) {
    return 'LLVM uses 90+rd for `xchg eax, r32`; we use 87 /r (90+rd with eax is a nop that skips zero-extension)';
  }
  return null;
}

const RAW_IMM8 = new Set(['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sar', 'bt', 'bts', 'btr', 'btc']);

/**
 * Capstone's own ways of printing a correct decoding differently from the instruction we asked
 * for; each rewrite maps capstone's text back to ours and is applied only where it is known.
 */
function undoCapstoneQuirks(c: Case, got: string): string {
  // It prints the m64/m32 operand of (u)comisd/(u)comiss as xmmword.
  if (/^u?comisd /.test(got)) got = got.replace('xmmword ptr', 'qword ptr');
  if (/^u?comiss /.test(got)) got = got.replace('xmmword ptr', 'dword ptr');
  // It sometimes drops the implicit count of the shift-by-one forms (D0/D1).
  if (c.ops.length === 2 && c.spec?.patterns[1]?.text === '1' && !got.endsWith(', 0x1')) got += ', 0x1';
  // xchg of a register with itself through 90+r is the canonical nop.
  if (got === 'nop' && c.mnemonic === 'xchg' && c.ops[0] === c.ops[1]) return normalize(caseText(c), 64);
  return got;
}

/** Operation width for normalising immediates: capstone prints some sign-extended, some not. */
function widthOf(c: Case): number {
  // Shift counts and bit indexes are raw bytes, never sign-extended: capstone prints them as such.
  if (RAW_IMM8.has(c.mnemonic)) return 8;
  const spec = c.spec ?? safeSelect(c);
  const w = spec?.immOpSize ?? 64;
  return w === 0 ? 8 : w;
}
function safeSelect(c: Case): FormSpec | undefined {
  try {
    return selectForm(c.mnemonic, c.ops);
  } catch {
    return undefined;
  }
}

/** Canonical form of Intel text for comparison: spacing, `*1`, `+ 0`, numbers modulo the width, xchg order. */
export function normalize(text: string, width: number): string {
  let t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  t = t.replace(/\*1(?![0-9])/g, '').replace(/ \+ 0\]/g, ']');
  t = t.replace(/(?<![a-z0-9_])(-?)(0x[0-9a-f]+|[0-9]+)(?![a-z0-9_])/g, (_m, sign: string, num: string) => {
    const v = BigInt(num) * (sign ? -1n : 1n);
    return '0x' + BigInt.asUintN(width, v).toString(16);
  });
  const sp = t.indexOf(' ');
  if (sp > 0 && t.startsWith('xchg ')) {
    t = 'xchg ' + t.slice(sp + 1).split(', ').sort().join(', ');
  }
  return t;
}

export interface OracleReport {
  readonly failures: string[];
  /** Cases compared by capstone only, with the reason. */
  readonly capstoneOnly: number;
  readonly total: number;
}

/** Encodes every case and checks it against keystone's bytes and capstone's decoding. */
export function checkWithOracles(cases: readonly Case[], expectedHex?: readonly (string | undefined)[]): OracleReport {
  const ours = cases.map((c) => encodeInstruction(c.mnemonic, c.ops).bytes);
  const texts = cases.map(caseText);
  const result = runOracle(texts, ours);
  const failures: string[] = [];
  let capstoneOnly = 0;
  cases.forEach((c, i) => {
    const mine = toHex(ours[i]!);
    const text = texts[i]!;
    const want = expectedHex?.[i];
    if (want !== undefined && want !== mine) failures.push(`${text}: ours ${mine}, table says ${want}`);
    const differs = keystoneDiffers(c);
    const ks = result.assembled[i]!;
    if (differs) capstoneOnly++;
    else if (ks.startsWith('error:')) failures.push(`${text}: keystone ${ks}`);
    else if (toHex(Buffer.from(ks, 'hex')) !== mine) failures.push(`${text}: ours ${mine}, keystone ${toHex(Buffer.from(ks, 'hex'))}`);
    const dec = result.decoded[i]!;
    if (dec.length !== 1 || dec[0]!.size !== ours[i]!.length) {
      failures.push(`${text}: capstone decodes ${mine} as ${JSON.stringify(dec)}`);
      return;
    }
    const w = widthOf(c);
    const got = undoCapstoneQuirks(c, normalize(dec[0]!.text, w));
    const exp = normalize(text, w);
    const ok = c.ops.length === 0 ? got === exp || got.startsWith(exp + ' ') : got === exp;
    if (!ok) failures.push(`${text}: capstone decodes ${mine} as '${dec[0]!.text}'`);
  });
  return { failures, capstoneOnly, total: cases.length };
}
