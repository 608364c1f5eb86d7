/**
 * What CIL mnemonics mean in IR terms (ECMA-335 Partition III): which IR operation or condition
 * each arithmetic, comparison and branch instruction becomes, the target types of `conv.*` and
 * the element types of the typed `ldelem.*`/`stelem.*` forms — plus how the importer names types
 * in its error messages. (The opcode table itself — encodings and operand kinds — is the metadata
 * reader's.)
 */
import { CondKind, Op, VReg } from '../ir/ir';
import { isStruct, IrType, JitType } from '../ir/types';

export const BINARY_OPS: Readonly<Record<string, Op>> = {
  add: Op.Add, sub: Op.Sub, mul: Op.Mul, div: Op.Div, 'div.un': Op.DivUn, rem: Op.Rem, 'rem.un': Op.RemUn,
  and: Op.And, or: Op.Or, xor: Op.Xor,
  'add.ovf': Op.AddOvf, 'add.ovf.un': Op.AddOvfUn, 'sub.ovf': Op.SubOvf, 'sub.ovf.un': Op.SubOvfUn,
  'mul.ovf': Op.MulOvf, 'mul.ovf.un': Op.MulOvfUn,
};

export const SHIFT_OPS: Readonly<Record<string, Op>> = { shl: Op.Shl, shr: Op.Shr, 'shr.un': Op.ShrUn };

export const COMPARE_OPS: Readonly<Record<string, CondKind>> = {
  ceq: CondKind.Eq, cgt: CondKind.Gt, 'cgt.un': CondKind.GtUn, clt: CondKind.Lt, 'clt.un': CondKind.LtUn,
};

/** Two-operand conditional branches (short and long forms share a condition). */
export const BRANCH_CONDS: Readonly<Record<string, CondKind>> = {
  beq: CondKind.Eq, 'bne.un': CondKind.NeUn, bge: CondKind.Ge, bgt: CondKind.Gt, ble: CondKind.Le, blt: CondKind.Lt,
  'bge.un': CondKind.GeUn, 'bgt.un': CondKind.GtUn, 'ble.un': CondKind.LeUn, 'blt.un': CondKind.LtUn,
};

/** Target type of each `conv.*` suffix (§III.3.27–3.29). */
export const CONV_TARGETS: Readonly<Record<string, IrType>> = {
  i1: IrType.I1, u1: IrType.U1, i2: IrType.I2, u2: IrType.U2, i4: IrType.I4, u4: IrType.U4,
  i8: IrType.I8, u8: IrType.U8, i: IrType.I, u: IrType.U, r4: IrType.R4, r8: IrType.R8,
};

/** Element storage types of the typed `ldelem.*` / `stelem.*` forms. */
export const ELEM_TYPES: Readonly<Record<string, IrType>> = {
  i1: IrType.I1, u1: IrType.U1, i2: IrType.I2, u2: IrType.U2, i4: IrType.I4, u4: IrType.U4,
  i8: IrType.I8, i: IrType.I, r4: IrType.R4, r8: IrType.R8, ref: IrType.Ref,
};

/** Strips the `.s` of a short branch/variable form (`br.s` → `br`, `ldarg.s` → `ldarg`). */
export function longForm(name: string): string {
  return name.endsWith('.s') ? name.slice(0, -2) : name;
}

/** A vreg's type as a message names it (`int32`, `System.Guid`). */
export function label(v: VReg): string {
  return v.layout ? v.layout.name : typeLabel(v.type);
}

/** A JitType as a message names it. */
export function jitLabel(t: JitType): string {
  return isStruct(t) ? t.name : typeLabel(t);
}

/** An IrType as ECMA-335 names it in prose. */
export function typeLabel(t: IrType): string {
  return ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'native int', 'native uint', 'float32', 'float64', 'object reference', 'managed pointer', 'value type'][t] ?? 'value';
}
