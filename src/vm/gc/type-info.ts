/**
 * What the collector needs to know about each MethodTable, computed once per type from its
 * TypeDesc (the precise half of README.md "Roots and references"):
 *
 *  - the object's size (fixed, or header + length × component size for String and arrays,
 *    layouts per shared/mono-bcl-contract.md §1.1–1.3);
 *  - the offsets of its reference fields, including references inside embedded value types
 *    (recursively) and the fields of every parent class;
 *  - for arrays: whether each element is a reference, or the reference offsets inside one
 *    value-type element;
 *  - its finalizer: the method in System.Object::Finalize's vtable slot when a type overrides it.
 *
 * A field holds a reference exactly when its storage type is `IrType.Ref` (classes, arrays,
 * strings, interfaces); pointers and managed pointers are not traced (ECMA-335 §I.8.2.1.1:
 * unmanaged pointers are not reported; byrefs cannot be fields).
 */
import { IrType } from '../../jit/ir/types';
import type { MethodDesc } from '../method-desc';
import {
  ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, OBJECT_HEADER_SIZE, STRING_DATA_OFFSET, STRING_LENGTH_OFFSET,
  type TypeDesc, TypeKind,
} from '../type-desc';
import { alignObjectSize } from './size-classes';

/** How an object's size and references are found. */
export const enum GcShape {
  /** A class instance or boxed value: fixed size, fixed reference offsets. */
  Fixed,
  /** System.String: no references, size from its length. */
  String,
  /** A one-dimensional array: size from its length, references per element. */
  Array,
}

export class GcTypeInfo {
  constructor(
    readonly type: TypeDesc,
    readonly shape: GcShape,
    /** Fixed: the instance size. Array: element size. String: 2. */
    readonly unitSize: number,
    /**
     * Fixed: reference offsets from the object start. Array: reference offsets inside one
     * element (a reference array has the single offset 0).
     */
    readonly refOffsets: Int32Array,
    /** The Finalize override, or null. */
    readonly finalizer: MethodDesc | null,
    /** Array: 0 for a vector; the rank of a general array, whose bounds follow the data (8 bytes a dimension). */
    readonly rank = 0,
  ) {}

  /** Bytes the object at `obj` occupies, given a reader for its 32-bit length field. */
  sizeOf(readLength: (offset: number) => number): number {
    switch (this.shape) {
      case GcShape.Fixed: return this.unitSize;
      case GcShape.String: return alignObjectSize(STRING_DATA_OFFSET + 2 * (readLength(STRING_LENGTH_OFFSET) + 1));
      case GcShape.Array: {
        const data = ARRAY_DATA_OFFSET + readLength(ARRAY_LENGTH_OFFSET) * this.unitSize;
        // A general array's bounds sit after the data, 8-aligned (shared/mono-bcl-contract.md §1.3).
        return alignObjectSize(this.rank === 0 ? data : Math.ceil(data / 8) * 8 + 8 * this.rank);
      }
    }
  }

  get hasReferences(): boolean {
    return this.refOffsets.length > 0;
  }
}

/** Reference offsets inside a value of value type `t` (relative to the value's start). */
export function valueTypeRefOffsets(t: TypeDesc, out: number[] = [], base = 0): number[] {
  for (const f of t.instanceFields) addFieldRefs(f.type, base + f.offset, out);
  return out;
}

/** Adds the references a field of type `ft` at `offset` contributes. */
export function addFieldRefs(ft: TypeDesc, offset: number, out: number[]): void {
  if (ft.storage === IrType.Ref) out.push(offset);
  else if (ft.storage === null && ft.kind === TypeKind.ValueType) valueTypeRefOffsets(ft, out, offset);
}

/** Reference offsets of an instance of class `t`, parents' fields included, ascending. */
export function classRefOffsets(t: TypeDesc): number[] {
  const out: number[] = [];
  for (let c: TypeDesc | null = t; c; c = c.parent) {
    for (const f of c.instanceFields) addFieldRefs(f.type, f.offset, out);
  }
  return out.sort((a, b) => a - b);
}

/** Builds the info for a loaded type; `objectFinalize` is System.Object::Finalize. */
export function computeTypeInfo(t: TypeDesc, objectFinalize: MethodDesc | null, isString: boolean): GcTypeInfo {
  if (isString) return new GcTypeInfo(t, GcShape.String, 2, new Int32Array(0), null);
  if (t.kind === TypeKind.SzArray) {
    const e = t.element!;
    const offsets = e.kind === TypeKind.ValueType && e.storage === null ? valueTypeRefOffsets(e) : e.storage === IrType.Ref ? [0] : [];
    return new GcTypeInfo(t, GcShape.Array, e.valueSize, Int32Array.from(offsets), null, t.arrayRank);
  }
  if (t.kind === TypeKind.ValueType) {
    // A boxed value: the value follows the header.
    const offsets = t.storage === null ? valueTypeRefOffsets(t, [], OBJECT_HEADER_SIZE) : [];
    return new GcTypeInfo(t, GcShape.Fixed, alignObjectSize(OBJECT_HEADER_SIZE + t.instanceSize), Int32Array.from(offsets), null);
  }
  let finalizer: MethodDesc | null = null;
  if (objectFinalize && objectFinalize.slot >= 0 && objectFinalize.slot < t.vtable.length) {
    const m = t.vtable[objectFinalize.slot]!;
    if (m !== objectFinalize) finalizer = m;
  }
  return new GcTypeInfo(t, GcShape.Fixed, alignObjectSize(Math.max(t.instanceSize, OBJECT_HEADER_SIZE)), Int32Array.from(classRefOffsets(t)), finalizer);
}

/** Offsets of reference-holding static fields from the type's static block (`staticsBase`). */
export function staticRefOffsets(t: TypeDesc): number[] {
  const out: number[] = [];
  for (const f of t.staticFields) {
    if (f.address === 0n) continue; // literals have no storage
    addFieldRefs(f.type, Number(f.address - t.staticsBase), out);
  }
  return out;
}
