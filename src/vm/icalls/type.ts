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
 *    generic definition (Mono: `mono_class_is_gtd || mono_class_is_ginst`); `IsGenericTypeDefinition`:
 *    only the latter;
 *  - `RuntimeTypeHandle.GetAttributes(RuntimeType)`: the TypeDef's TypeAttributes (§II.23.1.15);
 *    an array is a sealed, serializable class with its element's visibility (Mono's
 *    `mono_class_create_array`).
 *  - `RuntimeTypeHandle.IsGenericVariable(RuntimeType)`: false — this runtime makes no RuntimeType
 *    for a generic parameter (T, !!T): such types are Unsupported and have no handle;
 *  - `RuntimeTypeHandle.GetBaseType(RuntimeType)`: the parent's RuntimeType; null for Object and
 *    for interfaces (§II.10.1.3: an interface has no base type);
 *  - `RuntimeTypeHandle.GetCorElementType(RuntimeType)`: the type's ELEMENT_TYPE code
 *    (§II.23.1.16) as Mono's MonoType carries it: primitives by name, GENERICINST for
 *    instantiations, VALUETYPE/CLASS for other TypeDefs (enums included), SZARRAY/ARRAY, PTR, BYREF;
 *  - `RuntimeTypeHandle.IsComObject(RuntimeType)`: the type or a base class is `[ComImport]`
 *    (TypeAttributes.Import), as Mono's `klass->is_com_object`;
 *  - `RuntimeTypeHandle.IsInstanceOfType(RuntimeType, object)`: obj non-null and castable to the type;
 *  - `RuntimeTypeHandle.GetAssembly(RuntimeType)`: the RuntimeAssembly defining the type (an
 *    array's or pointer's element's; an instantiation's definition's);
 *  - `RuntimeTypeHandle.is_subclass_of(IntPtr child, IntPtr parent)`: child derives from parent,
 *    strictly (a class is not its own subclass; an interface parent counts when implemented);
 *  - `RuntimeType.GetGenericArgumentsInternal(bool)`: a new Type[] of an instantiation's
 *    arguments, empty for a non-generic type; a definition's parameters have no RuntimeType
 *    here (NotSupportedYetError).
 */
import { valueTypeRefOffsets } from '../gc/type-info';
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
  const parameter = ctx.rt.types.genericParameterInfo(t);
  if (parameter) return { name: t.fullName, namespace: nameParts(ctx, parameter.owner).namespace };
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

/** TypeAttributes.Import: a `[ComImport]` type. */
const TYPE_ATTRIBUTE_IMPORT = 0x1000;

function typeAttributes(t: TypeDesc): number {
  if (t.element) return (typeAttributes(t.element) & TypeAttr.VisibilityMask) | TypeAttr.Sealed | TypeAttr.Serializable;
  return (t.genericDefinition ?? t).flags;
}

/** ELEMENT_TYPE codes of the corlib's primitive types (§II.23.1.16). */
const PRIMITIVE_ELEMENT_TYPES: Readonly<Record<string, number>> = {
  'System.Void': 0x01, 'System.Boolean': 0x02, 'System.Char': 0x03, 'System.SByte': 0x04, 'System.Byte': 0x05,
  'System.Int16': 0x06, 'System.UInt16': 0x07, 'System.Int32': 0x08, 'System.UInt32': 0x09, 'System.Int64': 0x0a,
  'System.UInt64': 0x0b, 'System.Single': 0x0c, 'System.Double': 0x0d, 'System.String': 0x0e,
  'System.TypedReference': 0x16, 'System.IntPtr': 0x18, 'System.UIntPtr': 0x19, 'System.Object': 0x1c,
};

function corElementType(ctx: IcallContext, t: TypeDesc): number {
  switch (t.kind) {
    case TypeKind.SzArray: return t.arrayRank === 0 ? 0x1d : 0x14;
    case TypeKind.Pointer: return 0x0f;
    case TypeKind.ByRef: return 0x10;
    default: break;
  }
  if (t.typeArgs.length > 0) return 0x15;
  if (t.assembly === ctx.rt.binder.corlib) {
    const code = PRIMITIVE_ELEMENT_TYPES[t.fullName];
    if (code !== undefined) return code;
  }
  return t.isValueType ? 0x11 : 0x12;
}

/** The placeholder types of open definition `t`'s generic parameters, in order. */
function genericParametersOf(ctx: IcallContext, t: TypeDesc): TypeDesc[] {
  const gp = t.assembly!.md.genericParamsOf((0x02 << 24) | t.row);
  return Array.from({ length: gp.end - gp.start }, (_, i) => ctx.rt.types.genericParameterOf(t, i));
}

/** A generic type definition itself (generic parameters, no arguments). */
function isOpenDefinition(t: TypeDesc): boolean {
  if (t.typeArgs.length > 0 || !t.assembly || t.element) return false;
  const gp = t.assembly.md.genericParamsOf((0x02 << 24) | t.row);
  return gp.end > gp.start;
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
  // Whether a value of this type holds GC references: any reference type, or a value type with
  // reference fields (RuntimeHelpers.IsReferenceOrContainsReferences<T> asks this).
  icall('System.RuntimeTypeHandle::HasReferences(System.RuntimeType)', ['ref'], 'bool', (ctx, type) => {
    const t = ctx.rt.types.ensureLoaded(typeOfTypeObject(ctx, type, 'type'));
    if (t.kind === TypeKind.Pointer) return false;
    if (t.kind !== TypeKind.ValueType) return true;
    return t.storage === null && valueTypeRefOffsets(t).length > 0;
  }),
  icall('System.RuntimeTypeHandle::HasInstantiation(System.RuntimeType)', ['ref'], 'bool', (ctx, type) => {
    const t = typeOfTypeObject(ctx, type, 'type');
    return t.typeArgs.length > 0 || isOpenDefinition(t);
  }),
  icall('System.RuntimeTypeHandle::IsGenericTypeDefinition(System.RuntimeType)', ['ref'], 'bool', (ctx, type) => isOpenDefinition(typeOfTypeObject(ctx, type, 'type'))),
  icall('System.RuntimeTypeHandle::GetAttributes(System.RuntimeType)', ['ref'], 'i32', (ctx, type) => typeAttributes(typeOfTypeObject(ctx, type, 'type'))),
  icall('System.RuntimeType::GetGenericParameterPosition()', ['ref'], 'i32', (ctx, self) => {
    const info = ctx.rt.types.genericParameterInfo(typeOfTypeObject(ctx, self, 'this'));
    if (!info) return ctx.rt.helpers.raise('System.InvalidOperationException', 'Method may only be called on a Type for which Type.IsGenericParameter is true.', ctx.call);
    return info.position;
  }),
  icall('System.RuntimeType::get_DeclaringMethod()', ['ref'], 'ref', () => 0n),
  icall('System.RuntimeTypeHandle::IsGenericVariable(System.RuntimeType)', ['ref'], 'bool', (ctx, type) => typeOfTypeObject(ctx, type, 'type').kind === TypeKind.Unsupported),
  icall('System.RuntimeTypeHandle::GetBaseType(System.RuntimeType)', ['ref'], 'ref', (ctx, type) => {
    const t = ctx.rt.types.ensureLoaded(typeOfTypeObject(ctx, type, 'type'));
    return t.parent && !t.isInterface ? ctx.rt.reflection.typeObject(t.parent) : 0n;
  }),
  icall('System.RuntimeTypeHandle::GetCorElementType(System.RuntimeType)', ['ref'], 'u32', (ctx, type) => corElementType(ctx, typeOfTypeObject(ctx, type, 'type'))),
  icall('System.RuntimeTypeHandle::IsComObject(System.RuntimeType)', ['ref'], 'bool', (ctx, type) => {
    for (let t: TypeDesc | null = ctx.rt.types.ensureLoaded(typeOfTypeObject(ctx, type, 'type')); t; t = t.parent) if (!t.element && typeAttributes(t) & TYPE_ATTRIBUTE_IMPORT) return true;
    return false;
  }),
  icall('System.RuntimeTypeHandle::IsInstanceOfType(System.RuntimeType,object)', ['ref', 'ref'], 'bool', (ctx, type, obj) => {
    if (obj === 0n) return false;
    const target = ctx.rt.types.ensureLoaded(typeOfTypeObject(ctx, type, 'type'));
    return isCastable(ctx.rt, typeOfObject(ctx, obj, 'o'), target);
  }),
  icall('System.RuntimeTypeHandle::GetAssembly(System.RuntimeType)', ['ref'], 'ref', (ctx, type) => {
    let t = typeOfTypeObject(ctx, type, 'type');
    while (t.element) t = t.element;
    const asm = (t.genericDefinition ?? t).assembly;
    if (!asm) throw new IcallArgumentError(ctx.icall, 'type', `${t.fullName} has no defining assembly`);
    return ctx.rt.reflection.assemblies.assemblyObject(asm);
  }),
  icall('System.RuntimeTypeHandle::is_subclass_of(intptr,intptr)', ['ptr', 'ptr'], 'bool', (ctx, child, parent) => {
    const c = ctx.rt.types.ensureLoaded(ctx.rt.reflection.typeOfHandle(child, ctx.icall));
    const p = ctx.rt.types.ensureLoaded(ctx.rt.reflection.typeOfHandle(parent, ctx.icall));
    return c !== p && isCastable(ctx.rt, c, p);
  }),
  icall('System.RuntimeType::GetGenericArgumentsInternal(bool)', ['ref', 'bool'], 'ref', (ctx, self) => {
    const t = typeOfTypeObject(ctx, self, 'this');
    const rt = ctx.rt;
    const args = isOpenDefinition(t) ? genericParametersOf(ctx, t) : t.typeArgs;
    // Type objects are cached roots; made first, so the array is the last allocation.
    const objs = args.map((a) => rt.reflection.typeObject(a));
    const array = rt.objects.allocArray(rt.types.ensureLoaded(rt.types.arrayOf(rt.types.corlibType('System.RuntimeType'))), args.length);
    objs.forEach((o, i) => rt.machine.memory.setU64(array + BigInt(32 + 8 * i), o));
    return array;
  }),
  icall('System.RuntimeType::get_Name()', ['ref'], 'ref', (ctx, self) => ctx.rt.objects.allocString(nameParts(ctx, typeOfTypeObject(ctx, self, 'this')).name)),
  icall('System.RuntimeType::get_Namespace()', ['ref'], 'ref', (ctx, self) => {
    const ns = nameParts(ctx, typeOfTypeObject(ctx, self, 'this')).namespace;
    return ns === '' ? 0n : ctx.rt.objects.allocString(ns);
  }),
];
