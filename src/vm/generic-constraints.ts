/**
 * Generic constraints checked when an instantiation is loaded (ECMA-335 §II.10.1.7, §II.22.20,
 * §II.22.21): for each generic parameter of a type or method definition, the argument must
 *  - be a reference type for `class` (0x4), a non-Nullable value type for `valuetype` (0x8);
 *  - have a public parameterless constructor for `.ctor` (0x10; value types always do);
 *  - derive from, be, or implement each GenericParamConstraint type, with the constraint's own
 *    generic parameters replaced by the instantiation's arguments (`where T : IComparable<T>`).
 * A violation is a TypeLoadError in the words of the CLR's TypeLoadException ("GenericArguments[i],
 * 'X', on 'G`1[T]' violates the constraint of type parameter 'T'."). Variance is not taken into
 * account for constraint types (an exact or inherited match is required).
 */
import type { Assembly } from './assembly';
import { TypeLoadError } from './errors';
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

/** Whether `arg` is, derives from, or implements `constraint`. */
function satisfies(types: TypeLoader, arg: TypeDesc, constraint: TypeDesc): boolean {
  const seen = new Set<TypeDesc>();
  const visit = (t: TypeDesc | null): boolean => {
    for (let c = t; c; c = c.parent) {
      if (c === constraint || seen.has(c)) return c === constraint;
      seen.add(c);
      if (c.kind === TypeKind.SzArray) return constraint.fullName === 'System.Object' || constraint.fullName === 'System.Array';
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
