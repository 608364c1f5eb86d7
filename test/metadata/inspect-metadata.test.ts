/**
 * `inspect --metadata` / `--il` through the exported handler: each view's text and JSON, the
 * IL of a named method, and typed errors for a bad selector, an unknown view and a non-CLI file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspectMetadata, METADATA_VIEWS } from '../../src/cli/commands/inspect-metadata';
import { BadImageFormatError, MetadataLookupError } from '../../src/metadata';
import { CliUsageError } from '../../src/cli/errors';
import { monodisAsync, normalise } from './corpus';

const FEATURES = path.join(__dirname, '..', '..', 'build', 'test', 'metadata', 'samples', 'Features.dll');
const ATTRS = path.join(__dirname, '..', '..', 'build', 'test', 'metadata', 'samples', 'Attrs.dll');

test('TablesView_Default_ListsStreamsAndRowCounts', () => {
  const text = inspectMetadata(FEATURES);
  expect(text).toMatch(/Metadata version v4\.0\.30319/);
  expect(text).toMatch(/#Strings/);
  expect(text).toMatch(/0x06 MethodDef\s+10 rows/);
  expect(text).toMatch(/0x1d FieldRVA\s+1 rows/);
});

test.each([
  ['typedefs', '--typedef'], ['methods', '--method'], ['memberrefs', '--memberref'], ['assemblyrefs', '--assemblyref'],
])('View_%s_TextIsMonodis%s', async (view, flag) => {
  expect(normalise(inspectMetadata(FEATURES, { view }))).toEqual(normalise(await monodisAsync([flag, FEATURES])));
});

test('EveryView_Json_ParsesWithRows', () => {
  for (const view of METADATA_VIEWS) {
    const data = JSON.parse(inspectMetadata(ATTRS, { view, json: true }));
    if (view === 'tables') expect(data.tables.length).toBeGreaterThan(5);
    else expect(Array.isArray(data) && data.length > 0).toBe(true);
  }
});

test('CustomAttributesView_DecodedArguments_Shown', () => {
  const text = inspectMetadata(ATTRS, { view: 'customattributes' });
  expect(text).toMatch(/EverythingAttribute::'\.ctor'\(.*\) \(true, 120, -5, 250, -300, 60000, -70000, 4000000000, -9000000000, 18000000000000000000, 1\.5, -2\.25, "hello", typeof\(System\.String/);
  expect(text).toMatch(/Colors = \[Attrs\.Color\(1\), Attrs\.Color\(2\)\]/);
  const json = JSON.parse(inspectMetadata(ATTRS, { view: 'customattributes', json: true }));
  const every = json.find((c: { constructor: string; fixed: unknown[] }) => /Everything/.test(c.constructor) && c.fixed[0] === true);
  expect(every.fixed[8]).toBe('-9000000000');
  expect(every.named[1]).toEqual({ kind: 'property', name: 'Colors', value: [1, 2] });
});

test('Il_TypeColonColonMethod_MonodisStyleBody', () => {
  const text = inspectMetadata(FEATURES, { il: 'Features.Sigs::Handlers' });
  expect(text).toMatch(/^\/\/ 0x06000006 Features\.Sigs::Handlers/);
  expect(text).toMatch(/catch class \[mscorlib\]System\.DivideByZeroException \{ \/\/ 0/);
  expect(text).toMatch(/IL_0027:\s+endfault/);
  const json = JSON.parse(inspectMetadata(FEATURES, { il: 'Features.Sigs::CallVarArgs', json: true }));
  expect(json[0].body.instructions.map((i: { opcode: string }) => i.opcode)).toEqual(['ldc.i4.1', 'ldc.i4.2', 'ldstr', 'call', 'ret']);
  expect(json[0].body.instructions[3].operand).toBe('vararg void class Features.Sigs::VarArgs(int32, ..., int32, string)');
});

test('Il_NestedGenericTypeMethod_Found', () => {
  expect(inspectMetadata(FEATURES, { il: 'Features.Generic`1::Get' })).toMatch(/ldfld !0 class Features\.Generic`1<!0>::Item/);
});

test('Il_NoBody_SaysSo', () => {
  expect(inspectMetadata(FEATURES, { il: 'Features.Sigs::puts' })).toMatch(/no IL body/);
});

test('Il_MissingTypeOrMethod_MetadataLookupError', () => {
  expect(() => inspectMetadata(FEATURES, { il: 'Features.Nope::X' })).toThrow(MetadataLookupError);
  expect(() => inspectMetadata(FEATURES, { il: 'Features.Sigs::Nope' })).toThrow(/defines no method 'Nope'/);
  expect(() => inspectMetadata(FEATURES, { il: 'NoSeparator' })).toThrow(CliUsageError);
});

test('UnknownView_CliUsageError_ListsViews', () => {
  expect(() => inspectMetadata(FEATURES, { view: 'bogus' })).toThrow(/unknown metadata view 'bogus' \(one of: tables, typedefs/);
});

test('NativeFile_BadImageFormat_NoCliHeader', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-md-'));
  const file = path.join(dir, 'native.bin');
  const pe = Buffer.alloc(0x200);
  pe.write('MZ', 0);
  pe.writeUInt32LE(0x40, 0x3c);
  pe.write('PE\0\0', 0x40);
  pe.writeUInt16LE(0xe0, 0x40 + 4 + 16);
  pe.writeUInt16LE(0x10b, 0x58);
  pe.writeUInt32LE(16, 0x58 + 92);
  fs.writeFileSync(file, pe);
  expect(() => inspectMetadata(file)).toThrow(BadImageFormatError);
  expect(() => inspectMetadata(file)).toThrow(/data directory 14/);
});

test('InspectArgsObject_PrintsAndReturns', () => {
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const text = inspectMetadata({ image: FEATURES, json: false, il: 'Features.Sigs::Tiny' });
    expect(write).toHaveBeenCalledWith(text);
    expect(text).toMatch(/ldc\.i4\.s 0x2a/);
  } finally {
    write.mockRestore();
  }
});
