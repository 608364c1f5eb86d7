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
 */
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, TypeKind, type TypeDesc } from '../type-desc';
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
];
