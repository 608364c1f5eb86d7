/**
 * Directories the available toolchains do not emit (this mingw's ld writes no load config and no
 * delay imports; Mono's assemblies have neither): a copy of a real image gets hand-built
 * structures in its .data section, and the parser must read them back field for field.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BadImageFormatError, PeImage, parsePe } from '../../loader/pe';
import { REPO_ROOT } from './corpus';

function withData(build: (pe: PeImage, b: Uint8Array, dv: DataView, dataRva: number, dataOff: number) => void): PeImage {
  const b = new Uint8Array(fs.readFileSync(path.join(REPO_ROOT, 'build', 'test', 'pe', 'inputs', 'peimports.exe')));
  const pe = parsePe(b);
  const data = pe.sections.find((s) => s.name === '.data')!;
  build(pe, b, new DataView(b.buffer), data.virtualAddress, data.pointerToRawData);
  return parsePe(b);
}

test('LoadConfig64_SizeLimitsFields_CookieRead', () => {
  const pe = withData((pe, b, dv, rva, off) => {
    b.fill(0, off, off + 0x94);
    dv.setUint32(off, 0x70, true); // Size: up to and including SEHandlerCount
    dv.setUint32(off + 4, 0x12345678, true); // TimeDateStamp
    dv.setBigUint64(off + 0x58, 0x1400090a0n, true); // SecurityCookie
    dv.setBigUint64(off + 0x68, 3n, true); // SEHandlerCount
    dv.setBigUint64(off + 0x78, 0xdeadn, true); // past Size: must not be read
    dv.setUint32(pe.dataDirectories[10].entryOffset, rva, true);
    dv.setUint32(pe.dataDirectories[10].entryOffset + 4, 0x70, true);
  });
  const lc = pe.loadConfig!;
  expect(lc.size).toBe(0x70);
  expect(lc.fields.TimeDateStamp).toBe(0x12345678);
  expect(lc.securityCookie).toBe(0x1400090a0n);
  expect(lc.seHandlerCount).toBe(3n);
  expect(lc.guardCFCheckFunctionPointer).toBeUndefined();
  expect(lc.guardFlags).toBeUndefined();
  expect(Object.keys(lc.fields).pop()).toBe('SEHandlerCount');
});

test('DelayImports_ByNameAndOrdinal', () => {
  const pe = withData((pe, b, dv, rva, off) => {
    b.fill(0, off, off + 0x140);
    const d = off + 0xa0;
    dv.setUint32(d, 1, true); // Attributes: RVA-based
    dv.setUint32(d + 4, rva + 0xe0, true); // DllNameRVA
    dv.setUint32(d + 8, rva + 0x138, true); // ModuleHandleRVA
    dv.setUint32(d + 12, rva + 0x120, true); // ImportAddressTableRVA
    dv.setUint32(d + 16, rva + 0xf0, true); // ImportNameTableRVA
    b.set(Buffer.from('delayed.dll\0'), off + 0xe0);
    dv.setBigUint64(off + 0xf0, BigInt(rva + 0x110), true);
    dv.setBigUint64(off + 0xf8, (1n << 63n) | 9n, true);
    dv.setUint16(off + 0x110, 5, true);
    b.set(Buffer.from('LateFn\0'), off + 0x112);
    dv.setUint32(pe.dataDirectories[13].entryOffset, rva + 0xa0, true);
    dv.setUint32(pe.dataDirectories[13].entryOffset + 4, 0x40, true);
  });
  const [dll] = pe.delayImports;
  expect(pe.delayImports).toHaveLength(1);
  const rva = pe.sections.find((s) => s.name === '.data')!.virtualAddress;
  expect(dll).toMatchObject({ name: 'delayed.dll', attributes: 1, iatRva: rva + 0x120, intRva: rva + 0xf0, moduleHandleRva: rva + 0x138 });
  expect(dll.entries).toEqual([
    { name: 'LateFn', hint: 5, hintNameRva: rva + 0x110, iatRva: rva + 0x120 },
    { ordinal: 9, iatRva: rva + 0x128 },
  ]);
});

test('DelayImportsVaBasedBelowImageBase_Invalid_BadImageFormat', () => {
  const pe = withData((pe, b, dv, rva, off) => {
    b.fill(0, off, off + 0x140);
    const base = Number(pe.optionalHeader.imageBase & 0xffffffffn);
    const d = off + 0xa0;
    // Attributes 0: old-style descriptors hold 32-bit VAs (ImageBase 0x140000000 truncates, so
    // only the low part is stored); a VA below ImageBase is reported, not wrapped.
    dv.setUint32(d, 0, true);
    dv.setUint32(d + 4, base + rva + 0xe0, true);
    dv.setUint32(d + 16, base + rva + 0xf0, true);
    dv.setUint32(pe.dataDirectories[13].entryOffset, rva + 0xa0, true);
    dv.setUint32(pe.dataDirectories[13].entryOffset + 4, 0x40, true);
  });
  expect(() => pe.delayImports).toThrow(BadImageFormatError);
  expect(() => pe.delayImports).toThrow(/DllNameRVA.*not inside the image/);
});
