/**
 * Targeted malformed inputs: each fails with a BadImageFormatError naming the field and offset
 * that are wrong (never a RangeError), and lazily — a bad directory fails only when asked for.
 * Also the mapped layout: an image laid out in memory parses to the same headers and directories.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BadImageFormatError, BufferImageMemory, PeImage, layoutImage, parsePe, parsePeMapped } from '../../loader/pe';
import { REPO_ROOT } from './corpus';

const exe = (): Uint8Array => new Uint8Array(fs.readFileSync(path.join(REPO_ROOT, 'build', 'test', 'pe', 'inputs', 'peimports.exe')));
const dll = (): Uint8Array => new Uint8Array(fs.readFileSync(path.join(REPO_ROOT, 'build', 'test', 'pe', 'inputs', 'peexports.dll')));

function failure(run: () => unknown): BadImageFormatError {
  try {
    run();
  } catch (err) {
    if (err instanceof BadImageFormatError) return err;
    throw err;
  }
  throw new Error('expected a BadImageFormatError');
}

const put32 = (b: Uint8Array, at: number, v: number): void => new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0, true);
const put16 = (b: Uint8Array, at: number, v: number): void => new DataView(b.buffer, b.byteOffset).setUint16(at, v, true);

test('Empty_Invalid_BadImageFormat_DosMagic', () => {
  const e = failure(() => parsePe(new Uint8Array(0), 'empty.exe'));
  expect([e.field, e.offset]).toEqual(['IMAGE_DOS_HEADER.e_magic', 0]);
  expect(e.message).toContain('empty.exe');
});

test('TruncatedInFileHeader_Invalid_BadImageFormat_NamesField', () => {
  const b = exe();
  const lfanew = new DataView(b.buffer).getUint32(0x3c, true);
  const e = failure(() => parsePe(b.subarray(0, lfanew + 10)));
  // Machine and NumberOfSections fit; TimeDateStamp (4 bytes at +4) does not.
  expect(e.field).toBe('IMAGE_FILE_HEADER.TimeDateStamp');
  expect(e.offset).toBe(lfanew + 4 + 4);
});

test('BadNtSignature_Invalid_BadImageFormat', () => {
  const b = exe();
  const lfanew = new DataView(b.buffer).getUint32(0x3c, true);
  b[lfanew] = 0x4e;
  const e = failure(() => parsePe(b));
  expect([e.field, e.offset]).toEqual(['IMAGE_NT_HEADERS.Signature', lfanew]);
});

test('LfanewPastEnd_Invalid_BadImageFormat', () => {
  const b = exe();
  put32(b, 0x3c, 0xfffffff0);
  expect(failure(() => parsePe(b)).field).toBe('IMAGE_NT_HEADERS.Signature');
});

test('UnknownOptionalMagic_Invalid_BadImageFormat', () => {
  const b = exe();
  const pe = parsePe(b);
  put16(b, pe.optionalHeaderOffset, 0x107);
  const e = failure(() => parsePe(b));
  expect([e.field, e.offset]).toEqual(['IMAGE_OPTIONAL_HEADER.Magic', pe.optionalHeaderOffset]);
});

test('AbsurdSectionCount_Invalid_BadImageFormat_NumberOfSections', () => {
  const b = exe();
  const lfanew = new DataView(b.buffer).getUint32(0x3c, true);
  put16(b, lfanew + 6, 0xffff);
  expect(failure(() => parsePe(b)).field).toBe('IMAGE_FILE_HEADER.NumberOfSections');
});

test('TooManyDirectoriesForHeader_Invalid_BadImageFormat', () => {
  const b = exe();
  const pe = parsePe(b);
  put16(b, pe.dosHeader.e_lfanew + 4 + 16, 112 + 8 * 4);
  expect(failure(() => parsePe(b)).field).toBe('IMAGE_OPTIONAL_HEADER64.NumberOfRvaAndSizes');
});

test('ZeroSizeRelocationBlock_Invalid_Lazily_SizeOfBlock', () => {
  const b = exe();
  const pe = parsePe(b);
  const at = pe.rvaToOffset(pe.dataDirectories[5].rva)!;
  put32(b, at + 4, 0);
  const broken = parsePe(b);
  // Headers and other directories are fine; only the relocation directory fails, when asked.
  expect(broken.imports.length).toBeGreaterThan(0);
  const e = failure(() => broken.baseRelocations);
  expect([e.field, e.offset]).toEqual(['IMAGE_BASE_RELOCATION[0].SizeOfBlock', at + 4]);
});

test('RelocationBlockPastDirectory_Invalid_BadImageFormat', () => {
  const b = exe();
  const pe = parsePe(b);
  const at = pe.rvaToOffset(pe.dataDirectories[5].rva)!;
  put32(b, at + 4, pe.dataDirectories[5].size + 8);
  expect(failure(() => parsePe(b).baseRelocations).problem).toMatch(/runs past the directory end/);
});

test('ImportDirectoryOutsideImage_Invalid_BadImageFormat', () => {
  const b = exe();
  const pe = parsePe(b);
  put32(b, pe.dataDirectories[1].entryOffset, 0x7fff0000);
  const e = failure(() => parsePe(b).imports);
  expect(e.field).toBe('IMAGE_IMPORT_DESCRIPTOR[0]');
  expect(e.problem).toContain('0x7fff0000');
});

test('ImportNameUnterminated_Invalid_BadImageFormat', () => {
  const b = exe();
  const pe = parsePe(b);
  const desc = pe.rvaToOffset(pe.dataDirectories[1].rva)!;
  // Point the DLL name at the last byte of the last section in the file, and make that section's
  // virtual size equal its raw size so no zero-filled tail can end the string.
  const last = pe.sections.reduce((a, s) => (s.pointerToRawData > a.pointerToRawData ? s : a));
  // Drop what follows the last section (the COFF symbol table) so the section ends the file.
  const t = b.slice(0, last.pointerToRawData + last.sizeOfRawData);
  put32(t, last.offsets.virtualSize, last.sizeOfRawData);
  t[t.length - 1] = 0x41;
  put32(t, desc + 12, last.virtualAddress + last.sizeOfRawData - 1);
  const e = failure(() => parsePe(t).imports);
  expect(e.field).toBe('IMAGE_IMPORT_DESCRIPTOR[0].Name');
  expect(e.offset).toBe(t.length - 1);
});

test('ImportNameInZeroTail_Valid_EndsAtTail', () => {
  const b = exe();
  const pe = parsePe(b);
  const desc = pe.rvaToOffset(pe.dataDirectories[1].rva)!;
  const last = pe.sections.reduce((a, s) => (s.pointerToRawData > a.pointerToRawData ? s : a));
  const t = b.slice(0, last.pointerToRawData + last.sizeOfRawData);
  put32(t, last.offsets.virtualSize, last.sizeOfRawData + 0x100);
  t[t.length - 1] = 0x41;
  put32(t, desc + 12, last.virtualAddress + last.sizeOfRawData - 1);
  // As after mapping, the bytes past the raw data are zero and end the string.
  expect(parsePe(t).imports[0].name).toBe('A');
});

test('ExportCountAbsurd_Invalid_BadImageFormat', () => {
  const b = dll();
  const pe = parsePe(b);
  const at = pe.rvaToOffset(pe.dataDirectories[0].rva)!;
  put32(b, at + 20, 0x40000000);
  expect(failure(() => parsePe(b).exports).field).toBe('IMAGE_EXPORT_DIRECTORY.AddressOfFunctions');
});

test('ExportNameOrdinalOutOfRange_Invalid_BadImageFormat', () => {
  const b = dll();
  const pe = parsePe(b);
  const ords = pe.rvaToOffset(pe.exports!.addressOfNameOrdinals)!;
  put16(b, ords, 500);
  expect(failure(() => parsePe(b).exports).field).toBe('IMAGE_EXPORT_DIRECTORY.AddressOfNameOrdinals[0]');
});

test('ResourceCycle_Invalid_BadImageFormat', () => {
  const b = new Uint8Array(fs.readFileSync('/usr/lib/mono/4.5/mscorlib.dll'));
  const pe = parsePe(b);
  const root = pe.rvaToOffset(pe.dataDirectories[2].rva)!;
  // The root's first entry points back at the root table.
  put32(b, root + 16 + 4, 0x80000000);
  expect(failure(() => parsePe(b).resources).problem).toMatch(/contains itself/);
});

test('TlsCallbacksOutsideImage_Invalid_BadImageFormat', () => {
  const b = exe();
  const pe = parsePe(b);
  const at = pe.rvaToOffset(pe.dataDirectories[9].rva)!;
  new DataView(b.buffer).setBigUint64(at + 24, 0x10n, true);
  expect(failure(() => parsePe(b).tls).field).toBe('IMAGE_TLS_DIRECTORY64.AddressOfCallBacks');
});

test('ExceptionTableOnI386_Invalid_Unsupported', () => {
  const b = new Uint8Array(fs.readFileSync('/usr/lib/mono/4.5/mscorlib.dll'));
  const pe = parsePe(b);
  put32(b, pe.dataDirectories[3].entryOffset, 0x2000);
  put32(b, pe.dataDirectories[3].entryOffset + 4, 24);
  expect(failure(() => parsePe(b).exceptionTable).problem).toMatch(/not supported/);
});

test('HugeSizeOfImage_Invalid_LayoutRefused', () => {
  const b = exe();
  const pe = parsePe(b);
  put32(b, pe.optionalHeaderOffset + 56, 0xfffff000);
  expect(failure(() => layoutImage(parsePe(b))).field).toBe('IMAGE_OPTIONAL_HEADER.SizeOfImage');
});

function summary(pe: PeImage): unknown {
  return {
    is64: pe.is64, fh: pe.fileHeader, oh: pe.optionalHeader, dd: pe.dataDirectories.map((d) => [d.rva, d.size]),
    sections: pe.sections.map((s) => [s.rawName, s.virtualAddress, s.virtualSize]), imports: pe.imports, exports: pe.exports,
    relocs: pe.baseRelocations.length, tls: pe.tls, pdata: pe.exceptionTable.length, debug: pe.debug.map((d) => d.codeView),
  };
}

test.each(['peimports.exe', 'peexports.dll'])('%s_MappedLayout_SameViewAsFile', (name) => {
  const file = parsePe(fs.readFileSync(path.join(REPO_ROOT, 'build', 'test', 'pe', 'inputs', name)), name);
  const mapped = parsePeMapped(new BufferImageMemory(layoutImage(file)), name);
  expect(mapped.mapped).toBe(true);
  expect(summary(mapped)).toEqual(summary(file));
});

test('MappedThroughReader_SameViewAsBuffer', () => {
  const file = parsePe(exe());
  const bytes = layoutImage(file);
  const reads: number[] = [];
  const reader = { read: (rva: number, n: number) => (reads.push(n), bytes.slice(rva, rva + n)) };
  expect(summary(parsePeMapped(reader))).toEqual(summary(file));
  expect(reads.length).toBe(3);
});
