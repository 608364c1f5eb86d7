/**
 * Typed errors raised by the metadata reader. Every failure names where in the image it happened
 * (a heap offset, a table/row/column, a file offset) so a user can find the bad bytes; the reader
 * never lets a host RangeError or TypeError escape for malformed input.
 */

/** Where in the metadata a problem was found; every field is optional, the message lists those present. */
export interface BadImageLocation {
  /** Byte offset in the file or blob the reader was given. */
  offset?: number;
  /** Table name (`TypeDef`, `MethodDef` …) or heap name (`#Blob`, `#Strings` …). */
  table?: string;
  /** 1-based row number in `table`. */
  row?: number;
  /** Column name within the row. */
  column?: string;
  /** A field of a header structure (`CLI header.MetaData`, `#~.HeapSizes` …). */
  field?: string;
}

/** The image or metadata blob is malformed (ECMA-335 §II.24, §II.25): the message says where. */
export class BadImageFormatError extends Error {
  override name = 'BadImageFormatError';
  readonly location: BadImageLocation;
  /** The message without the location suffix (for re-raising with more context). */
  readonly detail: string;

  constructor(message: string, location: BadImageLocation = {}) {
    super(BadImageFormatError.describe(message, location));
    this.location = location;
    this.detail = message;
  }

  private static describe(message: string, loc: BadImageLocation): string {
    const parts: string[] = [];
    if (loc.table !== undefined) parts.push(loc.row !== undefined ? `${loc.table}[${loc.row}]` : loc.table);
    if (loc.column !== undefined) parts.push(`column ${loc.column}`);
    if (loc.field !== undefined) parts.push(`field ${loc.field}`);
    if (loc.offset !== undefined) parts.push(`offset 0x${loc.offset.toString(16)}`);
    return parts.length ? `${message} (${parts.join(', ')})` : message;
  }
}

/** A lookup by name or token found nothing (`--il Type::Method` naming a missing method …). */
export class MetadataLookupError extends Error {
  override name = 'MetadataLookupError';
}
