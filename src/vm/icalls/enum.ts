/**
 * Enum internal calls (Mono's icall-def.h, System.Enum):
 *  - `Enum.get_value()`: the boxed enum's value boxed as its underlying type (the single instance
 *    field `value__`, shared/mono-bcl-contract.md §1.4);
 *  - `Enum.InternalGetUnderlyingType(RuntimeType)`: that field's type;
 *  - `Enum.GetEnumValuesAndNames(RuntimeType, out ulong[], out string[])`: the enumerators (the
 *    static literal fields, §II.14.3) in field order, each value widened to 64 bits the way Mono
 *    reads it (signed underlying types sign-extend); returns whether the values are already in
 *    ascending unsigned order (the managed caller sorts otherwise);
 *  - `Enum.InternalBoxEnum(RuntimeType, long)`: a boxed enum holding the value's low bytes;
 *  - `Enum.InternalCompareTo(object, object)`: -1/0/1 comparing two boxed values of one enum
 *    type by the underlying type's order (signed or unsigned);
 *  - `Enum.InternalHasFlag(Enum)`: `(this & flag) == flag` on the underlying value;
 *  - `Enum.get_hashcode()`: what the underlying primitive's GetHashCode answers, as Mono's icall
 *    computes it (sbyte v ^ v << 8, short (ushort)v | v << 16, char v | v << 16, 64-bit low ^
 *    high, the rest their value).
 */
import { BadImageFormatError, TableId } from '../../metadata';
import type { IcallContext } from './registry';
import { OBJECT_HEADER_SIZE, type FieldDesc, type TypeDesc } from '../type-desc';
import { IcallArgumentError } from './errors';
import { icall, type IcallTable } from './registry';
import { typeOfTypeObject } from './type';

/** Underlying primitive of an enum: its size and whether it is signed. */
interface Underlying {
  readonly field: FieldDesc;
  readonly type: TypeDesc;
  readonly size: number;
  readonly signed: boolean;
}

const SIGNED = new Set(['System.SByte', 'System.Int16', 'System.Int32', 'System.Int64', 'System.IntPtr']);

/** The underlying value field of enum type `t`, or a named error. */
function underlyingOf(ctx: IcallContext, t: TypeDesc, parameter: string): Underlying {
  const loaded = ctx.rt.types.ensureLoaded(t);
  const field = loaded.instanceFields.find((f) => f.name === 'value__');
  if (!field) throw new IcallArgumentError(ctx.icall, parameter, `${t.fullName} is not an enum`);
  const type = ctx.rt.types.ensureLoaded(field.type);
  return { field, type, size: type.valueSize, signed: SIGNED.has(type.fullName) };
}

/** Reads `size` bytes at `at` as a 64-bit value (sign-extended when `signed`). */
function readValue(ctx: IcallContext, at: bigint, u: Underlying): bigint {
  const b = ctx.rt.machine.memory.read(at, u.size);
  let v = 0n;
  for (let i = u.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return u.signed ? BigInt.asIntN(u.size * 8, v) : v;
}

/** The boxed enum `obj`'s type and underlying value. */
function boxedValue(ctx: IcallContext, obj: bigint, parameter: string): { type: TypeDesc; u: Underlying; value: bigint } {
  const type = ctx.rt.types.typeOfMethodTable(ctx.rt.machine.memory.u64(obj));
  if (!type) throw new IcallArgumentError(ctx.icall, parameter, `0x${obj.toString(16)} is not an object of this runtime`);
  const u = underlyingOf(ctx, type, parameter);
  return { type, u, value: readValue(ctx, obj + BigInt(OBJECT_HEADER_SIZE + u.field.offset), u) };
}

/** §II.22.9 Constant value of a literal field, read as the enum's underlying type. */
function literalValue(t: TypeDesc, fieldRow: number, u: Underlying): bigint {
  const md = t.assembly!.md;
  const row = md.constantOf((0x04 << 24) | fieldRow);
  if (row === 0) throw new BadImageFormatError(`enumerator ${md.str(TableId.Field, fieldRow, 1)} of ${t.fullName} has no Constant row`, { table: 'Field', row: fieldRow });
  const c = md.blobCursor(TableId.Constant, row, 3);
  const bytes = c.take(Math.min(u.size, c.remaining), 'enum constant');
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return u.signed ? BigInt.asIntN(u.size * 8, v) : v;
}

/** A new object of enum type `t` holding `value`. */
function boxEnum(ctx: IcallContext, t: TypeDesc, u: Underlying, value: bigint): bigint {
  const loaded = ctx.rt.types.ensureLoaded(t);
  const obj = ctx.rt.objects.allocObject(loaded);
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt.asUintN(64, value));
  ctx.rt.machine.memory.write(obj + BigInt(OBJECT_HEADER_SIZE + u.field.offset), bytes.subarray(0, u.size));
  return obj;
}

export const enumIcalls: IcallTable = [
  icall('System.Enum::get_value()', ['ref'], 'ref', (ctx, self) => {
    const rt = ctx.rt;
    if (self === 0n) return 0n;
    const mem = rt.machine.memory;
    const type = rt.types.typeOfMethodTable(mem.u64(self));
    const field = type?.instanceFields.find((f) => f.name === 'value__');
    if (!type || !field) throw new IcallArgumentError(ctx.icall, 'this', `0x${self.toString(16)} is not a boxed enum of this runtime`);
    const underlying = rt.types.ensureLoaded(field.type);
    return rt.gc.protect([self], () => {
      const boxed = rt.objects.allocObject(underlying);
      // A value type's field offsets count from the value, which a box holds after its header.
      mem.write(boxed + BigInt(OBJECT_HEADER_SIZE), mem.read(self + BigInt(OBJECT_HEADER_SIZE + field.offset), underlying.valueSize));
      return boxed;
    });
  }),
  icall('System.Enum::InternalGetUnderlyingType(System.RuntimeType)', ['ref'], 'ref', (ctx, enumType) =>
    ctx.rt.reflection.typeObject(underlyingOf(ctx, typeOfTypeObject(ctx, enumType, 'enumType'), 'enumType').type)),
  icall('System.Enum::GetEnumValuesAndNames(System.RuntimeType,ulong[]&,string[]&)', ['ref', 'ptr', 'ptr'], 'bool', (ctx, enumType, valuesOut, namesOut) => {
    const rt = ctx.rt;
    const t = rt.types.ensureLoaded(typeOfTypeObject(ctx, enumType, 'enumType'));
    const u = underlyingOf(ctx, t, 'enumType');
    const md = t.assembly!.md;
    const entries: { name: string; value: bigint }[] = [];
    for (const f of md.fieldsOf(t.row)) {
      const flags = md.col(TableId.Field, f, 0);
      // Static (0x10) literal (0x40) fields are the enumerators; value__ is the instance field.
      if ((flags & 0x50) !== 0x50) continue;
      entries.push({ name: md.str(TableId.Field, f, 1), value: BigInt.asUintN(64, literalValue(t, f, u)) });
    }
    const mem = rt.machine.memory;
    const values = rt.objects.allocArray(rt.types.ensureLoaded(rt.types.arrayOf(rt.types.corlibType('System.UInt64'))), entries.length);
    entries.forEach((e, i) => mem.setU64(values + 32n + BigInt(8 * i), e.value));
    mem.setU64(valuesOut, values);
    const names = rt.gc.protect([values], () => rt.objects.allocArray(rt.types.ensureLoaded(rt.types.arrayOf(rt.types.corlibType('System.String'))), entries.length));
    mem.setU64(namesOut, names);
    rt.gc.protect([values, names], () => entries.forEach((e, i) => mem.setU64(names + 32n + BigInt(8 * i), rt.objects.allocString(e.name))));
    return entries.every((e, i) => i === 0 || entries[i - 1]!.value <= e.value);
  }),
  icall('System.Enum::InternalBoxEnum(System.RuntimeType,long)', ['ref', 'i64'], 'ref', (ctx, enumType, value) => {
    const t = typeOfTypeObject(ctx, enumType, 'enumType');
    return boxEnum(ctx, t, underlyingOf(ctx, t, 'enumType'), value);
  }),
  icall('System.Enum::InternalCompareTo(object,object)', ['ref', 'ref'], 'i32', (ctx, o1, o2) => {
    const a = boxedValue(ctx, o1, 'o1');
    const b = boxedValue(ctx, o2, 'o2');
    return a.value === b.value ? 0 : a.value > b.value ? 1 : -1;
  }),
  icall('System.Enum::InternalHasFlag(System.Enum)', ['ref', 'ref'], 'bool', (ctx, self, flag) => {
    const a = boxedValue(ctx, self, 'this');
    const b = boxedValue(ctx, flag, 'flags');
    const mask = (1n << BigInt(a.u.size * 8)) - 1n;
    return ((a.value & b.value) & mask) === (b.value & mask);
  }),
  icall('System.Enum::get_hashcode()', ['ref'], 'i32', (ctx, self) => {
    const a = boxedValue(ctx, self, 'this');
    const v = Number(BigInt.asIntN(32, a.value));
    switch (a.u.type.fullName) {
      case 'System.SByte': return v ^ (v << 8);
      case 'System.Int16': return (v & 0xffff) | (v << 16);
      case 'System.Char': return v | (v << 16);
      case 'System.Int64':
      case 'System.UInt64': {
        const w = BigInt.asUintN(64, a.value);
        return Number(BigInt.asIntN(32, (w & 0xffff_ffffn) ^ (w >> 32n)));
      }
      default: return v;
    }
  }),
];
