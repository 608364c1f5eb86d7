/**
 * Function tables: binary search over RUNTIME_FUNCTION records, reading the exception directory
 * from PE32+ headers as mapped in memory, and a process-wide lookup that keeps working (with no
 * entries) for an image whose headers are corrupt, remembering why.
 */
import { FunctionTable, ModuleFunctionLookup, UnwindError, readImageFunctionTable } from '../../loader/unwind';
import { FakeMemory, encodeRuntimeFunction } from './fake-memory';

const BASE = 0x180000000n;

/** DOS header + PE32+ headers with the exception directory at `pdataRva` (`count` records). */
function headers(pdataRva: number, count: number, magic = 0x20b, mz = 0x5a4d): Uint8Array {
  const h = new Uint8Array(0x200);
  const dv = new DataView(h.buffer);
  dv.setUint16(0, mz, true);
  dv.setUint32(0x3c, 0x80, true);
  dv.setUint32(0x80, 0x4550, true);
  dv.setUint16(0x80 + 24, magic, true);
  dv.setUint32(0x80 + 24 + 108, 16, true); // NumberOfRvaAndSizes
  dv.setUint32(0x80 + 24 + 112 + 3 * 8, pdataRva, true);
  dv.setUint32(0x80 + 24 + 112 + 3 * 8 + 4, count * 12, true);
  return h;
}

function pdata(records: [number, number, number][]): Uint8Array {
  const out = new Uint8Array(records.length * 12);
  records.forEach((r, i) => out.set(encodeRuntimeFunction(...r), i * 12));
  return out;
}

test('UnsortedRecords_LookupFindsContainingEntryOnly', () => {
  const t = new FunctionTable(BASE, [
    { begin: 0x3000, end: 0x3010, unwindInfo: 3 },
    { begin: 0x1000, end: 0x1080, unwindInfo: 1 },
    { begin: 0x2000, end: 0x2004, unwindInfo: 2 },
  ]);
  expect(t.lookup(BASE + 0x1000n)?.unwindInfo).toBe(1);
  expect(t.lookup(BASE + 0x107fn)?.unwindInfo).toBe(1);
  expect(t.lookup(BASE + 0x1080n)).toBeUndefined(); // a gap between functions
  expect(t.lookup(BASE + 0x2003n)?.unwindInfo).toBe(2);
  expect(t.lookup(BASE + 0x300fn)?.unwindInfo).toBe(3);
  expect(t.lookup(BASE + 0xfffn)).toBeUndefined();
  expect(t.lookup(BASE - 1n)).toBeUndefined();
  expect(t.lookup(BASE + 0x1_0000_0000n)).toBeUndefined();
});

test('MappedPe32PlusHeaders_ExceptionDirectoryRead_ZeroPaddingDropped', () => {
  const mem = new FakeMemory()
    .map(BASE, headers(0x5000, 3))
    .map(BASE + 0x5000n, pdata([[0x1000, 0x1010, 0x6000], [0x1010, 0x1040, 0x6008], [0, 0, 0]]));
  const t = readImageFunctionTable(mem, BASE);
  expect(t.length).toBe(2);
  expect(t.lookup(BASE + 0x1020n)).toEqual({ imageBase: BASE, begin: 0x1010, end: 0x1040, unwindInfo: 0x6008 });
});

test('Pe32Image_NoX64UnwindData_EmptyTable', () => {
  const mem = new FakeMemory().map(BASE, headers(0x5000, 3, 0x10b));
  expect(readImageFunctionTable(mem, BASE).length).toBe(0);
});

test('BadMzSignature_UnwindErrorNamesField', () => {
  const mem = new FakeMemory().map(BASE, headers(0x5000, 1, 0x20b, 0x1234));
  expect(() => readImageFunctionTable(mem, BASE)).toThrow(UnwindError);
  expect(() => readImageFunctionTable(mem, BASE)).toThrow(/IMAGE_DOS_HEADER\.e_magic/);
});

test('ModuleLookup_CorruptImage_NoEntriesAndErrorKept_OtherImageStillFound', () => {
  const OTHER = 0x190000000n;
  const mem = new FakeMemory()
    .map(BASE, headers(0x5000, 100)) // directory points at unmapped memory
    .map(OTHER, headers(0x5000, 1))
    .map(OTHER + 0x5000n, pdata([[0x1000, 0x1010, 0x6000]]));
  const modules = new ModuleFunctionLookup(mem, () => [
    { base: BASE, size: 0x10000 },
    { base: OTHER, size: 0x10000 },
  ]);
  expect(modules.lookup(BASE + 0x1000n)).toBeUndefined();
  expect(modules.tableErrors.get(BASE)?.problem).toBe('unreadable-unwind-info');
  expect(modules.lookup(OTHER + 0x1004n)?.begin).toBe(0x1000);
  expect(modules.lookup(0x1000n)).toBeUndefined();
});
