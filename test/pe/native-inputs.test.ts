/**
 * The native inputs built from test/pe/inputs parse to what their sources declare: imports by
 * name and by ordinal, exports with a NONAME ordinal, a data export and a forwarder, TLS callbacks
 * read through the image, relocations, .pdata. objdump agreement is checked elsewhere; these pin
 * the meaning.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RelocationType, parsePe } from '../../loader/pe';
import { REPO_ROOT } from './corpus';

const dir = path.join(REPO_ROOT, 'build', 'test', 'pe', 'inputs');
const load = (name: string) => parsePe(fs.readFileSync(path.join(dir, name)), name);

test('Imports_ByNameAndOrdinal_WithIatSlots', () => {
  const pe = load('peimports.exe');
  expect(pe.is64).toBe(true);
  const lib = pe.imports.find((d) => d.name === 'peexports.dll');
  expect(lib).toBeDefined();
  expect(lib!.entries.map((e) => (e.name !== undefined ? e.name : `#${e.ordinal}`)).sort()).toEqual(['#7', 'pe_add']);
  lib!.entries.forEach((e, i) => expect(e.iatRva).toBe(lib!.firstThunk + 8 * i));
  const k32 = pe.imports.find((d) => d.name.toUpperCase() === 'KERNEL32.DLL');
  expect(k32?.entries.some((e) => e.name === 'GetCurrentProcessId')).toBe(true);
});

test('Exports_NonameDataAndForwarder', () => {
  const pe = load('peexports.dll');
  const ex = pe.exports!;
  expect(ex.dllName).toBe('peexports.dll');
  expect(ex.ordinalBase).toBe(1);
  const byOrdinal = new Map(ex.entries.map((e) => [e.ordinal, e]));
  expect(byOrdinal.get(1)?.names).toEqual(['pe_add']);
  expect(byOrdinal.get(3)?.names).toEqual(['pe_counter']);
  expect(byOrdinal.get(4)).toMatchObject({ names: ['pe_tick'], forwarder: 'KERNEL32.GetTickCount' });
  expect(byOrdinal.get(4)?.rva).toBeUndefined();
  expect(byOrdinal.get(7)?.names).toEqual([]);
  expect(pe.sectionOf(byOrdinal.get(7)!.rva!)?.name).toBe('.text');
  expect(pe.sectionOf(byOrdinal.get(3)!.rva!)?.name).toBe('.data');
});

test('Tls_TwoCallbacksInImage', () => {
  const pe = load('peimports.exe');
  const tls = pe.tls!;
  const base = pe.optionalHeader.imageBase;
  // mingw's CRT adds its own callbacks ahead of ours; ours are the two from .CRT$XLB/.CRT$XLC.
  expect(tls.callbacks.length).toBeGreaterThanOrEqual(2);
  for (const cb of tls.callbacks) expect(pe.sectionOf(Number(cb - base))?.name).toBe('.text');
  expect(tls.endAddressOfRawData).toBeGreaterThan(tls.startAddressOfRawData);
});

test('Relocations_Dir64WithAbsolutePadding', () => {
  const pe = load('peimports.exe');
  const all = pe.baseRelocations.flatMap((b) => b.entries);
  expect(all.length).toBeGreaterThan(0);
  expect(all.every((r) => r.type === RelocationType.Dir64 || r.type === RelocationType.Absolute)).toBe(true);
  // Each DIR64 slot holds an address inside the image (the linker's preferred-base value).
  const base = pe.optionalHeader.imageBase;
  for (const r of all.filter((x) => x.type === RelocationType.Dir64)) {
    const slot = pe.readAtRva(r.rva, 8);
    const v = new DataView(slot.buffer, slot.byteOffset, 8).getBigUint64(0, true);
    expect(v >= base && v < base + BigInt(pe.optionalHeader.sizeOfImage)).toBe(true);
  }
});

test('ExceptionTable_SortedRuntimeFunctions', () => {
  const pe = load('peimports.exe');
  const fns = pe.exceptionTable;
  expect(fns.length).toBe(pe.dataDirectories[3].size / 12);
  for (let i = 1; i < fns.length; i++) expect(fns[i].beginRva).toBeGreaterThanOrEqual(fns[i - 1].endRva);
});

test('NativeImage_IsNotManaged', () => {
  expect(load('peimports.exe').isManaged).toBe(false);
  expect(load('peimports.exe').cliHeader).toBeUndefined();
});

test('Debug_BuildIdCodeViewRecord', () => {
  const [entry] = load('peexports.dll').debug;
  expect(entry.type).toBe(2);
  expect(entry.codeView?.signature).toBe('RSDS');
  expect(entry.codeView?.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(entry.codeView?.age).toBe(1);
});
