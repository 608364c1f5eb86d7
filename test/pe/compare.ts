/**
 * Field-by-field comparison of a PeImage with objdump's view of the same file. Returns the list of
 * disagreements (empty when they agree), each naming the field and both values, so a failing test
 * says exactly what differs. What objdump does not print (or prints lossily) is not compared.
 */
import { PeImage, RELOCATION_TYPE_NAMES, ResourceDirectory, SectionHeader } from '../../loader/pe';
import { ObjdumpView } from './objdump';

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

/** BFD's section size for PE images: the virtual size when smaller than the raw size (or for
 * uninitialised data without raw data), otherwise the raw size (bfd/coffcode.h). */
export function bfdSectionSize(s: SectionHeader): bigint {
  const uninit = (s.characteristics & 0x80) !== 0;
  if (s.virtualSize > 0 && ((uninit && s.sizeOfRawData === 0) || s.virtualSize < s.sizeOfRawData)) return BigInt(s.virtualSize);
  return BigInt(s.sizeOfRawData);
}

/** A timestamp as C's ctime() prints it in local time ("Thu Jan  1 00:00:00 1970"), as objdump does. */
export function ctime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()];
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${day} ${month} ${String(d.getDate()).padStart(2, ' ')} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
}

export function compareWithObjdump(pe: PeImage, od: ObjdumpView): string[] {
  const diffs: string[] = [];
  const eq = (what: string, ours: bigint | number | string | undefined, theirs: bigint | number | string | undefined): void => {
    const a = typeof ours === 'number' ? BigInt(ours) : ours;
    const b = typeof theirs === 'number' ? BigInt(theirs) : theirs;
    if (a !== b) diffs.push(`${what}: ours ${typeof a === 'bigint' ? hex(a) : a} objdump ${typeof b === 'bigint' ? hex(b) : b}`);
  };
  eq('format', pe.is64 ? 'pei-x86-64' : 'pei-i386', od.format);
  eq('Characteristics', pe.fileHeader.characteristics, od.characteristics);
  eq('TimeDateStamp', ctime(pe.fileHeader.timeDateStamp), od.timeDate);
  const o = pe.optionalHeader;
  const fields: [string, bigint | number | undefined][] = [
    ['Magic', o.magic], ['MajorLinkerVersion', o.majorLinkerVersion], ['MinorLinkerVersion', o.minorLinkerVersion],
    ['SizeOfCode', o.sizeOfCode], ['SizeOfInitializedData', o.sizeOfInitializedData], ['SizeOfUninitializedData', o.sizeOfUninitializedData],
    ['AddressOfEntryPoint', o.addressOfEntryPoint], ['BaseOfCode', o.baseOfCode], ['BaseOfData', o.baseOfData],
    ['ImageBase', o.imageBase], ['SectionAlignment', o.sectionAlignment], ['FileAlignment', o.fileAlignment],
    ['MajorOSystemVersion', o.majorOperatingSystemVersion], ['MinorOSystemVersion', o.minorOperatingSystemVersion],
    ['MajorImageVersion', o.majorImageVersion], ['MinorImageVersion', o.minorImageVersion],
    ['MajorSubsystemVersion', o.majorSubsystemVersion], ['MinorSubsystemVersion', o.minorSubsystemVersion],
    ['Win32Version', o.win32VersionValue], ['SizeOfImage', o.sizeOfImage], ['SizeOfHeaders', o.sizeOfHeaders],
    ['CheckSum', o.checkSum], ['Subsystem', o.subsystem], ['DllCharacteristics', o.dllCharacteristics],
    ['SizeOfStackReserve', o.sizeOfStackReserve], ['SizeOfStackCommit', o.sizeOfStackCommit],
    ['SizeOfHeapReserve', o.sizeOfHeapReserve], ['SizeOfHeapCommit', o.sizeOfHeapCommit],
    ['LoaderFlags', o.loaderFlags], ['NumberOfRvaAndSizes', o.numberOfRvaAndSizes],
  ];
  for (const [name, ours] of fields) eq(name, ours, od.fields.get(name));

  od.directories.forEach((d, i) => {
    eq(`DataDirectory[${i}].rva`, pe.dataDirectories[i].rva, d.rva);
    eq(`DataDirectory[${i}].size`, pe.dataDirectories[i].size, d.size);
  });
  if (od.directories.length !== Math.min(16, o.numberOfRvaAndSizes)) {
    diffs.push(`data directory count: ours ${Math.min(16, o.numberOfRvaAndSizes)} objdump ${od.directories.length}`);
  }

  eq('section count', pe.sections.length, od.sections.length);
  pe.sections.forEach((s, i) => {
    const t = od.sections[i];
    if (!t) return;
    eq(`section[${i}].name`, s.name, t.name);
    eq(`section[${i}].size`, bfdSectionSize(s), t.size);
    eq(`section[${i}].vma`, pe.optionalHeader.imageBase + BigInt(s.virtualAddress), t.vma);
    eq(`section[${i}].fileOffset`, s.pointerToRawData, t.fileOffset);
  });

  const imports = pe.imports;
  eq('imported DLL count', imports.length, od.imports.length);
  imports.forEach((dll, i) => {
    const t = od.imports[i];
    if (!t) return;
    eq(`import[${i}].name`, dll.name, t.dll);
    eq(`import[${i}] (${dll.name}) entry count`, dll.entries.length, t.members.length);
    dll.entries.forEach((e, j) => {
      const m = t.members[j];
      if (!m) return;
      const where = `import ${dll.name}[${j}]`;
      if (e.name !== undefined) {
        eq(`${where}.name`, e.name, m.name);
        eq(`${where}.hint`, e.hint, m.hintOrOrdinal);
        eq(`${where}.hintNameRva`, e.hintNameRva, m.vma);
      } else {
        eq(`${where}.ordinal`, e.ordinal, m.hintOrOrdinal);
        eq(`${where}.byOrdinal`, 'ordinal', m.name === undefined ? 'ordinal' : `name ${m.name}`);
      }
    });
  });

  const ex = pe.exports;
  eq('has exports', ex ? 'yes' : 'no', od.exports ? 'yes' : 'no');
  if (ex && od.exports) {
    eq('exports.dllName', ex.dllName, od.exports.name);
    eq('exports.ordinalBase', ex.ordinalBase, od.exports.ordinalBase);
    eq('exports.numberOfFunctions', ex.numberOfFunctions, od.exports.addressTableEntries);
    eq('exports.numberOfNames', ex.numberOfNames, od.exports.namePointerEntries);
    // objdump lists every address-table slot it prints (it skips zero ones); compare those.
    const byOrdinal = new Map(ex.entries.map((e) => [e.ordinal, e]));
    for (const [index, t] of od.exports.addresses) {
      const e = byOrdinal.get(ex.ordinalBase + index);
      const where = `export ordinal ${ex.ordinalBase + index}`;
      if (!e) {
        diffs.push(`${where}: missing in ours`);
        continue;
      }
      eq(`${where}.forwarder`, e.forwarder, t.forwarder);
      if (e.forwarder === undefined) eq(`${where}.rva`, e.rva, t.rva);
    }
    eq('export entry count', ex.entries.length, od.exports.addresses.size);
    for (const [name, index] of od.exports.names) {
      const e = byOrdinal.get(ex.ordinalBase + index);
      if (!e || !e.names.includes(name)) diffs.push(`export name ${name}: objdump puts it at index ${index}, ours does not`);
    }
  }

  const blocks = pe.baseRelocations;
  eq('relocation block count', blocks.length, od.relocations.length);
  blocks.forEach((b, i) => {
    const t = od.relocations[i];
    if (!t) return;
    eq(`reloc block[${i}].pageRva`, b.pageRva, t.pageRva);
    eq(`reloc block[${i}].size`, b.blockSize, t.size);
    eq(`reloc block[${i}].count`, b.entries.length, t.fixups.length);
    b.entries.forEach((r, j) => {
      const f = t.fixups[j];
      if (!f) return;
      eq(`reloc block[${i}][${j}].rva`, r.rva, f.rva);
      eq(`reloc block[${i}][${j}].type`, RELOCATION_TYPE_NAMES[r.type] ?? String(r.type), f.type);
    });
  });

  if (pe.fileHeader.machine === 0x8664 && od.hasPdataDump) {
    const fns = pe.exceptionTable;
    const base = pe.optionalHeader.imageBase;
    // objdump stops at the first all-zero record; count only up to there.
    const firstZero = fns.findIndex((f) => f.beginRva === 0 && f.endRva === 0 && f.unwindInfoRva === 0);
    const ours = firstZero < 0 ? fns : fns.slice(0, firstZero);
    eq('pdata entry count', ours.length, od.pdataEntries.length);
    ours.forEach((f, i) => {
      const t = od.pdataEntries[i];
      if (!t) return;
      eq(`pdata[${i}].begin`, base + BigInt(f.beginRva), t.begin);
      eq(`pdata[${i}].end`, base + BigInt(f.endRva), t.end);
      eq(`pdata[${i}].unwind`, base + BigInt(f.unwindInfoRva), t.unwind);
    });
  }
  const debug = pe.debug;
  eq('debug entry count', debug.length, od.debug.length);
  debug.forEach((d, i) => {
    const t = od.debug[i];
    if (!t) return;
    eq(`debug[${i}].type`, d.type, t.type);
    eq(`debug[${i}].size`, d.sizeOfData, t.size);
    eq(`debug[${i}].rva`, d.addressOfRawData, t.rva);
    eq(`debug[${i}].fileOffset`, d.pointerToRawData, t.fileOffset);
    if (t.codeView) {
      eq(`debug[${i}].signature`, d.codeView?.guid.replace(/-/g, ''), t.codeView.signature);
      eq(`debug[${i}].age`, d.codeView?.age, t.codeView.age);
      eq(`debug[${i}].pdb`, d.codeView?.pdbPath || '(none)', t.codeView.pdb);
    }
  });
  const leaves: { rva: number; size: number; codePage: number }[] = [];
  const walk = (dir: ResourceDirectory | undefined): void => {
    for (const e of dir?.entries ?? []) {
      if (e.directory) walk(e.directory);
      if (e.data) leaves.push({ rva: e.data.dataRva, size: e.data.size, codePage: e.data.codePage });
    }
  };
  walk(pe.resources);
  eq('resource leaf count', leaves.length, od.resourceLeaves.length);
  leaves.forEach((l, i) => {
    const t = od.resourceLeaves[i];
    if (!t) return;
    eq(`resource leaf[${i}].rva`, l.rva, t.rva);
    eq(`resource leaf[${i}].size`, l.size, t.size);
    eq(`resource leaf[${i}].codePage`, l.codePage, t.codePage);
  });
  return diffs;
}
