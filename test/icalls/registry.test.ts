/**
 * The registry and the binder: Mono-style names, every declaration checked against mscorlib's
 * signatures, missing icalls failing at the call (not at bind), duplicates and mismatches caught.
 */
import { GuestFault } from '../../emu';
import { MissingMethodError } from '../../src/vm/errors';
import {
  bindInternalCall, DuplicateIcallError, icall, icallSignature, IcallRegistry, IcallSignatureMismatchError,
} from '../../src/vm/icalls';
import { MethodImplAttr } from '../../src/vm/method-desc';
import { prepareMethod } from '../../src/vm/prestub';
import { corlibMethod, corlibMethods, icallRuntime, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
beforeAll(() => { t = icallRuntime(); });
afterAll(() => t.close());

test('SignatureNames_MonoNotation', () => {
  const names = [
    'System.Threading.Interlocked::CompareExchange(int&,int,int)',
    'System.Threading.Interlocked::CompareExchange(object&,object&,object&,object&)',
    'System.IO.MonoIO::Write(intptr,byte[],int,int,System.IO.MonoIOError&)',
    'System.Math::Abs(single)',
    'System.Buffer::InternalMemcpy(byte*,byte*,int)',
  ];
  expect(names.map((n) => icallSignature(t.rt, corlibMethod(t.rt, n)).fullName)).toEqual(names);
});

test('EveryRegisteredIcall_NamesOneCorlibInternalCall_AndMatchesItsSignature', () => {
  // Icalls of System.dll (Stopwatch) are checked by the programs that call them, not here.
  const inCorlib = (key: string): boolean => t.rt.binder.corlib.locateType(key.slice(0, key.indexOf('::'))) !== undefined;
  const all = t.rt.icalls.registry.list();
  expect(all.filter((d) => !inCorlib(d.key)).map((d) => d.key)).toEqual(['System.Diagnostics.Stopwatch::GetTimestamp()']);
  const defs = all.filter((d) => inCorlib(d.key));
  expect(defs.length).toBeGreaterThan(80);
  for (const def of defs) {
    // A key with a signature names one internalcall method; a short key serves every
    // internalcall overload of the name (managed overloads of the same name are not its business).
    const all = corlibMethods(t.rt, def.key);
    const methods = all.filter((md) => (md.implAttributes & MethodImplAttr.InternalCall) !== 0);
    expect({ key: def.key, found: def.key.includes('(') ? all.length === 1 && methods.length === 1 : methods.length >= 1 }).toEqual({ key: def.key, found: true });
    for (const md of methods) expect(() => bindInternalCall(t.rt, md)).not.toThrow();
  }
});

test('MissingIcall_BindsThenFailsWhenCalled_MissingMethodError', () => {
  const md = corlibMethod(t.rt, 'System.Runtime.InteropServices.Marshal::IsComObject(object)');
  const entry = prepareMethod(t.rt, md);
  expect(entry).not.toBe(0n);
  let err: unknown;
  try {
    t.machine.callGuest(entry, [0n]);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(MissingMethodError);
  expect((err as Error).message).toContain('System.Runtime.InteropServices.Marshal::IsComObject(object)');
  expect(err).not.toBeInstanceOf(GuestFault);
});

test('DeclarationWithWrongKinds_Invalid_IcallSignatureMismatchError', () => {
  const md = corlibMethod(t.rt, 'System.Math::Sqrt(double)');
  const wrong = new IcallRegistry([[icall('System.Math::Sqrt(double)', ['i64'], 'i64', () => 0n)]]);
  const saved = t.rt.icalls.registry;
  (t.rt.icalls as { registry: IcallRegistry }).registry = wrong;
  try {
    expect(() => bindInternalCall(t.rt, md)).toThrow(IcallSignatureMismatchError);
  } finally {
    (t.rt.icalls as { registry: IcallRegistry }).registry = saved;
  }
});

test('SameKeyTwice_Invalid_DuplicateIcallError', () => {
  const a = icall('System.Math::Sqrt(double)', ['f64'], 'f64', (_c, x) => x);
  expect(() => new IcallRegistry([[a], [a]])).toThrow(DuplicateIcallError);
});

test('Lookup_FullNameBeforeShortName', () => {
  const full = icall('X::M(int)', ['i32'], 'i32', () => 1);
  const short = icall('X::M', ['i64'], 'i64', () => 2n);
  const r = new IcallRegistry([[full, short]]);
  expect([r.lookup('X::M(int)', 'X::M'), r.lookup('X::M(long)', 'X::M')]).toEqual([full, short]);
});

test('BoundIcall_PrecodeBackpatchedToTrampoline', () => {
  const md = corlibMethod(t.rt, 'System.Math::Floor(double)');
  const precode = t.rt.code.ensurePrecode(md);
  const code = prepareMethod(t.rt, md);
  expect(code).toBe(md.code);
  expect(t.machine.memory.u8(precode)).toBe(0xe9); // jmp rel32 to the trampoline
  expect(prepareMethod(t.rt, md)).toBe(code);
});
