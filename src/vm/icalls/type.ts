/**
 * Type-identity icalls (icall-def.h groups TYPE, OBJECT, RUNTIMETYPEHANDLE), over the one
 * RuntimeType object per type that src/vm/reflection/runtime-types.ts hands out
 * (shared/mono-bcl-contract.md §1.7):
 *  - `Type.internal_from_handle(IntPtr)`: what `typeof(T)` compiles to (`ldtoken` + GetTypeFromHandle);
 *    a zero handle gives null, as Mono's icall does;
 *  - `Object.GetType()`: the RuntimeType of the object's exact type (a null `this` never reaches
 *    it: callvirt checks first);
 *  - `RuntimeTypeHandle.type_is_assignable_from(Type a, Type b)`: `a.IsAssignableFrom(b)` for
 *    runtime types — b's instances (or b itself for interfaces) are castable to a (§I.8.7.1), the
 *    same rule `castclass` uses; Nullable<T> accepts T, as Mono's `mono_class_is_assignable_from` does;
 *  - `RuntimeType.get_Name()` / `get_Namespace()`: the TypeDef's name and namespace (a generic
 *    instantiation answers its definition's `List`1`; an array its element's name plus `[]` and
 *    the element's namespace), as Mono's `ves_icall_RuntimeType_get_Name` does;
 *  - `RuntimeTypeHandle.HasInstantiation(RuntimeType)`: a generic instantiation or an open
 *    generic definition (Mono: `mono_class_is_gtd || mono_class_is_ginst`);
 *  - `RuntimeTypeHandle.GetAttributes(RuntimeType)`: the TypeDef's TypeAttributes (§II.23.1.15);
 *    an array is a sealed, serializable class with its element's visibility (Mono's
 *    `mono_class_create_array`).
 *  - `RuntimeTypeHandle.IsGenericVariable(RuntimeType)`: false — this runtime makes no RuntimeType
 *    for a generic parameter (T, !!T): such types are Unsupported and have no handle;
 *  - `RuntimeTypeHandle.GetBaseType(RuntimeType)`: the parent's RuntimeType; null for Object and
 *    for interfaces (§II.10.1.3: an interface has no base type).
 */
import { isCastable } from '../casting';
import { IcallArgumentError } from './errors';
import { typeOfObject } from './objects';
import { icall, type IcallContext, type IcallTable } from './registry';
import { TypeKind, type TypeDesc } from '../type-desc';

/** The type a (non-null) RuntimeType argument stands for, or a named error. */
export function typeOfTypeObject(ctx: IcallContext, obj: bigint, parameter: string): TypeDesc {
  const t = ctx.rt.reflection.typeOfObject(obj);
  if (!t) throw new IcallArgumentError(ctx.icall, parameter, `0x${obj.toString(16)} is not a RuntimeType object of this runtime`);
  return t;
}

/** The simple name and namespace Mono reports for `t` (TypeDef strings; arrays and pointers decorate their element's). */
function nameParts(ctx: IcallContext, t: TypeDesc): { name: string; namespace: string } {
  if (t.element) {
    const e = nameParts(ctx, t.element);
    const suffix = t.kind === TypeKind.SzArray ? (t.arrayRank <= 1 ? (t.arrayRank === 1 ? '[*]' : '[]') : `[${','.repeat(t.arrayRank - 1)}]`) : t.kind === TypeKind.Pointer ? '*' : '&';
    return { name: e.name + suffix, namespace: e.namespace };
  }
  const def = t.genericDefinition ?? t;
  if (!def.assembly) throw new IcallArgumentError(ctx.icall, 'this', `${t.fullName} has no TypeDef to name it`);
  const row = def.assembly.md.row.typeDef(def.row);
  return { name: row.name, namespace: row.namespace };
}

/** TypeAttributes bits (§II.23.1.15) the runtime composes for types without a TypeDef row. */
const enum TypeAttr {
  /** Visibility mask (NotPublic … NestedFamORAssem). */
  VisibilityMask = 0x7,
  /** Public. */
  Public = 0x1,
  /** Cannot be derived from. */
  Sealed = 0x100,
  /** Serializable. */
  Serializable = 0x2000,
}

function typeAttributes(t: TypeDesc): number {
  if (t.element) return (typeAttributes(t.element) & TypeAttr.VisibilityMask) | TypeAttr.Sealed | TypeAttr.Serializable;
  return (t.genericDefinition ?? t).flags;
}

export const typeIcalls: IcallTable = [
  icall('System.Type::internal_from_handle(intptr)', ['ptr'], 'ref', (ctx, handle) =>
    handle === 0n ? 0n : ctx.rt.reflection.fromHandle(handle, ctx.icall)),
  icall('System.Object::GetType()', ['ref'], 'ref', (ctx, self) => {
    if (self === 0n) return ctx.rt.helpers.raise('System.NullReferenceException', 'Object reference not set to an instance of an object.', ctx.call);
    return ctx.rt.reflection.typeObject(typeOfObject(ctx, self, 'this'));
  }),
  icall('System.RuntimeTypeHandle::type_is_assignable_from(System.Type,System.Type)', ['ref', 'ref'], 'bool', (ctx, a, b) => {
    if (a === 0n || b === 0n) return ctx.rt.helpers.raise('System.NullReferenceException', 'Object reference not set to an instance of an object.', ctx.call);
    const target = typeOfTypeObject(ctx, a, 'a');
    const source = typeOfTypeObject(ctx, b, 'b');
    if (!target.loaded || !source.loaded) return target === source;
    return isCastable(ctx.rt, source, target);
  }),
  icall('System.RuntimeTypeHandle::HasInstantiation(System.RuntimeType)', ['ref'], 'bool', (ctx, type) => {
    const t = typeOfTypeObject(ctx, type, 'type');
    if (t.typeArgs.length > 0) return true;
    if (!t.assembly || t.element) return false;
    const gp = t.assembly.md.genericParamsOf((0x02 << 24) | t.row);
    return gp.end > gp.start;
  }),
  icall('System.RuntimeTypeHandle::GetAttributes(System.RuntimeType)', ['ref'], 'i32', (ctx, type) => typeAttributes(typeOfTypeObject(ctx, type, 'type'))),
  icall('System.RuntimeTypeHandle::IsGenericVariable(System.RuntimeType)', ['ref'], 'bool', (ctx, type) => typeOfTypeObject(ctx, type, 'type').kind === TypeKind.Unsupported),
  icall('System.RuntimeTypeHandle::GetBaseType(System.RuntimeType)', ['ref'], 'ref', (ctx, type) => {
    const t = ctx.rt.types.ensureLoaded(typeOfTypeObject(ctx, type, 'type'));
    return t.parent && !t.isInterface ? ctx.rt.reflection.typeObject(t.parent) : 0n;
  }),
  icall('System.RuntimeType::get_Name()', ['ref'], 'ref', (ctx, self) => ctx.rt.objects.allocString(nameParts(ctx, typeOfTypeObject(ctx, self, 'this')).name)),
  icall('System.RuntimeType::get_Namespace()', ['ref'], 'ref', (ctx, self) => {
    const ns = nameParts(ctx, typeOfTypeObject(ctx, self, 'this')).namespace;
    return ns === '' ? 0n : ctx.rt.objects.allocString(ns);
  }),
];
