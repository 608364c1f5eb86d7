/**
 * The tracing options turned into settings: valid combinations, and a typed error naming the option
 * and the value for each wrong one; `--trace-method` selectors (with an optional parameter list) and
 * the method filter, which resolves names through the runtime's code map when code is first seen.
 */
import { traceSettingsFrom } from '../../src/cli/commands/trace-options';
import { TraceSession } from '../../src/trace/trace-session';
import { type ManagedCodeMap, parseMethodSelector } from '../../src/trace/managed-code';
import { TraceOptionError } from '../../src/trace/trace-errors';
import { parseAddressRange, TraceFilter } from '../../src/trace/trace-filter';
import { NO_TRACING } from '../../src/trace/trace-settings';

test('AllOptions_Valid_Settings', () => {
  const s = traceSettingsFrom({
    trace: 'out.trace', 'trace-regs': true, 'trace-format': 'jsonl', 'trace-range': ['0x140001000-0x140002000', '1000-2000'],
    'trace-module': ['hello.exe'], 'trace-last': 50, 'crash-report': 'r.json', minidump: 'd.dmp',
  });
  expect(s).toEqual({
    file: 'out.trace', format: 'jsonl', registers: true,
    ranges: [{ begin: 0x140001000n, end: 0x140002000n }, { begin: 1000n, end: 2000n }],
    modules: ['hello.exe'], methods: [], last: 50, crashReportFile: 'r.json', minidumpFile: 'd.dmp',
  });
});

test.each([
  [{ trace: 't', 'trace-format': 'xml' }, '--trace-format "xml"'],
  [{ trace: 't', 'trace-last': 0 }, '--trace-last "0"'],
  [{ trace: 't', 'trace-last': 2.5 }, '--trace-last "2.5"'],
  [{ trace: 't', 'trace-range': ['0x2000-0x1000'] }, '--trace-range "0x2000-0x1000": the end must be above'],
  [{ trace: 't', 'trace-range': ['0x1000'] }, '--trace-range "0x1000": expected BEGIN-END'],
  [{ trace: 't', 'trace-range': ['zz-0x1000'] }, 'is not an address'],
  [{ 'trace-regs': true }, '--trace-regs "": shapes an instruction trace'],
  [{ 'trace-module': ['hello.exe'] }, '--trace-module "": shapes an instruction trace'],
  [{ trace: 't', 'trace-method': ['NoSeparator'] }, '--trace-method "NoSeparator": expected Ns.Type::Method'],
])('BadOption_%j_TraceOptionError', (args, message) => {
  let caught: unknown;
  try {
    traceSettingsFrom(args as never);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TraceOptionError);
  expect((caught as Error).message).toContain(message);
});

test('TraceMethod_Selectors_ParsedWithOptionalParameterList', () => {
  expect(parseMethodSelector('Hello.Program::Main')).toEqual({ text: 'Hello.Program::Main', type: 'Hello.Program', method: 'Main' });
  expect(parseMethodSelector('Ns.Outer/Inner::Run(int32, string[])')).toEqual({ text: 'Ns.Outer/Inner::Run(int32, string[])', type: 'Ns.Outer/Inner', method: 'Run', params: ['int32', 'string[]'] });
  expect(parseMethodSelector('P::M()')?.params).toEqual([]);
  for (const bad of ['NoSeparator', '::M', 'T::', 'T::M(int32', 'A::B::C']) expect(parseMethodSelector(bad)).toBeUndefined();
});

test('TraceMethod_BadSelectorInSettings_TraceOptionErrorBeforeRunning', async () => {
  const settings = { ...NO_TRACING, methods: ['Hello.Program::Main('] };
  await expect(TraceSession.create(settings, { hostAppDirectory: '.' })).rejects.toThrow(TraceOptionError);
  // Without a trace file or ring no disassembler is loaded (capstone cannot load inside Jest's sandbox).
  await expect(TraceSession.create({ ...NO_TRACING, methods: ['Hello.Program::Main'] }, { hostAppDirectory: '.' })).resolves.toBeInstanceOf(TraceSession);
});

test('MethodFilter_CodeMapResolvesAtFirstSight_MatchedSelectorsRemembered', () => {
  // A code map whose method appears "later": the filter asks it per address, nothing is resolved up front.
  let compiled = false;
  const map: ManagedCodeMap = {
    locate: () => undefined,
    inMethod: (addr, sel) => compiled && sel.method === 'Main' && addr >= 0x9000n && addr < 0x9040n,
    compiledNames: () => (compiled ? ['Hello.Program::Main'] : []),
  };
  const main = parseMethodSelector('Hello.Program::Main')!;
  const other = parseMethodSelector('Hello.Program::Other')!;
  const f = new TraceFilter([parseAddressRange('0x100-0x200')], [], () => [], [main, other], () => map);
  expect(f.keepsAll).toBe(false);
  expect(f.includes(0x9000n)).toBe(false);
  compiled = true;
  expect([f.includes(0x9000n), f.includes(0x903fn), f.includes(0x9040n), f.includes(0x150n)]).toEqual([true, true, false, true]);
  expect([...f.matchedMethods]).toEqual([main]);
});

test('ModuleFilter_CaseInsensitiveDllOptional_RangesHalfOpen', () => {
  const modules = [{ name: 'KERNEL32.dll', base: 0x1000n, size: 0x1000 }, { name: 'hello.exe', base: 0x4000n, size: 0x100 }];
  const f = new TraceFilter([], ['kernel32'], () => modules);
  expect([f.includes(0x1000n), f.includes(0x1fffn), f.includes(0x2000n), f.includes(0x4000n)]).toEqual([true, true, false, false]);
  const r = new TraceFilter([parseAddressRange('0x4000-0x4010')], ['hello.exe'], () => modules);
  expect([r.includes(0x4000n), r.includes(0x400fn), r.includes(0x4010n)]).toEqual([true, true, false]);
  expect(new TraceFilter().keepsAll).toBe(true);
});

test('CrashReportIntoMissingDirectory_TraceFileErrorBeforeRunning', async () => {
  const settings = { ...NO_TRACING, crashReportFile: 'no-such-directory/x/report.json' };
  await expect(TraceSession.create(settings, { hostAppDirectory: '.' })).rejects.toThrow(/cannot write no-such-directory\/x\/report\.json: its directory does not exist/);
});
