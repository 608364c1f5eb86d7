/**
 * The exception directory (PE/COFF spec §6.5 ".pdata") for x64: RUNTIME_FUNCTION records of
 * {BeginAddress, EndAddress, UnwindInfoAddress}, 12 bytes each, sorted by BeginAddress. Other
 * machines use other record formats; asking for them is an error rather than a wrong answer.
 */
import { hex } from './errors';
import { DataDirectoryIndex, MachineType } from './headers';
import { ImageView } from './view';

export interface RuntimeFunction {
  beginRva: number;
  endRva: number;
  unwindInfoRva: number;
}

const RECORD = 12;

export function parseExceptionTable(img: ImageView): RuntimeFunction[] {
  const dir = img.directory(DataDirectoryIndex.Exception);
  if (!dir) return [];
  const E = 'IMAGE_DIRECTORY_ENTRY_EXCEPTION';
  if (img.fileHeader.machine !== MachineType.Amd64) {
    img.fail(E, dir.rva, `exception table format for machine ${hex(img.fileHeader.machine)} is not supported (only x64 RUNTIME_FUNCTION)`);
  }
  const count = Math.floor(dir.size / RECORD);
  const s = img.struct(dir.rva, count * RECORD, E);
  const out: RuntimeFunction[] = [];
  for (let i = 0; i < count; i++) {
    out.push({ beginRva: s.u32(i * RECORD), endRva: s.u32(i * RECORD + 4), unwindInfoRva: s.u32(i * RECORD + 8) });
  }
  return out;
}
