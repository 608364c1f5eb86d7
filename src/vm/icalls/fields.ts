/**
 * Field reflection icalls (icall-def.h groups RUNTIMETYPE, FIELDINFO, RUNTIMEFIELDINFO), what
 * `Type.GetFields()`, `FieldInfo.GetValue/SetValue` reach (Mono's icall.c):
 *  - `RuntimeType.GetFields_native(IntPtr utf8Name, BindingFlags, MemberListType)`: a GPtrArray
 *    (freed by GPtrArrayFree) of the RuntimeFieldHandles of the fields of the type and, unless
 *    DeclaredOnly, of its base classes that the flags select (private fields of base classes are
 *    not visible; their statics only with FlattenHierarchy), in declaration order per class, most
 *    derived class first;
 *  - `FieldInfo.internal_from_handle_type(IntPtr field, IntPtr type)`: the cached RuntimeFieldInfo
 *    `{IntPtr klass; RuntimeFieldHandle fhandle; string name; Type type; FieldAttributes attrs}`
 *    for (field, reflected type); type 0 means the declaring type;
 *  - `RuntimeFieldInfo.GetValueInternal(object)`: the field of `obj` (of a boxed value for a value
 *    type's field; the class's static storage, after its class constructor, for a static) as an
 *    object, value types boxed; `SetValueInternal(FieldInfo, object, object)`: the store, a value
 *    type unboxed from the value (null zeroes it), a reference checked for castability;
 *  - `RuntimeFieldInfo.GetParentType(bool declaring)`: the field's declaring or reflected type.
 *    (FieldType reads the `type` field filled here, so ResolveType is never needed.)
 * Literal fields (constants, which have no storage) are a named error for GetValue: the managed
 * caller reads them through GetRawConstantValue, which is not built yet.
 */
import { TableId } from '../../metadata';
import { isCastable } from '../casting';
import { NotSupportedYetError } from '../errors';
import { BindingFlags } from '../reflection/members';
import { runtimeField } from '../reflection/fields';
import type { Runtime } from '../runtime';
import { OBJECT_HEADER_SIZE, type FieldDesc, type TypeDesc } from '../type-desc';
import { IcallArgumentError } from './errors';
import { typeOfObject } from './objects';
import { newGPtrArray } from './reflection';
import { icall, type IcallContext, type IcallTable } from './registry';
import { readUtf8Name } from './properties';
import { typeOfTypeObject } from './type';

/** §II.23.1.5 FieldAttributes bits used here. */
const enum FieldAttr {
  /** The access mask; Private 1, Public 6. */
  AccessMask = 0x7,
  Private = 0x1,
  Public = 0x6,
  Static = 0x10,
  Literal = 0x40,
}

/** BindingFlags bits used only here. */
const DECLARED_ONLY = 0x2;
const FLATTEN_HIERARCHY = 0x40;

interface FieldObjects {
  readonly byField: Map<FieldDesc, Map<TypeDesc, bigint>>;
  readonly all: bigint[];
}

const perRuntime = new WeakMap<Runtime, FieldObjects>();

function fieldObjects(rt: Runtime): FieldObjects {
  let f = perRuntime.get(rt);
  if (!f) {
    const made: FieldObjects = { byField: new Map(), all: [] };
    rt.gc.addRootProvider(() => made.all);
    perRuntime.set(rt, made);
    f = made;
  }
  return f;
}

function attributesOf(f: FieldDesc): number {
  return f.declaringType.assembly!.md.col(TableId.Field, f.row, 0);
}

/** The fields `t` declares, in Field-table order (instance and static, literals included). */
function declaredFields(rt: Runtime, t: TypeDesc): FieldDesc[] {
  const loaded = rt.types.ensureLoaded(t);
  const all = [...loaded.instanceFields, ...loaded.staticFields];
  return all.sort((a, b) => a.row - b.row);
}

function fieldsSelected(rt: Runtime, t: TypeDesc, name: string | null, flags: number, listType: number): FieldDesc[] {
  const out: FieldDesc[] = [];
  for (let c: TypeDesc | null = t; c; c = c.parent) {
    if (c !== t && flags & DECLARED_ONLY) break;
    if (!c.assembly || c.element) continue;
    for (const f of declaredFields(rt, c)) {
      if (listType === 1 && f.name !== name) continue;
      if (listType === 2 && f.name.toLowerCase() !== (name ?? '').toLowerCase()) continue;
      const attrs = attributesOf(f);
      const isPublic = (attrs & FieldAttr.AccessMask) === FieldAttr.Public;
      const isStatic = (attrs & FieldAttr.Static) !== 0;
      if (!(flags & (isPublic ? BindingFlags.Public : BindingFlags.NonPublic))) continue;
      if (!(flags & (isStatic ? BindingFlags.Static : BindingFlags.Instance))) continue;
      if (c !== t && ((attrs & FieldAttr.AccessMask) === FieldAttr.Private || (isStatic && !(flags & FLATTEN_HIERARCHY)))) continue;
      out.push(f);
    }
  }
  return out;
}

/** The FieldDesc behind a RuntimeFieldInfo object (its `fhandle`). */
function fieldOfInfo(ctx: IcallContext, info: bigint): { field: FieldDesc; cls: TypeDesc } {
  const cls = typeOfObject(ctx, info, 'this');
  const handle = ctx.rt.machine.memory.u64(info + BigInt(runtimeField(cls, 'fhandle').offset));
  const field = ctx.rt.icalls.fieldByHandle(handle);
  if (!field) throw new IcallArgumentError(ctx.icall, 'this', `0x${handle.toString(16)} is not a RuntimeFieldHandle of this runtime`);
  return { field, cls };
}

/** Where field `f` of `obj` (null for a static) is stored. */
function storage(ctx: IcallContext, f: FieldDesc, obj: bigint): bigint | undefined {
  const rt = ctx.rt;
  if (f.isStatic) {
    if (f.address === 0n) throw new NotSupportedYetError(`the value of literal field ${f.fullName} (GetRawConstantValue)`, ctx.icall);
    rt.runClassConstructor(rt.types.ensureLoaded(f.declaringType));
    return f.address;
  }
  if (obj === 0n) return rt.helpers.raise('System.Reflection.TargetException', 'Non-static field requires a target', ctx.call);
  const declaring = rt.types.ensureLoaded(f.declaringType);
  // A value type's field offsets count from the value, which a box holds after its header.
  return obj + BigInt(f.offset + (declaring.isValueType ? OBJECT_HEADER_SIZE : 0));
}

export const fieldIcalls: IcallTable = [
  icall('System.RuntimeType::GetFields_native(intptr,System.Reflection.BindingFlags,System.RuntimeType/MemberListType)', ['ref', 'ptr', 'i32', 'i32'], 'ptr', (ctx, self, namePtr, flags, listType) => {
    const rt = ctx.rt;
    const t = rt.types.ensureLoaded(typeOfTypeObject(ctx, self, 'this'));
    const name = namePtr === 0n || listType === 0 ? null : readUtf8Name(ctx, namePtr);
    return newGPtrArray(ctx, fieldsSelected(rt, t, name, flags, listType).map((f) => rt.icalls.fieldHandle(f)));
  }),
  icall('System.Reflection.FieldInfo::internal_from_handle_type(intptr,intptr)', ['ptr', 'ptr'], 'ref', (ctx, handle, type) => {
    const rt = ctx.rt;
    const f = rt.icalls.fieldByHandle(handle);
    if (!f) throw new IcallArgumentError(ctx.icall, 'field_handle', `0x${handle.toString(16)} is not a RuntimeFieldHandle of this runtime`);
    const reflected = rt.types.ensureLoaded(type === 0n ? f.declaringType : rt.reflection.typeOfHandle(type, ctx.icall));
    const objects = fieldObjects(rt);
    let perType = objects.byField.get(f);
    const hit = perType?.get(reflected);
    if (hit !== undefined) return hit;
    const cls = rt.types.ensureLoaded(rt.types.corlibType('System.Reflection.RuntimeFieldInfo'));
    const typeObj = rt.reflection.typeObject(f.type);
    const obj = rt.objects.allocObject(cls);
    objects.all.push(obj);
    const mem = rt.machine.memory;
    mem.setU64(obj + BigInt(runtimeField(cls, 'klass').offset), reflected.methodTable);
    mem.setU64(obj + BigInt(runtimeField(cls, 'fhandle').offset), handle);
    mem.setU64(obj + BigInt(runtimeField(cls, 'type').offset), typeObj);
    mem.setU32(obj + BigInt(runtimeField(cls, 'attrs').offset), attributesOf(f));
    mem.setU64(obj + BigInt(runtimeField(cls, 'name').offset), rt.objects.allocString(f.name));
    if (!perType) objects.byField.set(f, (perType = new Map()));
    perType.set(reflected, obj);
    return obj;
  }, { leaf: false }),
  icall('System.Reflection.RuntimeFieldInfo::GetValueInternal(object)', ['ref', 'ref'], 'ref', (ctx, self, obj) => {
    const rt = ctx.rt;
    const { field } = fieldOfInfo(ctx, self);
    const at = storage(ctx, field, obj);
    if (at === undefined) return 0n;
    const t = rt.types.ensureLoaded(field.type);
    if (!t.isValueType) return rt.machine.memory.u64(at);
    // The box is allocated first: a collection cannot move `obj` (the collector never moves objects).
    const box = rt.gc.protect([obj], () => rt.objects.allocObject(t));
    rt.machine.memory.write(box + BigInt(OBJECT_HEADER_SIZE), rt.machine.memory.read(at, t.valueSize));
    return box;
  }, { leaf: false }),
  icall('System.Reflection.RuntimeFieldInfo::SetValueInternal(System.Reflection.FieldInfo,object,object)', ['ref', 'ref', 'ref'], 'void', (ctx, fi, obj, value) => {
    const rt = ctx.rt;
    const { field } = fieldOfInfo(ctx, fi);
    const at = storage(ctx, field, obj);
    if (at === undefined) return;
    const mem = rt.machine.memory;
    const t = rt.types.ensureLoaded(field.type);
    const valueType = value === 0n ? null : rt.types.typeOfMethodTable(mem.u64(value));
    if (!t.isValueType) {
      if (valueType && !isCastable(rt, valueType, t)) return rt.helpers.raise('System.ArgumentException', `Object of type '${valueType.fullName}' cannot be converted to type '${t.fullName}'.`, ctx.call);
      mem.setU64(at, value);
      return;
    }
    if (!valueType) {
      mem.write(at, Buffer.alloc(t.valueSize));
      return;
    }
    if (valueType !== t) return rt.helpers.raise('System.ArgumentException', `Object of type '${valueType.fullName}' cannot be converted to type '${t.fullName}'.`, ctx.call);
    mem.write(at, mem.read(value + BigInt(OBJECT_HEADER_SIZE), t.valueSize));
  }, { leaf: false }),
  icall('System.Reflection.RuntimeFieldInfo::GetParentType(bool)', ['ref', 'bool'], 'ref', (ctx, self, declaring) => {
    const { field, cls } = fieldOfInfo(ctx, self);
    if (declaring) return ctx.rt.reflection.typeObject(field.declaringType);
    const klass = ctx.rt.machine.memory.u64(self + BigInt(runtimeField(cls, 'klass').offset));
    return ctx.rt.reflection.fromHandle(klass, ctx.icall);
  }),
];
