/**
 * The reader on small assemblies built from samples/ (ilasm and mcs): signature forms (vararg
 * with sentinel, function pointers, bounded arrays, modreq/modopt, pinned, typedref, generic
 * methods with constraints), tiny and fat bodies with every clause kind, FieldRVA data,
 * marshalling descriptors, P/Invoke maps, custom attribute arguments of every kind, constants —
 * and monodis agreement on these files too.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  CustomAttributeDecoder, ExceptionRegionKind, MetadataReader, MonoAssemblyLocator, MonodisIL, MonodisListings, MemberResolver, NativeType,
  ResolvingCaProvider, SigType, TableId, TypeResolver, decodeConstant, makeToken, openAssembly, parseMarshalDescriptor, sigTreeProvider,
  tokenRow,
} from '../../src/metadata';
import { monoLibDir, monodisAsync, normalise } from './corpus';

const BUILD = path.join(__dirname, '..', '..', 'build', 'test', 'metadata', 'samples');
const locator = new MonoAssemblyLocator({ monoLib: monoLibDir() });
const resolver = new TypeResolver(locator.locate);

function load(name: string): MetadataReader {
  const file = path.join(BUILD, name);
  const md = openAssembly(new Uint8Array(fs.readFileSync(file)));
  locator.register(md, file);
  return md;
}

function methodRow(md: MetadataReader, name: string): number {
  for (let r = 1; r <= md.rowCount(TableId.MethodDef); r++) if (md.str(TableId.MethodDef, r, 3) === name) return r;
  throw new Error(`no method ${name}`);
}

function fieldRow(md: MetadataReader, name: string): number {
  for (let r = 1; r <= md.rowCount(TableId.Field); r++) if (md.str(TableId.Field, r, 1) === name) return r;
  throw new Error(`no field ${name}`);
}

describe('Features.dll (ilasm)', () => {
  const md = load('Features.dll');

  test('VarArgCallSite_Sentinel_SplitsRequiredAndExtraParameters', () => {
    const def = md.methodDefSignature(methodRow(md, 'VarArgs'), sigTreeProvider, null);
    expect(def.header & 0x0f).toBe(5);
    let ref = null;
    for (let r = 1; r <= md.rowCount(TableId.MemberRef); r++) if (md.str(TableId.MemberRef, r, 1) === 'VarArgs') ref = md.memberRefSignature(r, sigTreeProvider, null);
    expect(ref?.kind).toBe('method');
    if (ref?.kind !== 'method') return;
    expect(ref.signature.requiredParameterCount).toBe(1);
    expect(ref.signature.parameterTypes).toEqual([
      { kind: 'primitive', code: 0x08 }, { kind: 'primitive', code: 0x08 }, { kind: 'primitive', code: 0x0e },
    ]);
  });

  test('FieldSignatures_FnPtrBoundedArrayModreq_Decoded', () => {
    const fn = md.fieldSignature(fieldRow(md, 'FnPtr'), sigTreeProvider, null);
    expect(fn.kind).toBe('fnptr');
    if (fn.kind === 'fnptr') expect(fn.signature.parameterTypes.length).toBe(2);
    expect(md.fieldSignature(fieldRow(md, 'Bounded'), sigTreeProvider, null)).toEqual({
      kind: 'array', element: { kind: 'primitive', code: 0x08 }, shape: { rank: 2, sizes: [6], lowerBounds: [0, 2] },
    });
    const vol = md.fieldSignature(fieldRow(md, 'Volatile'), sigTreeProvider, null);
    expect(vol.kind === 'modified' && vol.required).toBe(true);
  });

  test('RefsMethod_TypedRefByRefModopt_Decoded', () => {
    const row = methodRow(md, 'Refs');
    const sig = md.methodDefSignature(row, sigTreeProvider, null);
    expect(sig.parameterTypes.map((p) => p.kind)).toEqual(['primitive', 'byref', 'modified']);
    expect(sig.parameterTypes[0]).toEqual({ kind: 'primitive', code: 0x16 });
    const body = md.methodBody(row)!;
    const locals = md.localSignature(tokenRow(body.localSignature), sigTreeProvider, null);
    expect(locals[0]).toEqual({ kind: 'byref', element: { kind: 'primitive', code: 0x08 } });
  });

  test('GenericMethod_TwoParametersWithConstraints_FromGenericParamTables', () => {
    const row = methodRow(md, 'Pick');
    expect(md.methodDefSignature(row, sigTreeProvider, null).genericParameterCount).toBe(2);
    const gp = md.genericParamsOf(makeToken(TableId.MethodDef, row));
    expect(gp.end - gp.start).toBe(2);
    const t = md.row.genericParam(gp.start);
    expect([t.name, t.flags & 0x1c]).toEqual(['T', 0x04]);
    expect(md.constraintsOf(gp.start).end - md.constraintsOf(gp.start).start).toBe(1);
    expect(md.row.genericParam(gp.start + 1).flags & 0x1c).toBe(0x18);
  });

  test('TinyAndFatBodies_AllFourClauseKinds_Read', () => {
    expect(md.methodBody(methodRow(md, 'Tiny'))!.tiny).toBe(true);
    const body = md.methodBody(methodRow(md, 'Handlers'))!;
    expect(body.tiny).toBe(false);
    expect(body.exceptionRegions.map((r) => r.kind)).toEqual([
      ExceptionRegionKind.Catch, ExceptionRegionKind.Finally, ExceptionRegionKind.Filter, ExceptionRegionKind.Fault,
    ]);
    const caught = body.exceptionRegions[0].classToken;
    expect(md.row.typeRef(tokenRow(caught)).name).toBe('DivideByZeroException');
    expect(body.exceptionRegions[2].filterOffset).toBeGreaterThan(0);
  });

  test('FieldRva_InitialData_BytesFromDataSection', () => {
    expect(Array.from(md.fieldRvaData(fieldRow(md, 'Init'), 8))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const layout = md.classLayoutOf(md.declaringTypeOfField(fieldRow(md, 'Value')));
    expect([md.row.classLayout(layout).packingSize, md.row.classLayout(layout).classSize]).toEqual([1, 8]);
  });

  test('PInvokeParams_MarshalDescriptorsAndImplMap_Read', () => {
    const puts = methodRow(md, 'puts');
    const p1 = md.paramsOf(puts).find((p) => md.row.param(p).sequence === 1)!;
    const d1 = parseMarshalDescriptor(md.blobCursor(TableId.FieldMarshal, md.fieldMarshalOf(makeToken(TableId.Param, p1)), 1));
    expect(d1.native).toBe(NativeType.LPStr);
    const fill = methodRow(md, 'fill');
    const p2 = md.paramsOf(fill).find((p) => md.row.param(p).sequence === 1)!;
    const d2 = parseMarshalDescriptor(md.blobCursor(TableId.FieldMarshal, md.fieldMarshalOf(makeToken(TableId.Param, p2)), 1));
    expect([d2.native, d2.elementType, d2.paramIndex]).toEqual([NativeType.LPArray, NativeType.I4, 1]);
    const map = md.row.implMap(md.implMapOf(makeToken(TableId.MethodDef, puts)));
    expect([map.importName, md.row.moduleRef(tokenRow(map.importScope)).name]).toEqual(['puts', 'libc.so']);
  });
});

describe('Attrs.dll (mcs)', () => {
  const md = load('Attrs.dll');
  const host = (() => {
    for (let r = 1; r <= md.rowCount(TableId.TypeDef); r++) if (md.str(TableId.TypeDef, r, 1) === 'Host') return r;
    throw new Error('no Host');
  })();

  test('EverythingAttribute_AllFixedAndNamedArgumentKinds_Decoded', () => {
    const range = md.customAttributesOf(makeToken(TableId.TypeDef, host));
    expect(range.end - range.start).toBe(2);
    const dec = new CustomAttributeDecoder(md, new ResolvingCaProvider(resolver));
    const [a, b] = [dec.decode(range.start), dec.decode(range.start + 1)];
    const plain = (v: { value: unknown }): unknown => (Array.isArray(v.value) ? v.value.map(plain) : v.value);
    expect(a.fixed.map(plain)).toEqual([
      true, 'x'.charCodeAt(0), -5, 250, -300, 60000, -70000, 4000000000, -9000000000n, 18000000000000000000n, 1.5, -2.25, 'hello',
      expect.stringMatching(/^System\.String/), 2, 42, [1, 2, 3], null,
    ]);
    expect(a.fixed[14].type).toEqual({ kind: 'enum', name: 'Attrs.Color', underlying: 0x06 });
    expect(a.named.map((n) => [n.kind, n.name, plain(n.value)])).toEqual([
      ['field', 'Field', 'boxed string'],
      ['property', 'Colors', [1, 2]],
      ['field', 'Types', [expect.stringMatching(/^System\.Int32/), null]],
    ]);
    // A boxed Type and a boxed enum: the value's type comes from the blob.
    expect(b.fixed[15].type).toEqual({ kind: 'type' });
    expect(b.named[0].value.type).toEqual({ kind: 'enum', name: expect.stringMatching(/^Attrs\.Color/), underlying: 0x06 });
    expect(plain(b.fixed[16])).toBeNull();
  });

  test('Constants_EveryElementType_Decoded', () => {
    const values: Record<string, unknown> = {};
    for (const f of md.fieldsOf(host)) {
      const c = md.constantOf(makeToken(TableId.Field, f));
      if (c) values[md.str(TableId.Field, f, 1)] = decodeConstant(md, c).value;
    }
    expect(values).toEqual({
      B: true, C: 'q'.charCodeAt(0), I1: -1, U1: 255, I2: -2, U2: 65535, I4: -3, U4: 4294967295, I8: -4n, U8: 18446744073709551615n,
      R4: 0.5, R8: -0.25, S: 'const string', Empty: '', Null: null,
    });
  });

  test('FixedStatement_PinnedByRefLocal_Decoded', () => {
    const body = md.methodBody(methodRow(md, 'Pinned'))!;
    const locals = md.localSignature(tokenRow(body.localSignature), sigTreeProvider, null);
    expect(locals).toContainEqual({ kind: 'pinned', element: { kind: 'byref', element: { kind: 'primitive', code: 0x08 } } });
  });

  test('NestedGenericType_EnclosingAndConstraints_Read', () => {
    let inner = 0;
    for (let r = 1; r <= md.rowCount(TableId.TypeDef); r++) if (md.str(TableId.TypeDef, r, 1) === 'Inner`1') inner = r;
    expect(md.enclosingTypeOf(inner)).toBe(host);
    const gp = md.genericParamsOf(makeToken(TableId.TypeDef, inner));
    expect(md.row.genericParam(gp.start).flags & 0x1c).toBe(0x14);
    const cons = md.constraintsOf(gp.start);
    const t: SigType = md.typeSpecSignature(tokenRow(md.row.genericParamConstraint(cons.start).constraint), sigTreeProvider, null);
    expect(t.kind).toBe('generic');
  });
});

test.each(['Features.dll', 'Attrs.dll'])('%s_ListingsAndIL_MatchMonodis', async (name) => {
  const file = path.join(BUILD, name);
  const md = load(name);
  const listings = new MonodisListings(md, resolver);
  const views: [string, () => string][] = [
    ['--typedef', () => listings.typedefs()], ['--typeref', () => listings.typerefs()], ['--assemblyref', () => listings.assemblyrefs()],
    ['--param', () => listings.params()], ['--fields', () => listings.fields()], ['--method', () => listings.methods()],
    ['--memberref', () => listings.memberrefs()],
  ];
  for (const [view, ours] of views) expect([view, normalise(ours())]).toEqual([view, normalise(await monodisAsync([view, file]))]);
  const full = await monodisAsync([file]);
  const il = new MonodisIL(listings.names, new MemberResolver(resolver));
  for (let r = 1; r <= md.rowCount(TableId.MethodDef); r++) {
    const body = md.methodBody(r);
    if (!body) continue;
    const m = new RegExp(`// method line ${r}\\n[\\s\\S]*?(\\t// Code size[\\s\\S]*?)\\n\\s*\\} // end of method`).exec(full);
    expect(m).not.toBeNull();
    expect([r, normalise(il.bodyText(r, body))]).toEqual([r, normalise(m![1])]);
  }
});
