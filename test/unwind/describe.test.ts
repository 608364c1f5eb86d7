/**
 * File-based description of unwind data on patched copies of a real image: an indirect
 * RUNTIME_FUNCTION (UnwindData bit 0) is followed, chained infos are decoded outermost last, and a
 * chain that points back at itself is a per-function UnwindError, not a hang.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parsePe } from '../../loader/pe';
import { UnwindError, describeImageUnwind, formatImageUnwind } from '../../loader/unwind';

const file = path.resolve(__dirname, '../../build/test/unwind/inputs/nested.exe');

function load() {
  if (!fs.existsSync(file)) throw new Error('build/test/unwind/inputs/nested.exe is missing: run node dist/scripts/setup.js');
  const bytes = Uint8Array.from(fs.readFileSync(file));
  const pe = parsePe(bytes);
  const at = (rva: number) => pe.rvaToOffset(rva)!;
  const dv = new DataView(bytes.buffer);
  return { bytes, pe, at, dv, pdata: pe.dataDirectories[3].rva };
}

test('IndirectEntry_Bit0_FollowedToAnotherRuntimeFunction', () => {
  const { bytes, pe, at, dv, pdata } = load();
  // Entry 0's UnwindData now names entry 1 (+1 marks it indirect).
  dv.setUint32(at(pdata + 8), (pdata + 12) | 1, true);
  const described = describeImageUnwind(bytes);
  expect(described[0].error).toBeUndefined();
  expect(described[0].info).toEqual(described[1].info);
  expect(described[1].info!.address).toBe(BigInt(pe.exceptionTable[1].unwindInfoRva));
});

test('ChainedInfo_ParentDecoded_AndShownInText', () => {
  const { bytes, pe, at, dv } = load();
  // Function 2's info (ALLOC_SMALL, one code + padding) becomes a fragment chained to function 1.
  const f1 = pe.exceptionTable[1];
  const info2 = pe.exceptionTable[2].unwindInfoRva;
  bytes[at(info2)] = (bytes[at(info2)] & 7) | (4 << 3);
  dv.setUint32(at(info2 + 8), f1.beginRva, true);
  dv.setUint32(at(info2 + 12), f1.endRva, true);
  dv.setUint32(at(info2 + 16), f1.unwindInfoRva, true);
  const described = describeImageUnwind(bytes);
  expect(described[2].error).toBeUndefined();
  expect(described[2].info!.chained).toEqual({ begin: f1.beginRva, end: f1.endRva, unwindInfo: f1.unwindInfoRva });
  expect(described[2].chain).toEqual([described[1].info]);
  expect(formatImageUnwind(described)).toContain(`chained to 0x${f1.beginRva.toString(16).padStart(8, '0')}`);
});

test('ChainPointingAtItself_PerFunctionError_OthersDecoded', () => {
  const { bytes, pe, at, dv } = load();
  const f2 = pe.exceptionTable[2];
  bytes[at(f2.unwindInfoRva)] = (bytes[at(f2.unwindInfoRva)] & 7) | (4 << 3);
  dv.setUint32(at(f2.unwindInfoRva + 8), f2.beginRva, true);
  dv.setUint32(at(f2.unwindInfoRva + 12), f2.endRva, true);
  dv.setUint32(at(f2.unwindInfoRva + 16), f2.unwindInfoRva, true);
  const described = describeImageUnwind(bytes);
  expect(described[2].error).toBeInstanceOf(UnwindError);
  expect(described[2].error!.field).toMatch(/chained/);
  // The 12 chain bytes overwrite function 3's info (it follows in .xdata); every other decodes.
  expect(described.filter((d, i) => d.error && i !== 2 && i !== 3)).toEqual([]);
});
