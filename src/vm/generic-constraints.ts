/**
 * Generic constraints checked when an instantiation is loaded (ECMA-335 §II.10.1.7, §II.22.20,
 * §II.22.21): for each generic parameter of a type or method definition, the argument must
 *  - be a reference type for `class` (0x4), a non-Nullable value type for `valuetype` (0x8);
 *  - have a public parameterless constructor for `.ctor` (0x10; value types always do);
 *  - be assignable-to each GenericParamConstraint type (§I.8.7.3): be it, derive from it or
 *    implement it, with the constraint's own generic parameters replaced by the instantiation's
 *    arguments (`where T : IComparable<T>`); a variant generic interface or delegate counts when
 *    an instantiation the argument has is variance-compatible (`IProducer<string>` for an `out T`
 *    constraint `IProducer<object>`, reference type arguments only, §II.9.5); an array is
 *    assignable to the generic collection interfaces over its element type with array covariance
 *    (`string[]` to `IEnumerable<object>`, not `int[]`), and to what System.Array implements;
 *  - for `.ctor`, also not be abstract (as the CLR checks; Mono 6.8 lets an abstract class pass).
 * A type's violation is a TypeLoadError in the words of the CLR's TypeLoadException
 * ("GenericArguments[i], 'X', on 'G`1[T]' violates the constraint of type parameter 'T'."); a
 * generic method's is a VerificationError, as the CLR raises a VerificationException ("Method
 * C.M: type argument 'X' violates the constraint of type parameter 'T'."; Mono 6.8 does not check
 * method constraints).
 */
import type { Assembly } from './assembly';
import { TableId, tokenTable } from '../metadata';
import { TypeLoadError, VerificationError } from './errors';
import { ARRAY_GENERIC_INTERFACES } from './interfaces';
import { type TypeDesc, TypeKind } from './type-desc';
import type { GenericContext, TypeLoader } from './type-loader';

/** GenericParamAttributes.SpecialConstraintMask bits (§II.23.1.7). */
const enum SpecialConstraint {
  /** `class`: a reference type. */
  ReferenceType = 0x4,
  /** `valuetype`: a non-nullable value type. */
  NotNullableValueType = 0x8,
  /** `.ctor`: a public parameterless constructor. */
  DefaultConstructor = 0x10,
}

/** Throws TypeLoadError when `args` violate the constraints of generic `owner` (a TypeDef or MethodDef token of `asm`). */
export function checkGenericConstraints(types: TypeLoader, asm: Assembly, owner: number, ownerName: string, args: readonly TypeDesc[], ctx: GenericContext): void {
  const md = asm.md;
  const gp = md.genericParamsOf(owner);
  for (let r = gp.start; r < gp.end; r++) {
    const p = md.row.genericParam(r);
    const arg = args[p.number];
    if (!arg) continue;
    const fail = (): never => {
      if (tokenTable(owner) === TableId.MethodDef) {
        throw new VerificationError(ownerName, `type argument '${arg.fullName}' violates the constraint of type parameter '${p.name}'.`);
      }
      throw new TypeLoadError(ownerName, asm.name, `GenericArguments[${p.number}], '${arg.fullName}', on '${ownerName}' violates the constraint of type parameter '${p.name}'.`);
    };
    const isValue = arg.kind === TypeKind.ValueType;
    if (p.flags & SpecialConstraint.ReferenceType && isValue) fail();
    if (p.flags & SpecialConstraint.NotNullableValueType && (!isValue || arg.genericDefinition?.fullName === 'System.Nullable`1')) fail();
    if (p.flags & SpecialConstraint.DefaultConstructor && !isValue && !hasDefaultConstructor(arg)) fail();
    const cs = md.constraintsOf(r);
    for (let c = cs.start; c < cs.end; c++) {
      const constraint = types.resolveType(asm, md.row.genericParamConstraint(c).constraint, ctx);
      if (constraint.kind === TypeKind.Unsupported) continue; // names an open parameter of an outer scope
      if (!satisfies(types, arg, constraint)) fail();
    }
  }
}

function hasDefaultConstructor(t: TypeDesc): boolean {
  if (!t.assembly || t.flags & 0x80 /* abstract */) return false;
  const md = t.assembly.md;
  return md.methodsOf(t.row).some((row) => {
    const m = md.row.methodDef(row);
    return m.name === '.ctor' && (m.flags & 0x7) === 0x6 && !(m.flags & 0x10) && t.assembly!.methodDefSigText(row) === 'instance System.Void()';
  });
}

/** GenericParamAttributes.VarianceMask values (§II.23.1.7). */
const enum Variance {
  Covariant = 1,
  Contravariant = 2,
}

/**
 * Whether `s`, an instantiation of the same generic definition as `t`, is assignable to `t`:
 * per parameter the same argument, or for `out` (`in`) a reference argument assignable to (from) t's.
 */
function variantAssignable(types: TypeLoader, s: TypeDesc, t: TypeDesc): boolean {
  const def = t.genericDefinition!;
  const asm = def.assembly;
  if (!asm) return false;
  const gp = asm.md.genericParamsOf((0x02 << 24) | def.row);
  for (let r = gp.start; r < gp.end; r++) {
    const param = asm.md.row.genericParam(r);
    const a = s.typeArgs[param.number];
    const b = t.typeArgs[param.number];
    if (!a || !b) return false;
    if (a === b) continue;
    if (a.isValueType || b.isValueType || a.kind === TypeKind.Unsupported || b.kind === TypeKind.Unsupported) return false;
    const variance = param.flags & 3;
    if (variance === Variance.Covariant ? !satisfies(types, a, b) : variance === Variance.Contravariant ? !satisfies(types, b, a) : true) return false;
  }
  return true;
}

/** Whether array type `arr` is assignable to `constraint` (§I.8.7.1 array covariance, §II.14.1 array interfaces). */
function arraySatisfies(types: TypeLoader, arr: TypeDesc, constraint: TypeDesc, visitArray: (t: TypeDesc) => boolean): boolean {
  if (constraint.kind === TypeKind.SzArray) {
    const a = arr.element!;
    const b = constraint.element!;
    return arr.arrayRank === constraint.arrayRank && (a === b || (!a.isValueType && !b.isValueType && a.kind !== TypeKind.Pointer && satisfies(types, a, b)));
  }
  const def = constraint.genericDefinition;
  if (def && arr.arrayRank === 0 && ARRAY_GENERIC_INTERFACES.includes(def.fullName) && def.assembly === types.binder.corlib) {
    const a = arr.element!;
    const b = constraint.typeArgs[0]!;
    return a === b || (!a.isValueType && !b.isValueType && a.kind !== TypeKind.Pointer && satisfies(types, a, b));
  }
  return visitArray(types.ensureLoaded(types.corlibType('System.Array')));
}

/** Whether `arg` is assignable to `constraint`: is it, derives from it, implements it, or is variance-compatible. */
function satisfies(types: TypeLoader, arg: TypeDesc, constraint: TypeDesc): boolean {
  const seen = new Set<TypeDesc>();
  const visit = (t: TypeDesc | null): boolean => {
    for (let c = t; c; c = c.parent) {
      if (c === constraint || seen.has(c)) return c === constraint;
      seen.add(c);
      if (c.genericDefinition && c.genericDefinition === constraint.genericDefinition && variantAssignable(types, c, constraint)) return true;
      if (c.kind === TypeKind.SzArray) return arraySatisfies(types, c, constraint, visit);
      types.ensureLoaded(c);
      if (!c.assembly) continue;
      const range = c.assembly.md.interfacesOf(c.row);
      for (let i = range.start; i < range.end; i++) {
        const iface = types.resolveType(c.assembly, c.assembly.md.row.interfaceImpl(i).interface, c.typeArgs.length ? { typeArgs: c.typeArgs, methodArgs: [] } : null);
        if (iface.kind !== TypeKind.Unsupported && visit(iface)) return true;
      }
    }
    return false;
  };
  if (constraint.fullName === 'System.Object' && constraint.assembly?.name === 'mscorlib') return true;
  if (constraint.fullName === 'System.ValueType' && arg.kind === TypeKind.ValueType) return true;
  return visit(arg);
}
