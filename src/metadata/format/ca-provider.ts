/**
 * A custom-attribute type provider backed by type resolution: `System.Type` parameters, enum
 * parameters (underlying type = the type of the enum's instance field `value__`, ECMA-335
 * §II.14.3), and enums named in blobs by their serialized name (`Ns.Outer+Inner, Assembly, …`).
 */
import { MetadataReader } from '../reader';
import { TableId } from '../schema';
import { Token } from '../handles';
import { ElementType } from '../signatures';
import { sigTreeProvider } from '../sig-tree';
import { CustomAttributeTypeProvider } from '../custom-attributes';
import { ResolvedType, TypeResolver } from './resolver';

export class ResolvingCaProvider implements CustomAttributeTypeProvider {
  constructor(private readonly types: TypeResolver) {}

  private fullName(rt: ResolvedType): string {
    const name = rt.md.str(TableId.TypeDef, rt.row, 1);
    const ns = rt.md.str(TableId.TypeDef, rt.row, 2);
    return ns ? `${ns}.${name}` : name;
  }

  /** The underlying primitive of an enum definition, or null if `rt` is not an enum. */
  enumUnderlying(rt: ResolvedType): ElementType | null {
    const { md, row } = rt;
    const ext = md.coded(TableId.TypeDef, row, 3, 0);
    const base = (ext & 0xffffff) ? this.types.resolve(md, ext) : null;
    if (!base || this.fullName(base) !== 'System.Enum') return null;
    for (const f of md.fieldsOf(row)) {
      if (md.col(TableId.Field, f, 0) & 0x10) continue; // static: an enumerator, not the value field
      const t = md.fieldSignature(f, sigTreeProvider, null);
      if (t.kind === 'primitive') return t.code;
    }
    return null;
  }

  classify(md: MetadataReader, token: Token) {
    const rt = this.types.resolve(md, token);
    if (!rt) return { kind: 'other' as const, name: `token 0x${(token >>> 0).toString(16)}` };
    const name = this.fullName(rt);
    if (name === 'System.Type' && this.types.isCorlib(rt.md)) return { kind: 'type' as const };
    const underlying = this.enumUnderlying(rt);
    if (underlying !== null) return { kind: 'enum' as const, name, underlying };
    return { kind: 'other' as const, name };
  }

  enumUnderlyingByName(md: MetadataReader, serializedName: string): ElementType | null {
    const comma = serializedName.indexOf(',');
    const typeName = (comma >= 0 ? serializedName.slice(0, comma) : serializedName).trim();
    const asmName = comma >= 0 ? serializedName.slice(comma + 1).split(',')[0].trim() : null;
    const parts = typeName.split('+');
    const dot = parts[0].lastIndexOf('.');
    const ns = dot >= 0 ? parts[0].slice(0, dot) : '';
    const top = dot >= 0 ? parts[0].slice(dot + 1) : parts[0];
    const scopes: MetadataReader[] = [];
    if (asmName) {
      const found = this.findAssembly(md, asmName);
      if (found) scopes.push(found);
    } else {
      scopes.push(md);
      const corlib = this.findAssembly(md, 'mscorlib');
      if (corlib) scopes.push(corlib);
    }
    for (const scope of scopes) {
      let rt = this.types.findTopLevel(scope, ns, top);
      for (let i = 1; rt && i < parts.length; i++) {
        const outer: ResolvedType = rt;
        rt = null;
        for (let r = 1; r <= outer.md.rowCount(TableId.TypeDef); r++) {
          if (outer.md.enclosingTypeOf(r) === outer.row && outer.md.str(TableId.TypeDef, r, 1) === parts[i]) {
            rt = { md: outer.md, row: r };
            break;
          }
        }
      }
      if (rt) return this.enumUnderlying(rt);
    }
    return null;
  }

  private findAssembly(md: MetadataReader, name: string): MetadataReader | null {
    if (this.types.assemblyName(md) === name) return md;
    for (let r = 1; r <= md.rowCount(TableId.AssemblyRef); r++) {
      if (md.str(TableId.AssemblyRef, r, 6) === name) return this.types.loadAssemblyRef(md, r);
    }
    // Not referenced directly (e.g. corlib from corlib's own view): ask the locator by name.
    return this.types.locateByName(name, md);
  }
}
