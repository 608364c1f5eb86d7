/**
 * Parses the Intel-notation lines of `forms.ts` into `FormSpec`s the encoder interprets.
 *
 * Each operand pattern gets a role (ModRM.reg, ModRM.rm, opcode register, immediate, relative
 * offset, or implicit), derived from the encoding column as the SDM defines it (Vol. 2, §3.1.1.1):
 * `/r` puts the r/m-capable operand in ModRM.rm and the other register in ModRM.reg; `/digit` puts
 * the digit in ModRM.reg; `+rb…+ro` puts the register in the opcode's low three bits. Every operand
 * must get exactly one role, and every encoding token must be consumed, or the table line is
 * rejected with a `FormTableError` when this module loads: a typo cannot become wrong bytes.
 */
import { FormTableError } from './errors';
import { FORM_LINES, FormLine } from './forms';
import { COND_SUFFIXES } from './operands';
import { RegNum } from './registers';

/** What kind of operand a pattern accepts. */
export const enum PatternKind {
  /** `r8`…`r64`: a general-purpose register of that width. */
  Gpr,
  /** `AL`/`AX`/`EAX`/`RAX`/`CL`: one specific register, encoded implicitly by the opcode. */
  FixedGpr,
  /** `r/m8`…`r/m64`: a register or a memory operand of that width. */
  GprOrMem,
  /** `m8`…`m128`: a memory operand of that width only. */
  Mem,
  /** `m`: an address of any width (lea). */
  AnyAddr,
  /** `xmm`: an XMM register. */
  Xmm,
  /** `xmm/m32`…`xmm/m128`: an XMM register or a memory operand of that width. */
  XmmOrMem,
  /** `imm8`…`imm64`: an immediate of that field width. */
  Imm,
  /** `rel8`/`rel32`: a branch target, as a signed offset from the end of the instruction. */
  Rel,
  /** The literal `1` of the shift-by-one forms. */
  One,
}

/** How an operand reaches the instruction bytes. */
export const enum Role {
  /** ModRM.reg (extended by REX.R). */
  ModRmReg,
  /** ModRM.rm, with SIB/displacement for memory (extended by REX.B/REX.X). */
  ModRmRm,
  /** Low three bits of the last opcode byte (extended by REX.B). */
  OpcodeReg,
  /** The immediate field. */
  Immediate,
  /** The relative branch field. */
  Relative,
  /** Implied by the opcode; not encoded. */
  Implicit,
}

export interface OperandPattern {
  readonly kind: PatternKind;
  /** Width in bits (0 where the pattern has none: xmm, m, 1). */
  readonly size: number;
  /** For `FixedGpr`: which register. */
  readonly fixedNum: RegNum | -1;
  /** The pattern as written in the table. */
  readonly text: string;
}

export interface FormSpec {
  readonly mnemonic: string;
  /** The table line this spec came from (for error messages and tests). */
  readonly line: FormLine;
  readonly patterns: readonly OperandPattern[];
  readonly roles: readonly Role[];
  /** Legacy/mandatory prefixes in table order (66, F2, F3, F0). */
  readonly prefixes: readonly number[];
  readonly rexW: boolean;
  /** Opcode bytes, condition already folded in for `+cc` lines. */
  readonly opcode: readonly number[];
  /** True if a ModRM byte follows the opcode. */
  readonly hasModRm: boolean;
  /** The `/digit` in ModRM.reg, or -1 for `/r` (or no ModRM). */
  readonly digit: number;
  /** Immediate field width in bytes (0 if none). */
  readonly immBytes: 0 | 1 | 2 | 4 | 8;
  /** Relative field width in bytes (0 if none). */
  readonly relBytes: 0 | 1 | 4;
  /**
   * Width of the operation the immediate applies to, for its range check: an imm narrower than
   * this is sign-extended, so it must be a signed value of its own width. 0 means an unsigned
   * selector (roundsd's rounding mode).
   */
  readonly immOpSize: number;
}

const FIXED: Record<string, readonly [RegNum, number]> = {
  AL: [RegNum.RAX, 8], AX: [RegNum.RAX, 16], EAX: [RegNum.RAX, 32], RAX: [RegNum.RAX, 64], CL: [RegNum.RCX, 8],
};
const PREFIX_BYTES = new Set([0x66, 0xf2, 0xf3, 0xf0]);

function parsePattern(text: string, fail: (why: string) => never): OperandPattern {
  const mk = (kind: PatternKind, size = 0, fixedNum: RegNum | -1 = -1): OperandPattern => ({ kind, size, fixedNum, text });
  const fixed = FIXED[text];
  if (fixed) return mk(PatternKind.FixedGpr, fixed[1], fixed[0]);
  if (text === '1') return mk(PatternKind.One);
  if (text === 'm') return mk(PatternKind.AnyAddr);
  if (text === 'xmm') return mk(PatternKind.Xmm);
  let m: RegExpMatchArray | null;
  if ((m = /^r(8|16|32|64)$/.exec(text))) return mk(PatternKind.Gpr, Number(m[1]));
  if ((m = /^r\/m(8|16|32|64)$/.exec(text))) return mk(PatternKind.GprOrMem, Number(m[1]));
  if ((m = /^m(8|16|32|64|128)$/.exec(text))) return mk(PatternKind.Mem, Number(m[1]));
  if ((m = /^xmm\/m(32|64|128)$/.exec(text))) return mk(PatternKind.XmmOrMem, Number(m[1]));
  if ((m = /^imm(8|16|32|64)$/.exec(text))) return mk(PatternKind.Imm, Number(m[1]));
  if ((m = /^rel(8|32)$/.exec(text))) return mk(PatternKind.Rel, Number(m[1]));
  return fail(`unknown operand pattern '${text}'`);
}

const RM_KINDS = new Set([PatternKind.GprOrMem, PatternKind.Mem, PatternKind.AnyAddr, PatternKind.XmmOrMem]);
const REG_KINDS = new Set([PatternKind.Gpr, PatternKind.Xmm]);

/** Parses one table line; `cond` is the condition folded into a `+cc` opcode (ignored otherwise). */
function parseLine(line: FormLine, cond: number): FormSpec {
  const [mnemonic, operandsText, encodingText] = line;
  const fail = (why: string): never => {
    throw new FormTableError(mnemonic, operandsText, encodingText, why);
  };
  const patterns = operandsText === '' ? [] : operandsText.split(/,\s*/).map((t) => parsePattern(t, fail));

  const prefixes: number[] = [];
  const opcode: number[] = [];
  let rexW = false;
  let hasModRm = false;
  let digit = -1;
  let immBytes: FormSpec['immBytes'] = 0;
  let relBytes: FormSpec['relBytes'] = 0;
  let opcodeReg = false;
  let usesCond = false;
  for (const tok of encodingText.split(/\s+/)) {
    let m: RegExpMatchArray | null;
    if (tok === 'REX.W') {
      if (opcode.length) fail('REX.W after an opcode byte');
      rexW = true;
    } else if ((m = /^([0-9A-F]{2})(?:\+(rb|rw|rd|ro|cc))?$/.exec(tok))) {
      if (hasModRm || immBytes || relBytes) fail(`opcode byte '${tok}' after ModRM or immediate`);
      const b = parseInt(m[1]!, 16);
      if (!opcode.length && !rexW && !m[2] && PREFIX_BYTES.has(b)) {
        prefixes.push(b);
      } else if (m[2] === 'cc') {
        if (b & 0xf) fail(`'${tok}' must have a zero low nibble`);
        opcode.push(b + cond);
        usesCond = true;
      } else {
        if (m[2]) {
          if (b & 7) fail(`'${tok}' must have zero low bits`);
          opcodeReg = true;
        }
        opcode.push(b);
      }
    } else if ((m = /^\/([0-7r])$/.exec(tok))) {
      if (hasModRm) fail('two ModRM tokens');
      hasModRm = true;
      digit = m[1] === 'r' ? -1 : Number(m[1]);
    } else if ((m = /^i([bwdo])$/.exec(tok))) {
      immBytes = ({ b: 1, w: 2, d: 4, o: 8 } as const)[m[1] as 'b' | 'w' | 'd' | 'o'];
    } else if ((m = /^c([bd])$/.exec(tok))) {
      relBytes = m[1] === 'b' ? 1 : 4;
    } else {
      fail(`unknown encoding token '${tok}'`);
    }
  }
  if (!opcode.length) fail('no opcode byte');
  if (mnemonic.includes('cc') !== usesCond) fail("'cc' in the mnemonic and '+cc' in the opcode go together");

  // Assign each operand its role.
  const roles: Role[] = patterns.map(() => Role.Implicit);
  const rmIdx = patterns.findIndex((p) => RM_KINDS.has(p.kind));
  const regIdxs = patterns.map((p, i) => (REG_KINDS.has(p.kind) ? i : -1)).filter((i) => i >= 0);
  if (hasModRm) {
    if (rmIdx < 0) fail('ModRM form without an r/m operand');
    if (patterns.filter((p) => RM_KINDS.has(p.kind)).length > 1) fail('more than one r/m operand');
    roles[rmIdx] = Role.ModRmRm;
    if (digit < 0) {
      if (regIdxs.length !== 1) fail('/r needs exactly one register operand besides the r/m one');
      roles[regIdxs[0]!] = Role.ModRmReg;
    } else if (regIdxs.length) {
      fail(`/${digit} form with a register operand that has no place to go`);
    }
  } else {
    if (rmIdx >= 0) fail('r/m operand without a ModRM token');
    if (opcodeReg) {
      if (regIdxs.length !== 1) fail('+r form needs exactly one register operand');
      roles[regIdxs[0]!] = Role.OpcodeReg;
    } else if (regIdxs.length) {
      fail('register operand without ModRM or +r');
    }
  }
  const immIdxs = patterns.map((p, i) => (p.kind === PatternKind.Imm ? i : -1)).filter((i) => i >= 0);
  if (immIdxs.length > 1 || (immIdxs.length === 1) !== (immBytes > 0)) fail('immediate operands and ib/iw/id/io disagree');
  if (immIdxs.length) {
    const p = patterns[immIdxs[0]!]!;
    if (p.size !== immBytes * 8) fail(`${p.text} with a ${immBytes}-byte immediate field`);
    roles[immIdxs[0]!] = Role.Immediate;
  }
  const relIdxs = patterns.map((p, i) => (p.kind === PatternKind.Rel ? i : -1)).filter((i) => i >= 0);
  if (relIdxs.length > 1 || (relIdxs.length === 1) !== (relBytes > 0)) fail('rel operands and cb/cd disagree');
  if (relIdxs.length) {
    if (patterns[relIdxs[0]!]!.size !== relBytes * 8) fail('rel width and cb/cd disagree');
    roles[relIdxs[0]!] = Role.Relative;
  }

  const sized = patterns.find((p) =>
    [PatternKind.Gpr, PatternKind.FixedGpr, PatternKind.GprOrMem, PatternKind.Mem].includes(p.kind),
  );
  const hasXmm = patterns.some((p) => p.kind === PatternKind.Xmm || p.kind === PatternKind.XmmOrMem);
  const immOpSize = sized ? sized.size : hasXmm ? 0 : 64;

  const name = usesCond ? mnemonic.replace('cc', COND_SUFFIXES[cond]!) : mnemonic;
  return {
    mnemonic: name, line, patterns, roles, prefixes, rexW, opcode, hasModRm, digit, immBytes, relBytes, immOpSize,
  };
}

/** Parses every line of a form table; `+cc` lines expand to sixteen specs. */
export function compileForms(lines: readonly FormLine[]): Map<string, FormSpec[]> {
  const byMnemonic = new Map<string, FormSpec[]>();
  for (const line of lines) {
    const conds = line[0].includes('cc') ? COND_SUFFIXES.map((_, i) => i) : [0];
    for (const c of conds) {
      const spec = parseLine(line, c);
      let list = byMnemonic.get(spec.mnemonic);
      if (!list) byMnemonic.set(spec.mnemonic, (list = []));
      list.push(spec);
    }
  }
  return byMnemonic;
}

/** The compiled table of `forms.ts`, keyed by mnemonic, forms in preference order. */
export const FORMS: ReadonlyMap<string, readonly FormSpec[]> = compileForms(FORM_LINES);
