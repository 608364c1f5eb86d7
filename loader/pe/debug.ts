/**
 * The debug directory (PE/COFF spec §6.1 ".debug"): an array of IMAGE_DEBUG_DIRECTORY records,
 * 28 bytes each. For CodeView records ("RSDS", PDB 7.0; "NB10", PDB 2.0) the PDB path is decoded.
 * Debug data is addressed by file offset (PointerToRawData) in a file and by RVA
 * (AddressOfRawData) once mapped; the view used here follows the image's layout.
 */
import { BadImageFormatError } from './errors';
import { DataDirectoryIndex } from './headers';
import { ImageView } from './view';

/** IMAGE_DEBUG_TYPE_* values. */
export const enum DebugType {
  /** Unknown. */
  Unknown = 0,
  /** COFF symbols. */
  Coff = 1,
  /** CodeView (PDB reference). */
  CodeView = 2,
  /** Frame pointer omission info. */
  Fpo = 3,
  /** Misc (DBG file). */
  Misc = 4,
  /** Reproducible build marker. */
  Repro = 16,
  /** Extended DLL characteristics. */
  ExDllCharacteristics = 20,
}

export interface CodeViewInfo {
  signature: 'RSDS' | 'NB10';
  /** RSDS: GUID as the usual 8-4-4-4-12 string; NB10: the 32-bit signature in hex. */
  guid: string;
  /** The signature bytes as stored (16 for RSDS, 4 for NB10), in hex. */
  signatureBytes: string;
  age: number;
  pdbPath: string;
}

export interface DebugEntry {
  characteristics: number;
  timeDateStamp: number;
  majorVersion: number;
  minorVersion: number;
  type: number;
  sizeOfData: number;
  addressOfRawData: number;
  pointerToRawData: number;
  codeView?: CodeViewInfo;
}

const RECORD = 28;

function guidString(b: Uint8Array): string {
  const h = (i: number, n: number, rev: boolean): string => {
    const part = Array.from(b.subarray(i, i + n));
    if (rev) part.reverse();
    return part.map((x) => x.toString(16).padStart(2, '0')).join('');
  };
  return `${h(0, 4, true)}-${h(4, 2, true)}-${h(6, 2, true)}-${h(8, 2, false)}-${h(10, 6, false)}`;
}

function decodeCodeView(img: ImageView, e: DebugEntry): CodeViewInfo | undefined {
  const F = 'CV_INFO_PDB70';
  let data: Uint8Array;
  if (img.mapped || e.pointerToRawData === 0) {
    // Mapped images are addressed by RVA; a file entry without a file pointer is too.
    if (e.addressOfRawData === 0) return undefined;
    data = img.readAtRva(e.addressOfRawData, e.sizeOfData, F);
  } else {
    if (e.pointerToRawData + e.sizeOfData > img.bytes.length) {
      throw new BadImageFormatError(`${F}`, e.pointerToRawData, 'CodeView data runs past the end of the file', img.fileName);
    }
    data = img.bytes.subarray(e.pointerToRawData, e.pointerToRawData + e.sizeOfData);
  }
  const sig = Buffer.from(data.subarray(0, 4)).toString('latin1');
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const pathFrom = (start: number): string => {
    const rest = data.subarray(start);
    const nul = rest.indexOf(0);
    return Buffer.from(nul < 0 ? rest : rest.subarray(0, nul)).toString('utf8');
  };
  if (sig === 'RSDS' && data.length >= 24) {
    return {
      signature: 'RSDS', guid: guidString(data.subarray(4, 20)), signatureBytes: Buffer.from(data.subarray(4, 20)).toString('hex'),
      age: dv.getUint32(20, true), pdbPath: pathFrom(24),
    };
  }
  if (sig === 'NB10' && data.length >= 16) {
    return {
      signature: 'NB10', guid: dv.getUint32(8, true).toString(16).padStart(8, '0'), signatureBytes: Buffer.from(data.subarray(8, 12)).toString('hex'),
      age: dv.getUint32(12, true), pdbPath: pathFrom(16),
    };
  }
  return undefined;
}

export function parseDebugDirectory(img: ImageView): DebugEntry[] {
  const dir = img.directory(DataDirectoryIndex.Debug);
  if (!dir) return [];
  const count = Math.floor(dir.size / RECORD);
  const s = img.struct(dir.rva, count * RECORD, 'IMAGE_DEBUG_DIRECTORY');
  const out: DebugEntry[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * RECORD;
    const e: DebugEntry = {
      characteristics: s.u32(o), timeDateStamp: s.u32(o + 4), majorVersion: s.u16(o + 8), minorVersion: s.u16(o + 10),
      type: s.u32(o + 12), sizeOfData: s.u32(o + 16), addressOfRawData: s.u32(o + 20), pointerToRawData: s.u32(o + 24),
    };
    if (e.type === DebugType.CodeView) e.codeView = decodeCodeView(img, e);
    out.push(e);
  }
  return out;
}
