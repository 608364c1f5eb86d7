/**
 * Cross-assembly type resolution, as a runtime's binder does it: a TypeRef's resolution scope
 * names an AssemblyRef (find that assembly through a caller-supplied locator, then the type by
 * namespace and name, following ExportedType forwarders), an enclosing TypeRef (nested type) or
 * the current module. The formatters need it because monodis prints the *defining* assembly of a
 * type and decides `class` vs `valuetype` from the resolved definition, not from the reference.
 *
 * Resolution failures return null; the caller decides how to print an unresolved type.
 */
import { MetadataReader } from '../reader';
import { TableId } from '../schema';
import { Token, tokenRow, tokenTable } from '../handles';
import { ElementType } from '../signatures';
import { createHash } from 'crypto';

/** Finds a referenced assembly; `referrer` is the image holding the AssemblyRef. */
export type AssemblyLocator = (name: string, version: readonly number[], referrer: MetadataReader) => MetadataReader | null;

export interface ResolvedType {
  md: MetadataReader;
  /** TypeDef row in `md`. */
  row: number;
}

/** Names of corlib types whose MonoType is a primitive element type (a runtime convention). */
const CORLIB_PRIMITIVES: ReadonlyMap<string, ElementType> = new Map([
  ['Void', ElementType.Void], ['Boolean', ElementType.Boolean], ['Char', ElementType.Char], ['SByte', ElementType.I1],
  ['Byte', ElementType.U1], ['Int16', ElementType.I2], ['UInt16', ElementType.U2], ['Int32', ElementType.I4],
  ['UInt32', ElementType.U4], ['Int64', ElementType.I8], ['UInt64', ElementType.U8], ['Single', ElementType.R4],
  ['Double', ElementType.R8], ['String', ElementType.String], ['IntPtr', ElementType.I], ['UIntPtr', ElementType.U],
  ['Object', ElementType.Object], ['TypedReference', ElementType.TypedByRef],
]);

interface TypeIndex {
  topLevel: Map<string, number>;
  nested: Map<string, number>;
  exported: Map<string, number>;
}

export class TypeResolver {
  private readonly indexes = new WeakMap<MetadataReader, TypeIndex>();
  private readonly refCache = new WeakMap<MetadataReader, Map<number, ResolvedType | null>>();
  private readonly kindCache = new WeakMap<MetadataReader, Map<number, { valueType: boolean; primitive: ElementType | null }>>();

  constructor(private readonly locate: AssemblyLocator) {}

  assemblyName(md: MetadataReader): string | null {
    return md.rowCount(TableId.Assembly) > 0 ? md.str(TableId.Assembly, 1, 7) : null;
  }

  isCorlib(md: MetadataReader): boolean {
    return this.assemblyName(md) === 'mscorlib' && md.rowCount(TableId.AssemblyRef) === 0;
  }

  private index(md: MetadataReader): TypeIndex {
    let ix = this.indexes.get(md);
    if (ix) return ix;
    ix = { topLevel: new Map(), nested: new Map(), exported: new Map() };
    const n = md.rowCount(TableId.TypeDef);
    for (let r = 1; r <= n; r++) {
      const name = md.str(TableId.TypeDef, r, 1);
      const ns = md.str(TableId.TypeDef, r, 2);
      const enc = md.enclosingTypeOf(r);
      if (enc) ix.nested.set(`${enc}\0${name}`, r);
      else if (!ix.topLevel.has(`${ns}\0${name}`)) ix.topLevel.set(`${ns}\0${name}`, r);
    }
    const ne = md.rowCount(TableId.ExportedType);
    for (let r = 1; r <= ne; r++) {
      ix.exported.set(`${md.str(TableId.ExportedType, r, 3)}\0${md.str(TableId.ExportedType, r, 2)}`, r);
    }
    this.indexes.set(md, ix);
    return ix;
  }

  /** A top-level type by namespace and name, following forwarders (bounded depth). */
  findTopLevel(md: MetadataReader, ns: string, name: string, depth = 0): ResolvedType | null {
    const ix = this.index(md);
    const row = ix.topLevel.get(`${ns}\0${name}`);
    if (row) return { md, row };
    const ex = ix.exported.get(`${ns}\0${name}`);
    if (ex && depth < 8) {
      const impl = md.coded(TableId.ExportedType, ex, 4, 9 /* Implementation */);
      if (tokenTable(impl) === TableId.AssemblyRef) {
        const target = this.loadAssemblyRef(md, tokenRow(impl));
        if (target) return this.findTopLevel(target, ns, name, depth + 1);
      }
    }
    return null;
  }

  loadAssemblyRef(md: MetadataReader, row: number): MetadataReader | null {
    if (row < 1 || row > md.rowCount(TableId.AssemblyRef)) return null;
    const name = md.str(TableId.AssemblyRef, row, 6);
    const version = [0, 1, 2, 3].map((c) => md.col(TableId.AssemblyRef, row, c));
    return this.locate(name, version, md);
  }

  /** Finds an assembly by simple name through the locator (version unknown). */
  locateByName(name: string, referrer: MetadataReader): MetadataReader | null {
    return this.locate(name, [0, 0, 0, 0], referrer);
  }

  resolveTypeRef(md: MetadataReader, row: number, depth = 0): ResolvedType | null {
    let cache = this.refCache.get(md);
    if (!cache) this.refCache.set(md, (cache = new Map()));
    if (cache.has(row)) return cache.get(row) ?? null;
    let result: ResolvedType | null = null;
    if (depth < 16 && row >= 1 && row <= md.rowCount(TableId.TypeRef)) {
      const scope = md.coded(TableId.TypeRef, row, 0, 11 /* ResolutionScope */);
      const name = md.str(TableId.TypeRef, row, 1);
      const ns = md.str(TableId.TypeRef, row, 2);
      const st = tokenTable(scope);
      const sr = tokenRow(scope);
      if (st === TableId.AssemblyRef) {
        const target = this.loadAssemblyRef(md, sr);
        if (target) result = this.findTopLevel(target, ns, name);
      } else if (st === TableId.TypeRef) {
        const outer = this.resolveTypeRef(md, sr, depth + 1);
        if (outer) {
          const nested = this.index(outer.md).nested.get(`${outer.row}\0${name}`);
          if (nested) result = { md: outer.md, row: nested };
        }
      } else if (st === TableId.Module) {
        result = this.findTopLevel(md, ns, name);
      }
    }
    cache.set(row, result);
    return result;
  }

  /** Resolves a TypeDef or TypeRef token (TypeSpecs are not classes here). */
  resolve(md: MetadataReader, token: Token | number): ResolvedType | null {
    const t = tokenTable(token);
    const r = tokenRow(token);
    if (t === TableId.TypeDef) return r >= 1 && r <= md.rowCount(TableId.TypeDef) ? { md, row: r } : null;
    if (t === TableId.TypeRef) return this.resolveTypeRef(md, r);
    return null;
  }

  /** Why `token` does not resolve, worded as Mono's loader reports it. */
  explainFailure(md: MetadataReader, token: Token | number, depth = 0): string {
    const hexTok = (token >>> 0).toString(16).padStart(8, '0');
    if (tokenTable(token) === TableId.TypeRef && depth < 16) {
      const row = tokenRow(token);
      if (row >= 1 && row <= md.rowCount(TableId.TypeRef)) {
        const scope = md.coded(TableId.TypeRef, row, 0, 11);
        if (tokenTable(scope) === TableId.AssemblyRef && !this.loadAssemblyRef(md, tokenRow(scope))) {
          return `Could not load file or assembly '${this.assemblyRefDisplayName(md, tokenRow(scope))}' or one of its dependencies.`;
        }
        if (tokenTable(scope) === TableId.TypeRef) return this.explainFailure(md, scope, depth + 1);
        const ns = md.str(TableId.TypeRef, row, 2);
        const name = md.str(TableId.TypeRef, row, 1);
        return `Could not resolve type with token ${hexTok} from typeref (expected class '${ns ? `${ns}.` : ''}${name}')`;
      }
    }
    return `Could not resolve type with token ${hexTok}`;
  }

  /** `Name, Version=a.b.c.d, Culture=neutral, PublicKeyToken=…` of an AssemblyRef. */
  assemblyRefDisplayName(md: MetadataReader, row: number): string {
    const name = md.str(TableId.AssemblyRef, row, 6);
    const version = [0, 1, 2, 3].map((c) => md.col(TableId.AssemblyRef, row, c)).join('.');
    const culture = md.str(TableId.AssemblyRef, row, 7) || 'neutral';
    let key = md.blob(TableId.AssemblyRef, row, 5);
    if (md.col(TableId.AssemblyRef, row, 4) & 1 && key.length) {
      // A full public key: the token is the last 8 bytes of its SHA-1, reversed (§II.6.2.1.3).
      key = new Uint8Array(createHash('sha1').update(key).digest().subarray(12).reverse());
    }
    const token = key.length ? Array.from(key, (b) => b.toString(16).padStart(2, '0')).join('') : 'null';
    return `${name}, Version=${version}, Culture=${culture}, PublicKeyToken=${token}`;
  }

  /** Whether the resolved class is a value type, and its primitive element type if corlib maps it to one. */
  kindOf(rt: ResolvedType): { valueType: boolean; primitive: ElementType | null } {
    let cache = this.kindCache.get(rt.md);
    if (!cache) this.kindCache.set(rt.md, (cache = new Map()));
    const hit = cache.get(rt.row);
    if (hit) return hit;
    const { md, row } = rt;
    const name = md.str(TableId.TypeDef, row, 1);
    const ns = md.str(TableId.TypeDef, row, 2);
    const corlib = this.isCorlib(md);
    let primitive: ElementType | null = null;
    if (corlib && ns === 'System' && !md.enclosingTypeOf(row)) primitive = CORLIB_PRIMITIVES.get(name) ?? null;
    let valueType = false;
    const flags = md.col(TableId.TypeDef, row, 0);
    const isInterface = (flags & 0x20) !== 0;
    if (!isInterface && !(corlib && ns === 'System' && name === 'Enum')) {
      const ext = md.coded(TableId.TypeDef, row, 3, 0 /* TypeDefOrRef */);
      if (tokenRow(ext) !== 0 && tokenTable(ext) !== TableId.TypeSpec) {
        const base = this.resolve(md, ext);
        if (base && this.isCorlib(base.md)) {
          const bn = base.md.str(TableId.TypeDef, base.row, 1);
          const bns = base.md.str(TableId.TypeDef, base.row, 2);
          valueType = bns === 'System' && (bn === 'ValueType' || bn === 'Enum') && !(corlib && ns === 'System' && name === 'ValueType');
        }
      }
    }
    const out = { valueType, primitive };
    cache.set(row, out);
    return out;
  }
}
