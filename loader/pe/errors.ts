/**
 * The one error the PE/COFF parser raises. Every malformed or unsupported input becomes a
 * BadImageFormatError naming the structure field that was wrong and the file offset (or, for an
 * image mapped in memory, the RVA) where it was read, so a user can open a hex editor at that spot.
 * No RangeError from a DataView ever leaves this folder: reads are bounds-checked first.
 */
export class BadImageFormatError extends Error {
  override name = 'BadImageFormatError';
  /** File offset (or RVA for a mapped image) of the offending field. */
  readonly offset: number;
  /** Structure and field, e.g. `IMAGE_FILE_HEADER.NumberOfSections`. */
  readonly field: string;
  /** What was wrong, in words. */
  readonly problem: string;
  /** The image's name when the caller gave one. */
  readonly fileName?: string;

  constructor(field: string, offset: number, problem: string, fileName?: string) {
    const where = `${fileName ? `${fileName}: ` : ''}${field} at offset 0x${Math.max(0, offset).toString(16)}`;
    super(`${where}: ${problem}`);
    this.field = field;
    this.offset = offset;
    this.problem = problem;
    this.fileName = fileName;
  }
}

/** Hexadecimal rendering used in messages. */
export function hex(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}
