/**
 * The pieces of managed-code naming that need no runtime: ILAsm spellings of parameter types, IL
 * map lookups (the entry covering a native offset), IL labels, and near-match suggestions.
 */
import { ilMapEntryAt, type IlMapEntry } from '../../src/jit/codegen/compile';
import { ilasmTypeName, ilLabel, nearMatches } from '../../src/trace/managed-code';

test('IlasmTypeName_BuiltInsByKeyword_OthersByFullName_SuffixesKept', () => {
  expect(['System.Int32', 'System.String[]', 'System.Byte*', 'System.IntPtr', 'System.Int64&', 'Ns.Point', 'System.Object[,]'].map(ilasmTypeName))
    .toEqual(['int32', 'string[]', 'uint8*', 'native int', 'int64&', 'Ns.Point', 'object[,]']);
});

test('IlMapEntryAt_LastEntryAtOrBelow_LabelsByRegion', () => {
  const map: IlMapEntry[] = [
    { native: 0, region: 'prolog', il: -1 },
    { native: 11, region: 'body', il: 0 },
    { native: 15, region: 'body', il: 12 },
    { native: 40, region: 'epilog', il: -1 },
  ];
  expect([0, 10, 11, 14, 15, 39, 40, 99].map((o) => ilLabel(ilMapEntryAt(map, o))))
    .toEqual(['prolog', 'prolog', 'IL_0000', 'IL_0000', 'IL_000c', 'IL_000c', 'epilog', 'epilog']);
  expect(ilMapEntryAt([], 3)).toBeUndefined();
});

test('NearMatches_SmallEditsAndSubstrings_FarNamesLeftOut', () => {
  const names = ['Boot::Square', 'Boot::Main', 'Boot::Twice', 'Other.Type::Run'];
  expect(nearMatches('Boot::Sqare', names)).toEqual(['Boot::Square']);
  expect(nearMatches('Square', names)).toEqual(['Boot::Square']);
  expect(nearMatches('Completely::Different', names)).toEqual([]);
});
