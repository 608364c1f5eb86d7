/**
 * `Marshal.Copy` between native memory and managed arrays (icall-def.h group MARSHAL; Mono's
 * `ves_icall_System_Runtime_InteropServices_Marshal_copy_from_unmanaged` / `copy_to_unmanaged`):
 * the managed side already passes the pinned address of `array[startIndex]` (the `fixed` pointer),
 * so the copy is `length` elements of the array's element size between that address and the
 * native pointer. A null array is ArgumentNullException, a non-array a named error.
 */
import { ARRAY_DATA_OFFSET, TypeKind } from '../type-desc';
import { guestMemmove } from './buffer';
import { IcallArgumentError } from './errors';
import { typeOfObject } from './objects';
import { icall, type IcallContext, type IcallTable } from './registry';

/** Bytes per element of managed array `array`. */
function elementSize(ctx: IcallContext, array: bigint): number {
  const t = typeOfObject(ctx, array, 'array');
  if (t.kind !== TypeKind.SzArray || !t.element) throw new IcallArgumentError(ctx.icall, 'array', `${t.fullName} is not an array`);
  return t.element.valueSize;
}

export const marshalCopyIcalls: IcallTable = [
  icall('System.Runtime.InteropServices.Marshal::copy_from_unmanaged_fixed(intptr,int,System.Array,int,void*)', ['ptr', 'i32', 'ref', 'i32', 'ptr'], 'void', (ctx, source, startIndex, array, length, fixedDest) => {
    if (array === 0n) return ctx.rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: destination', ctx.call);
    const size = elementSize(ctx, array);
    const dest = fixedDest !== 0n ? fixedDest : array + BigInt(ARRAY_DATA_OFFSET + startIndex * size);
    guestMemmove(ctx.rt, dest, source, length * size);
  }),
  icall('System.Runtime.InteropServices.Marshal::copy_to_unmanaged_fixed(System.Array,int,intptr,int,void*)', ['ref', 'i32', 'ptr', 'i32', 'ptr'], 'void', (ctx, array, startIndex, dest, length, fixedSource) => {
    if (array === 0n) return ctx.rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: source', ctx.call);
    const size = elementSize(ctx, array);
    const src = fixedSource !== 0n ? fixedSource : array + BigInt(ARRAY_DATA_OFFSET + startIndex * size);
    guestMemmove(ctx.rt, dest, src, length * size);
  }),
];
