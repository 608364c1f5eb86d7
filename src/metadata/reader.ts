/**
 * The metadata reader: parses the metadata root and stream headers (ECMA-335 §II.24.2.1–2),
 * exposes the heaps and the table stream, and answers the structural questions every consumer
 * asks (a type's fields and methods, a method's parameters, a nested type's enclosing type, the
 * custom attributes of a token …) with binary search in the sorted tables.
 *
 * Opening is lazy: only the headers and table layout are read; rows, strings, blobs and
 * signatures are decoded when asked for. Typed row views (`reader.typeDef(row)` …) live in
 * rows.ts; this file holds raw column access and the cross-table relations.
 *
 * `openAssembly(bytes)` reads a PE file; `openMetadata(bytes, offset, size)` a raw metadata blob.
 */
import { ByteCursor } from './bytes';
import { BadImageFormatError } from './errors';
import { asToken, makeToken, Token, tokenRow, tokenTable } from './handles';
import { BlobHeap, GuidHeap, StreamRange, StringHeap, UserStringHeap } from './heaps';
import { CliHeader, PeImage } from './pe-image';
import { CODED_INDEX_BITS, CODED_INDEX_TABLES, CodedIndex, TableId, tableName } from './schema';
import { TableStream } from './table-stream';
import { MethodBody, parseMethodBody } from './method-body';
import { Rows, rows } from './rows';
import { MethodSignature, SignatureDecoder, SignatureTypeProvider } from './signatures';

/** One entry of the stream header list. */
export interface StreamHeader {
  name: string;
  /** Absolute offset in the bytes the reader was given. */
  start: number;
  end: number;
}

export interface MetadataOptions {
  /** The PE image the metadata lives in; needed for method bodies and FieldRVA data. */
  pe?: PeImage;
}

const METADATA_SIGNATURE = 0x424a5342; // "BSJB"

/** A half-open row range [start, end) in some table. */
export interface RowRange {
  start: number;
  end: number;
}

export class MetadataReader {
  readonly versionString: string;
  readonly streams: StreamHeader[] = [];
  readonly strings: StringHeap;
  readonly blobs: BlobHeap;
  readonly guids: GuidHeap;
  readonly userStrings: UserStringHeap;
  readonly tableStream: TableStream;
  readonly pe: PeImage | undefined;
  /** Offset of the metadata root within `bytes`. */
  readonly rootOffset: number;

  private rowViews: Rows | undefined;
  private enclosingCache: Int32Array | undefined;
  private eventMapCache: Int32Array | undefined;
  private propertyMapCache: Int32Array | undefined;
  private methodOwnerCache: Int32Array | undefined;
  private fieldOwnerCache: Int32Array | undefined;

  constructor(readonly bytes: Uint8Array, offset: number, size: number, options: MetadataOptions = {}) {
    this.pe = options.pe;
    this.rootOffset = offset;
    if (offset < 0 || size < 0 || offset + size > bytes.length) {
      throw new BadImageFormatError(`metadata range [0x${offset.toString(16)}, +0x${size.toString(16)}) lies outside the file`, {
        field: 'metadata root', offset,
      });
    }
    const end = offset + size;
    const c = new ByteCursor(bytes, offset, end, { field: 'metadata root' });
    const sig = c.u32('Signature');
    if (sig !== METADATA_SIGNATURE) {
      throw new BadImageFormatError(`bad metadata signature 0x${sig.toString(16)} (expected BSJB)`, { field: 'metadata root.Signature', offset });
    }
    c.u16('MajorVersion');
    c.u16('MinorVersion');
    c.u32('Reserved');
    const verLen = c.u32('Length');
    if (verLen > 255) {
      throw new BadImageFormatError(`version string length ${verLen} is implausible`, { field: 'metadata root.Length', offset: c.pos - 4 });
    }
    const verBytes = c.take(verLen, 'Version');
    let v = '';
    for (const ch of verBytes) {
      if (ch === 0) break;
      v += String.fromCharCode(ch);
    }
    this.versionString = v;
    c.u16('Flags');
    const nStreams = c.u16('Streams');
    for (let i = 0; i < nStreams; i++) {
      const hdrAt = c.pos;
      const soff = c.u32('stream Offset');
      const ssize = c.u32('stream Size');
      let name = '';
      for (;;) {
        const ch = c.u8('stream Name');
        if (ch === 0) break;
        name += String.fromCharCode(ch);
        if (name.length > 32) throw new BadImageFormatError('stream name is not terminated within 32 bytes', { field: 'stream header', offset: hdrAt });
      }
      c.pos = offset + ((c.pos - offset + 3) & ~3);
      if (soff > size || ssize > size - soff) {
        throw new BadImageFormatError(`stream ${name} [0x${soff.toString(16)}, +0x${ssize.toString(16)}) lies outside the metadata`, {
          field: `stream ${name}`, offset: hdrAt,
        });
      }
      this.streams.push({ name, start: offset + soff, end: offset + soff + ssize });
    }
    const find = (n: string): StreamRange | undefined => this.streams.find((s) => s.name === n);
    this.strings = new StringHeap(bytes, find('#Strings'));
    this.blobs = new BlobHeap(bytes, find('#Blob'));
    this.guids = new GuidHeap(bytes, find('#GUID'));
    this.userStrings = new UserStringHeap(bytes, find('#US'));
    const compressed = find('#~');
    const uncompressed = find('#-');
    const ts = compressed ?? uncompressed;
    if (!ts) throw new BadImageFormatError('no #~ or #- table stream', { field: 'stream headers', offset });
    this.tableStream = new TableStream(bytes, ts, !compressed);
  }

  /** Typed row views: `md.row.typeDef(2).name`. */
  get row(): Rows {
    return (this.rowViews ??= rows(this));
  }

  // ---- raw access -------------------------------------------------------------------------

  rowCount(t: TableId): number {
    return this.tableStream.tables[t].rows;
  }

  col(t: TableId, row: number, col: number): number {
    return this.tableStream.col(t, row, col);
  }

  str(t: TableId, row: number, col: number): string {
    const v = this.tableStream.col(t, row, col);
    try {
      return this.strings.get(v);
    } catch (e) {
      throw this.rethrowAt(e, t, row, col);
    }
  }

  blob(t: TableId, row: number, col: number): Uint8Array {
    const v = this.tableStream.col(t, row, col);
    try {
      return this.blobs.get(v);
    } catch (e) {
      throw this.rethrowAt(e, t, row, col);
    }
  }

  blobCursor(t: TableId, row: number, col: number): ByteCursor {
    const v = this.tableStream.col(t, row, col);
    try {
      return this.blobs.cursor(v, `#Blob (${tableName(t)}[${row}].${this.tableStream.tables[t].colNames[col]})`);
    } catch (e) {
      throw this.rethrowAt(e, t, row, col);
    }
  }

  /** A coded-index column as a token (nil row allowed). */
  coded(t: TableId, row: number, col: number, ci: CodedIndex): Token {
    const v = this.tableStream.col(t, row, col);
    const [table, r] = this.tableStream.decodeCoded(ci, v, { table: t, row, column: this.tableStream.tables[t].colNames[col] });
    return makeToken(table, r);
  }

  private rethrowAt(e: unknown, t: TableId, row: number, col: number): unknown {
    if (e instanceof BadImageFormatError) {
      return new BadImageFormatError(e.detail, { ...e.location, table: tableName(t), row, column: this.tableStream.tables[t].colNames[col] });
    }
    return e;
  }

  /** Checks that `token` names an existing row (nil allowed when `allowNil`). */
  checkToken(token: Token | number, context: string, allowNil = false): void {
    const t = tokenTable(token);
    const r = tokenRow(token);
    if (r === 0 && allowNil) return;
    const n = t < this.tableStream.tables.length ? this.tableStream.tables[t].rows : 0;
    if (r < 1 || r > n) {
      throw new BadImageFormatError(`${context}: token 0x${(token >>> 0).toString(16).padStart(8, '0')} names no row (${tableName(t)} has ${n})`);
    }
  }

  // ---- lists (FieldList, MethodList, ParamList, EventList, PropertyList) -------------------

  /** The [start, end) range of a list column (§II.22: runs to the next row's value or the table end). */
  private listRange(owner: TableId, row: number, col: number, target: TableId): RowRange {
    const n = this.rowCount(target);
    const start = this.col(owner, row, col);
    const end = row < this.rowCount(owner) ? this.col(owner, row + 1, col) : n + 1;
    if (start < 1 || start > n + 1 || end < start || end > n + 1) {
      // A nil or past-the-end start with no members is how compilers write empty lists.
      if ((start === 0 || start === n + 1) && (end === start || end === n + 1 || end === 0)) return { start: n + 1, end: n + 1 };
      throw new BadImageFormatError(`list [${start}, ${end}) is outside ${tableName(target)} 1..${n}`, {
        table: tableName(owner), row, column: this.tableStream.tables[owner].colNames[col],
      });
    }
    return { start, end };
  }

  /** Maps a position in a list through its Ptr table when the stream has one. */
  private viaPtr(ptr: TableId, index: number): number {
    return this.rowCount(ptr) > 0 ? this.col(ptr, index, 0) : index;
  }

  private listRows(owner: TableId, row: number, col: number, target: TableId, ptr: TableId): number[] {
    const listTable = this.rowCount(ptr) > 0 ? ptr : target;
    const r = this.listRange(owner, row, col, listTable);
    const out: number[] = [];
    for (let i = r.start; i < r.end; i++) out.push(this.viaPtr(ptr, i));
    return out;
  }

  /** Field rows of TypeDef `typeRow`. */
  fieldsOf(typeRow: number): number[] {
    return this.listRows(TableId.TypeDef, typeRow, 4, TableId.Field, TableId.FieldPtr);
  }

  /** MethodDef rows of TypeDef `typeRow`. */
  methodsOf(typeRow: number): number[] {
    return this.listRows(TableId.TypeDef, typeRow, 5, TableId.MethodDef, TableId.MethodPtr);
  }

  /** Param rows of MethodDef `methodRow`. */
  paramsOf(methodRow: number): number[] {
    return this.listRows(TableId.MethodDef, methodRow, 5, TableId.Param, TableId.ParamPtr);
  }

  /** Event rows listed by EventMap row `mapRow`. */
  eventsOfMap(mapRow: number): number[] {
    return this.listRows(TableId.EventMap, mapRow, 1, TableId.Event, TableId.EventPtr);
  }

  /** Property rows listed by PropertyMap row `mapRow`. */
  propertiesOfMap(mapRow: number): number[] {
    return this.listRows(TableId.PropertyMap, mapRow, 1, TableId.Property, TableId.PropertyPtr);
  }

  /** The TypeDef owning MethodDef `methodRow` (0 if none), computed once for all methods. */
  declaringTypeOfMethod(methodRow: number): number {
    if (!this.methodOwnerCache) this.methodOwnerCache = this.ownerMap(TableId.MethodDef, (t) => this.methodsOf(t));
    return this.methodOwnerCache[methodRow] ?? 0;
  }

  /** The TypeDef owning Field `fieldRow` (0 if none). */
  declaringTypeOfField(fieldRow: number): number {
    if (!this.fieldOwnerCache) this.fieldOwnerCache = this.ownerMap(TableId.Field, (t) => this.fieldsOf(t));
    return this.fieldOwnerCache[fieldRow] ?? 0;
  }

  private ownerMap(target: TableId, members: (typeRow: number) => number[]): Int32Array {
    const map = new Int32Array(this.rowCount(target) + 1);
    const n = this.rowCount(TableId.TypeDef);
    for (let t = 1; t <= n; t++) for (const m of members(t)) if (m >= 1 && m < map.length) map[m] = t;
    return map;
  }

  // ---- sorted-table lookups ---------------------------------------------------------------

  /**
   * Rows of table `t` whose column `col` equals `key`. Binary search when the stream marks the
   * table sorted (§II.22: the sorted tables are keyed on this column), a linear scan otherwise.
   */
  findRows(t: TableId, col: number, key: number): RowRange {
    const L = this.tableStream.tables[t];
    const n = L.rows;
    if (!L.sorted) {
      let start = 0;
      let end = 0;
      for (let r = 1; r <= n; r++) {
        if (this.col(t, r, col) === key) {
          if (!start) start = r;
          end = r + 1;
        } else if (start) break;
      }
      return start ? { start, end } : { start: 1, end: 1 };
    }
    let lo = 1;
    let hi = n + 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.col(t, mid, col) < key) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end <= n && this.col(t, end, col) === key) end++;
    return { start: lo, end };
  }

  /** Encodes `token` as coded index `ci` (for searching tables keyed on a coded column). */
  encodeCoded(ci: CodedIndex, token: Token | number): number {
    const tag = CODED_INDEX_TABLES[ci].indexOf(tokenTable(token));
    if (tag < 0) throw new BadImageFormatError(`token 0x${(token >>> 0).toString(16)} cannot be a ${ci} coded index`);
    return ((tokenRow(token) << CODED_INDEX_BITS[ci]) | tag) >>> 0;
  }

  /** CustomAttribute rows attached to `parent`. */
  customAttributesOf(parent: Token | number): RowRange {
    return this.findRows(TableId.CustomAttribute, 0, this.encodeCoded(CodedIndex.HasCustomAttribute, parent));
  }

  /** The Constant row of a Field, Param or Property token, or 0. */
  constantOf(parent: Token | number): number {
    const r = this.findRows(TableId.Constant, 2, this.encodeCoded(CodedIndex.HasConstant, parent));
    return r.end > r.start ? r.start : 0;
  }

  /** The FieldMarshal row of a Field or Param token, or 0. */
  fieldMarshalOf(parent: Token | number): number {
    const r = this.findRows(TableId.FieldMarshal, 0, this.encodeCoded(CodedIndex.HasFieldMarshal, parent));
    return r.end > r.start ? r.start : 0;
  }

  /** GenericParam rows of a TypeDef or MethodDef token, in Number order. */
  genericParamsOf(owner: Token | number): RowRange {
    return this.findRows(TableId.GenericParam, 2, this.encodeCoded(CodedIndex.TypeOrMethodDef, owner));
  }

  /** GenericParamConstraint rows of GenericParam `gpRow`. */
  constraintsOf(gpRow: number): RowRange {
    return this.findRows(TableId.GenericParamConstraint, 0, gpRow);
  }

  /** InterfaceImpl rows of TypeDef `typeRow`. */
  interfacesOf(typeRow: number): RowRange {
    return this.findRows(TableId.InterfaceImpl, 0, typeRow);
  }

  /** The ClassLayout row of TypeDef `typeRow`, or 0. */
  classLayoutOf(typeRow: number): number {
    const r = this.findRows(TableId.ClassLayout, 2, typeRow);
    return r.end > r.start ? r.start : 0;
  }

  /** The FieldLayout row of Field `fieldRow`, or 0. */
  fieldLayoutOf(fieldRow: number): number {
    const r = this.findRows(TableId.FieldLayout, 1, fieldRow);
    return r.end > r.start ? r.start : 0;
  }

  /** The FieldRVA row of Field `fieldRow`, or 0. */
  fieldRvaOf(fieldRow: number): number {
    const r = this.findRows(TableId.FieldRVA, 1, fieldRow);
    return r.end > r.start ? r.start : 0;
  }

  /** The ImplMap row of a Field or MethodDef token, or 0. */
  implMapOf(member: Token | number): number {
    const r = this.findRows(TableId.ImplMap, 1, this.encodeCoded(CodedIndex.MemberForwarded, member));
    return r.end > r.start ? r.start : 0;
  }

  /** MethodSemantics rows of an Event or Property token. */
  semanticsOf(assoc: Token | number): RowRange {
    return this.findRows(TableId.MethodSemantics, 2, this.encodeCoded(CodedIndex.HasSemantics, assoc));
  }

  /** MethodImpl rows of TypeDef `typeRow`. */
  methodImplsOf(typeRow: number): RowRange {
    return this.findRows(TableId.MethodImpl, 0, typeRow);
  }

  /** DeclSecurity rows of a TypeDef, MethodDef or Assembly token. */
  declSecurityOf(parent: Token | number): RowRange {
    return this.findRows(TableId.DeclSecurity, 1, this.encodeCoded(CodedIndex.HasDeclSecurity, parent));
  }

  /** The enclosing TypeDef of `typeRow` (0 for a top-level type). */
  enclosingTypeOf(typeRow: number): number {
    if (!this.enclosingCache) {
      const map = new Int32Array(this.rowCount(TableId.TypeDef) + 1);
      const n = this.rowCount(TableId.NestedClass);
      for (let r = 1; r <= n; r++) {
        const nested = this.col(TableId.NestedClass, r, 0);
        const enclosing = this.col(TableId.NestedClass, r, 1);
        if (nested >= 1 && nested < map.length) map[nested] = enclosing;
      }
      this.enclosingCache = map;
    }
    return this.enclosingCache[typeRow] ?? 0;
  }

  /** The EventMap row of TypeDef `typeRow`, or 0 (EventMap is not a sorted table: indexed once). */
  eventMapOf(typeRow: number): number {
    if (!this.eventMapCache) this.eventMapCache = this.parentIndex(TableId.EventMap);
    return this.eventMapCache[typeRow] ?? 0;
  }

  /** The PropertyMap row of TypeDef `typeRow`, or 0 (indexed once). */
  propertyMapOf(typeRow: number): number {
    if (!this.propertyMapCache) this.propertyMapCache = this.parentIndex(TableId.PropertyMap);
    return this.propertyMapCache[typeRow] ?? 0;
  }

  /** TypeDef row → first row of `t` whose column 0 names it. */
  private parentIndex(t: TableId): Int32Array {
    const map = new Int32Array(this.rowCount(TableId.TypeDef) + 1);
    for (let r = this.rowCount(t); r >= 1; r--) {
      const parent = this.col(t, r, 0);
      if (parent >= 1 && parent < map.length) map[parent] = r;
    }
    return map;
  }

  // ---- signatures and bodies --------------------------------------------------------------

  /** Decodes the signature of MethodDef `row` through `provider`. */
  methodDefSignature<T, C>(row: number, provider: SignatureTypeProvider<T, C>, ctx: C): MethodSignature<T> {
    return new SignatureDecoder(provider, ctx).decodeMethodSignature(this.blobCursor(TableId.MethodDef, row, 4));
  }

  /** Decodes the signature of Field `row`. */
  fieldSignature<T, C>(row: number, provider: SignatureTypeProvider<T, C>, ctx: C): T {
    return new SignatureDecoder(provider, ctx).decodeFieldSignature(this.blobCursor(TableId.Field, row, 2));
  }

  /** Decodes a MemberRef's signature: a method signature, or a field type (kind 'field'). */
  memberRefSignature<T, C>(row: number, provider: SignatureTypeProvider<T, C>, ctx: C):
    { kind: 'method'; signature: MethodSignature<T> } | { kind: 'field'; type: T } {
    const c = this.blobCursor(TableId.MemberRef, row, 2);
    const d = new SignatureDecoder(provider, ctx);
    if ((c.peek('MemberRef signature header') & 0x0f) === 0x06) return { kind: 'field', type: d.decodeFieldSignature(c) };
    return { kind: 'method', signature: d.decodeMethodSignature(c) };
  }

  /** Decodes TypeSpec `row`. */
  typeSpecSignature<T, C>(row: number, provider: SignatureTypeProvider<T, C>, ctx: C): T {
    return new SignatureDecoder(provider, ctx).decodeTypeSpec(this.blobCursor(TableId.TypeSpec, row, 0));
  }

  /** Decodes the instantiation of MethodSpec `row`. */
  methodSpecSignature<T, C>(row: number, provider: SignatureTypeProvider<T, C>, ctx: C): T[] {
    return new SignatureDecoder(provider, ctx).decodeMethodSpec(this.blobCursor(TableId.MethodSpec, row, 1));
  }

  /** Decodes Property `row`'s signature. */
  propertySignature<T, C>(row: number, provider: SignatureTypeProvider<T, C>, ctx: C): MethodSignature<T> {
    return new SignatureDecoder(provider, ctx).decodePropertySignature(this.blobCursor(TableId.Property, row, 2));
  }

  /** Decodes StandAloneSig `row` as local variable types. */
  localSignature<T, C>(row: number, provider: SignatureTypeProvider<T, C>, ctx: C): T[] {
    return new SignatureDecoder(provider, ctx).decodeLocalSignature(this.blobCursor(TableId.StandAloneSig, row, 0));
  }

  /** The IL body of MethodDef `row`, or null when it has none (RVA 0: abstract, runtime, P/Invoke). */
  methodBody(row: number): MethodBody | null {
    const rva = this.col(TableId.MethodDef, row, 0);
    if (rva === 0) return null;
    if (!this.pe) throw new BadImageFormatError('method bodies need the PE image (opened with openMetadata)', { table: 'MethodDef', row, column: 'RVA' });
    let span: { offset: number; end: number };
    try {
      span = this.pe.bytesAtRva(rva, 'method body');
    } catch (e) {
      throw this.rethrowAt(e, TableId.MethodDef, row, 0);
    }
    return parseMethodBody(this.bytes, span.offset, span.end, `method body of MethodDef[${row}] at RVA 0x${rva.toString(16)}`);
  }

  /** `size` bytes of a field's initial data (FieldRVA), e.g. an array initialiser. */
  fieldRvaData(fieldRow: number, size: number): Uint8Array {
    const r = this.fieldRvaOf(fieldRow);
    if (!r) throw new BadImageFormatError('field has no FieldRVA row', { table: 'Field', row: fieldRow });
    if (!this.pe) throw new BadImageFormatError('FieldRVA data needs the PE image', { table: 'FieldRVA', row: r });
    const rva = this.col(TableId.FieldRVA, r, 0);
    const off = this.pe.rvaToOffset(rva, size, `FieldRVA[${r}] data`);
    return this.bytes.subarray(off, off + size);
  }

  /** Entry point token from the CLI header (0 when not a PE or a library). */
  get cliHeader(): CliHeader | undefined {
    return this.pe?.cliHeader;
  }

  /** A token as a number, for callers holding plain numbers. */
  token(table: TableId, row: number): Token {
    return makeToken(table, row);
  }

  toToken(n: number): Token {
    return asToken(n);
  }
}

/** Opens the CLI metadata of a PE file (ECMA-335 §II.25). */
export function openAssembly(bytes: Uint8Array): MetadataReader {
  const pe = new PeImage(bytes);
  const md = pe.cliHeader.metadata;
  if (md.rva === 0 || md.size === 0) throw new BadImageFormatError('CLI header has no metadata directory', { field: 'CLI header.MetaData' });
  const off = pe.rvaToOffset(md.rva, md.size, 'CLI header.MetaData');
  return new MetadataReader(bytes, off, md.size, { pe });
}

/** Opens a raw metadata blob (starting with the BSJB root) at `bytes[offset, offset + size)`. */
export function openMetadata(bytes: Uint8Array, offset = 0, size = bytes.length - offset): MetadataReader {
  return new MetadataReader(bytes, offset, size);
}
