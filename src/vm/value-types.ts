/**
 * Value types as the JIT sees them (ECMA-335 §II.13, §I.8.2.1): a primitive or enum travels as its
 * storage `IrType`; any other struct as a `StructLayout` built from the loaded TypeDesc — its
 * size (the unboxed value), the offsets of the object references inside it (for GC info, embedded
 * structs included) and its MethodTable as the handle the box/unbox helpers take.
 *
 * Invariant: one `StructLayout` object per TypeDesc, so the JIT's `sameStruct` identity check is
 * cheap and a layout never changes once handed out (the type is fully loaded first).
 */
import { IrType, type JitType, type StructLayout } from '../jit/ir/types';
import { NotSupportedYetError } from './errors';
import { valueTypeRefOffsets } from './gc/type-info';
import type { TypeLoader } from './type-loader';
import { type TypeDesc, TypeKind } from './type-desc';

const layouts = new WeakMap<TypeDesc, StructLayout>();

/** The layout of struct `t` (loads it). */
export function structLayoutOf(types: TypeLoader, t: TypeDesc): StructLayout {
  let l = layouts.get(t);
  if (l) return l;
  types.ensureLoaded(t);
  l = { name: t.fullName, size: t.instanceSize, refOffsets: valueTypeRefOffsets(t), typeHandle: t.methodTable };
  layouts.set(t, l);
  return l;
}

/**
 * The JIT type of a value of type `t` in a local, argument, field, element or return value: its
 * storage type, or the struct's layout; a named error for what the type loader cannot build yet.
 */
export function jitTypeFor(types: TypeLoader, t: TypeDesc, where: string): JitType {
  if (t.kind === TypeKind.Unsupported) throw new NotSupportedYetError(t.unsupportedReason, where);
  if (t.storage !== null) return t.storage;
  if (t.kind === TypeKind.ValueType) return structLayoutOf(types, t);
  throw new NotSupportedYetError(`storage of ${t.fullName}`, where);
}

/** The storage type a value of enum or primitive `t` has, or undefined for structs and references. */
export function primitiveStorage(t: TypeDesc): IrType | undefined {
  return t.kind === TypeKind.ValueType && t.storage !== null ? t.storage : undefined;
}
