/**
 * Image mapping: headers and sections at ImageBase with IMAGE_SCN_MEM_* protections, rebasing
 * with base relocations (forced, or because the base is taken), and malformed section tables
 * rejected with a BadImageFormatError naming the field.
 */
import * as fs from 'fs';
import { Machine, Prot } from '../../emu';
import { mapImage, protectImage } from '../../loader/image/map';
import { BadImageFormatError, RelocationType, parsePe, type PeImage } from '../../loader/pe';
import { built, inputs, samples } from './helpers';

let machines: Machine[] = [];
function machine(): Machine {
  const m = Machine.create();
  machines.push(m);
  return m;
}
afterEach(() => {
  for (const m of machines) m.close();
  machines = [];
});

function load(file: string): PeImage {
  return parsePe(fs.readFileSync(built(inputs, file)), file);
}

test('Map_PreferredBase_SectionProtectionsApplied', () => {
  const pe = load('pebwalk.exe');
  const m = machine();
  const image = mapImage(m.memory, pe, { name: 'pebwalk.exe' });
  protectImage(m.memory, image);
  expect(image.base).toBe(pe.optionalHeader.imageBase);
  expect(image.delta).toBe(0n);
  expect(m.memory.query(image.base).prot).toBe(Prot.Read);
  const expected: Record<string, Prot> = { '.text': Prot.Read | Prot.Execute, '.data': Prot.Read | Prot.Write, '.rdata': Prot.Read, '.idata': Prot.Read | Prot.Write };
  let checked = 0;
  for (const s of pe.sections) {
    if (!(s.name in expected)) continue;
    expect([s.name, m.memory.query(image.base + BigInt(s.virtualAddress)).prot]).toEqual([s.name, expected[s.name]]);
    checked++;
  }
  expect(checked).toBeGreaterThanOrEqual(3);
  // Section bytes are the file's raw data.
  const text = pe.sections.find((s) => s.name === '.text')!;
  const raw = pe.bytes.subarray(text.pointerToRawData, text.pointerToRawData + 64);
  expect(m.memory.read(image.base + BigInt(text.virtualAddress), 64)).toEqual(Uint8Array.from(raw));
});

test('Map_ForcedRebase_EveryDir64FixupMovesByDelta', () => {
  // The C runtime's start-up code holds absolute addresses, so hello.exe has DIR64 fix-ups.
  const pe = parsePe(fs.readFileSync(built(samples, 'hello.exe')), 'hello.exe');
  const a = machine();
  const b = machine();
  const at = mapImage(a.memory, pe, { name: 'hello.exe' });
  const moved = mapImage(b.memory, pe, { name: 'hello.exe', forceRebase: true });
  expect(moved.base).not.toBe(at.base);
  expect(moved.delta).toBe(moved.base - at.base);
  const sites = pe.baseRelocations.flatMap((blk) => blk.entries.filter((e) => e.type === RelocationType.Dir64));
  expect(sites.length).toBeGreaterThan(0);
  expect(moved.relocationsApplied).toBe(sites.length);
  const isSite = new Set(sites.map((s) => s.rva));
  for (const s of sites) {
    expect(b.memory.u64(moved.base + BigInt(s.rva)) - a.memory.u64(at.base + BigInt(s.rva))).toBe(moved.delta);
  }
  // Everything that is not a fix-up (or the ImageBase field of the header) is byte-identical.
  const x = a.memory.read(at.base, at.size);
  const y = b.memory.read(moved.base, moved.size);
  const imageBaseField = pe.optionalHeaderOffset + 24;
  let differences = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue;
    const inSite = [...Array(8).keys()].some((k) => isSite.has(i - k));
    const inHeader = i >= imageBaseField && i < imageBaseField + 8;
    if (!inSite && !inHeader) differences++;
  }
  expect(differences).toBe(0);
});

test('Map_BaseTaken_RebasedAway', () => {
  const pe = load('minimal.exe');
  const m = machine();
  m.memory.reserve(0x1_0000, { at: pe.optionalHeader.imageBase });
  const image = mapImage(m.memory, pe, { name: 'minimal.exe' });
  expect(image.base).not.toBe(pe.optionalHeader.imageBase);
  expect(image.delta).not.toBe(0n);
});

test('Map_SectionPastSizeOfImage_BadImageFormatNamesSection', () => {
  const bytes = new Uint8Array(fs.readFileSync(built(inputs, 'minimal.exe')));
  const pe = parsePe(bytes, 'minimal.exe');
  const s = pe.sections[0];
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(s.offsets.virtualSize, 0x7000_0000, true);
  const broken = parsePe(bytes, 'minimal.exe');
  const m = machine();
  expect(() => mapImage(m.memory, broken, { name: 'minimal.exe' })).toThrow(BadImageFormatError);
  expect(() => mapImage(m.memory, broken, { name: 'minimal.exe' })).toThrow(/IMAGE_SECTION_HEADER\[0\]\.VirtualAddress/);
});

test('Map_RawDataPastEndOfFile_BadImageFormat', () => {
  const bytes = new Uint8Array(fs.readFileSync(built(inputs, 'minimal.exe')));
  const pe = parsePe(bytes, 'minimal.exe');
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(pe.sections[0].offsets.pointerToRawData, 0x7fff_0000, true);
  const m = machine();
  expect(() => mapImage(m.memory, parsePe(bytes, 'minimal.exe'), { name: 'minimal.exe' })).toThrow(/PointerToRawData/);
});
