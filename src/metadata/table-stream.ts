/**
 * The `#~` (compressed) and `#-` (uncompressed, with Ptr indirection tables) table streams of
 * ECMA-335 §II.24.2.6: header, row counts, heap-index widths (HeapSizes 0x01/0x02/0x04), the
 * extra 4 bytes after the row counts when HeapSizes has 0x40, and per-table column offsets and
 * widths computed once. Column reads are bounds-checked against the table's rows.
 *
 * Tolerated, as seen in real files: the reserved byte after HeapSizes may be non-zero (0x10),
 * and table data may end a few bytes before the stream does.
 */
import { ByteCursor, readU16, readU32 } from './bytes';
import { BadImageFormatError } from './errors';
import {
  CODED_INDEX_BITS, CODED_INDEX_NAMES, CODED_INDEX_TABLES, CodedIndex, ColumnKind, KNOWN_TABLE_COUNT, TABLE_SCHEMA, TableId,
  tableName,
} from './schema';
import { StreamRange } from './heaps';

/** HeapSizes bits (§II.24.2.6). */
export const enum HeapSizeFlags {
  /** #Strings indexes are 4 bytes. */
  LargeStrings = 0x01,
  /** #GUID indexes are 4 bytes. */
  LargeGuid = 0x02,
  /** #Blob indexes are 4 bytes. */
  LargeBlob = 0x04,
  /** Delta (edit-and-continue) metadata. */
  EncDeltas = 0x20,
  /** 4 extra bytes follow the row counts. */
  ExtraData = 0x40,
  /** Rows may be marked deleted. */
  HasDeletes = 0x80,
}

/** Physical layout of one table. */
export interface TableLayout {
  readonly id: number;
  readonly name: string;
  readonly rows: number;
  /** Absolute byte offset of row 1. */
  readonly base: number;
  readonly rowSize: number;
  readonly colOffsets: readonly number[];
  /** Width of each column: 1, 2 or 4 bytes. */
  readonly colSizes: readonly number[];
  readonly colNames: readonly string[];
  readonly sorted: boolean;
}

export class TableStream {
  readonly majorVersion: number;
  readonly minorVersion: number;
  readonly heapSizes: number;
  readonly validMask: bigint;
  readonly sortedMask: bigint;
  readonly tables: TableLayout[] = [];
  /** True for a `#-` stream (Ptr tables may be present). */
  readonly uncompressed: boolean;
  /** Offset just past the last table's data. */
  readonly dataEnd: number;

  constructor(private readonly bytes: Uint8Array, range: StreamRange, uncompressed: boolean) {
    this.uncompressed = uncompressed;
    const c = new ByteCursor(bytes, range.start, range.end, { table: uncompressed ? '#-' : '#~' });
    c.u32('Reserved');
    this.majorVersion = c.u8('MajorVersion');
    this.minorVersion = c.u8('MinorVersion');
    this.heapSizes = c.u8('HeapSizes');
    c.u8('Reserved2');
    this.validMask = c.u64('Valid');
    this.sortedMask = c.u64('Sorted');
    const rows: number[] = new Array(64).fill(0);
    for (let t = 0; t < 64; t++) {
      if ((this.validMask >> BigInt(t)) & 1n) {
        if (t >= KNOWN_TABLE_COUNT) {
          throw new BadImageFormatError(`table 0x${t.toString(16)} is present but has no ECMA-335 schema`, {
            table: uncompressed ? '#-' : '#~', field: 'Valid',
          });
        }
        const pos = c.pos;
        rows[t] = c.u32(`row count of ${tableName(t)}`);
        if (rows[t] > 0xffffff) {
          throw new BadImageFormatError(`row count ${rows[t]} exceeds the 24-bit token limit`, { table: tableName(t), offset: pos });
        }
      }
    }
    if (this.heapSizes & HeapSizeFlags.ExtraData) c.u32('extra data');

    const stringSize = this.heapSizes & HeapSizeFlags.LargeStrings ? 4 : 2;
    const guidSize = this.heapSizes & HeapSizeFlags.LargeGuid ? 4 : 2;
    const blobSize = this.heapSizes & HeapSizeFlags.LargeBlob ? 4 : 2;
    const codedSize = (ci: CodedIndex): number => {
      let max = 0;
      for (const t of CODED_INDEX_TABLES[ci]) if (t >= 0 && rows[t] > max) max = rows[t];
      return max < 1 << (16 - CODED_INDEX_BITS[ci]) ? 2 : 4;
    };
    const widthOf = (k: ColumnKind): number => {
      switch (k.k) {
        case 'u8': return 1;
        case 'u16': return 2;
        case 'u32': return 4;
        case 'string': return stringSize;
        case 'guid': return guidSize;
        case 'blob': return blobSize;
        case 'table': return rows[k.table] < 0x10000 ? 2 : 4;
        case 'coded': return codedSize(k.coded);
      }
    };

    let base = c.pos;
    for (let t = 0; t < KNOWN_TABLE_COUNT; t++) {
      const schema = TABLE_SCHEMA[t];
      const colOffsets: number[] = [];
      const colSizes: number[] = [];
      let size = 0;
      for (const col of schema.columns) {
        colOffsets.push(size);
        const w = widthOf(col.kind);
        colSizes.push(w);
        size += w;
      }
      const n = rows[t];
      const end = base + n * size;
      if (end > range.end) {
        throw new BadImageFormatError(`table data (${n} rows of ${size} bytes) runs past the end of the table stream`, {
          table: schema.name, offset: base,
        });
      }
      this.tables.push({
        id: t, name: schema.name, rows: n, base, rowSize: size, colOffsets, colSizes,
        colNames: schema.columns.map((x) => x.name), sorted: ((this.sortedMask >> BigInt(t)) & 1n) === 1n,
      });
      base = end;
    }
    this.dataEnd = base;
  }

  rowCount(t: TableId): number {
    return this.tables[t].rows;
  }

  /** The raw value of column `col` of 1-based `row` in table `t`. */
  col(t: TableId, row: number, col: number): number {
    const L = this.tables[t];
    if (row < 1 || row > L.rows) {
      throw new BadImageFormatError(`row ${row} out of range 1..${L.rows}`, { table: L.name, row, column: L.colNames[col] });
    }
    const p = L.base + (row - 1) * L.rowSize + L.colOffsets[col];
    const w = L.colSizes[col];
    return w === 2 ? readU16(this.bytes, p) : w === 4 ? readU32(this.bytes, p) : this.bytes[p];
  }

  /** Splits a coded index value into [table, row], validating the tag. */
  decodeCoded(ci: CodedIndex, value: number, where: { table: TableId; row: number; column: string }): [TableId, number] {
    const bits = CODED_INDEX_BITS[ci];
    const tag = value & ((1 << bits) - 1);
    const target = CODED_INDEX_TABLES[ci][tag];
    if (target === undefined || target < 0) {
      throw new BadImageFormatError(`invalid ${CODED_INDEX_NAMES[ci]} tag ${tag}`, {
        table: tableName(where.table), row: where.row, column: where.column,
      });
    }
    return [target as TableId, value >>> bits];
  }
}
