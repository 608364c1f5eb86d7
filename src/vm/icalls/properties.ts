/**
 * Property reflection icalls (icall-def.h groups RUNTIMETYPE, RUNTIMEPROPERTYINFO), what
 * `Type.InvokeMember(name, GetProperty | Static …)` and `GetProperty(name)` reach:
 *  - `RuntimeType.GetPropertiesByName_native(IntPtr utf8Name, BindingFlags, MemberListType)`: a
 *    GPtrArray (as GetConstructors_native's, freed by GPtrArrayFree) of property handles;
 *  - `RuntimePropertyInfo.internal_from_handle_type(IntPtr prop, IntPtr type)`: the cached
 *    RuntimePropertyInfo for (property, reflected type); type 0 means the declaring type;
 *  - `RuntimePropertyInfo.get_property_info(RuntimePropertyInfo, ref MonoPropertyInfo, PInfo)`:
 *    fills the parts of the sequential MonoPropertyInfo struct `{Type parent; Type declaring_type;
 *    string name; MethodInfo get_method; MethodInfo set_method; PropertyAttributes attrs}` that the
 *    PInfo flags ask for, the accessors as RuntimeMethodInfo objects reflected from the property's
 *    reflected type (Mono's `ves_icall_RuntimePropertyInfo_get_property_info`);
 *  - `RuntimeType.GetMethodsByName_native(IntPtr utf8Name, BindingFlags, MemberListType)`: the same
 *    for methods (reflection/members.ts `methodsByName`), as method handles.
 */
import { runtimeField } from '../reflection/fields';
import type { MemberListType } from '../reflection/properties';
import type { TypeDesc } from '../type-desc';
import { IcallArgumentError } from './errors';
import { newGPtrArray } from './reflection';
import { icall, type IcallContext, type IcallTable } from './registry';
import { typeOfTypeObject } from './type';

/** PInfo: which MonoPropertyInfo parts get_property_info fills. */
const enum PInfo {
  /** attrs */
  Attributes = 0x1,
  /** get_method */
  GetMethod = 0x2,
  /** set_method */
  SetMethod = 0x4,
  /** parent (the reflected type) */
  ReflectedType = 0x8,
  /** declaring_type */
  DeclaringType = 0x10,
  /** name */
  Name = 0x20,
}

/** Longest property name read from a native UTF-8 string (a guard against an unterminated one). */
const MAX_NAME_BYTES = 4096;

/** A member name passed as a native NUL-terminated UTF-8 string. */
export function readUtf8Name(ctx: IcallContext, p: bigint): string {
  const mem = ctx.rt.machine.memory;
  const bytes: number[] = [];
  for (let i = 0; ; i++) {
    if (i >= MAX_NAME_BYTES) throw new IcallArgumentError(ctx.icall, 'name', `no NUL within ${MAX_NAME_BYTES} bytes at 0x${p.toString(16)}`);
    const b = mem.u8(p + BigInt(i));
    if (b === 0) break;
    bytes.push(b);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

export const propertyIcalls: IcallTable = [
  icall('System.RuntimeType::GetPropertiesByName_native(intptr,System.Reflection.BindingFlags,System.RuntimeType/MemberListType)', ['ref', 'ptr', 'i32', 'i32'], 'ptr', (ctx, self, namePtr, flags, listType) => {
    const t = ctx.rt.types.ensureLoaded(typeOfTypeObject(ctx, self, 'this'));
    const name = namePtr === 0n ? null : readUtf8Name(ctx, namePtr);
    const props = ctx.rt.reflection.properties.propertiesByName(t, name, flags, listType as MemberListType);
    return newGPtrArray(ctx, props.map((p) => p.handle));
  }),

  icall('System.RuntimeType::GetMethodsByName_native(intptr,System.Reflection.BindingFlags,System.RuntimeType/MemberListType)', ['ref', 'ptr', 'i32', 'i32'], 'ptr', (ctx, self, namePtr, flags, listType) => {
    const t = ctx.rt.types.ensureLoaded(typeOfTypeObject(ctx, self, 'this'));
    const name = namePtr === 0n || listType === 0 ? null : readUtf8Name(ctx, namePtr);
    const members = ctx.rt.reflection.members;
    return newGPtrArray(ctx, members.methodsByName(t, name, listType === 2, flags).map((m) => members.handleOf(m)));
  }),

  icall('System.Reflection.RuntimePropertyInfo::internal_from_handle_type(intptr,intptr)', ['ptr', 'ptr'], 'ref', (ctx, handle, type) => {
    const p = ctx.rt.reflection.properties.propertyOfHandle(handle, ctx.icall);
    const reflected = type === 0n ? p.declaringType : ctx.rt.reflection.typeOfHandle(type, ctx.icall);
    return ctx.rt.reflection.properties.propertyObject(p, reflected);
  }),

  icall('System.Reflection.RuntimePropertyInfo::get_property_info(System.Reflection.RuntimePropertyInfo,System.Reflection.MonoPropertyInfo&,System.Reflection.PInfo)', ['ref', 'ptr', 'i32'], 'void', (ctx, prop, info, req) => {
    const rt = ctx.rt;
    const mem = rt.machine.memory;
    const types = rt.types;
    const cls = types.ensureLoaded(types.corlibType('System.Reflection.RuntimePropertyInfo'));
    const p = rt.reflection.properties.propertyOfHandle(mem.u64(prop + BigInt(runtimeField(cls, 'prop').offset)), ctx.icall);
    const reflected: TypeDesc = types.typeOfMethodTable(mem.u64(prop + BigInt(runtimeField(cls, 'klass').offset))) ?? p.declaringType;
    const st = types.ensureLoaded(types.corlibType('System.Reflection.MonoPropertyInfo'));
    const at = (name: string): bigint => info + BigInt(runtimeField(st, name).offset);
    const accessor = (m: typeof p.getter): bigint => (m ? rt.reflection.members.methodObject(m, reflected) : 0n);
    if (req & PInfo.ReflectedType) mem.setU64(at('parent'), rt.reflection.typeObject(reflected));
    if (req & PInfo.DeclaringType) mem.setU64(at('declaring_type'), rt.reflection.typeObject(p.declaringType));
    if (req & PInfo.Name) mem.setU64(at('name'), rt.objects.allocString(p.name));
    if (req & PInfo.GetMethod) mem.setU64(at('get_method'), accessor(p.getter));
    if (req & PInfo.SetMethod) mem.setU64(at('set_method'), accessor(p.setter));
    if (req & PInfo.Attributes) mem.setU32(at('attrs'), p.flags);
  }),
];
