/**
 * The TLS directory (PE/COFF spec §6.7 ".tls"): IMAGE_TLS_DIRECTORY32/64. Its fields are virtual
 * addresses (they are relocated like code), so they are converted with ImageBase; the callback
 * array is read through the image, ended by a zero pointer.
 */
import { DataDirectoryIndex } from './headers';
import { ImageView } from './view';

export interface TlsDirectory {
  startAddressOfRawData: bigint;
  endAddressOfRawData: bigint;
  addressOfIndex: bigint;
  addressOfCallBacks: bigint;
  sizeOfZeroFill: number;
  characteristics: number;
  /** Callback virtual addresses, in order. */
  callbacks: bigint[];
}

/** More callbacks than this is corrupt data, not a program (Windows itself has no such limit). */
const MAX_CALLBACKS = 4096;

export function parseTls(img: ImageView): TlsDirectory | undefined {
  const dir = img.directory(DataDirectoryIndex.Tls);
  if (!dir) return undefined;
  const ps = img.pointerSize;
  const T = img.is64 ? 'IMAGE_TLS_DIRECTORY64' : 'IMAGE_TLS_DIRECTORY32';
  const s = img.struct(dir.rva, 4 * ps + 8, T);
  const p = (o: number): bigint => (img.is64 ? s.u64(o) : BigInt(s.u32(o)));
  const t: TlsDirectory = {
    startAddressOfRawData: p(0),
    endAddressOfRawData: p(ps),
    addressOfIndex: p(2 * ps),
    addressOfCallBacks: p(3 * ps),
    sizeOfZeroFill: s.u32(4 * ps),
    characteristics: s.u32(4 * ps + 4),
    callbacks: [],
  };
  if (t.addressOfCallBacks !== 0n) {
    const base = img.vaToRva(t.addressOfCallBacks, `${T}.AddressOfCallBacks`, dir.rva + 3 * ps);
    for (let i = 0; ; i++) {
      if (i >= MAX_CALLBACKS) img.fail(`${T}.AddressOfCallBacks`, base, `more than ${MAX_CALLBACKS} callbacks`);
      const cb = img.ptrAt(base + i * ps, `${T}.AddressOfCallBacks[${i}]`);
      if (cb === 0n) break;
      t.callbacks.push(cb);
    }
  }
  return t;
}
