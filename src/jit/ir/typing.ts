/**
 * The typing rules of CIL's operations on evaluation-stack types (ECMA-335 §III.1.5, Tables
 * III.2 "Binary Numeric Operations", III.4 "Binary Comparison or Branch Operations", III.5
 * "Integer Operations", III.6 "Shift Operations", III.7 "Overflow Arithmetic Operations"), and the
 * join rule for stack shapes at block entries (§III.1.8.1.3). The importer uses them to type its
 * temporaries; the IR validator uses the same functions to check the result, so the two cannot
 * drift apart. A `null` result means "not valid CIL".
 *
 * float32 and float64 are distinct IrTypes; mixing them in one operation is allowed (both are F
 * in the spec) and yields float64.
 */
import { Op, VReg } from './ir';
import { isFloat, isStruct, IrType, JitType, sameStruct, stackTypeOf } from './types';

/** Result type of a binary numeric operation (add/sub/mul/div/rem, and their .ovf forms), or null. */
export function binaryNumericType(op: Op, a: IrType, b: IrType): IrType | null {
  a = stackTypeOf(a);
  b = stackTypeOf(b);
  const intOnly = op === Op.DivUn || op === Op.RemUn || op === Op.And || op === Op.Or || op === Op.Xor ||
    op === Op.AddOvf || op === Op.AddOvfUn || op === Op.SubOvf || op === Op.SubOvfUn || op === Op.MulOvf || op === Op.MulOvfUn;
  if (isFloat(a) || isFloat(b)) {
    if (intOnly || !isFloat(a) || !isFloat(b)) return null;
    return a === IrType.R4 && b === IrType.R4 ? IrType.R4 : IrType.R8;
  }
  if (a === IrType.I4 && b === IrType.I4) return IrType.I4;
  if (a === IrType.I8 && b === IrType.I8) return IrType.I8;
  if ((a === IrType.I || a === IrType.I4) && (b === IrType.I || b === IrType.I4)) return IrType.I;
  // Managed-pointer arithmetic (Table III.2): & + int, int + &, & - int, & - & (→ native int).
  const isAdd = op === Op.Add || op === Op.AddOvfUn;
  const isSub = op === Op.Sub || op === Op.SubOvfUn;
  const intLike = (t: IrType): boolean => t === IrType.I4 || t === IrType.I;
  if (a === IrType.ByRef && intLike(b) && (isAdd || isSub)) return IrType.ByRef;
  if (intLike(a) && b === IrType.ByRef && isAdd) return IrType.ByRef;
  if (a === IrType.ByRef && b === IrType.ByRef && isSub) return IrType.I;
  // native int − & (an unmanaged pointer minus a pinned managed one): unverifiable, but C#
  // compilers emit it for pointer differences inside `fixed` blocks, and other CLI JITs accept it.
  if (a === IrType.I && b === IrType.ByRef && isSub) return IrType.I;
  return null;
}

/** Result type of shl/shr/shr.un: the shifted value's type, if the amount is int32 or native int. */
export function shiftType(value: IrType, amount: IrType): IrType | null {
  value = stackTypeOf(value);
  amount = stackTypeOf(amount);
  if (amount !== IrType.I4 && amount !== IrType.I) return null;
  return value === IrType.I4 || value === IrType.I8 || value === IrType.I ? value : null;
}

/** Result type of neg (numeric) or not (integer only). */
export function unaryType(op: Op, a: IrType): IrType | null {
  a = stackTypeOf(a);
  if (a === IrType.I4 || a === IrType.I8 || a === IrType.I) return a;
  if (op === Op.Neg && isFloat(a)) return a;
  return null;
}

/**
 * Whether `a` and `b` may be compared (Table III.4). Two object references compare too: equality,
 * and `cgt.un` which compilers emit as the "is not null" idiom.
 */
export function comparable(a: IrType, b: IrType): boolean {
  a = stackTypeOf(a);
  b = stackTypeOf(b);
  if (isFloat(a) || isFloat(b)) return isFloat(a) && isFloat(b);
  if (a === IrType.I4 && b === IrType.I4) return true;
  if (a === IrType.I8 && b === IrType.I8) return true;
  const nat = (t: IrType): boolean => t === IrType.I4 || t === IrType.I;
  if (nat(a) && nat(b)) return true;
  if (a === IrType.ByRef && (b === IrType.ByRef || b === IrType.I)) return true;
  if (b === IrType.ByRef && a === IrType.I) return true;
  if (a === IrType.Ref && b === IrType.Ref) return true;
  return false;
}

/** Whether a value of type `t` can be tested by brtrue/brfalse (int, native int, O, &; §III.3.17). */
export function truthTestable(t: IrType): boolean {
  t = stackTypeOf(t);
  return !isFloat(t) && t !== IrType.Struct;
}

/**
 * The merged type of two stack entries at a join (§III.1.8.1.3), or null if they cannot merge.
 * int32 and native int merge to native int; float32 and float64 to float64. Beyond the
 * verifiable rules, native int and a managed pointer merge to a managed pointer: C# compilers
 * emit that join for `fixed` statements (a null pointer from `conv.u` on one path, `ldelema` on
 * the other), and other CLI JITs accept it.
 */
export function mergeStackTypes(a: IrType, b: IrType): IrType | null {
  if (a === b) return a; // (two structs also need the same layout: the importer checks that)
  const nat = (t: IrType): boolean => t === IrType.I4 || t === IrType.I;
  if (nat(a) && nat(b)) return IrType.I;
  if (isFloat(a) && isFloat(b)) return IrType.R8;
  if ((a === IrType.I && b === IrType.ByRef) || (a === IrType.ByRef && b === IrType.I)) return IrType.ByRef;
  return null;
}

/**
 * Whether `Mov dst, src` is a legal implicit conversion: a store to a variable of storage type
 * `dst` from a stack value of type `src` (§III.1.6 implicit argument coercion), a load of a
 * variable into a temporary, or a move into a widened block-entry temporary.
 */
export function movCompatible(dst: IrType, src: IrType): boolean {
  const d = stackTypeOf(dst);
  const s = stackTypeOf(src);
  if (d === s) return true;
  const nat = (t: IrType): boolean => t === IrType.I4 || t === IrType.I;
  if (nat(d) && nat(s)) return true;
  if (isFloat(d) && isFloat(s)) return true;
  // Storing a native int into a managed-pointer slot (or back) is unverifiable but valid CIL.
  if ((d === IrType.ByRef && s === IrType.I) || (d === IrType.I && s === IrType.ByRef)) return true;
  // int64 <-> native int: the same width here; compilers emit it for IntPtr arithmetic.
  if ((d === IrType.I8 && s === IrType.I) || (d === IrType.I && s === IrType.I8)) return true;
  return false;
}

/**
 * Whether stack value `v` may be stored into a location of type `dst` (a variable, field,
 * parameter or return value): structs only into the same struct; everything else by `movCompatible`.
 */
export function assignable(dst: JitType, v: VReg): boolean {
  if (isStruct(dst)) return v.type === IrType.Struct && v.layout !== null && sameStruct(dst, v.layout);
  return v.type !== IrType.Struct && dst !== IrType.Struct && movCompatible(dst, v.type);
}
