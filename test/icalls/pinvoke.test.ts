/**
 * P/Invoke metadata and binding without a whole program: the export names probed per CharSet and
 * ExactSpelling, ImplMap decoding checked against monodis over all of mscorlib's P/Invokes, and
 * the named error for a P/Invoke in a runtime that has no process.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { TableId, tokenRow } from '../../src/metadata';
import { IcallProcessRequiredError } from '../../src/vm/icalls';
import { entryPointCandidates, readPInvokeImport } from '../../src/vm/pinvoke';
import { prepareMethod } from '../../src/vm/prestub';
import { icallRuntime, PROGRAMS, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
beforeAll(() => { t = icallRuntime(); });
afterAll(() => t.close());

test.each([
  ['GetConsoleCP', 'ansi', false, ['GetConsoleCP', 'GetConsoleCPA']],
  ['SetEnvironmentVariable', 'unicode', false, ['SetEnvironmentVariableW', 'SetEnvironmentVariable']],
  ['lstrlenW', 'unicode', true, ['lstrlenW']],
  ['#12', 'unicode', false, ['#12']],
] as const)('EntryPointCandidates_%s_%s_exact%s', (entryPoint, charSet, exactSpelling, expected) => {
  expect(entryPointCandidates({ entryPoint, charSet, exactSpelling })).toEqual(expected);
});

test('ImplMap_AllOfMscorlib_MatchesMonodis', () => {
  const corlib = t.rt.binder.corlib;
  const listing = execFileSync('monodis', ['--implmap', corlib.filePath], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const expected = listing.split('\n').map((l) => /^(\d+): .* (\d+) \((\S+) (\S+)\)$/.exec(l)).filter((m) => m !== null)
    .map((m) => ({ entry: m![3], module: m![4], charSet: (Number(m![2]) & 6) === 4 || (Number(m![2]) & 6) === 6 ? 'unicode' : 'ansi', setLastError: (Number(m![2]) & 0x40) !== 0 }));
  expect(expected.length).toBe(corlib.md.rowCount(TableId.ImplMap));
  const actual = expected.map((_, i) => {
    const member = corlib.md.row.implMap(i + 1).memberForwarded;
    const imp = readPInvokeImport(t.rt.types.methodDesc(corlib, tokenRow(member)));
    return { entry: imp.entryPoint, module: imp.module, charSet: imp.charSet, setLastError: imp.setLastError };
  });
  expect(actual).toEqual(expected);
});

test('ConsoleCodePagePInvokes_Kernel32_NoMangling', () => {
  const corlib = t.rt.binder.corlib;
  const type = t.rt.types.corlibType('System.Console/WindowsConsole');
  const rows = corlib.md.methodsOf(type.row).filter((r) => corlib.md.row.methodDef(r).name === 'GetConsoleOutputCP');
  const imp = readPInvokeImport(t.rt.types.methodDesc(corlib, rows[0]!));
  expect([imp.module.toLowerCase().replace(/\.dll$/, ''), entryPointCandidates(imp)[0]]).toEqual(['kernel32', 'GetConsoleOutputCP']);
});

test('PInvokeWithoutProcess_Invalid_IcallProcessRequiredError', () => {
  const asm = t.rt.loadMainAssembly(path.join(PROGRAMS, 'ConsoleCP.exe'));
  const row = [...Array(asm.md.rowCount(TableId.MethodDef)).keys()].map((i) => i + 1).find((r) => asm.md.row.methodDef(r).name === 'GetConsoleCP')!;
  expect(() => prepareMethod(t.rt, t.rt.types.methodDesc(asm, row))).toThrow(IcallProcessRequiredError);
});
