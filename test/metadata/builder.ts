/**
 * Builds small metadata blobs by hand for tests that need layouts no compiler emits: `#-`
 * streams with Ptr tables, the extra-data flag, a non-zero reserved byte, table data ending
 * before or after the stream, 4-byte heap indexes. Every table here is small, so table and
 * coded indexes are 2 bytes; heap indexes are 2 bytes unless the HeapSizes bits say 4.
 */
import { TABLE_SCHEMA } from '../../src/metadata';

export interface BuildOptions {
  uncompressed?: boolean;
  heapSizes?: number;
  reservedByte?: number;
  /** Bytes appended to the table stream after the table data. */
  slack?: number;
  /** Bytes removed from the end of the table stream (makes the data run past it). */
  cut?: number;
  /** Extra Valid bits to set (e.g. an unknown table). */
  extraValidBits?: bigint;
  sortedMask?: bigint;
}

export class MetadataBuilder {
  private strings: number[] = [0];
  private blobs: number[] = [0];
  private readonly rows = new Map<number, number[][]>();

  str(s: string): number {
    const off = this.strings.length;
    this.strings.push(...Buffer.from(s, 'utf8'), 0);
    return off;
  }

  blob(bytes: number[]): number {
    const off = this.blobs.length;
    if (bytes.length < 0x80) this.blobs.push(bytes.length);
    else this.blobs.push(0x80 | (bytes.length >> 8), bytes.length & 0xff);
    this.blobs.push(...bytes);
    return off;
  }

  row(table: number, values: number[]): number {
    if (!this.rows.has(table)) this.rows.set(table, []);
    const t = this.rows.get(table)!;
    t.push(values);
    return t.length;
  }

  build(opts: BuildOptions = {}): Uint8Array {
    const heapSizes = opts.heapSizes ?? 0;
    const out: number[] = [];
    const u8 = (v: number) => out.push(v & 0xff);
    const u16 = (v: number) => out.push(v & 0xff, (v >> 8) & 0xff);
    const u32 = (v: number) => out.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
    // Table stream.
    const ts: number[] = [];
    const push = (arr: number[]) => ts.push(...arr);
    const w16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
    const w32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
    push(w32(0));
    ts.push(2, 0, heapSizes, opts.reservedByte ?? 1);
    let valid = opts.extraValidBits ?? 0n;
    for (const t of this.rows.keys()) valid |= 1n << BigInt(t);
    const sorted = opts.sortedMask ?? 0n;
    for (let i = 0; i < 8; i++) ts.push(Number((valid >> BigInt(8 * i)) & 0xffn));
    for (let i = 0; i < 8; i++) ts.push(Number((sorted >> BigInt(8 * i)) & 0xffn));
    for (let t = 0; t < 64; t++) if ((valid >> BigInt(t)) & 1n) push(w32(this.rows.get(t)?.length ?? 0));
    if (heapSizes & 0x40) push(w32(0xdeadbeef));
    for (let t = 0; t < TABLE_SCHEMA.length; t++) {
      for (const r of this.rows.get(t) ?? []) {
        TABLE_SCHEMA[t].columns.forEach((c, i) => {
          const v = r[i] ?? 0;
          const k = c.kind.k;
          if (k === 'u8') ts.push(v & 0xff);
          else if (k === 'u32') push(w32(v));
          else if (k === 'string') push(heapSizes & 1 ? w32(v) : w16(v));
          else if (k === 'guid') push(heapSizes & 2 ? w32(v) : w16(v));
          else if (k === 'blob') push(heapSizes & 4 ? w32(v) : w16(v));
          else push(w16(v));
        });
      }
    }
    for (let i = 0; i < (opts.slack ?? 0); i++) ts.push(0);
    while (ts.length % 4) ts.push(0);
    const tsLen = ts.length - (opts.cut ?? 0);
    const pad = (a: number[]) => {
      while (a.length % 4) a.push(0);
      return a;
    };
    const streams: [string, number[]][] = [
      [opts.uncompressed ? '#-' : '#~', ts.slice(0, tsLen)],
      ['#Strings', pad([...this.strings])],
      ['#Blob', pad([...this.blobs])],
      ['#GUID', new Array(16).fill(0x11)],
    ];
    // Root.
    u32(0x424a5342);
    u16(1);
    u16(1);
    u32(0);
    const version = pad([...Buffer.from('v4.0.30319'), 0]);
    u32(version.length);
    out.push(...version);
    u16(0);
    u16(streams.length);
    const headerSize = streams.reduce((n, [name]) => n + 8 + pad([...Buffer.from(name), 0]).length, 0);
    let offset = out.length + headerSize;
    for (const [name, data] of streams) {
      u32(offset);
      u32(data.length);
      out.push(...pad([...Buffer.from(name), 0]));
      offset += data.length;
    }
    for (const [, data] of streams) out.push(...data);
    void u8;
    return new Uint8Array(out);
  }
}
