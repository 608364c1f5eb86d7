/**
 * IR value types. One enum serves both the storage types of arguments, locals, fields and array
 * elements (which may be narrower than a stack slot: bool, byte, short, char) and the types of
 * evaluation-stack values, which ECMA-335 §III.1.1 widens to int32, int64, native int, F, O and &.
 * Unlike the spec's single F type, float32 and float64 stay distinct so the code generator can
 * pick ss/sd forms; at a join they merge to float64 (§III.1.8.1.3 allows the wider type).
 *
 * Invariant: a temporary (a value on the evaluation stack) always has a stack type
 * (`isStackType`); only argument, local and memory accesses carry the small types.
 */

/** The type of a virtual register or a memory location. */
export const enum IrType {
  /** int8 (`sbyte`); widens to I4 on the stack with sign extension. */
  I1,
  /** uint8 (`byte`, `bool`); widens to I4 with zero extension. */
  U1,
  /** int16 (`short`); widens to I4 with sign extension. */
  I2,
  /** uint16 (`ushort`, `char`); widens to I4 with zero extension. */
  U2,
  /** int32; a stack type. */
  I4,
  /** uint32 storage; loads as I4 (the bits are the same). */
  U4,
  /** int64; a stack type. */
  I8,
  /** uint64 storage; loads as I8. */
  U8,
  /** native int (64-bit here); a stack type. */
  I,
  /** native unsigned int storage; loads as I. */
  U,
  /** float32; a stack type in this IR (the spec's F, kept single precision). */
  R4,
  /** float64; a stack type (the spec's F). */
  R8,
  /** Object reference (O), GC-tracked; a stack type. */
  Ref,
  /** Managed pointer (&), GC-tracked as an interior pointer; a stack type. */
  ByRef,
  /** A value type other than the primitives (its `StructLayout` travels with the vreg); a stack type. */
  Struct,
}

const NAMES = ['i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'i', 'u', 'r4', 'r8', 'ref', 'byref', 'struct'];

/** A value type's layout, as the runtime computed it (ECMA-335 §II.10.7, §II.13). */
export interface StructLayout {
  /** Display name (`System.DateTime`). */
  readonly name: string;
  /** Instance size in bytes (the unboxed value). */
  readonly size: number;
  /** Offsets of object references inside the value (for GC info). */
  readonly refOffsets: readonly number[];
  /** Opaque handle the runtime's helpers take for boxing and unboxing. */
  readonly typeHandle: bigint;
}

/** The type of a parameter, local, field or return value: a primitive/reference `IrType` or a struct. */
export type JitType = IrType | StructLayout;

export function isStruct(t: JitType): t is StructLayout {
  return typeof t === 'object';
}

/** The IrType of a JitType (`Struct` for a struct). */
export function irTypeOf(t: JitType): IrType {
  return isStruct(t) ? IrType.Struct : t;
}

/** Whether two struct layouts describe the same type. */
export function sameStruct(a: StructLayout, b: StructLayout): boolean {
  return a === b || (a.name === b.name && a.size === b.size && a.typeHandle === b.typeHandle);
}

/** Whether a value type of this size travels in one register (Windows x64: 1, 2, 4 or 8 bytes); others go by reference. */
export function passedInRegister(s: StructLayout): boolean {
  return s.size === 1 || s.size === 2 || s.size === 4 || s.size === 8;
}

/** Display name of a JitType. */
export function jitTypeName(t: JitType): string {
  return isStruct(t) ? t.name : typeName(t);
}

/** Short lowercase name used by the IR printer (`i4`, `r8`, `ref`). */
export function typeName(t: IrType): string {
  return NAMES[t] ?? `type${t as number}`;
}

/** The evaluation-stack type a value of storage type `t` has once loaded (§III.1.1, Table III.1). */
export function stackTypeOf(t: IrType): IrType {
  switch (t) {
    case IrType.I1:
    case IrType.U1:
    case IrType.I2:
    case IrType.U2:
    case IrType.I4:
    case IrType.U4:
      return IrType.I4;
    case IrType.I8:
    case IrType.U8:
      return IrType.I8;
    case IrType.I:
    case IrType.U:
      return IrType.I;
    default:
      return t;
  }
}

/** True for the types an evaluation-stack value may have. */
export function isStackType(t: IrType): boolean {
  return stackTypeOf(t) === t;
}

/** True for float32 and float64. */
export function isFloat(t: IrType): boolean {
  return t === IrType.R4 || t === IrType.R8;
}

/** True for the integer types (any width, either signedness). */
export function isInteger(t: IrType): boolean {
  return t <= IrType.U;
}

/** True for object references and managed pointers (what the GC must see). */
export function isGcType(t: IrType): boolean {
  return t === IrType.Ref || t === IrType.ByRef;
}

/** Size in bytes of a value of type `t` in memory. */
export function sizeOf(t: IrType): 1 | 2 | 4 | 8 {
  switch (t) {
    case IrType.I1:
    case IrType.U1:
      return 1;
    case IrType.I2:
    case IrType.U2:
      return 2;
    case IrType.I4:
    case IrType.U4:
    case IrType.R4:
      return 4;
    default:
      return 8;
  }
}

/** True when loading `t` from memory zero-extends (unsigned small types). */
export function isUnsignedStorage(t: IrType): boolean {
  return t === IrType.U1 || t === IrType.U2 || t === IrType.U4 || t === IrType.U8 || t === IrType.U;
}
