/**
 * Type loader and field layout: the pure layout rules, and Mono's mscorlib loaded lazily with the
 * offsets shared/mono-bcl-contract.md lists for the runtime-shared sequential classes.
 */
import { Machine } from '../../emu';
import { LayoutKind, layoutFields, LayoutError } from '../../src/vm/field-layout';
import { Runtime } from '../../src/vm/runtime';
import { TypeDesc } from '../../src/vm/type-desc';
import { NotSupportedYetError } from '../../src/vm/errors';
import { ROOT } from './support';

const f = (size: number, isReference = false, explicitOffset?: number) => ({ size, alignment: Math.min(size, 8), isReference, explicitOffset });

describe('layoutFields', () => {
  test('Sequential_DeclarationOrderNaturalAlignment', () => {
    const r = layoutFields({ kind: LayoutKind.Sequential, fields: [f(1), f(8), f(2), f(4)], start: 16, explicitBase: 16, packing: 0, classSize: 0, isValueType: false });
    expect(r.offsets).toEqual([16, 24, 32, 36]);
    expect(r.size).toBe(40);
  });
  test('Auto_ReferencesFirstThenBySize', () => {
    const r = layoutFields({ kind: LayoutKind.Auto, fields: [f(1), f(8, true), f(4), f(2)], start: 16, explicitBase: 16, packing: 0, classSize: 0, isValueType: false });
    expect(r.offsets).toEqual([30, 16, 24, 28]);
  });
  test('Explicit_OffsetsAfterHeader_ClassSizeHonoured', () => {
    const r = layoutFields({ kind: LayoutKind.Explicit, fields: [f(4, false, 0), f(4, false, 0), f(8, false, 8)], start: 0, explicitBase: 0, packing: 0, classSize: 32, isValueType: true });
    expect(r.offsets).toEqual([0, 0, 8]);
    expect(r.size).toBe(32);
  });
  test('ValueType_PackingCapsAlignment', () => {
    const r = layoutFields({ kind: LayoutKind.Sequential, fields: [f(1), f(8)], start: 0, explicitBase: 0, packing: 1, classSize: 0, isValueType: true });
    expect(r.offsets).toEqual([0, 1]);
    expect(r.size).toBe(9);
  });
  test('Explicit_MisalignedReference_Invalid_LayoutError', () => {
    expect(() => layoutFields({ kind: LayoutKind.Explicit, fields: [f(8, true, 4)], start: 16, explicitBase: 16, packing: 0, classSize: 0, isValueType: false })).toThrow(LayoutError);
  });
});

describe('type loader over Mono mscorlib', () => {
  let machine: Machine;
  let rt: Runtime;
  beforeAll(() => {
    machine = Machine.create();
    rt = new Runtime({ machine, appDirectory: ROOT });
  });
  afterAll(() => machine.close());
  const load = (name: string): TypeDesc => rt.types.ensureLoaded(rt.types.corlibType(name));
  const offset = (t: TypeDesc, field: string): number => {
    for (let x: TypeDesc | null = t; x; x = x.parent) {
      const hit = x.instanceFields.find((q) => q.name === field);
      if (hit) return hit.offset;
    }
    throw new Error(`no field ${field}`);
  };

  test('CorlibBinding_IsLazy_NotLoadedUntilNamed', () => {
    const fresh = new Runtime({ machine, appDirectory: ROOT });
    expect(fresh.binder.list()).toEqual([]);
    fresh.types.corlibType('System.Object');
    expect(fresh.binder.list().map((a) => a.name)).toEqual(['mscorlib']);
  });

  test('String_LengthAt16_CharsAt20_EmptyInitialised', () => {
    const s = load('System.String');
    expect(offset(s, '_stringLength')).toBe(16);
    expect(offset(s, '_firstChar')).toBe(20);
    expect(machine.memory.u32(s.methodTable + 8n)).toBe(20); // base size
    expect(machine.memory.u32(s.methodTable + 12n)).toBe(2); // component size
    const empty = s.staticFields.find((x) => x.name === 'Empty')!;
    expect(rt.objects.readString(machine.memory.u64(empty.address))).toBe('');
  });

  test('Exception_SequentialOffsets_MatchMonoContract', () => {
    const e = load('System.Exception');
    expect([offset(e, '_className'), offset(e, '_message'), offset(e, '_stackTrace'), offset(e, '_remoteStackIndex'), offset(e, '_HResult'), offset(e, 'caught_in_unmanaged')])
      .toEqual([16, 24, 56, 80, 96, 136]);
  });

  test('MulticastDelegate_Size128_TargetAt32', () => {
    const d = load('System.MulticastDelegate');
    expect(offset(d, 'm_target')).toBe(32);
    expect(offset(d, 'method_is_virtual')).toBe(112);
    expect(offset(d, 'delegates')).toBe(120);
    expect(d.instanceSize).toBe(128);
  });

  test('Primitives_ValueSizes_ParentChainToObject', () => {
    const i = load('System.Int32');
    expect([i.instanceSize, load('System.Int64').instanceSize, load('System.Byte').instanceSize, load('System.Double').instanceSize]).toEqual([4, 8, 1, 8]);
    expect(i.parent!.fullName).toBe('System.ValueType');
    expect(i.parent!.parent!.fullName).toBe('System.Object');
    expect(machine.memory.u64(i.methodTable)).toBe(i.parent!.methodTable);
  });

  test('ObjectVirtuals_OverriddenInString_SameSlot', () => {
    const o = load('System.Object');
    const s = load('System.String');
    const slot = o.vtable.findIndex((m) => m.name === 'ToString');
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(s.vtable[slot]!.declaringType).toBe(s);
    expect(s.vtable.length).toBeGreaterThanOrEqual(o.vtable.length);
  });

  test('StringArray_ComponentSize8_ParentArray', () => {
    const a = rt.types.ensureLoaded(rt.types.arrayOf(rt.types.corlibType('System.String')));
    expect(a.parent!.fullName).toBe('System.Array');
    expect(machine.memory.u32(a.methodTable + 12n)).toBe(8);
    const arr = rt.newStringArray(['ab', 'c']);
    expect(machine.memory.u32(arr + 24n)).toBe(2);
    expect(rt.objects.readString(machine.memory.u64(arr + 32n))).toBe('ab');
  });

  test('GenericDefinition_Load_NotSupportedYet', () => {
    expect(() => load('System.Collections.Generic.List`1')).toThrow(NotSupportedYetError);
  });
});
