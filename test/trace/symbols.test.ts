/**
 * Symbolization: COFF symbols of a mingw EXE checked against mingw's `nm`, export names from a DLL
 * file and from its image as mapped (the path emulated DLLs take), gate names, the `module+0xoff`
 * fallback, and a corrupt symbol table that degrades to module offsets instead of failing.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { layoutImage, parsePe } from '../../loader/pe';
import { readCoffSymbols } from '../../src/trace/coff-symbols';
import { ModuleSymbols, SymbolModule, Symbolizer } from '../../src/trace/symbols';

const root = path.resolve(__dirname, '..', '..');
const nestedPath = path.join(root, 'build/test/unwind/inputs/nested.exe');
const mathlibPath = path.join(root, 'build/samples/native/mathlib.dll');

function need(file: string): Uint8Array {
  if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run node dist/scripts/setup.js`);
  return fs.readFileSync(file);
}

const NESTED_BASE = 0x140000000n;

describe('COFF symbols and exports', () => {
  test('NestedExe_EveryNmTextSymbol_FoundAtItsRva', () => {
    const bytes = need(nestedPath);
    const nm = execFileSync('x86_64-w64-mingw32-nm', [nestedPath], { encoding: 'utf8' });
    const expected = nm
      .split('\n')
      .map((l) => l.match(/^([0-9a-f]{16}) [Tt] (\S+)$/))
      .filter((m): m is RegExpMatchArray => m !== null && !m[2].startsWith('.'))
      .map((m) => ({ rva: Number(BigInt(`0x${m[1]}`) - NESTED_BASE), name: m[2] }));
    expect(expected.length).toBeGreaterThan(50);
    const symbols = ModuleSymbols.fromFile(bytes);
    const names = new Set(readCoffSymbols(parsePe(bytes)).map((s) => `${s.rva}:${s.name}`));
    for (const e of expected) {
      expect(symbols.nearest(e.rva)?.offset).toBe(0);
      expect(names.has(`${e.rva}:${e.name}`)).toBe(true);
    }
  });

  test('NestedExe_AddressInsideFunction_ModuleBangSymbolPlusOffset', () => {
    const bytes = need(nestedPath);
    const leaf = readCoffSymbols(parsePe(bytes)).find((s) => s.name === 'deepest_leaf')!;
    expect(leaf).toBeDefined();
    const module: SymbolModule = { name: 'nested.exe', base: NESTED_BASE, size: 0x20000 };
    const sym = new Symbolizer({ modules: () => [module], readFile: () => bytes });
    expect(sym.symbolize(NESTED_BASE + BigInt(leaf.rva) + 0xan)).toBe('nested.exe!deepest_leaf+0xa');
    expect(sym.symbolize(NESTED_BASE + BigInt(leaf.rva))).toBe('nested.exe!deepest_leaf');
    // Below the first code symbol (the headers): module offset.
    expect(sym.symbolize(NESTED_BASE + 0x10n)).toBe('nested.exe+0x10');
  });

  test('MathlibDll_FileAndMappedExports_NamedAndOrdinalOnly', () => {
    const bytes = need(mathlibPath);
    const pe = parsePe(bytes);
    const add = pe.exports!.entries.find((e) => e.names.includes('add'))!;
    const mapped = layoutImage(pe);
    const base = 0x7ff800000000n;
    const module: SymbolModule = { name: 'mathlib.dll', base, size: mapped.length, emulated: true };
    const sym = new Symbolizer({
      modules: () => [module],
      readMemory: (addr, length) => mapped.slice(Number(addr - base), Number(addr - base) + length),
    });
    expect(sym.symbolize(base + BigInt(add.rva!) + 2n)).toBe('mathlib.dll!add+0x2');
    const fromFile = ModuleSymbols.fromImage(pe, { coff: false });
    expect(fromFile.nearest(add.rva! + 2)).toEqual({ name: 'add', offset: 2 });
    // square is exported by ordinal 7 only: `#7` from exports, its COFF name when the file is there.
    const square = pe.exports!.entries.find((e) => e.ordinal === 7)!;
    expect(square.names).toEqual([]);
    expect(sym.symbolize(base + BigInt(square.rva!))).toBe('mathlib.dll!#7');
    const withFile = new Symbolizer({ modules: () => [{ ...module, emulated: false }], readFile: () => bytes });
    expect(withFile.symbolize(base + BigInt(square.rva!))).toBe('mathlib.dll!square');
  });

  test('AddressOutsideModules_GateNameOrBareAddress', () => {
    const sym = new Symbolizer({ modules: () => [], gateName: (a) => (a === 0x7fff0000n ? 'kernel32.dll!ExitProcess' : undefined) });
    expect(sym.symbolize(0x7fff0000n)).toBe('kernel32.dll!ExitProcess');
    expect(sym.symbolize(0x1234n)).toBe('0x0000000000001234');
  });

  test('SymbolTablePointerPastEnd_ModuleOffsetFallback_ErrorKept', () => {
    const bytes = Uint8Array.from(need(nestedPath));
    const pe = parsePe(bytes);
    const fileHeader = pe.dosHeader.e_lfanew + 4;
    new DataView(bytes.buffer).setUint32(fileHeader + 8, bytes.length - 10, true); // PointerToSymbolTable
    const module: SymbolModule = { name: 'nested.exe', base: NESTED_BASE, size: 0x20000 };
    const sym = new Symbolizer({ modules: () => [module], readFile: () => bytes });
    const text = sym.symbolize(NESTED_BASE + 0x1500n);
    // Exports are absent in an EXE, so without COFF symbols the module offset is all there is.
    expect(text).toBe('nested.exe+0x1500');
    expect(sym.errors.get('nested.exe')?.name).toBe('BadImageFormatError');
  });
});
