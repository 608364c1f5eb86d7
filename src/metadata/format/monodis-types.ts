/**
 * Type and signature text exactly as monodis (Mono 6.8, mono/dis/get.c) prints it. monodis has
 * two renderings that differ in small ways, and its listings mix them:
 *
 *  - the *resolved* rendering (`stringify`), used for MethodDef signatures: the signature is
 *    first bound to classes, so a class's `valuetype`/`class` keyword and `[assembly]` prefix come
 *    from its resolved definition, corlib primitives print as keywords, generic arguments are
 *    joined with ", ", and generic parameters print by name (`!T`, `!!U`) when unambiguous;
 *  - the *blob* rendering (`blobType`), used for MemberRef and Field signatures: it walks the
 *    bytes, prints classes through resolution without primitive folding, joins top-level generic
 *    arguments with "," and falls back to the resolved rendering (with numbered generic
 *    parameters) for every other element type.
 */
import { TableId } from '../schema';
import { BadImageFormatError } from '../errors';
import { Token, makeToken, tokenRow, tokenTable } from '../handles';
import { MetadataReader } from '../reader';
import { ElementType, MethodSignature, SignatureDecoder } from '../signatures';
import { SigType, sigTreeProvider } from '../sig-tree';
import { escapeName } from './ilasm-names';
import { ResolvedType, TypeResolver } from './resolver';

/** A type that could not be bound to a class (monodis fails the whole signature). */
export class UnresolvedTypeError extends Error {
  override name = 'UnresolvedTypeError';
}

/** Names of the generic parameters in scope, for `!T` / `!!T` printing. */
export interface GenericScope {
  typeParams: (string | null)[] | null;
  methodParams: (string | null)[] | null;
  /**
   * When a signature is bound in the context of this generic type definition, an
   * instantiation of it over exactly its own parameters (`G<!0,!1>`) *is* the definition and
   * prints without arguments (the runtime canonicalises it when parsing the type).
   */
  selfDefinition?: ResolvedType | null;
}

export const NO_GENERIC_SCOPE: GenericScope = { typeParams: null, methodParams: null };

const PRIMITIVE_NAMES: Partial<Record<ElementType, string>> = {
  [ElementType.Void]: 'void', [ElementType.Boolean]: 'bool', [ElementType.Char]: 'char', [ElementType.I1]: 'int8',
  [ElementType.U1]: 'unsigned int8', [ElementType.I2]: 'int16', [ElementType.U2]: 'unsigned int16',
  [ElementType.I4]: 'int32', [ElementType.U4]: 'unsigned int32', [ElementType.I8]: 'int64',
  [ElementType.U8]: 'unsigned int64', [ElementType.R4]: 'float32', [ElementType.R8]: 'float64',
  [ElementType.String]: 'string', [ElementType.TypedByRef]: 'typedref', [ElementType.I]: 'native int',
  [ElementType.U]: 'native unsigned int', [ElementType.Object]: 'object',
};

export function primitiveName(code: ElementType): string {
  return PRIMITIVE_NAMES[code] ?? `<element type 0x${(code as number).toString(16)}>`;
}

const CALL_CONV: Record<number, string> = {
  0: 'default', 1: 'unmanaged cdecl', 2: 'unmanaged stdcall', 3: 'unmanaged thiscall', 4: 'unmanaged fastcall', 5: 'vararg',
};

/** monodis's name for a calling convention (`invalid-flags` for the ones it has no name for). */
export function callConvName(header: number): string {
  return CALL_CONV[header & 0x0f] ?? 'invalid-flags';
}

/** ArrayShape text: `[0...9,,5]`. */
export function arrayShapeText(rank: number, sizes: number[], lowerBounds: number[]): string {
  let s = '[';
  for (let i = 0; i < rank; i++) {
    if (i) s += ',';
    if (i < lowerBounds.length) s += `${lowerBounds[i]}...`;
    if (i < sizes.length) s += i < lowerBounds.length ? `${lowerBounds[i] + sizes[i] - 1}` : `${sizes[i]}`;
  }
  return `${s}]`;
}

export class MonodisNames {
  readonly decoder = new SignatureDecoder(sigTreeProvider, null);

  constructor(readonly md: MetadataReader, readonly resolver: TypeResolver) {}

  // ---- names straight from the tables (no resolution) ------------------------------------

  /** get_typedef: `Ns.Name`, nested `Outer/Inner`; null for `<Module>` (row 1). */
  typedefName(row: number, md: MetadataReader = this.md, depth = 0): string | null {
    if (row === 1) return null;
    const name = md.str(TableId.TypeDef, row, 1);
    const enc = md.enclosingTypeOf(row);
    if (enc && depth < 64) return `${this.typedefName(enc, md, depth + 1)}/${name}`;
    const ns = md.str(TableId.TypeDef, row, 2);
    return ns ? `${ns}.${name}` : name;
  }

  /** get_typeref: `[Assembly]Ns.Name`, `[Module] Ns.Name`, nested `Outer/Inner`. */
  typerefName(row: number, depth = 0): string {
    const md = this.md;
    const name = md.str(TableId.TypeRef, row, 1);
    const ns = md.str(TableId.TypeRef, row, 2);
    const scope = md.coded(TableId.TypeRef, row, 0, 11);
    const r = tokenRow(scope);
    const dotted = ns ? `${ns}.${name}` : name;
    switch (tokenTable(scope)) {
      case TableId.Module:
        return `[${escapeName(md.str(TableId.Module, 1, 1))}] ${dotted}`;
      case TableId.ModuleRef:
        return `[.module ${escapeName(md.str(TableId.ModuleRef, r, 0))}]${dotted}`;
      case TableId.AssemblyRef:
        return `[${escapeName(md.str(TableId.AssemblyRef, r, 6))}]${dotted}`;
      case TableId.TypeRef:
        return depth < 64 ? `${this.typerefName(r, depth + 1)}/${name}` : name;
      default:
        return `Unknown table in TypeRef ${tokenTable(scope)}`;
    }
  }

  /** dis_stringify_token: TypeDef/TypeRef/TypeSpec by name, anything else as hex. */
  tokenName(tok: Token | number): string {
    const r = tokenRow(tok);
    switch (tokenTable(tok)) {
      case TableId.TypeDef: return this.typedefName(r) ?? '(null)';
      case TableId.TypeRef: return this.typerefName(r);
      case TableId.TypeSpec: return this.typespecText(r);
      default: return `0x${(tok >>> 0).toString(16).padStart(8, '0')}`;
    }
  }

  // ---- classes through resolution ---------------------------------------------------------

  private resolveHandle(tok: Token): ResolvedType | null {
    return this.resolver.resolve(this.md, tok);
  }

  /** get_escaped_class_name: escaped names per nesting level, raw namespace. */
  private escapedClassName(rt: ResolvedType, depth = 0): string | null {
    if (rt.row === 1) return null;
    const name = escapeName(rt.md.str(TableId.TypeDef, rt.row, 1));
    const enc = rt.md.enclosingTypeOf(rt.row);
    if (enc && depth < 64) return `${this.escapedClassName({ md: rt.md, row: enc }, depth + 1)}/${name}`;
    const ns = rt.md.str(TableId.TypeDef, rt.row, 2);
    return ns ? `${ns}.${name}` : name;
  }

  /** dis_stringify_object_with_class (prefix TRUE): `class [asm]Ns.Name`; null for <Module>. */
  classText(rt: ResolvedType, prefix = true): string | null {
    const kind = this.resolver.kindOf(rt);
    // A corlib primitive's MonoType is the primitive, so it never takes the `valuetype` keyword.
    const keyword = kind.valueType && kind.primitive === null ? 'valuetype ' : 'class ';
    const name = this.escapedClassName(rt);
    if (name === null) return null;
    let asm = '';
    if (rt.md !== this.md) asm = `[${escapeName(this.resolver.assemblyName(rt.md) ?? '')}]`;
    return `${prefix ? keyword : ''}${asm}${name}`;
  }

  // ---- resolved rendering (dis_stringify_type) -------------------------------------------

  stringify(t: SigType, isDef: boolean, scope: GenericScope): string {
    const mods: SigType[] = [];
    while (t.kind === 'modified') {
      mods.push(t);
      t = t.element;
    }
    let byref = '';
    let pinned = '';
    // Mono parses modifiers, then BYREF, then the type; PINNED comes first in locals.
    if (t.kind === 'pinned') {
      pinned = ' pinned';
      t = t.element;
      while (t.kind === 'modified') {
        mods.push(t);
        t = t.element;
      }
    }
    if (t.kind === 'byref') {
      byref = '&';
      t = t.element;
      while (t.kind === 'modified') {
        mods.push(t);
        t = t.element;
      }
    }
    const bare = this.stringifyBare(t, isDef, scope);
    let modText = '';
    if (mods.length) {
      mods.forEach((m, i) => {
        if (m.kind !== 'modified') return;
        if (i > 0) modText += ' ';
        modText += ` ${m.required ? 'modreq' : 'modopt'} (${this.modifierName(m.modifier)})`;
      });
      modText += ' ';
    }
    return `${bare}${byref}${pinned}${modText}`;
  }

  private modifierName(m: SigType): string {
    return m.kind === 'handle' ? this.tokenName(m.token) : this.stringify(m, false, NO_GENERIC_SCOPE);
  }

  private stringifyBare(t: SigType, isDef: boolean, scope: GenericScope): string {
    switch (t.kind) {
      case 'primitive':
        return primitiveName(t.code);
      case 'handle': {
        if (tokenTable(t.token) === TableId.TypeSpec) {
          const row = tokenRow(t.token);
          return this.expanding(row, () => this.stringify(this.typeSpecTree(row), isDef, scope));
        }
        const rt = this.resolveHandle(t.token);
        if (!rt) throw new UnresolvedTypeError(this.resolver.explainFailure(this.md, t.token));
        const kind = this.resolver.kindOf(rt);
        if (kind.primitive !== null) return primitiveName(kind.primitive);
        return this.classText(rt) ?? '(null)';
      }
      case 'szarray':
        return `${this.stringify(t.element, isDef, scope)}[]`;
      case 'array':
        return `${this.stringify(t.element, isDef, scope)}${arrayShapeText(t.shape.rank, t.shape.sizes, t.shape.lowerBounds)}`;
      case 'ptr':
        return `${this.stringify(t.element, isDef, scope)}*`;
      case 'var': {
        const name = isDef ? scope.typeParams?.[t.index] : undefined;
        return name ? `!${escapeName(name)}` : `!${t.index}`;
      }
      case 'mvar': {
        const name = isDef ? scope.methodParams?.[t.index] : undefined;
        return name ? `!!${escapeName(name)}` : `!!${t.index}`;
      }
      case 'generic': {
        const self = scope.selfDefinition;
        if (self && t.generic.kind === 'handle' && t.args.every((a, i) => a.kind === 'var' && a.index === i)) {
          const rt = tokenTable(t.generic.token) === TableId.TypeSpec ? null : this.resolveHandle(t.generic.token);
          if (rt && rt.md === self.md && rt.row === self.row && this.genericArity(rt) === t.args.length) return this.classText(rt) ?? '(null)';
        }
        const g = this.stringify(t.generic, isDef, scope);
        return `${g}<${t.args.map((a) => this.stringify(a, isDef, scope)).join(', ')}>`;
      }
      case 'fnptr':
        return `method ${this.functionPointerText(t.signature, scope)}`;
      case 'byref':
      case 'pinned':
      case 'modified':
        return this.stringify(t, isDef, scope);
    }
  }

  /** dis_stringify_function_ptr. */
  functionPointerText(sig: MethodSignature<SigType>, scope: GenericScope): string {
    const ret = this.stringify(sig.returnType, true, scope);
    const params = sig.parameterTypes.map((p) => this.stringify(p, true, scope)).join(', ');
    return `${callConvName(sig.header)} ${ret}  *(${params}) `;
  }

  private specDepth = 0;

  typeSpecTree(row: number): SigType {
    return this.md.typeSpecSignature(row, sigTreeProvider, null);
  }

  /** Runs `f` one TypeSpec expansion deeper; a TypeSpec that (indirectly) names itself is corrupt. */
  private expanding<T>(row: number, f: () => T): T {
    if (this.specDepth >= 32) {
      throw new BadImageFormatError('TypeSpec expansion does not terminate (a TypeSpec refers to itself)', { table: 'TypeSpec', row });
    }
    this.specDepth++;
    try {
      return f();
    } finally {
      this.specDepth--;
    }
  }

  // ---- blob rendering (get_type and friends) ---------------------------------------------

  /** get_type; `isDef` and `scope` only matter for generic parameters under arrays and instantiations. */
  blobType(t: SigType, isDef = false, scope: GenericScope = NO_GENERIC_SCOPE): string {
    const inner = t.kind === 'byref' ? t.element : t;
    if (inner.kind === 'handle') {
      if (tokenTable(inner.token) === TableId.TypeSpec) {
        const row = tokenRow(inner.token);
        return this.expanding(row, () => this.typeSpecClassText(row));
      }
      const rt = this.resolveHandle(inner.token);
      if (!rt) {
        const why = this.resolver.explainFailure(this.md, inner.token);
        return `<BROKEN CLASS token_${(inner.token >>> 0).toString(16).padStart(8, ' ')} due to ${why}>`;
      }
      return this.classText(rt) ?? '(null)';
    }
    if (inner.kind === 'generic') {
      return `${this.blobType(inner.generic, isDef, scope)}<${inner.args.map((a) => this.blobType(a, isDef, scope)).join(',')}>`;
    }
    try {
      return this.stringify(t, isDef, scope);
    } catch (e) {
      if (e instanceof UnresolvedTypeError) return `Invalid type due to ${e.message}`;
      throw e;
    }
  }

  /** A TypeSpec used as a class (CLASS followed by a TypeSpec token): its instantiated name. */
  private typeSpecClassText(row: number): string {
    const tree = this.typeSpecTree(row);
    if (tree.kind === 'generic' && tree.generic.kind === 'handle') {
      const rt = this.resolveHandle(tree.generic.token);
      if (rt) {
        const args = tree.args.map((a) => this.stringify(a, false, NO_GENERIC_SCOPE)).join(', ');
        return `class ${this.classText(rt, false)}<${args}>`;
      }
    }
    return this.blobType(tree);
  }

  /** Leading custom modifiers as get_custom_mod prints them, and the type under them. */
  splitMods(t: SigType): { mods: string | null; rest: SigType } {
    let mods: string | null = null;
    while (t.kind === 'modified') {
      const one = ` ${t.required ? 'modreq' : 'modopt'} (${this.modifierName(t.modifier)})`;
      mods = mods === null ? one : mods + one;
      t = t.element;
    }
    return { mods, rest: t };
  }

  /** get_field_signature (`scope` carries the binding context of a field reference). */
  fieldSignatureText(blobIndex: number, scope: GenericScope = NO_GENERIC_SCOPE): string {
    const c = this.md.blobs.cursor(blobIndex);
    const t = this.decoder.decodeFieldSignature(c);
    const { mods, rest } = this.splitMods(t);
    return `${this.blobType(rest, false, scope)}${mods ?? ''}`;
  }

  /** Number of generic parameters of a type definition. */
  genericArity(rt: ResolvedType): number {
    const r = rt.md.genericParamsOf(makeToken(TableId.TypeDef, rt.row));
    return r.end - r.start;
  }

  /** get_ret_type. */
  retTypeText(t: SigType): string {
    const { mods, rest } = this.splitMods(t);
    let s: string;
    if (rest.kind === 'primitive' && rest.code === ElementType.TypedByRef) s = 'typedref';
    else if (rest.kind === 'primitive' && rest.code === ElementType.Void) s = 'void';
    else if (rest.kind === 'byref') s = `${this.blobType(rest.element)}& `;
    else s = this.blobType(rest);
    if (mods) s += `${mods} `;
    return s;
  }

  /** get_param. */
  paramText(t: SigType): string {
    const { mods, rest } = this.splitMods(t);
    let s: string;
    if (rest.kind === 'primitive' && rest.code === ElementType.TypedByRef) s = ' typedref ';
    else if (rest.kind === 'byref') s = `[out] ${this.blobType(rest.element)}&`;
    else s = this.blobType(rest);
    if (mods) s += `${mods} `;
    return s;
  }

  /** get_methodref_signature. */
  methodRefSignatureText(blobIndex: number, fancyName: string | null): string {
    const c = this.md.blobs.cursor(blobIndex);
    const sig = this.decoder.decodeMethodSignature(c);
    let s = '';
    if (sig.header & 0x20) s += sig.header & 0x40 ? 'explicit-this ' : 'instance ';
    const cc = callConvName(sig.header);
    if (cc !== 'default') s += `${cc} `;
    if ((sig.header & 0x0f) !== 0x0a) s += this.retTypeText(sig.returnType);
    if (fancyName !== null) s += ` ${fancyName}`;
    s += '(';
    sig.parameterTypes.forEach((p, i) => {
      if (i === sig.requiredParameterCount && sig.requiredParameterCount < sig.parameterTypes.length) s += '..., ';
      s += this.paramText(p);
      if (i + 1 !== sig.parameterTypes.length) s += ', ';
    });
    return `${s})`;
  }

  /** get_typespec. */
  typespecText(row: number, isDef = false, scope: GenericScope = NO_GENERIC_SCOPE): string {
    const t = this.typeSpecTree(row);
    switch (t.kind) {
      case 'ptr': {
        const { mods, rest } = this.splitMods(t.element);
        let s = mods ? `${mods} ` : '';
        s += rest.kind === 'primitive' && rest.code === ElementType.Void ? 'void' : this.blobType(rest, isDef, scope);
        return `${s}*`;
      }
      case 'fnptr':
        return `method ${this.functionPointerText(t.signature, scope)}`;
      case 'array':
        return `${this.blobType(t.element, isDef, scope)} ${arrayShapeText(t.shape.rank, t.shape.sizes, t.shape.lowerBounds)}`;
      case 'szarray': {
        const { mods, rest } = this.splitMods(t.element);
        return `${mods ? `${mods} ` : ''}${this.blobType(rest, isDef, scope)}[]`;
      }
      default:
        return this.blobType(t, isDef, scope);
    }
  }

  // ---- generic parameter scopes -----------------------------------------------------------

  /** Generic parameter names of a TypeDef or MethodDef; ambiguous (duplicate) names become null. */
  genericNames(owner: Token): (string | null)[] | null {
    const r = this.md.genericParamsOf(owner);
    if (r.end <= r.start) return null;
    const names: (string | null)[] = [];
    for (let g = r.start; g < r.end; g++) {
      const num = this.md.col(TableId.GenericParam, g, 0);
      names[num] = this.md.str(TableId.GenericParam, g, 3);
    }
    const seen = new Map<string, number>();
    for (const n of names) if (n != null) seen.set(n, (seen.get(n) ?? 0) + 1);
    return names.map((n) => (n != null && (seen.get(n) ?? 0) > 1 ? null : n ?? null));
  }

  typeScope(typeRow: number): GenericScope {
    return { typeParams: typeRow ? this.genericNames(makeToken(TableId.TypeDef, typeRow)) : null, methodParams: null };
  }
}
