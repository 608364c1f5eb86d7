/**
 * The reader on hand-built metadata: compressed integers (§II.23.2 examples), tokens, `#-`
 * streams with Ptr tables, the extra-data flag, a 0x10 reserved byte, table data shorter and
 * longer than its stream, wide heap indexes, and the typed errors for corrupt input.
 */
import {
  BadImageFormatError, ByteCursor, makeToken, openMetadata, parseMethodBody, rowOf, TableId, tokenRow, tokenTable,
} from '../../src/metadata';
import { MetadataBuilder } from './builder';

function cursor(bytes: number[]): ByteCursor {
  return new ByteCursor(new Uint8Array(bytes), 0, bytes.length, { table: 'test' });
}

test.each([
  [[0x03], 0x03], [[0x7f], 0x7f], [[0x80, 0x80], 0x80], [[0xae, 0x57], 0x2e57], [[0xbf, 0xff], 0x3fff],
  [[0xc0, 0x00, 0x40, 0x00], 0x4000], [[0xdf, 0xff, 0xff, 0xff], 0x1fffffff],
])('CompressedUnsigned_%j_Is%d', (bytes, value) => {
  const c = cursor(bytes);
  expect(c.compressedU32()).toBe(value);
  expect(c.remaining).toBe(0);
});

test.each([
  [[0x06], 3], [[0x7b], -3], [[0x80, 0x80], 64], [[0x01], -64], [[0xc0, 0x00, 0x40, 0x00], 8192], [[0x80, 0x01], -8192],
  [[0xdf, 0xff, 0xff, 0xfe], 268435455], [[0xc0, 0x00, 0x00, 0x01], -268435456],
])('CompressedSigned_%j_Is%d', (bytes, value) => {
  expect(cursor(bytes).compressedI32()).toBe(value);
});

test('CompressedLeadByteE0_Invalid_BadImageFormatWithOffset', () => {
  expect(() => cursor([0xe0, 0, 0, 0]).compressedU32()).toThrow(/invalid compressed-integer lead byte 0xe0.*offset 0x0/);
});

test('Token_TableAndRow_RoundTrip', () => {
  const t = makeToken(TableId.MethodDef, 0x123456);
  expect(t).toBe(0x06123456);
  expect(tokenTable(t)).toBe(TableId.MethodDef);
  expect(tokenRow(t)).toBe(0x123456);
  expect(rowOf(t, TableId.MethodDef, 'test')).toBe(0x123456);
  expect(() => rowOf(t, TableId.TypeDef, 'test')).toThrow(BadImageFormatError);
});

/** <Module>, Foo with 3 methods listed through MethodPtr in reverse order, one param each. */
function ptrModule(b: MetadataBuilder) {
  const sig = b.blob([0x00, 0x01, 0x01, 0x08]); // default void (int32)
  b.row(TableId.Module, [0, b.str('m.dll'), 1, 0, 0]);
  b.row(TableId.TypeDef, [0, b.str('<Module>'), 0, 0, 1, 1]);
  b.row(TableId.TypeDef, [0x100001, b.str('Foo'), b.str('Ns'), 0, 1, 1]);
  for (const name of ['A', 'B', 'C']) b.row(TableId.MethodDef, [0, 0, 0x16, b.str(name), sig, 1]);
  for (const m of [3, 2, 1]) b.row(TableId.MethodPtr, [m]);
}

test('Uncompressed_PtrTables_MethodsResolvedThroughMethodPtr', () => {
  const b = new MetadataBuilder();
  ptrModule(b);
  const md = openMetadata(b.build({ uncompressed: true }));
  expect(md.tableStream.uncompressed).toBe(true);
  expect(md.methodsOf(2)).toEqual([3, 2, 1]);
  expect(md.methodsOf(2).map((m) => md.row.methodDef(m).name)).toEqual(['C', 'B', 'A']);
  expect(md.declaringTypeOfMethod(1)).toBe(2);
  expect(md.row.typeDef(2).namespace).toBe('Ns');
});

test('ExtraDataFlag_FourBytesAfterRowCounts_Skipped', () => {
  const b = new MetadataBuilder();
  ptrModule(b);
  const md = openMetadata(b.build({ heapSizes: 0x40 }));
  expect(md.row.typeDef(2).name).toBe('Foo');
  expect(md.row.methodDef(3).name).toBe('C');
});

test('ReservedByte0x10_AndShortTableData_Accepted', () => {
  const b = new MetadataBuilder();
  ptrModule(b);
  const md = openMetadata(b.build({ reservedByte: 0x10, slack: 12 }));
  expect(md.tableStream.dataEnd).toBeLessThan(md.streams[0].end);
  expect(md.row.methodDef(2).name).toBe('B');
});

test('WideHeapIndexes_AllThreeHeaps_Read', () => {
  const b = new MetadataBuilder();
  ptrModule(b);
  const md = openMetadata(b.build({ heapSizes: 0x07 }));
  expect(md.tableStream.tables[TableId.MethodDef].rowSize).toBe(4 + 2 + 2 + 4 + 4 + 2);
  expect(md.row.methodDef(1).name).toBe('A');
  expect(md.row.module(1).mvid).toBe('11111111-1111-1111-1111-111111111111');
});

test('TableDataPastStreamEnd_BadImageFormat_NamesTable', () => {
  const b = new MetadataBuilder();
  ptrModule(b);
  expect(() => openMetadata(b.build({ cut: 8 }))).toThrow(/runs past the end of the table stream \(MethodPtr|\(MethodDef/);
});

test('UnknownTableBit_BadImageFormat_NamesValidField', () => {
  const b = new MetadataBuilder();
  ptrModule(b);
  expect(() => openMetadata(b.build({ extraValidBits: 1n << 0x30n }))).toThrow(/table 0x30 is present but has no ECMA-335 schema.*field Valid/);
});

test('StringIndexOutsideHeap_BadImageFormat_NamesRowAndColumn', () => {
  const b = new MetadataBuilder();
  b.row(TableId.Module, [0, 0x7000, 0, 0, 0]);
  const md = openMetadata(b.build());
  expect(() => md.row.module(1).name).toThrow(/string index outside the #Strings heap \(Module\[1\], column Name, offset 0x7000\)/);
});

test('UnusedCustomAttributeTypeTag_BadImageFormat_NamesColumn', () => {
  const b = new MetadataBuilder();
  b.row(TableId.Module, [0, b.str('m'), 0, 0, 0]);
  b.row(TableId.CustomAttribute, [(1 << 5) | 7, (1 << 3) | 0, 0]);
  const md = openMetadata(b.build());
  expect(() => md.row.customAttribute(1).constructorToken).toThrow(/invalid CustomAttributeType tag 0 \(CustomAttribute\[1\], column Type\)/);
});

test('RowOutOfRange_RowView_BadImageFormat', () => {
  const b = new MetadataBuilder();
  ptrModule(b);
  const md = openMetadata(b.build());
  expect(() => md.row.typeDef(9)).toThrow(/names no row \(TypeDef has 2\)/);
});

test('SortedTable_BinarySearch_FindsAllRowsOfParent', () => {
  const b = new MetadataBuilder();
  ptrModule(b);
  // Three attributes on MethodDef 1, one on MethodDef 3; the table is marked sorted.
  const ctor = (1 << 3) | 2; // MethodDef 1 as constructor
  for (const parent of [1, 1, 1, 3]) b.row(TableId.CustomAttribute, [(parent << 5) | 0, ctor, 0]);
  const md = openMetadata(b.build({ sortedMask: 1n << BigInt(TableId.CustomAttribute) }));
  expect(md.customAttributesOf(makeToken(TableId.MethodDef, 1))).toEqual({ start: 1, end: 4 });
  expect(md.customAttributesOf(makeToken(TableId.MethodDef, 3))).toEqual({ start: 4, end: 5 });
  expect(md.customAttributesOf(makeToken(TableId.MethodDef, 2))).toEqual({ start: 4, end: 4 });
});

test('BadSignatureHeader_BadImageFormat_NamesBlobAndColumn', () => {
  const b = new MetadataBuilder();
  const bad = b.blob([0x07, 0x00]);
  b.row(TableId.MethodDef, [0, 0, 0, b.str('M'), bad, 1]);
  const md = openMetadata(b.build());
  expect(() => md.methodDefSignature(1, { } as never, null)).toThrow(/0x7 is not a method signature header \(#Blob \(MethodDef\[1\]\.Signature\)/);
});

describe('method bodies', () => {
  test('TinyHeader_OddOffset_NoAlignmentNeeded', () => {
    const bytes = new Uint8Array([0xff, (3 << 2) | 2, 0x16, 0x17, 0x2a]);
    const body = parseMethodBody(bytes, 1, bytes.length, 'body');
    expect(body.tiny).toBe(true);
    expect(Array.from(body.code)).toEqual([0x16, 0x17, 0x2a]);
    expect(body.maxStack).toBe(8);
  });

  test('FatHeader_SmallAndFatEHSections_AllClausesRead', () => {
    const code = [0x00, 0x00, 0x00, 0x2a];
    const fat = [0x1b, 0x30, 0x02, 0x00, ...[4, 0, 0, 0], ...[1, 0, 0, 0x11]];
    // Small EH section (more sections follow): one catch clause.
    const small = [0x01 | 0x80, 16, 0, 0, ...[0, 0], ...[0, 0], 1, ...[1, 0], 1, ...[5, 0, 0, 1]];
    // Fat EH section: one finally clause.
    const fatEh = [0x41, 28, 0, 0, ...[2, 0, 0, 0], ...[0, 0, 0, 0], ...[1, 0, 0, 0], ...[1, 0, 0, 0], ...[2, 0, 0, 0], ...[0, 0, 0, 0]];
    const bytes = new Uint8Array([...fat, ...code, ...small, ...fatEh]);
    const body = parseMethodBody(bytes, 0, bytes.length, 'body');
    expect(body.tiny).toBe(false);
    expect(body.maxStack).toBe(2);
    expect(body.initLocals).toBe(true);
    expect(body.localSignature).toBe(0x11000001);
    expect(body.exceptionRegions.map((r) => [r.kind, r.tryOffset, r.tryLength, r.handlerOffset, r.handlerLength, r.classToken])).toEqual([
      [0, 0, 1, 1, 1, 0x01000005],
      [2, 0, 1, 1, 2, 0],
    ]);
  });

  test('FatHeader_CodeSizePastSection_BadImageFormat', () => {
    const bytes = new Uint8Array([0x13, 0x30, 0x02, 0x00, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x2a]);
    expect(() => parseMethodBody(bytes, 0, bytes.length, 'body of M')).toThrow(/method code: needs 255 byte\(s\), 1 left \(field body of M, offset 0xc\)/);
  });

  test('HeaderByteNeitherTinyNorFat_BadImageFormat', () => {
    expect(() => parseMethodBody(new Uint8Array([0x01]), 0, 1, 'body')).toThrow(/neither tiny nor fat/);
  });
});

test('Mscorlib_PropertyAndEventMaps_EveryRowOwnedExactlyOnce', () => {
  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  const { openAssembly } = require('../../src/metadata') as typeof import('../../src/metadata');
  const { monoLibDir } = require('./corpus') as typeof import('./corpus');
  const md = openAssembly(new Uint8Array(fs.readFileSync(path.join(monoLibDir(), '4.5', 'mscorlib.dll'))));
  const props = new Set<number>();
  const events = new Set<number>();
  for (let t = 1; t <= md.rowCount(TableId.TypeDef); t++) {
    const p = md.propertyMapOf(t);
    if (p) for (const r of md.propertiesOfMap(p)) props.add(r);
    const e = md.eventMapOf(t);
    if (e) for (const r of md.eventsOfMap(e)) events.add(r);
  }
  expect(props.size).toBe(md.rowCount(TableId.Property));
  expect(events.size).toBe(md.rowCount(TableId.Event));
  // Every method belongs to exactly one type.
  let owned = 0;
  for (let t = 1; t <= md.rowCount(TableId.TypeDef); t++) owned += md.methodsOf(t).length;
  expect(owned).toBe(md.rowCount(TableId.MethodDef));
});
