/**
 * `System.Array` copy and clear (icall-def.h group ARRAY), behind Array.Copy and Array.Clear:
 *  - `ClearInternal(Array, index, count)`: zeroes `count` elements from `index` (the managed
 *    caller has checked the range);
 *  - `FastCopy(src, srcIndex, dst, dstIndex, length)`: Mono's fast path (icall.c
 *    `ves_icall_System_Array_FastCopy`). It copies and answers true when no element needs a
 *    conversion: the same element type, or reference elements whose class derives from the
 *    destination's element class (System.Object included). Otherwise it answers false and the
 *    managed caller takes its element-by-element path, which does the casting, boxing and
 *    ArrayTypeMismatchException — so answering false is always safe, answering true is only done
 *    when a plain memmove is exactly right. A range outside either array also answers false.
 *  - `CreateInstanceImpl(Type elementType, int[] lengths, int[] bounds)`: behind
 *    Array.CreateInstance: a vector `T[]` for one length without lower bounds (or a zero one), a
 *    general array `T[,…]` (or `T[*]`) otherwise; the managed caller has checked the arguments;
 *  - `GetValueImpl(int pos)` / `SetValueImpl(object value, int pos)`: the element at linear
 *    position `pos` (any rank) as an object (value types boxed) / stored from one: a reference
 *    must be castable to the element type (InvalidCastException otherwise), a value must be a box
 *    of the element type itself or null (zeroing it); a primitive widening store (Mono converts
 *    int → long and the like) is a named NotSupportedYetError until a program needs it;
 *  - `GetValue(int[])` / `SetValue(object, int[])`: the same, at the element the indices name
 *    (each index checked against its dimension's lower bound and length).
 */
import { isCastable } from '../casting';
import { NotSupportedYetError } from '../errors';
import { allocGeneralArray } from '../general-arrays';
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, OBJECT_HEADER_SIZE, TypeKind, type TypeDesc } from '../type-desc';
import { arrayShape } from './objects';
import { typeOfTypeObject } from './type';
import { guestMemmove } from './buffer';
import { IcallArgumentError } from './errors';
import { icall, type IcallContext, type IcallTable } from './registry';

function arrayOf(ctx: IcallContext, obj: bigint, parameter: string): { type: TypeDesc; length: number } {
  if (obj === 0n) return ctx.rt.helpers.raise('System.ArgumentNullException', `Value cannot be null.\r\nParameter name: ${parameter}`, ctx.call);
  const mem = ctx.rt.machine.memory;
  const type = ctx.rt.types.typeOfMethodTable(mem.u64(obj));
  if (!type || type.kind !== TypeKind.SzArray) throw new IcallArgumentError(ctx.icall, parameter, `0x${obj.toString(16)} is not an SZ array of this runtime`);
  return { type, length: mem.u32(obj + BigInt(ARRAY_LENGTH_OFFSET)) };
}

/** Whether every `src` element may be stored as a `dst` element without conversion or check. */
export function copiesAsBits(src: TypeDesc, dst: TypeDesc, objectType: TypeDesc): boolean {
  if (src === dst) return true;
  if (src.isValueType || dst.isValueType) return false;
  if (dst === objectType) return true;
  if (src.kind !== TypeKind.Class || dst.kind !== TypeKind.Class || dst.isInterface) return false;
  for (let t: TypeDesc | null = src.parent; t; t = t.parent) if (t === dst) return true;
  return false;
}

/** The element at linear position `pos` of array `self` (any rank) as an object: value types boxed. */
function getValueAt(ctx: IcallContext, self: bigint, pos: number): bigint {
  const rt = ctx.rt;
  const a = arrayOf(ctx, self, 'this');
  const elem = rt.types.ensureLoaded(a.type.element!);
  if (!elem.isValueType) return rt.machine.memory.u64(self + BigInt(ARRAY_DATA_OFFSET + 8 * pos));
  const box = rt.gc.protect([self], () => rt.objects.allocObject(elem));
  guestMemmove(rt, box + BigInt(OBJECT_HEADER_SIZE), self + BigInt(ARRAY_DATA_OFFSET + pos * elem.valueSize), elem.valueSize);
  return box;
}

/** Stores `value` at linear position `pos` of array `self`, with the checks SetValue makes. */
function setValueAt(ctx: IcallContext, self: bigint, value: bigint, pos: number): void {
  const rt = ctx.rt;
  const mem = rt.machine.memory;
  const a = arrayOf(ctx, self, 'this');
  const elem = rt.types.ensureLoaded(a.type.element!);
  const valueType = value === 0n ? null : rt.types.typeOfMethodTable(mem.u64(value));
  if (!elem.isValueType) {
    if (valueType && !isCastable(rt, valueType, elem)) return rt.helpers.raise('System.InvalidCastException', 'Object cannot be stored in an array of this type.', ctx.call);
    mem.setU64(self + BigInt(ARRAY_DATA_OFFSET + 8 * pos), value);
    return;
  }
  const at = self + BigInt(ARRAY_DATA_OFFSET + pos * elem.valueSize);
  if (!valueType) {
    mem.write(at, Buffer.alloc(elem.valueSize));
    return;
  }
  if (valueType !== elem) {
    if (valueType.isValueType && elem.storage !== null && valueType.storage !== null) throw new NotSupportedYetError(`storing a ${valueType.fullName} into a ${elem.fullName} array element (a widening conversion)`, ctx.icall);
    return rt.helpers.raise('System.InvalidCastException', 'Object cannot be stored in an array of this type.', ctx.call);
  }
  guestMemmove(rt, at, value + BigInt(OBJECT_HEADER_SIZE), elem.valueSize);
}

/** The linear position `indices` name in array `self` (row-major), or undefined after raising. */
function linearPosition(ctx: IcallContext, self: bigint, indices: bigint): number | undefined {
  const rt = ctx.rt;
  if (indices === 0n) return rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: indices', ctx.call);
  const shape = arrayShape(ctx, self, 'this');
  if (!shape) return rt.helpers.raise('System.NullReferenceException', 'Object reference not set to an instance of an object.', ctx.call);
  const mem = rt.machine.memory;
  const n = mem.u32(indices + BigInt(ARRAY_LENGTH_OFFSET));
  if (n !== shape.dims.length) return rt.helpers.raise('System.ArgumentException', 'Indices length does not match the array rank.', ctx.call);
  let linear = 0;
  for (let d = 0; d < n; d++) {
    const i = mem.i32(indices + BigInt(ARRAY_DATA_OFFSET + 4 * d)) - shape.dims[d]!.lower;
    if (i < 0 || i >= shape.dims[d]!.length) return rt.helpers.raise('System.IndexOutOfRangeException', 'Index was outside the bounds of the array.', ctx.call);
    linear = linear * shape.dims[d]!.length + i;
  }
  return linear;
}

export const arrayIcalls: IcallTable = [
  icall('System.Array::ClearInternal(System.Array,int,int)', ['ref', 'i32', 'i32'], 'void', (ctx, array, index, count) => {
    const a = arrayOf(ctx, array, 'array');
    if (index < 0 || count < 0 || index > a.length - count) return ctx.rt.helpers.raise('System.IndexOutOfRangeException', 'Index was outside the bounds of the array.', ctx.call);
    const size = a.type.element!.valueSize;
    if (count > 0) ctx.rt.machine.memory.write(array + BigInt(ARRAY_DATA_OFFSET + index * size), new Uint8Array(count * size));
  }),
  icall('System.Array::FastCopy(System.Array,int,System.Array,int,int)', ['ref', 'i32', 'ref', 'i32', 'i32'], 'bool', (ctx, source, sourceIndex, dest, destIndex, length) => {
    const s = arrayOf(ctx, source, 'sourceArray');
    const d = arrayOf(ctx, dest, 'destinationArray');
    if (sourceIndex < 0 || destIndex < 0 || length < 0 || sourceIndex > s.length - length || destIndex > d.length - length) return false;
    const types = ctx.rt.types;
    const se = types.ensureLoaded(s.type.element!);
    const de = types.ensureLoaded(d.type.element!);
    if (!copiesAsBits(se, de, types.ensureLoaded(types.corlibType('System.Object')))) return false;
    const size = se.valueSize;
    guestMemmove(ctx.rt, dest + BigInt(ARRAY_DATA_OFFSET + destIndex * size), source + BigInt(ARRAY_DATA_OFFSET + sourceIndex * size), length * size);
    return true;
  }),
  icall('System.Array::CreateInstanceImpl(System.Type,int[],int[])', ['ref', 'ref', 'ref'], 'ref', (ctx, elementType, lengths, bounds) => {
    const rt = ctx.rt;
    const mem = rt.machine.memory;
    const element = rt.types.ensureLoaded(typeOfTypeObject(ctx, elementType, 'elementType'));
    const ints = (a: bigint): number[] => (a === 0n ? [] : Array.from({ length: mem.u32(a + BigInt(ARRAY_LENGTH_OFFSET)) }, (_, i) => mem.i32(a + BigInt(ARRAY_DATA_OFFSET + 4 * i))));
    const lens = ints(lengths);
    const lowers = bounds === 0n ? lens.map(() => 0) : ints(bounds);
    if (lens.length === 1 && lowers[0] === 0) return rt.objects.allocArray(rt.types.ensureLoaded(rt.types.arrayOf(element)), lens[0]!);
    const t = rt.types.ensureLoaded(rt.types.generalArrayOf(element, lens.length));
    return allocGeneralArray(rt, t, lens, lowers);
  }),
  icall('System.Array::GetValueImpl(int)', ['ref', 'i32'], 'ref', (ctx, self, pos) => getValueAt(ctx, self, pos)),
  icall('System.Array::SetValueImpl(object,int)', ['ref', 'ref', 'i32'], 'void', (ctx, self, value, pos) => setValueAt(ctx, self, value, pos)),
  icall('System.Array::GetValue(int[])', ['ref', 'ref'], 'ref', (ctx, self, indices) => {
    const pos = linearPosition(ctx, self, indices);
    return pos === undefined ? 0n : getValueAt(ctx, self, pos);
  }),
  icall('System.Array::SetValue(object,int[])', ['ref', 'ref', 'ref'], 'void', (ctx, self, value, indices) => {
    const pos = linearPosition(ctx, self, indices);
    if (pos !== undefined) setValueAt(ctx, self, value, pos);
  }),
];
