/**
 * The CLI header (ECMA-335 §II.25.3.3, IMAGE_COR20_HEADER) found through data directory 14
 * (IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR). Its presence is what makes an image managed. Only its
 * location and fields are read here; the metadata it points to is src/metadata's business.
 */
import { hex } from './errors';
import { DataDirectoryIndex } from './headers';
import { ImageView } from './view';

/** IMAGE_COR20_HEADER.Flags (COMIMAGE_FLAGS_*). */
export const enum CorFlags {
  /** Contains only IL: no native code, so it can be run by any architecture's runtime. */
  IlOnly = 0x00000001,
  /** Must run in a 32-bit process. */
  Required32Bit = 0x00000002,
  /** IL library (image with IL-only native stubs). */
  IlLibrary = 0x00000004,
  /** Has a strong-name signature. */
  StrongNameSigned = 0x00000008,
  /** EntryPointToken is an RVA of a native entry point. */
  NativeEntryPoint = 0x00000010,
  /** Debug tracking. */
  TrackDebugData = 0x00010000,
  /** With 32BITREQUIRED: prefer 32-bit (AnyCPU 32-bit preferred). */
  Preferred32Bit = 0x00020000,
}

export interface RvaAndSize {
  rva: number;
  size: number;
}

export interface CliHeader {
  cb: number;
  majorRuntimeVersion: number;
  minorRuntimeVersion: number;
  metadata: RvaAndSize;
  flags: number;
  /** Metadata token of the entry method, or an RVA when flags has NativeEntryPoint. */
  entryPointToken: number;
  resources: RvaAndSize;
  strongNameSignature: RvaAndSize;
  codeManagerTable: RvaAndSize;
  vTableFixups: RvaAndSize;
  exportAddressTableJumps: RvaAndSize;
  managedNativeHeader: RvaAndSize;
  /** RVA of the header itself. */
  headerRva: number;
}

const SIZE = 72;

export function parseCliHeader(img: ImageView): CliHeader | undefined {
  const dir = img.directory(DataDirectoryIndex.ComDescriptor);
  if (!dir) return undefined;
  const C = 'IMAGE_COR20_HEADER';
  const s = img.struct(dir.rva, SIZE, C);
  const ras = (o: number): RvaAndSize => ({ rva: s.u32(o), size: s.u32(o + 4) });
  const h: CliHeader = {
    cb: s.u32(0), majorRuntimeVersion: s.u16(4), minorRuntimeVersion: s.u16(6), metadata: ras(8), flags: s.u32(16),
    entryPointToken: s.u32(20), resources: ras(24), strongNameSignature: ras(32), codeManagerTable: ras(40),
    vTableFixups: ras(48), exportAddressTableJumps: ras(56), managedNativeHeader: ras(64), headerRva: dir.rva,
  };
  if (h.cb < SIZE) img.fail(`${C}.cb`, dir.rva, `header size ${hex(h.cb)} is smaller than ${hex(SIZE)}`);
  return h;
}
