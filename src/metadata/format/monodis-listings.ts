/**
 * The table listings of `monodis --typedef/--typeref/--assemblyref/--param/--fields/--method/
 * --memberref`, line for line (Mono 6.8, mono/dis/dump.c), so tests can compare them with the
 * real tool. Text layout (labels, spacing, hex widths, the `########## Ns.Name` group headers,
 * `(null)` for `<Module>`) follows monodis; the type text comes from monodis-types.ts.
 */
import { TableId } from '../schema';
import { makeToken, tokenRow, tokenTable } from '../handles';
import { MetadataReader } from '../reader';
import { ByteCursor } from '../bytes';
import { MarshalDescriptor, NativeType, parseMarshalDescriptor } from '../marshal';
import { SigType, sigTreeProvider } from '../sig-tree';
import { escapeName } from './ilasm-names';
import { GenericScope, MonodisNames, UnresolvedTypeError, callConvName } from './monodis-types';
import { TypeResolver } from './resolver';

const hex = (n: number, w = 0) => (n >>> 0).toString(16).padStart(w, '0');

/** A list of flag names; leftover bits print as `unknown-flag-XX `. */
function flagText(value: number, table: [number, string][]): string {
  let s = '';
  for (const [bit, name] of table) {
    if (!value) break;
    if (value & bit) {
      value &= ~bit;
      s += name;
    }
  }
  if (value) s += `unknown-flag-${value.toString(16).padStart(2, ' ')} `;
  return s;
}

const FIELD_ACCESS = ['privatescope ', 'private ', 'famandassem ', 'assembly ', 'family ', 'famorassem ', 'public '];
const FIELD_FLAGS: [number, string][] = [
  [0x10, 'static '], [0x20, 'initonly '], [0x40, 'literal '], [0x80, 'notserialized '], [0x200, 'specialname '],
  [0x2000, 'FIXME:pinvokeimpl '], [0x400, 'rtspecialname '], [0x1000, ''], [0x8000, ''], [0x100, ''],
];

export function fieldFlagsText(f: number): string {
  const access = f & 7;
  return (FIELD_ACCESS[access] ?? 'invalid-flags') + flagText(f & ~access, FIELD_FLAGS);
}

const IMPL_CODE = ['cil ', 'native ', 'optil ', 'runtime '];
const IMPL_REST: [number, string][] = [
  [0x10, 'fwdref '], [0x80, 'preservesig '], [0x1000, 'internalcall '], [0x20, 'synchronized '], [0x8, 'noinlining '],
  [0x40, 'nooptimization '], [0x100, 'agressive-inlining'],
];

export function methodImplFlagsText(f: number): string {
  return IMPL_CODE[f & 3] + (f & 4 ? 'unmanaged ' : 'managed ') + flagText(f & ~7, IMPL_REST);
}

function hexDump(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i % 16 === 0) s += `\n0x${(i & 0xff).toString(16).toUpperCase().padStart(8, '0')}: `;
    s += `${bytes[i].toString(16).toUpperCase().padStart(2, '0')} `;
  }
  return s;
}

const NATIVE_NAMES: Record<number, string> = {
  0x02: 'bool', 0x03: 'int8', 0x04: 'unsigned int8', 0x05: 'int16', 0x06: 'unsigned int16', 0x07: 'int32',
  0x08: 'unsigned int32', 0x09: 'int64', 0x0a: 'unsigned int64', 0x0b: 'float32', 0x0c: 'float64', 0x0f: 'currency',
  0x13: 'bstr', 0x14: 'lpstr', 0x15: 'lpwstr', 0x16: 'lptstr', 0x19: 'iunknown', 0x1a: 'idispatch', 0x1b: 'struct',
  0x1c: 'interface', 0x1d: 'safearray', 0x1f: 'int', 0x20: 'unsigned int', 0x22: 'vbbyrefstr', 0x23: 'ansi bstr',
  0x24: 'tbstr', 0x25: 'variant bool', 0x26: 'method', 0x28: 'as any', 0x2b: 'lpstruct', 0x2c: 'custom', 0x2d: 'error',
  0x50: '',
};

/** dis_stringify_marshal_spec. */
export function marshalText(d: MarshalDescriptor): string {
  switch (d.native) {
    case NativeType.ByValTStr:
      return ` marshal (fixed sysstring [${d.numElements ?? 0}])`;
    case NativeType.ByValArray:
      return ` marshal (fixed array [${d.numElements ?? 0}])`;
    case NativeType.LPArray: {
      const elem = NATIVE_NAMES[d.elementType ?? NativeType.Max] ?? 'unknown';
      const num = d.numElements ?? -1;
      const param = d.paramIndex ?? -1;
      const mult = d.elementMultiplier ?? -1;
      let elems: string;
      if (num === -1 && param === -1) elems = '';
      else if (param === -1 || mult === 0) elems = `${num}`;
      else if (num === -1 || num === 0) elems = `+ ${param}`;
      else elems = `${num} + ${param}`;
      return ` marshal (${elem}[${elems}])`;
    }
    case NativeType.SafeArray:
      return ` marshal (safearray ${d.elementType ? variantName(d.elementType) : ''})`;
    case NativeType.Custom:
      return ` marshal (custom ("${d.customType ?? ''}", "${d.cookie ?? ''}"))`;
    default:
      return ` marshal (${NATIVE_NAMES[d.native] ?? 'unknown'})`;
  }
}

const VARIANT_NAMES: Record<number, string> = {
  0: '', 1: 'null', 2: 'int16', 3: 'int32', 4: 'float32', 5: 'float64', 6: 'currency', 7: 'date', 8: 'bstr',
  9: 'idispatch', 10: 'error', 11: 'bool', 12: 'variant', 13: 'iunknown', 14: 'decimal', 16: 'int8',
  17: 'unsigned int8', 18: 'unsigned int16', 19: 'unsigned int32', 20: 'int64', 21: 'unsigned int64', 22: 'int',
  23: 'unsigned int', 24: 'void', 25: 'hresult', 26: '*', 27: 'safearray', 28: 'carray', 29: 'userdefined',
  30: 'lpstr', 31: 'lpwstr', 36: 'record', 64: 'filetime', 65: 'blob', 66: 'stream', 67: 'storage',
  68: 'streamed_object', 69: 'stored_object', 70: 'blob_object', 71: 'cf', 72: 'clsid', 0x1000: 'vector',
  0x2000: '[]', 0x4000: '&',
};

function variantName(v: number): string {
  return VARIANT_NAMES[v] ?? 'unknown';
}

export class MonodisListings {
  readonly names: MonodisNames;

  constructor(readonly md: MetadataReader, resolver: TypeResolver) {
    this.names = new MonodisNames(md, resolver);
  }

  typedefs(): string {
    const md = this.md;
    let s = 'Typedef Table\n';
    for (let i = 1; i <= md.rowCount(TableId.TypeDef); i++) {
      s += `${i}: ${this.names.typedefName(i) ?? '(null)'} (flist=${md.col(TableId.TypeDef, i, 4)}, mlist=${md.col(TableId.TypeDef, i, 5)}, ` +
        `flags=0x${hex(md.col(TableId.TypeDef, i, 0))}, extends=0x${hex(md.col(TableId.TypeDef, i, 3))})\n`;
    }
    return `${s}\n`;
  }

  typerefs(): string {
    let s = 'Typeref Table\n';
    for (let i = 1; i <= this.md.rowCount(TableId.TypeRef); i++) s += `${i}: ${this.names.typerefName(i)}\n`;
    return `${s}\n`;
  }

  assemblyrefs(): string {
    const md = this.md;
    let s = 'AssemblyRef Table\n';
    for (let i = 1; i <= md.rowCount(TableId.AssemblyRef); i++) {
      const v = [0, 1, 2, 3].map((c) => md.col(TableId.AssemblyRef, i, c)).join('.');
      s += `${i}: Version=${v}\n\tName=${md.str(TableId.AssemblyRef, i, 6)}\n`;
      s += `\tFlags=0x${hex(md.col(TableId.AssemblyRef, i, 4), 8)}\n`;
      const key = md.blob(TableId.AssemblyRef, i, 5);
      s += key.length ? `\tPublic Key:${hexDump(key)}\n` : '\tZero sized public key\n';
      const hash = md.blob(TableId.AssemblyRef, i, 8);
      s += hash.length ? `\tHash:${hexDump(hash)}\n` : '\tZero sized hash value\n';
    }
    return `${s}\n`;
  }

  params(): string {
    const md = this.md;
    let s = 'Param Table\n';
    for (let i = 1; i <= md.rowCount(TableId.Param); i++) {
      s += `${i}: 0x${hex(md.col(TableId.Param, i, 0), 4)} ${md.col(TableId.Param, i, 1)} ${md.str(TableId.Param, i, 2)}\n`;
    }
    return `${s}\n`;
  }

  /** Walks members in table order, calling `header` when a new owning type starts (dump.c's loop). */
  private groupByType(count: number, listCol: number, visit: (i: number, headerType: number) => void): void {
    const md = this.md;
    const types = md.rowCount(TableId.TypeDef);
    let current = 1;
    let first = 1;
    let last = 1;
    for (let i = 1; i <= count; i++) {
      while (current <= types && i >= (last = md.col(TableId.TypeDef, current, listCol))) current++;
      let header = 0;
      if (i === first) {
        header = current - 1;
        first = last;
      }
      visit(i, header);
    }
  }

  private typeHeader(typeRow: number): string {
    const md = this.md;
    return `########## ${md.str(TableId.TypeDef, typeRow, 2)}.${md.str(TableId.TypeDef, typeRow, 1)}\n`;
  }

  fields(): string {
    const md = this.md;
    const n = md.rowCount(TableId.Field);
    let s = `Field Table (1..${n})\n`;
    let layoutRow = 1;
    let rvaRow = 1;
    this.groupByType(n, 4, (i, header) => {
      if (header) s += this.typeHeader(header);
      s += `${i}: ${this.names.fieldSignatureText(md.col(TableId.Field, i, 2))} ${md.str(TableId.Field, i, 1)}: ${fieldFlagsText(md.col(TableId.Field, i, 0))}\n`;
      if (layoutRow <= md.rowCount(TableId.FieldLayout) && md.col(TableId.FieldLayout, layoutRow, 1) === i) {
        s += `\texplicit offset: ${md.col(TableId.FieldLayout, layoutRow, 0) | 0}\n`;
        layoutRow++;
      }
      if (rvaRow <= md.rowCount(TableId.FieldRVA) && md.col(TableId.FieldRVA, rvaRow, 1) === i) {
        s += `\trva: ${md.col(TableId.FieldRVA, rvaRow, 0) | 0}\n`;
        rvaRow++;
      }
    });
    return `${s}\n`;
  }

  methods(): string {
    const md = this.md;
    const n = md.rowCount(TableId.MethodDef);
    let s = `Method Table (1..${n})\n`;
    let typeScope: GenericScope = { typeParams: null, methodParams: null };
    this.groupByType(n, 5, (i, header) => {
      if (header) {
        s += this.typeHeader(header);
        typeScope = this.names.typeScope(header);
      }
      let line: string;
      try {
        line = this.methodSignatureLine(i, typeScope);
      } catch (e) {
        if (!(e instanceof UnresolvedTypeError)) throw e;
        s += `${i}: failed to parse due to ${e.message}\n`;
        return;
      }
      s += `${i}: ${line} (param: ${md.col(TableId.MethodDef, i, 5)} impl_flags: ${methodImplFlagsText(md.col(TableId.MethodDef, i, 1))})\n`;
    });
    return s;
  }

  /** Generic parameter list `<(class [mscorlib]System.IComparable) T,U>` of a method. */
  private genericParamList(owner: number, scope: GenericScope): string | null {
    const md = this.md;
    const r = md.genericParamsOf(makeToken(TableId.MethodDef, owner));
    if (r.end <= r.start) return null;
    const parts: string[] = [];
    for (let g = r.start; g < r.end; g++) {
      const flags = md.col(TableId.GenericParam, g, 1);
      let p = '';
      if ((flags & 3) === 1) p += '+ ';
      if ((flags & 3) === 2) p += '- ';
      if (flags & 4) p += 'class ';
      if (flags & 8) p += 'valuetype ';
      if (flags & 0x10) p += '.ctor ';
      const cr = md.constraintsOf(g);
      const cons: string[] = [];
      for (let k = cr.start; k < cr.end; k++) {
        const tok = md.coded(TableId.GenericParamConstraint, k, 1, 0);
        const t: SigType = tokenTable(tok) === TableId.TypeSpec ? this.names.typeSpecTree(tokenRow(tok)) : { kind: 'handle', token: tok, valueType: false };
        cons.push(this.names.stringify(t, true, scope));
      }
      if (cons.length) p += `(${cons.join(', ')}) `;
      p += escapeName(md.str(TableId.GenericParam, g, 3));
      parts.push(p);
    }
    return `<${parts.join(',')}>`;
  }

  /** dis_stringify_method_signature for MethodDef `row` (without the trailing impl flags). */
  methodSignatureLine(row: number, typeScope: GenericScope): string {
    const md = this.md;
    const methodParams = this.names.genericNames(makeToken(TableId.MethodDef, row));
    const scope: GenericScope = { typeParams: typeScope.typeParams, methodParams };
    const sig = md.methodDefSignature(row, sigTreeProvider, null);
    const pc = sig.parameterTypes.length;
    // Param attributes by sequence, as the runtime attaches them to the signature's types.
    let paramIndex = md.col(TableId.MethodDef, row, 5);
    const nextIndex = row < md.rowCount(TableId.MethodDef) ? md.col(TableId.MethodDef, row + 1, 5) : md.rowCount(TableId.Param) + 1;
    const attrs: number[] = new Array(pc + 1).fill(0);
    for (let p = paramIndex; p >= 1 && p < nextIndex && p <= md.rowCount(TableId.Param); p++) {
      const seq = md.col(TableId.Param, p, 1);
      if (seq <= pc) attrs[seq] = md.col(TableId.Param, p, 0);
    }
    const paramText = (t: SigType, a: number) => {
      const at = `${a & 1 ? '[in]' : ''}${a & 2 ? '[out]' : ''}${a & 0x10 ? '[opt]' : ''}`;
      const ts = this.names.stringify(t, true, scope);
      return at ? `${at} ${ts}` : ts;
    };
    const hasThis = (sig.header & 0x20) !== 0;
    const start = hasThis ? 0 : 1;
    let result = '';
    let retMarshal = '';
    for (let i = 0; i < pc + 1; i++) {
      const hasRow = paramIndex !== 0 && paramIndex < nextIndex;
      let esname = '';
      let marshal = '';
      if (pc === 0 && !hasRow) continue;
      const seq = hasRow ? md.col(TableId.Param, paramIndex, 1) : -1;
      if (hasRow && i === seq) {
        if (i) esname = escapeName(md.str(TableId.Param, paramIndex, 2));
        if (md.col(TableId.Param, paramIndex, 0) & 0x2000) {
          const fm = md.fieldMarshalOf(makeToken(TableId.Param, paramIndex));
          const text = fm ? marshalText(parseMarshalDescriptor(md.blobCursor(TableId.FieldMarshal, fm, 1))) : '(missing)';
          if (i) marshal = text;
          else retMarshal = text;
        }
        paramIndex++;
      } else if (i) {
        esname = `A_${i - start}`;
      }
      if (!i) continue;
      if (i > 1) result += ', ';
      result += `${paramText(sig.parameterTypes[i - 1], attrs[i])}${marshal} ${esname}`;
    }
    result += ') ';
    const ret = paramText(sig.returnType, attrs[0]);
    let head = hasThis ? 'instance ' : '';
    head += `${callConvName(sig.header)} ${ret}${retMarshal} ${escapeName(md.str(TableId.MethodDef, row, 3))}`;
    const gp = this.genericParamList(row, scope);
    if (gp) head += gp;
    return `${head} (${result}`;
  }

  memberrefs(): string {
    const md = this.md;
    const n = md.rowCount(TableId.MemberRef);
    let s = `MemberRef Table (1..${n})\n`;
    for (let i = 1; i <= n; i++) {
      const raw = md.col(TableId.MemberRef, i, 0);
      const kind = raw & 7;
      const idx = raw >>> 3;
      const name = md.str(TableId.MemberRef, i, 1);
      let ks: string;
      let x: string;
      switch (kind) {
        case 0:
          ks = 'TypeDef';
          x = `${this.names.typedefName(idx) ?? ''}.${name}`;
          break;
        case 1:
          ks = 'TypeRef';
          x = `${this.names.typerefName(idx)}.${name}`;
          break;
        case 2:
          ks = 'ModuleRef';
          x = 'UNHANDLED CASE';
          break;
        case 3:
          ks = 'MethodDef';
          x = this.methodDefRefText(idx);
          break;
        case 4:
          ks = 'TypeSpec';
          x = `${this.names.typespecText(idx)}.${name}`;
          break;
        default:
          ks = `Unknown tag ${kind}`;
          x = 'UNHANDLED CASE';
      }
      const sigIndex = md.col(TableId.MemberRef, i, 2);
      const c: ByteCursor = md.blobs.cursor(sigIndex);
      const sig = c.peek('MemberRef signature') === 0x06 ? this.names.fieldSignatureText(sigIndex) : this.names.methodRefSignatureText(sigIndex, null);
      s += `${i}: ${ks}[${idx}] ${name}\n\tResolved: ${x}\n\tSignature: ${sig}\n\t\n`;
    }
    return s;
  }

  /** get_methoddef: `ret class Ns.Type::Name(params)`. */
  private methodDefRefText(row: number): string {
    const md = this.md;
    const owner = md.declaringTypeOfMethod(row);
    let name: string | null = null;
    if (owner) {
      const t = this.names.stringify({ kind: 'handle', token: makeToken(TableId.TypeDef, owner), valueType: false }, false, { typeParams: null, methodParams: null });
      name = `${t}::${md.str(TableId.MethodDef, row, 3)}`;
    }
    return this.names.methodRefSignatureText(md.col(TableId.MethodDef, row, 4), name);
  }
}

export { callConvName };
