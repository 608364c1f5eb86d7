/**
 * Encodes one instruction by interpreting the form table: pick the first form of the mnemonic
 * whose patterns accept the operands, then lay out prefixes, REX, opcode, ModRM, SIB,
 * displacement and immediate (Intel SDM Vol. 2, chapter 2: §2.1 instruction format, §2.2.1 REX,
 * Tables 2-2/2-3 for ModRM/SIB in 64-bit mode).
 *
 * The special cases of 64-bit addressing live here and nowhere else:
 *  - rsp/r12 as a base (ModRM.rm = 100) always needs a SIB byte;
 *  - rbp/r13 as a base (rm = 101) with mod = 00 would mean RIP-relative/disp32, so a zero
 *    displacement is encoded as disp8 = 0;
 *  - an absolute address uses SIB with base = 101 and index = 100 (none), mod = 00, disp32;
 *  - spl/bpl/sil/dil need a REX prefix (an empty 0x40 if nothing else sets a bit).
 * A target not known yet (label, external symbol) leaves a zero field and a `Fixup` saying how
 * to fill it; the code buffer resolves or relocates it.
 */
import { EncodingError } from './errors';
import { FormSpec, FORMS, PatternKind, Role, OperandPattern } from './form-spec';
import { Addr, ExternalSymbol, Imm32, Imm64, Label, Mem, Operand } from './operands';
import { Gpr, Xmm } from './registers';

/** How a field left as zeros must be filled once addresses are known. */
export interface Fixup {
  /** Offset of the field from the start of the instruction. */
  readonly offset: number;
  /** Width of the field in bytes. */
  readonly width: 1 | 4 | 8;
  /**
   * `pcrel`: field = target + addend − (address of the field + pcBias), i.e. relative to the end
   * of the instruction. `abs`: field = target + addend.
   */
  readonly kind: 'pcrel' | 'abs';
  readonly target: Label | ExternalSymbol;
  readonly addend: number;
  /** For `pcrel`: bytes from the start of the field to the end of the instruction. */
  readonly pcBias: number;
}

export interface Encoded {
  readonly bytes: number[];
  readonly fixup: Fixup | null;
  /** The form that was used. */
  readonly form: FormSpec;
}

/**
 * Range check of an immediate against a form's pattern; see `FormSpec.immOpSize`. Plain numbers
 * are exact here: an `Imm32` never exceeds 2^32 in magnitude.
 */
function immFits(value: number, fieldBits: number, opSize: number): boolean {
  if (opSize === 0) return value >= -(2 ** (fieldBits - 1)) && value < 2 ** fieldBits;
  if (opSize < 64 && (value < -(2 ** (opSize - 1)) || value >= 2 ** opSize)) return false; // not an opSize-bit value
  if (fieldBits >= opSize) return true;
  // The bits the operation sees, read as signed, must survive sign extension from the field.
  const signed = opSize < 64 && value >= 2 ** (opSize - 1) ? value - 2 ** opSize : value;
  return signed >= -(2 ** (fieldBits - 1)) && signed < 2 ** (fieldBits - 1);
}

function matches(p: OperandPattern, op: Operand, relBits: 8 | 32, immOpSize: number): boolean {
  switch (p.kind) {
    case PatternKind.Gpr:
      return op instanceof Gpr && op.size === p.size;
    case PatternKind.FixedGpr:
      return op instanceof Gpr && op.size === p.size && op.num === p.fixedNum;
    case PatternKind.GprOrMem:
      return (op instanceof Gpr || op instanceof Mem) && op.size === p.size;
    case PatternKind.Mem:
      return op instanceof Mem && op.size === p.size;
    case PatternKind.AnyAddr:
      return op instanceof Addr;
    case PatternKind.Xmm:
      return op instanceof Xmm;
    case PatternKind.XmmOrMem:
      return op instanceof Xmm || (op instanceof Mem && op.size === p.size);
    case PatternKind.Imm:
      if (p.size === 64) return op instanceof Imm64 || op instanceof ExternalSymbol || op instanceof Label;
      return op instanceof Imm32 && immFits(op.value, p.size, immOpSize);
    case PatternKind.Rel:
      if (op instanceof Label) return p.size === relBits;
      return op instanceof ExternalSymbol && p.size === 32;
    case PatternKind.One:
      return op instanceof Imm32 && op.value === 1;
  }
}

/** Finds the form `mnemonic` uses for `ops`, or explains why there is none. */
export function selectForm(mnemonic: string, ops: readonly Operand[], relBits: 8 | 32 = 32): FormSpec {
  const forms = FORMS.get(mnemonic);
  if (!forms) throw new EncodingError(mnemonic, ops.map(String), 'unknown mnemonic');
  for (const f of forms) {
    if (f.patterns.length !== ops.length) continue;
    if (f.patterns.every((p, i) => matches(p, ops[i]!, relBits, f.immOpSize))) return f;
  }
  const tried = forms.map((f) => f.line[1] || '(no operands)').join(' | ');
  throw new EncodingError(mnemonic, ops.map(String), `no form accepts these operands (forms: ${tried})`);
}

/** Appends the low `bytes` bytes of `value`, little-endian (two's complement for negatives). */
function pushLE(out: number[], value: number, bytes: 1 | 2 | 4): void {
  for (let i = 0; i < bytes; i++) out.push((value >>> (8 * i)) & 0xff);
}

function pushLE64(out: number[], value: bigint): void {
  let v = BigInt.asUintN(64, value);
  for (let i = 0; i < 8; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
}

const fitsInt8 = (n: number): boolean => n >= -128 && n <= 127;

/**
 * Encodes `mnemonic ops…`. `relBits` chooses between rel8 and rel32 forms for label targets
 * (the code buffer asks for both when relaxing); external targets always use rel32.
 */
export function encodeInstruction(mnemonic: string, ops: readonly Operand[], relBits: 8 | 32 = 32): Encoded {
  const form = selectForm(mnemonic, ops, relBits);
  const out: number[] = [];
  let rexR = 0, rexX = 0, rexB = 0;
  let forceRex = false;
  let regField = form.digit >= 0 ? form.digit : 0;
  let rmOp: Operand | null = null;
  let opcodeRegNum = -1;
  let immOp: Operand | null = null;
  let relOp: Operand | null = null;

  for (let i = 0; i < form.roles.length; i++) {
    const role = form.roles[i]!;
    const op = ops[i]!;
    if (op instanceof Gpr && op.needsRex8) forceRex = true;
    switch (role) {
      case Role.ModRmReg: {
        const num = (op as Gpr | Xmm).num;
        regField = num & 7;
        rexR = num >> 3;
        break;
      }
      case Role.ModRmRm:
        rmOp = op;
        break;
      case Role.OpcodeReg:
        opcodeRegNum = (op as Gpr).num;
        rexB = opcodeRegNum >> 3;
        break;
      case Role.Immediate:
        immOp = op;
        break;
      case Role.Relative:
        relOp = op;
        break;
      case Role.Implicit:
        break;
    }
  }

  // ModRM / SIB / displacement, computed first so REX.X/B are known; appended after the opcode.
  const modrm: number[] = [];
  let dispFixup: { at: number; target: Label | ExternalSymbol; addend: number } | null = null;
  let segment: number | null = null;
  if (form.hasModRm) {
    const rm = rmOp!;
    if (rm instanceof Gpr || rm instanceof Xmm) {
      modrm.push(0xc0 | (regField << 3) | (rm.num & 7));
      rexB = rm.num >> 3;
    } else {
      const addr = rm instanceof Mem ? rm.addr : (rm as Addr);
      if (addr.segment) segment = addr.segment === 'gs' ? 0x65 : 0x64;
      if (addr.rip) {
        modrm.push((regField << 3) | 0b101);
        if (addr.rip.kind === 'disp') pushLE(modrm, addr.disp, 4);
        else {
          dispFixup = {
            at: modrm.length,
            target: addr.rip.kind === 'label' ? addr.rip.label : addr.rip.symbol,
            addend: addr.disp,
          };
          modrm.push(0, 0, 0, 0);
        }
      } else if (!addr.base) {
        const idx = addr.index ? addr.index.num : 0b100;
        modrm.push((regField << 3) | 0b100, (scaleBits(addr.scale) << 6) | ((idx & 7) << 3) | 0b101);
        rexX = addr.index ? addr.index.num >> 3 : 0;
        pushLE(modrm, addr.disp, 4);
      } else {
        const b = addr.base.num & 7;
        const mod = addr.disp === 0 && b !== 0b101 ? 0 : fitsInt8(addr.disp) ? 1 : 2;
        const needSib = addr.index !== null || b === 0b100;
        modrm.push((mod << 6) | (regField << 3) | (needSib ? 0b100 : b));
        if (needSib) {
          const idx = addr.index ? addr.index.num & 7 : 0b100;
          modrm.push((scaleBits(addr.scale) << 6) | (idx << 3) | b);
          rexX = addr.index ? addr.index.num >> 3 : 0;
        }
        rexB = addr.base.num >> 3;
        if (mod === 1) pushLE(modrm, addr.disp, 1);
        if (mod === 2) pushLE(modrm, addr.disp, 4);
      }
    }
  }

  // Prefixes: lock first, then the segment override, then the rest (mandatory 66/F2/F3 last,
  // immediately before REX, where the SDM requires them).
  const prefixes = [...form.prefixes];
  if (prefixes[0] === 0xf0) out.push(prefixes.shift()!);
  if (segment !== null) out.push(segment);
  out.push(...prefixes);
  const w = form.rexW ? 1 : 0;
  if (w || rexR || rexX || rexB || forceRex) out.push(0x40 | (w << 3) | (rexR << 2) | (rexX << 1) | rexB);
  const opcode = [...form.opcode];
  if (opcodeRegNum >= 0) opcode[opcode.length - 1]! += opcodeRegNum & 7;
  out.push(...opcode);
  const modrmStart = out.length;
  out.push(...modrm);

  let fixup: Fixup | null = null;
  let fixupNoBias: Omit<Fixup, 'pcBias'> | null = null;
  if (dispFixup) {
    fixupNoBias = { offset: modrmStart + dispFixup.at, width: 4, kind: 'pcrel', target: dispFixup.target, addend: dispFixup.addend };
  }
  const imm = immOp;
  if (imm !== null) {
    if (imm instanceof Imm32) pushLE(out, imm.value, form.immBytes as 1 | 2 | 4);
    else if (imm instanceof Imm64) pushLE64(out, imm.value);
    else {
      fixupNoBias = { offset: out.length, width: 8, kind: 'abs', target: imm as Label | ExternalSymbol, addend: 0 };
      pushLE64(out, 0n);
    }
  }
  const rel = relOp;
  if (rel !== null) {
    fixupNoBias = { offset: out.length, width: form.relBytes as 1 | 4, kind: 'pcrel', target: rel as Label | ExternalSymbol, addend: 0 };
    pushLE(out, 0, form.relBytes as 1 | 4);
  }
  if (fixupNoBias) fixup = { ...fixupNoBias, pcBias: out.length - fixupNoBias.offset };
  return { bytes: out, fixup, form };
}

function scaleBits(s: 1 | 2 | 4 | 8): number {
  return s === 1 ? 0 : s === 2 ? 1 : s === 4 ? 2 : 3;
}
