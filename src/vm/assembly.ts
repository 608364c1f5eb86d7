/**
 * One loaded assembly: its metadata (read lazily by src/metadata), its simple name, and the
 * lookups the type loader needs that only depend on metadata — a TypeDef by namespace and name
 * (an index built once from the TypeDef table's name columns, no type is loaded by it), type
 * forwarders (ExportedType rows, how Mono's Facades point at the real assemblies, §II.22.14), and
 * signatures rendered as text for member matching across assemblies (§II.23.2: two signatures
 * match when their types have the same full names).
 */
import * as path from 'path';
import { ElementType, MetadataReader, SignatureTypeProvider, TableId, Token, tokenRow, tokenTable } from '../metadata';
import type { AssemblyBinder } from './binder';

/** Where a type is defined: an assembly and its TypeDef row. */
export interface TypeDefRef {
  readonly assembly: Assembly;
  readonly row: number;
}

const PRIMITIVE_NAMES: Partial<Record<ElementType, string>> = {
  [ElementType.Void]: 'System.Void', [ElementType.Boolean]: 'System.Boolean', [ElementType.Char]: 'System.Char',
  [ElementType.I1]: 'System.SByte', [ElementType.U1]: 'System.Byte', [ElementType.I2]: 'System.Int16',
  [ElementType.U2]: 'System.UInt16', [ElementType.I4]: 'System.Int32', [ElementType.U4]: 'System.UInt32',
  [ElementType.I8]: 'System.Int64', [ElementType.U8]: 'System.UInt64', [ElementType.R4]: 'System.Single',
  [ElementType.R8]: 'System.Double', [ElementType.String]: 'System.String', [ElementType.Object]: 'System.Object',
  [ElementType.I]: 'System.IntPtr', [ElementType.U]: 'System.UIntPtr', [ElementType.TypedByRef]: 'System.TypedReference',
};

/** The corlib full name of a primitive element type. */
export function primitiveTypeName(code: ElementType): string | undefined {
  return PRIMITIVE_NAMES[code];
}

export class Assembly {
  readonly name: string;
  private typeIndex?: Map<string, number>;
  private exportedIndex?: Map<string, number>;
  private readonly typeNames = new Map<number, string>();
  /** Signature text of each MethodDef, for override and MemberRef matching. */
  private readonly sigTexts = new Map<number, string>();

  constructor(readonly md: MetadataReader, readonly filePath: string, readonly binder: AssemblyBinder) {
    this.name = md.rowCount(TableId.Assembly) > 0 ? md.row.assembly(1).name : path.basename(filePath).replace(/\.(dll|exe)$/i, '');
  }

  /** `Namespace.Name`, nested types as `Outer/Inner` (ECMA-335 §II.6 display form). */
  typeDefName(row: number): string {
    let n = this.typeNames.get(row);
    if (n === undefined) {
      const td = this.md.row.typeDef(row);
      const enclosing = this.md.enclosingTypeOf(row);
      n = enclosing ? `${this.typeDefName(enclosing)}/${td.name}` : td.namespace ? `${td.namespace}.${td.name}` : td.name;
      this.typeNames.set(row, n);
    }
    return n;
  }

  /** Full name of a TypeRef, following enclosing TypeRefs. */
  typeRefName(row: number): string {
    const tr = this.md.row.typeRef(row);
    const scope = tr.resolutionScope;
    if (tokenTable(scope) === TableId.TypeRef && tokenRow(scope) !== 0) return `${this.typeRefName(tokenRow(scope))}/${tr.name}`;
    return tr.namespace ? `${tr.namespace}.${tr.name}` : tr.name;
  }

  /** The TypeDef row named `fullName` here, or 0. */
  findTypeDef(fullName: string): number {
    if (!this.typeIndex) {
      const index = new Map<string, number>();
      const n = this.md.rowCount(TableId.TypeDef);
      for (let r = 1; r <= n; r++) index.set(this.typeDefName(r), r);
      this.typeIndex = index;
    }
    return this.typeIndex.get(fullName) ?? 0;
  }

  /** The ExportedType row forwarding `fullName` (top-level names only), or 0. */
  findExportedType(fullName: string): number {
    if (!this.exportedIndex) {
      const index = new Map<string, number>();
      const n = this.md.rowCount(TableId.ExportedType);
      for (let r = 1; r <= n; r++) {
        const e = this.md.row.exportedType(r);
        index.set(e.namespace ? `${e.namespace}.${e.name}` : e.name, r);
      }
      this.exportedIndex = index;
    }
    return this.exportedIndex.get(fullName) ?? 0;
  }

  /**
   * Where `fullName` is defined, starting here and following forwarders; undefined when neither
   * this assembly nor its forwarders know it.
   */
  locateType(fullName: string, depth = 0): TypeDefRef | undefined {
    const row = this.findTypeDef(fullName);
    if (row) return { assembly: this, row };
    const top = fullName.split('/')[0]!;
    const ex = this.findExportedType(top);
    if (!ex || depth > 8) return undefined;
    const impl = this.md.row.exportedType(ex).implementation;
    if (tokenTable(impl) !== TableId.AssemblyRef) return undefined;
    const target = this.binder.bind(this.md.row.assemblyRef(tokenRow(impl)).name);
    return target.locateType(fullName, depth + 1);
  }

  /**
   * `locateType` ignoring case (Type.GetType(name, throwOnError, ignoreCase: true)): an exact match
   * first, else the first TypeDef whose full name matches case-insensitively. Forwarded types are
   * matched exactly only.
   */
  locateTypeIgnoringCase(fullName: string): TypeDefRef | undefined {
    const exact = this.locateType(fullName);
    if (exact) return exact;
    const wanted = fullName.toLowerCase();
    const n = this.md.rowCount(TableId.TypeDef);
    for (let row = 1; row <= n; row++) {
      if (this.typeDefName(row).toLowerCase() === wanted) return { assembly: this, row };
    }
    return undefined;
  }

  /** A signature's types rendered as full names (the matching key across assemblies). */
  readonly nameProvider: SignatureTypeProvider<string, null> = {
    primitive: (c) => primitiveTypeName(c) ?? `?${c}`,
    typeFromDefinition: (h: Token) => this.typeDefName(tokenRow(h)),
    typeFromReference: (h: Token) => this.typeRefName(tokenRow(h)),
    typeFromSpecification: (h: Token) => `spec:${this.md.typeSpecSignature(tokenRow(h), this.nameProvider, null)}`,
    szArray: (e) => `${e}[]`,
    array: (e, s) => `${e}[${','.repeat(Math.max(0, s.rank - 1))}]`,
    byReference: (e) => `${e}&`,
    pointer: (e) => `${e}*`,
    pinned: (e) => e,
    genericInstantiation: (g, args) => `${g}<${args.join(',')}>`,
    genericTypeParameter: (i) => `!${i}`,
    genericMethodParameter: (i) => `!!${i}`,
    functionPointer: () => 'method*',
    modified: (_m, t) => t,
  };

  /** `ret(params)` text of MethodDef `row`'s signature, with the HASTHIS bit. */
  methodDefSigText(row: number): string {
    let s = this.sigTexts.get(row);
    if (s === undefined) {
      const sig = this.md.methodDefSignature(row, this.nameProvider, null);
      s = `${sig.header & 0x20 ? 'instance ' : ''}${sig.returnType}(${sig.parameterTypes.join(',')})`;
      this.sigTexts.set(row, s);
    }
    return s;
  }

  /** The same text for a MemberRef's method signature, or undefined for a field reference. */
  memberRefSigText(row: number): string | undefined {
    const r = this.md.memberRefSignature(row, this.nameProvider, null);
    if (r.kind !== 'method') return undefined;
    const sig = r.signature;
    return `${sig.header & 0x20 ? 'instance ' : ''}${sig.returnType}(${sig.parameterTypes.join(',')})`;
  }

  /** `Namespace.Type::Method` of MethodDef `row`. */
  methodDisplayName(row: number): string {
    return `${this.typeDefName(this.md.declaringTypeOfMethod(row))}::${this.md.row.methodDef(row).name}`;
  }

  toString(): string {
    return this.name;
  }
}
