/**
 * The NUL device (`CreateFile("NUL")`, `\\.\NUL`): a character device that accepts and discards
 * every write and reads as end of file, as on Windows.
 */
import type { KernelObject } from '../os';

export class NullDevice implements KernelObject {
  readonly type = 'device';
  /** Bytes accepted so far (never stored). */
  written = 0;

  write(bytes: Uint8Array): void {
    this.written += bytes.length;
  }

  read(): Uint8Array {
    return new Uint8Array(0);
  }
}
