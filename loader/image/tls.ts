/**
 * Implicit (static) TLS, PE/COFF spec §6.7 ".tls": each image with a TLS directory gets the next
 * TLS index, written to its AddressOfIndex; the thread's ThreadLocalStoragePointer (TEB+0x58)
 * array holds, at that index, a private copy of the image's template (raw data followed by
 * SizeOfZeroFill zero bytes). Compiler-generated code reaches a variable as
 * `gs:[0x58][index] + offset`, so all three pieces must agree.
 *
 * The directory's fields are virtual addresses relative to the preferred ImageBase; after a rebase
 * they move by the same delta. The callback array is read from guest memory when the callbacks run
 * (its pointers were fixed up by base relocations, and Windows reads it at that moment too).
 */
import type { Memory } from '../../emu';
import { BadImageFormatError, DataDirectoryIndex, hex } from '../pe';
import type { MappedImage } from './map';

/** The template may not be larger than this (a corrupt directory, not a program). */
const MAX_TEMPLATE = 0x100_0000;
/** Callback arrays are ended by a null pointer; more than this is corrupt. */
const MAX_CALLBACKS = 4096;

export interface ImageTls {
  /** The image's TLS index. */
  readonly index: number;
  /** This thread's block for the image. */
  readonly block: bigint;
  /** Guest address of the callback array (0 when the image has none). */
  readonly callbackArray: bigint;
  readonly templateSize: number;
}

export class ImplicitTls {
  private nextIndex = 0;

  constructor(
    private readonly memory: Memory,
    /** The main thread's ThreadLocalStoragePointer array. */
    private readonly array: bigint,
    private readonly capacity: number,
    /** Allocates zeroed, long-lived guest memory for a TLS block. */
    private readonly allocate: (size: number) => bigint,
  ) {}

  /** Sets up the image's TLS; undefined when it has no TLS directory. */
  setup(image: MappedImage, name: string): ImageTls | undefined {
    const dir = image.pe.tls;
    if (!dir) return undefined;
    const entryOffset = image.pe.dataDirectories[DataDirectoryIndex.Tls].entryOffset;
    const field = (f: string): string => `IMAGE_TLS_DIRECTORY64.${f}`;
    const toAddress = (va: bigint, f: string, width: number): bigint => {
      const a = va + image.delta;
      if (a < image.base || a + BigInt(width) > image.base + BigInt(image.size)) {
        throw new BadImageFormatError(field(f), entryOffset, `${hex(va)} lies outside the image`, name);
      }
      return a;
    };
    const start = dir.startAddressOfRawData === 0n ? 0n : toAddress(dir.startAddressOfRawData, 'StartAddressOfRawData', 0);
    const end = dir.endAddressOfRawData === 0n ? start : toAddress(dir.endAddressOfRawData, 'EndAddressOfRawData', 0);
    if (end < start || end - start > BigInt(MAX_TEMPLATE) || dir.sizeOfZeroFill > MAX_TEMPLATE) {
      throw new BadImageFormatError(field('EndAddressOfRawData'), entryOffset,
        `template ${hex(dir.startAddressOfRawData)}–${hex(dir.endAddressOfRawData)} + ${hex(dir.sizeOfZeroFill)} zero fill is not a valid TLS template`, name);
    }
    const indexAddress = dir.addressOfIndex === 0n ? 0n : toAddress(dir.addressOfIndex, 'AddressOfIndex', 4);
    const callbackArray = dir.addressOfCallBacks === 0n ? 0n : toAddress(dir.addressOfCallBacks, 'AddressOfCallBacks', 8);
    if (this.nextIndex >= this.capacity) {
      throw new BadImageFormatError(field('AddressOfIndex'), entryOffset, `more than ${this.capacity} images with TLS`, name);
    }
    const index = this.nextIndex++;
    const templateSize = Number(end - start);
    const block = this.allocate(Math.max(templateSize + dir.sizeOfZeroFill, 8));
    if (templateSize > 0) this.memory.write(block, this.memory.read(start, templateSize));
    if (indexAddress !== 0n) this.memory.setU32(indexAddress, index);
    this.memory.setU64(this.array + BigInt(index * 8), block);
    return { index, block, callbackArray, templateSize };
  }

  /** The callbacks as the array in guest memory lists them now, in order. */
  callbacks(tls: ImageTls, image: { base: bigint; size: number }, name: string): bigint[] {
    if (tls.callbackArray === 0n) return [];
    const out: bigint[] = [];
    const end = image.base + BigInt(image.size);
    for (let p = tls.callbackArray; p + 8n <= end; p += 8n) {
      const cb = this.memory.u64(p);
      if (cb === 0n) return out;
      if (out.length >= MAX_CALLBACKS) break;
      out.push(cb);
    }
    throw new BadImageFormatError('IMAGE_TLS_DIRECTORY64.AddressOfCallBacks', 0, `callback array at ${hex(tls.callbackArray)} is not null-terminated inside the image`, name);
  }
}
