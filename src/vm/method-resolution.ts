/**
 * Method tokens → MethodDescs (ECMA-335 §II.22.25 MemberRef, §II.22.26 MethodDef): a MethodDef is
 * a row of its own assembly; a MemberRef names a method of a parent type by name and signature,
 * found in that type or, failing that, its base classes (a call through a derived type names a
 * method it inherits). Signatures compare as text with full type names (assembly.ts), so they
 * match across assemblies; a generic type's members are matched on their declared
 * (uninstantiated) signatures, then taken from the instantiation. A MethodSpec instantiates its
 * generic method with arguments decoded in the caller's generic context.
 */
import { TableId, tokenRow, tokenTable } from '../metadata';
import type { Assembly } from './assembly';
import { MissingMethodError, NotSupportedYetError } from './errors';
import type { MethodDesc } from './method-desc';
import type { Runtime } from './runtime';
import { type TypeDesc, TypeKind } from './type-desc';
import type { GenericContext } from './type-loader';

/**
 * A MethodDef, MemberRef or MethodSpec token of `asm`, seen from code whose generic context is
 * `ctx` (and whose declaring type is `within`: a MethodDef of its generic definition means its
 * own instantiation's member); `where` names the user for errors.
 */
export function resolveMethodToken(rt: Runtime, asm: Assembly, token: number, where: string, ctx: GenericContext | null = null, within: TypeDesc | null = null): MethodDesc {
  const row = tokenRow(token);
  switch (tokenTable(token)) {
    case TableId.MethodDef: {
      const md = rt.types.methodDesc(asm, row);
      for (let t = within; t; t = t.parent) if (t.genericDefinition === md.declaringType) return rt.types.methodOf(t, row);
      return md;
    }
    case TableId.MemberRef: {
      const ref = asm.md.row.memberRef(row);
      const parent = ref.parent;
      const sigText = asm.memberRefSigText(row);
      if (sigText === undefined) throw new MissingMethodError(`${ref.name} (MemberRef ${row})`, 'the reference is to a field, not a method');
      if (tokenTable(parent) === TableId.MethodDef) return resolveMethodToken(rt, asm, parent, where, ctx, within);
      if (tokenTable(parent) === TableId.ModuleRef) throw new NotSupportedYetError('global methods of other modules', `${where} calling ${ref.name}`);
      const type = rt.types.resolveType(asm, parent, ctx);
      if (type.kind === TypeKind.Unsupported) throw new NotSupportedYetError(type.unsupportedReason, `${where} calling ${type.fullName}::${ref.name}`);
      if (type.kind === TypeKind.SzArray) throw new NotSupportedYetError('array methods', `${where} calling ${type.fullName}::${ref.name}`);
      return findMethod(rt, type, ref.name, sigText);
    }
    case TableId.MethodSpec: {
      const spec = asm.md.row.methodSpec(row);
      const generic = resolveMethodToken(rt, asm, spec.method, where, ctx, within);
      const args = asm.md.methodSpecSignature(row, rt.types.provider(asm), ctx);
      const open = args.find((a) => a.kind === TypeKind.Unsupported);
      if (open) throw new NotSupportedYetError(open.unsupportedReason, `${where} calling ${generic.fullName}<${args.map(String).join(',')}>`);
      return rt.types.instantiateMethod(generic, args);
    }
    default:
      throw new MissingMethodError(`token 0x${(token >>> 0).toString(16)}`, 'not a method token');
  }
}

/** The method `name` with signature text `sigText` in `type` or its base classes. */
export function findMethod(rt: Runtime, type: TypeDesc, name: string, sigText: string): MethodDesc {
  for (let t: TypeDesc | null = type; t; t = rt.types.ensureLoaded(t).parent) {
    const asm = t.assembly;
    if (!asm) break;
    for (const row of asm.md.methodsOf(t.row)) {
      if (asm.md.row.methodDef(row).name === name && asm.methodDefSigText(row) === sigText) return rt.types.methodOf(t, row);
    }
  }
  throw new MissingMethodError(`${type.fullName}::${name} ${sigText}`);
}
