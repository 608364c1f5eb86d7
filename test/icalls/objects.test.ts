/**
 * Object-model icalls: FastAllocateString, MemberwiseClone, Array rank/length/lower bound,
 * RuntimeHelpers.get_OffsetToStringData and InitializeArray over a real FieldRVA blob of mscorlib.
 */
import { TableId } from '../../src/metadata';
import { UnhandledManagedException } from '../../src/vm/errors';
import { IcallArgumentError } from '../../src/vm/icalls';
import { ARRAY_DATA_OFFSET, STRING_DATA_OFFSET, STRING_LENGTH_OFFSET, type TypeDesc } from '../../src/vm/type-desc';
import { callIcall, icallRuntime, str, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
beforeAll(() => { t = icallRuntime(); });
afterAll(() => t.close());

const arrayType = (elem: string): TypeDesc => t.rt.types.ensureLoaded(t.rt.types.arrayOf(t.rt.types.corlibType(elem)));

test('FastAllocateString_ZeroedOfLength_NulAfter', () => {
  const s = callIcall(t, 'System.String::FastAllocateString(int)', [5n]);
  const mem = t.machine.memory;
  expect(mem.u32(s + BigInt(STRING_LENGTH_OFFSET))).toBe(5);
  expect([...mem.read(s + BigInt(STRING_DATA_OFFSET), 12)].every((b) => b === 0)).toBe(true);
  expect(t.rt.types.typeOfMethodTable(mem.u64(s))?.fullName).toBe('System.String');
});

test('FastAllocateString_Negative_OutOfMemoryException', () => {
  expect(() => callIcall(t, 'System.String::FastAllocateString(int)', [BigInt.asUintN(64, -1n)])).toThrow(UnhandledManagedException);
});

test('OffsetToStringData_Twenty', () => {
  expect(callIcall(t, 'System.Runtime.CompilerServices.RuntimeHelpers::get_OffsetToStringData()')).toBe(20n);
});

test('MemberwiseClone_Class_NewObjectSameFields', () => {
  const version = t.rt.types.ensureLoaded(t.rt.types.corlibType('System.Version'));
  const obj = t.rt.objects.allocObject(version);
  const mem = t.machine.memory;
  version.instanceFields.forEach((f, i) => mem.setU32(obj + BigInt(f.offset), 10 + i));
  const copy = callIcall(t, 'System.Object::MemberwiseClone()', [obj]);
  expect(copy).not.toBe(obj);
  expect(mem.u64(copy)).toBe(mem.u64(obj));
  expect(version.instanceFields.map((f) => mem.u32(copy + BigInt(f.offset)))).toEqual(version.instanceFields.map((_, i) => 10 + i));
});

test('MemberwiseClone_StringAndArray_Copies', () => {
  const s = t.rt.objects.allocString('héllo');
  expect(str(t, callIcall(t, 'System.Object::MemberwiseClone()', [s]))).toBe('héllo');
  const a = t.rt.objects.allocArray(arrayType('System.Int32'), 3);
  t.machine.memory.write(a + BigInt(ARRAY_DATA_OFFSET), Uint8Array.of(1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0));
  const c = callIcall(t, 'System.Object::MemberwiseClone()', [a]);
  expect([...t.machine.memory.read(c + BigInt(ARRAY_DATA_OFFSET), 12)]).toEqual([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
});

test('MemberwiseClone_Null_NullReferenceException', () => {
  expect(() => callIcall(t, 'System.Object::MemberwiseClone()', [0n])).toThrow(/NullReferenceException/);
});

test('ArrayShape_SzArray_RankOneLengthLowerBoundZero', () => {
  const a = t.rt.objects.allocArray(arrayType('System.Byte'), 7);
  expect([
    callIcall(t, 'System.Array::GetRank()', [a]),
    callIcall(t, 'System.Array::GetLength(int)', [a, 0n]),
    callIcall(t, 'System.Array::GetLowerBound(int)', [a, 0n]),
  ]).toEqual([1n, 7n, 0n]);
});

test('ArrayGetLength_DimensionOne_IndexOutOfRangeException', () => {
  const a = t.rt.objects.allocArray(arrayType('System.Byte'), 7);
  expect(() => callIcall(t, 'System.Array::GetLength(int)', [a, 1n])).toThrow(/IndexOutOfRangeException/);
});

test('ArrayGetLength_NotAnArray_IcallArgumentError', () => {
  expect(() => callIcall(t, 'System.Array::GetLength(int)', [t.rt.objects.allocString('x'), 0n])).toThrow(IcallArgumentError);
});

/** The first field of mscorlib with a FieldRVA row, loaded. */
function rvaField(): { field: NonNullable<ReturnType<TypeDesc['staticFields']['find']>>; size: number } {
  const corlib = t.rt.binder.corlib;
  const md = corlib.md;
  for (let r = 1; r <= md.rowCount(TableId.FieldRVA); r++) {
    const fieldRow = md.row.fieldRva(r).field & 0xffffff;
    const owner = t.rt.types.ensureLoaded(t.rt.types.typeFromDef(corlib, md.declaringTypeOfField(fieldRow)));
    const field = owner.staticFields.find((f) => f.row === fieldRow);
    if (!field) continue;
    const size = t.rt.types.ensureLoaded(field.type).valueSize;
    if (size >= 8 && size % 4 === 0) return { field, size };
  }
  throw new Error('no FieldRVA field in mscorlib');
}

test('InitializeArray_CopiesFieldRvaBlob', () => {
  const { field, size } = rvaField();
  const a = t.rt.objects.allocArray(arrayType('System.Int32'), size / 4);
  callIcall(t, 'System.Runtime.CompilerServices.RuntimeHelpers::InitializeArray(System.Array,intptr)', [a, t.rt.icalls.fieldHandle(field)]);
  const expected = t.rt.binder.corlib.md.fieldRvaData(field.row, size);
  expect([...t.machine.memory.read(a + BigInt(ARRAY_DATA_OFFSET), size)]).toEqual([...expected]);
});

test('InitializeArray_ArrayLargerThanBlob_ArgumentException', () => {
  const { field, size } = rvaField();
  const a = t.rt.objects.allocArray(arrayType('System.Int32'), size / 4 + 1);
  expect(() => callIcall(t, 'System.Runtime.CompilerServices.RuntimeHelpers::InitializeArray(System.Array,intptr)', [a, t.rt.icalls.fieldHandle(field)])).toThrow(/ArgumentException/);
});

test('InitializeArray_UnknownHandle_IcallArgumentError', () => {
  const a = t.rt.objects.allocArray(arrayType('System.Int32'), 1);
  expect(() => callIcall(t, 'System.Runtime.CompilerServices.RuntimeHelpers::InitializeArray(System.Array,intptr)', [a, 0x1234n])).toThrow(IcallArgumentError);
});

test('EnumGetValue_BoxedDayOfWeek_BoxedInt32SameValue', () => {
  const dayOfWeek = t.rt.types.ensureLoaded(t.rt.types.corlibType('System.DayOfWeek'));
  const mem = t.machine.memory;
  const boxed = t.rt.objects.allocObject(dayOfWeek);
  mem.setU32(boxed + 16n, 5); // Friday
  const value = callIcall(t, 'System.Enum::get_value()', [boxed]);
  expect(t.rt.types.typeOfMethodTable(mem.u64(value))?.fullName).toBe('System.Int32');
  expect(mem.u32(value + 16n)).toBe(5);
  expect(callIcall(t, 'System.Enum::get_value()', [0n])).toBe(0n);
});
