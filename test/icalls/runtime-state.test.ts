/**
 * Icalls answering from runtime state: EncodingHelper.InternalCodePage (Mono's charset
 * classification, the Windows ANSI charset), the GC's tombstone and finalization hook, the
 * invariant-culture answers, and Marshal.GetLastWin32Error.
 */
import { ANSI_CODE_PAGE } from '../../loader/crt/codepages';
import { IcallDependencyMissingError } from '../../src/vm/icalls';
import { classifyCharset, UTF8_CHARSET_FLAG } from '../../src/vm/icalls/encoding';
import { callIcall, icallRuntime, str, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
let cell: bigint;
beforeAll(() => {
  t = icallRuntime();
  cell = t.rt.heaps.loader.alloc(8, 8);
});
afterAll(() => t.close());

test('InternalCodePage_WindowsAnsiCharset_NameWhenAsked', () => {
  t.machine.memory.setU32(cell, 1);
  const name = callIcall(t, 'System.Text.EncodingHelper::InternalCodePage(int&)', [cell]);
  expect([str(t, name), t.machine.memory.u32(cell) | 0]).toEqual([`CP${ANSI_CODE_PAGE}`, -1]);
  t.machine.memory.setU32(cell, 0);
  expect(callIcall(t, 'System.Text.EncodingHelper::InternalCodePage(int&)', [cell])).toBe(0n);
  expect(t.machine.memory.u32(cell) | 0).toBe(-1);
});

test('CharsetClassification_MonoAliases', () => {
  expect(classifyCharset('ANSI_X3.4-1968', true)).toEqual({ code: 1, name: null });
  expect(classifyCharset('UTF-8', true)).toEqual({ code: 3 | UTF8_CHARSET_FLAG, name: null });
  expect(classifyCharset('ISO-8859-1', false)).toEqual({ code: 6, name: null });
  expect(classifyCharset('CP437', false)).toEqual({ code: -1, name: null });
});

test('EphemeronTombstone_OneObjectPerRuntime', () => {
  const a = callIcall(t, 'System.GC::get_ephemeron_tombstone()');
  expect(a).not.toBe(0n);
  expect(callIcall(t, 'System.GC::get_ephemeron_tombstone()')).toBe(a);
  expect(t.rt.types.typeOfMethodTable(t.machine.memory.u64(a))?.fullName).toBe('System.Object');
});

test('SuppressFinalize_NoCollector_Invalid_IcallDependencyMissingError', () => {
  const o = t.rt.objects.allocString('x');
  const collector = t.rt.finalization;
  t.rt.finalization = undefined;
  try {
    expect(() => callIcall(t, 'System.GC::_SuppressFinalize(object)', [o])).toThrow(IcallDependencyMissingError);
  } finally {
    t.rt.finalization = collector;
  }
});

test('SuppressFinalize_CallsCollector_NullIsArgumentNullException', () => {
  const seen: string[] = [];
  const collector = t.rt.finalization;
  t.rt.finalization = { suppressFinalize: (o) => seen.push(`s${o}`), reRegisterForFinalize: (o) => seen.push(`r${o}`) };
  try {
    callIcall(t, 'System.GC::_SuppressFinalize(object)', [0x10n]);
    callIcall(t, 'System.GC::_ReRegisterForFinalize(object)', [0x20n]);
    expect(seen).toEqual(['s16', 'r32']);
    expect(() => callIcall(t, 'System.GC::_SuppressFinalize(object)', [0n])).toThrow(/ArgumentNullException/);
  } finally {
    t.rt.finalization = collector;
  }
});

test('Culture_NoLocaleTables_InvariantAnswers', () => {
  expect(callIcall(t, 'System.Globalization.CultureInfo::get_current_locale_name()')).toBe(0n);
  const ci = t.rt.objects.allocObject(t.rt.types.ensureLoaded(t.rt.types.corlibType('System.Globalization.CultureInfo')));
  expect(callIcall(t, 'System.Globalization.CultureInfo::construct_internal_locale_from_name(string)', [ci, t.rt.objects.allocString('en-US')])).toBe(0n);
  expect(callIcall(t, 'System.Globalization.CultureInfo::construct_internal_locale_from_lcid(int)', [ci, 0x409n])).toBe(0n);
});

test('GetLastWin32Error_ReturnsSavedPInvokeError', () => {
  t.rt.pinvoke.lastError = 87;
  expect(callIcall(t, 'System.Runtime.InteropServices.Marshal::GetLastWin32Error()')).toBe(87n);
});
