/**
 * Object-model icalls (icall-def.h groups STRING, OBJECT, ARRAY, RUNTIMEHELPERS): allocation goes
 * through the runtime's object API (`rt.objects`), never around it, and layouts are those of
 * shared/mono-bcl-contract.md §1 (String length @16, chars @20; SZ array length @24, data @32).
 *
 *  - `String.FastAllocateString(int)`: a zeroed string of that length (a NUL follows it);
 *  - `Object.MemberwiseClone()`: a new object of the same type with the same field bytes (the
 *    header's sync word is not copied: a clone starts unlocked);
 *  - `Array.GetRank/GetLength/GetLowerBound`: an SZ array has rank 1, its length @24 and lower
 *    bound 0; a general array (`T[,]`, `T[*]`) reads its rank from its type and each dimension's
 *    `{length, lowerBound}` from the bounds that follow its data (general-arrays.ts); a dimension
 *    outside the rank is IndexOutOfRangeException;
 *  - `RuntimeHelpers.get_OffsetToStringData` = 20 and `InitializeArray(Array, RuntimeFieldHandle)`,
 *    which copies the field's FieldRVA blob (ECMA-335 §II.22.18) into the array's data.
 */
import { cloneGeneralArray } from '../general-arrays';
import { MAX_ARRAY_LENGTH } from '../objects';
import { ARRAY_BOUNDS_OFFSET, ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, OBJECT_HEADER_SIZE, STRING_DATA_OFFSET, TypeKind, type TypeDesc } from '../type-desc';
import { IcallArgumentError } from './errors';
import { guestMemmove } from './buffer';
import { icall, type IcallContext, type IcallTable } from './registry';

const NULL_REFERENCE = ['System.NullReferenceException', 'Object reference not set to an instance of an object.'] as const;
const INDEX_OUT_OF_RANGE = ['System.IndexOutOfRangeException', 'Index was outside the bounds of the array.'] as const;

/** The loaded type of a non-null object (a named error for a pointer that is not one). */
export function typeOfObject(ctx: IcallContext, obj: bigint, parameter: string): TypeDesc {
  const mt = ctx.rt.machine.memory.u64(obj);
  const t = ctx.rt.types.typeOfMethodTable(mt);
  if (!t) throw new IcallArgumentError(ctx.icall, parameter, `0x${obj.toString(16)} is not an object of this runtime (MethodTable 0x${mt.toString(16)})`);
  return t;
}

/** The SZ array `obj` (NullReferenceException for null), with its type and length. */
function szArray(ctx: IcallContext, obj: bigint, parameter: string): { type: TypeDesc; length: number } | null {
  if (obj === 0n) return null;
  const type = typeOfObject(ctx, obj, parameter);
  if (type.kind !== TypeKind.SzArray) throw new IcallArgumentError(ctx.icall, parameter, `${type.fullName} is not an array`);
  return { type, length: ctx.rt.machine.memory.u32(obj + BigInt(ARRAY_LENGTH_OFFSET)) };
}

/** The dimensions of array `obj` (null for a null reference): one `{length, lower}` per rank. */
export function arrayShape(ctx: IcallContext, obj: bigint, parameter: string): { type: TypeDesc; dims: { length: number; lower: number }[] } | null {
  const a = szArray(ctx, obj, parameter);
  if (!a) return null;
  if (a.type.arrayRank === 0) return { type: a.type, dims: [{ length: a.length, lower: 0 }] };
  const mem = ctx.rt.machine.memory;
  const bounds = mem.u64(obj + BigInt(ARRAY_BOUNDS_OFFSET));
  const dims = [];
  for (let d = 0; d < a.type.arrayRank; d++) dims.push({ length: mem.u32(bounds + BigInt(8 * d)), lower: mem.i32(bounds + BigInt(8 * d + 4)) });
  return { type: a.type, dims };
}

function raise(ctx: IcallContext, e: readonly [string, string]): never {
  return ctx.rt.helpers.raise(e[0], e[1], ctx.call);
}

/** A shallow copy of `obj` made through the object API. */
export function memberwiseClone(ctx: IcallContext, obj: bigint): bigint {
  const rt = ctx.rt;
  const mem = rt.machine.memory;
  const type = typeOfObject(ctx, obj, 'this');
  if (type.assembly === rt.binder.corlib && type.fullName === 'System.String') {
    return rt.objects.allocString(rt.objects.readString(obj));
  }
  if (type.kind === TypeKind.SzArray && type.arrayRank > 0) return cloneGeneralArray(ctx.rt, obj, type);
  if (type.kind === TypeKind.SzArray) {
    const length = mem.u32(obj + BigInt(ARRAY_LENGTH_OFFSET));
    const copy = rt.objects.allocArray(type, length);
    guestMemmove(rt, copy + BigInt(ARRAY_DATA_OFFSET), obj + BigInt(ARRAY_DATA_OFFSET), length * type.element!.valueSize);
    return copy;
  }
  if (type.kind !== TypeKind.Class) throw new IcallArgumentError(ctx.icall, 'this', `cannot clone an instance of ${type.fullName}`);
  const copy = rt.objects.allocObject(type);
  guestMemmove(rt, copy + BigInt(OBJECT_HEADER_SIZE), obj + BigInt(OBJECT_HEADER_SIZE), type.instanceSize - OBJECT_HEADER_SIZE);
  return copy;
}

export const objectIcalls: IcallTable = [
  icall('System.String::FastAllocateString(int)', ['i32'], 'ref', (ctx, length) => {
    if (length < 0 || length > MAX_ARRAY_LENGTH) return ctx.rt.helpers.raise('System.OutOfMemoryException', 'Insufficient memory to continue the execution of the program.', ctx.call);
    return ctx.rt.objects.allocString('\0'.repeat(length));
  }),
  icall('System.Object::MemberwiseClone()', ['ref'], 'ref', (ctx, self) => (self === 0n ? raise(ctx, NULL_REFERENCE) : memberwiseClone(ctx, self))),
  icall('System.Array::GetRank()', ['ref'], 'i32', (ctx, self) => arrayShape(ctx, self, 'this')?.dims.length ?? raise(ctx, NULL_REFERENCE)),
  icall('System.Array::GetLength(int)', ['ref', 'i32'], 'i32', (ctx, self, dimension) => {
    const a = arrayShape(ctx, self, 'this');
    if (!a) return raise(ctx, NULL_REFERENCE);
    return a.dims[dimension]?.length ?? raise(ctx, INDEX_OUT_OF_RANGE);
  }),
  icall('System.Array::GetLowerBound(int)', ['ref', 'i32'], 'i32', (ctx, self, dimension) => {
    const a = arrayShape(ctx, self, 'this');
    if (!a) return raise(ctx, NULL_REFERENCE);
    return a.dims[dimension]?.lower ?? raise(ctx, INDEX_OUT_OF_RANGE);
  }),
  icall('System.Runtime.CompilerServices.RuntimeHelpers::get_OffsetToStringData()', [], 'i32', () => STRING_DATA_OFFSET),
  icall('System.Runtime.CompilerServices.RuntimeHelpers::InitializeArray(System.Array,intptr)', ['ref', 'ptr'], 'void', (ctx, array, fieldHandle) => {
    const a = szArray(ctx, array, 'array');
    if (!a) return raise(ctx, NULL_REFERENCE);
    const field = ctx.rt.icalls.fieldByHandle(fieldHandle);
    if (!field) throw new IcallArgumentError(ctx.icall, 'fldHandle', `0x${fieldHandle.toString(16)} is not a RuntimeFieldHandle of this runtime`);
    const elem = a.type.element!;
    if (elem.kind !== TypeKind.ValueType || elem.storage === null) throw new IcallArgumentError(ctx.icall, 'array', `element type ${elem.fullName} is not a primitive or enum`);
    const asm = field.declaringType.assembly!;
    const blobType = ctx.rt.types.ensureLoaded(field.type);
    const needed = a.length * elem.valueSize;
    if (needed > blobType.valueSize) return ctx.rt.helpers.raise('System.ArgumentException', 'Value does not fall within the expected range.', ctx.call);
    if (needed > 0) ctx.rt.machine.memory.write(array + BigInt(ARRAY_DATA_OFFSET), asm.md.fieldRvaData(field.row, needed));
  }),
];

/**
 * `String.InternalIntern(string)`: the runtime's one String object for that text — the same
 * object `ldstr` of the same literal loads (the literal table of the object allocator).
 */
export const internIcalls: IcallTable = [
  icall('System.String::InternalIntern(string)', ['ref'], 'ref', (ctx, s) => {
    if (s === 0n) return ctx.rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: str', ctx.call);
    return ctx.rt.machine.memory.u64(ctx.rt.objects.literalSlot(ctx.rt.objects.readString(s)));
  }),
];
