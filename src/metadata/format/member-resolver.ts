/**
 * Binds a MemberRef (or MethodSpec) to the method definition it names, as a runtime does: find
 * the parent class, then a method with that name and an equal signature in it or, walking the
 * `extends` chain, in a base class. Signature equality compares types structurally after
 * resolving every class to its defining assembly (ECMA-335 §II.22.25, §I.8.6.1.6).
 */
import { MetadataReader } from '../reader';
import { TableId } from '../schema';
import { makeToken, tokenRow, tokenTable } from '../handles';
import { MethodSignature } from '../signatures';
import { SigType, sigTreeProvider } from '../sig-tree';
import { ResolvedType, TypeResolver } from './resolver';

export interface ResolvedMethod {
  md: MetadataReader;
  /** MethodDef row in `md`. */
  row: number;
  /** Declaring type of the found method. */
  owner: ResolvedType;
}

export class MemberResolver {
  private readonly cache = new WeakMap<MetadataReader, Map<number, ResolvedMethod | null>>();

  constructor(readonly types: TypeResolver) {}

  /** A canonical text of a type: classes by defining assembly and full name. */
  canonical(md: MetadataReader, t: SigType, depth = 0): string {
    if (depth > 64) return '?';
    switch (t.kind) {
      case 'primitive': return `p${t.code}`;
      case 'handle': {
        if (tokenTable(t.token) === TableId.TypeSpec) {
          return this.canonical(md, md.typeSpecSignature(tokenRow(t.token), sigTreeProvider, null), depth + 1);
        }
        const rt = this.types.resolve(md, t.token);
        if (!rt) return `?${t.token}`;
        const prim = this.types.kindOf(rt).primitive;
        if (prim !== null) return `p${prim}`;
        return `[${this.types.assemblyName(rt.md)}]${this.fullName(rt)}`;
      }
      case 'szarray': return `${this.canonical(md, t.element, depth + 1)}[]`;
      case 'array': return `${this.canonical(md, t.element, depth + 1)}[${t.shape.rank}]`;
      case 'byref': return `${this.canonical(md, t.element, depth + 1)}&`;
      case 'ptr': return `${this.canonical(md, t.element, depth + 1)}*`;
      case 'pinned': return this.canonical(md, t.element, depth + 1);
      case 'generic': return `${this.canonical(md, t.generic, depth + 1)}<${t.args.map((a) => this.canonical(md, a, depth + 1)).join(',')}>`;
      case 'var': return `!${t.index}`;
      case 'mvar': return `!!${t.index}`;
      case 'fnptr': return `fn(${this.sigKey(md, t.signature)})`;
      case 'modified': return `${this.canonical(md, t.element, depth + 1)} mod${t.required ? 'req' : 'opt'}(${this.canonical(md, t.modifier, depth + 1)})`;
    }
  }

  private fullName(rt: ResolvedType, depth = 0): string {
    const name = rt.md.str(TableId.TypeDef, rt.row, 1);
    const enc = rt.md.enclosingTypeOf(rt.row);
    if (enc && depth < 64) return `${this.fullName({ md: rt.md, row: enc }, depth + 1)}/${name}`;
    const ns = rt.md.str(TableId.TypeDef, rt.row, 2);
    return ns ? `${ns}.${name}` : name;
  }

  sigKey(md: MetadataReader, sig: MethodSignature<SigType>): string {
    return `${sig.header & 0x3f}|${sig.genericParameterCount}|${this.canonical(md, sig.returnType)}|${sig.parameterTypes.map((p) => this.canonical(md, p)).join(',')}`;
  }

  /** The class a MemberRef's parent names (TypeSpec parents: the generic type definition). */
  parentClass(md: MetadataReader, memberRefRow: number): ResolvedType | null {
    const parent = md.coded(TableId.MemberRef, memberRefRow, 0, 5);
    switch (tokenTable(parent)) {
      case TableId.TypeDef:
      case TableId.TypeRef:
        return this.types.resolve(md, parent);
      case TableId.TypeSpec: {
        const t = md.typeSpecSignature(tokenRow(parent), sigTreeProvider, null);
        if (t.kind === 'generic' && t.generic.kind === 'handle') return this.types.resolve(md, t.generic.token);
        return null;
      }
      case TableId.MethodDef: {
        const owner = md.declaringTypeOfMethod(tokenRow(parent));
        return owner ? { md, row: owner } : null;
      }
      default:
        return null;
    }
  }

  /** Resolves MemberRef `row` to a method definition, or null. */
  resolveMemberRef(md: MetadataReader, row: number): ResolvedMethod | null {
    let cache = this.cache.get(md);
    if (!cache) this.cache.set(md, (cache = new Map()));
    if (cache.has(row)) return cache.get(row) ?? null;
    let result: ResolvedMethod | null = null;
    const parent = md.coded(TableId.MemberRef, row, 0, 5);
    if (tokenTable(parent) === TableId.MethodDef) {
      const mrow = tokenRow(parent);
      const owner = md.declaringTypeOfMethod(mrow);
      result = owner ? { md, row: mrow, owner: { md, row: owner } } : null;
    } else {
      const cls = this.parentClass(md, row);
      if (cls) {
        const name = md.str(TableId.MemberRef, row, 1);
        const ref = md.memberRefSignature(row, sigTreeProvider, null);
        if (ref.kind === 'method') result = this.findMethod(cls, name, this.sigKey(md, ref.signature));
      }
    }
    cache.set(row, result);
    return result;
  }

  private findMethod(start: ResolvedType, name: string, key: string): ResolvedMethod | null {
    let cls: ResolvedType | null = start;
    for (let depth = 0; cls && depth < 64; depth++) {
      const { md, row }: ResolvedType = cls;
      for (const m of md.methodsOf(row)) {
        if (md.str(TableId.MethodDef, m, 3) !== name) continue;
        const sig = md.methodDefSignature(m, sigTreeProvider, null);
        if (this.sigKey(md, sig) === key) return { md, row: m, owner: cls };
      }
      const ext = md.coded(TableId.TypeDef, row, 3, 0);
      if (tokenRow(ext) === 0) break;
      if (tokenTable(ext) === TableId.TypeSpec) {
        const t: SigType = md.typeSpecSignature(tokenRow(ext), sigTreeProvider, null);
        cls = t.kind === 'generic' && t.generic.kind === 'handle' ? this.types.resolve(md, t.generic.token) : null;
      } else {
        cls = this.types.resolve(md, ext);
      }
    }
    return null;
  }

  /** Number of generic parameters of a resolved method. */
  genericArity(m: ResolvedMethod): number {
    const r = m.md.genericParamsOf(makeToken(TableId.MethodDef, m.row));
    return r.end - r.start;
  }
}
