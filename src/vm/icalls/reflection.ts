/**
 * Reflection icalls that `EqualityComparer<T>.Default` (and `Comparer<T>.Default`) reach through
 * `RuntimeType.CreateInstanceForAnotherGenericParameter` (shared/mono-bcl-contract.md §5, §2.1
 * #19–#24; Mono's icall.c):
 *  - `RuntimeType.MakeGenericType(Type gt, Type[] args)`: the instantiation's unique RuntimeType;
 *    an instantiation that breaks gt's constraints is ArgumentException, as Type.MakeGenericType says;
 *  - `RuntimeType.GetConstructors_native(BindingFlags)`: a process-heap `GPtrArray {IntPtr* data;
 *    int32 len}` (Mono.RuntimeStructs) of the type's own constructor handles matching the flags,
 *    one block with the data after the header; `RuntimeGPtrArrayHandle.GPtrArrayFree` frees it;
 *  - `RuntimeMethodInfo.GetMethodFromHandleInternalType_native(method, type, genericCheck)`: the
 *    cached RuntimeConstructorInfo/RuntimeMethodInfo for (method, reflected type); type 0 means
 *    the declaring type;
 *  - `MonoMethodInfo.get_parameter_info(method, member)`: a fresh ParameterInfo[];
 *  - `MonoMethodInfo.get_method_attributes(method)`: the MethodDef's MethodAttributes;
 *    `get_method_info(method, out MonoMethodInfo)`: the sequential struct `{Type parent; Type ret;
 *    attrs; iattrs; CallingConventions callconv}`, callconv as Mono composes it (Standard 1 or
 *    VarArgs 2, plus HasThis 0x20 and ExplicitThis 0x40 from the signature header);
 *  - `RuntimeMethodInfo.get_IsGenericMethod()` / `get_IsGenericMethodDefinition()`: the method has
 *    generic parameters (instantiated or not) / has them and is not instantiated;
 *  - `RuntimeMethodInfo.InternalInvoke(obj, args, out exc)`: calls the method (a virtual one on
 *    obj's override), returning a reference result as is, a primitive one boxed, void as null;
 *  - `RuntimeConstructorInfo.InternalInvoke(obj, args, out exc)`: with obj null, allocate the
 *    declaring type (a box for a value type, whose ctor gets the unboxed pointer), run its class
 *    constructor, call the ctor with the arguments unboxed by parameter type, and return the new
 *    object; with obj set, run the ctor on it and return null. An exception the ctor throws goes
 *    to `exc` (the managed caller wraps it in TargetInvocationException), not up the stack.
 *    Floating-point and struct parameters are a named NotSupportedYetError for now.
 *  - `RuntimeMethodInfo.GetGenericArguments()`: an instantiation's type arguments, or a generic
 *    method definition's parameter placeholders (`!!0`…), as a new RuntimeType[];
 *    `MakeGenericMethod_impl(Type[])`: the instantiation's RuntimeMethodInfo (constraints checked
 *    by the type loader); `GetGenericMethodDefinition_impl()`: the definition's.
 */
import { NotSupportedYetError, TypeLoadError } from '../errors';
import { ManagedExceptionEscape } from '../exceptions';
import { runtimeField } from '../reflection/fields';
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, OBJECT_HEADER_SIZE, TypeKind, type TypeDesc } from '../type-desc';
import { IcallArgumentError } from './errors';
import type { MethodDesc } from '../method-desc';
import { icall, type IcallContext, type IcallTable } from './registry';
import { typeOfTypeObject } from './type';

/** Bytes of a GPtrArray header: `IntPtr* data; int32 len` padded to 8. */
const GPTR_ARRAY_HEADER = 16;

/** Reference elements of managed array `array` (null array: none). */
function refElements(ctx: IcallContext, array: bigint): bigint[] {
  if (array === 0n) return [];
  const mem = ctx.rt.machine.memory;
  const n = mem.u32(array + BigInt(ARRAY_LENGTH_OFFSET));
  return Array.from({ length: n }, (_, i) => mem.u64(array + BigInt(ARRAY_DATA_OFFSET + 8 * i)));
}

/** The 64-bit register value that passes argument `boxed` to a parameter of type `p`. */
function argumentValue(ctx: IcallContext, p: TypeDesc, boxed: bigint, index: number): bigint {
  if (!p.isValueType) return boxed;
  if (boxed === 0n) return ctx.rt.helpers.raise('System.ArgumentException', 'Object type cannot be converted to target type.', ctx.call);
  const mem = ctx.rt.machine.memory;
  const at = boxed + BigInt(OBJECT_HEADER_SIZE);
  if (p.storage === null || p.fullName === 'System.Single' || p.fullName === 'System.Double') {
    throw new NotSupportedYetError(`a ${p.fullName} argument (parameter ${index})`, ctx.icall);
  }
  switch (p.valueSize) {
    case 1: return BigInt(mem.u8(at));
    case 2: return BigInt(mem.u16(at));
    case 4: return BigInt(mem.u32(at));
    default: return mem.u64(at);
  }
}

/** A process-heap GPtrArray holding `items` (data right after the header), tracked for GPtrArrayFree. */
export function newGPtrArray(ctx: IcallContext, items: readonly bigint[]): bigint {
  const block = ctx.os('the process heap').heaps.processHeap.alloc(GPTR_ARRAY_HEADER + 8 * items.length, true);
  const mem = ctx.rt.machine.memory;
  mem.setU64(block, block + BigInt(GPTR_ARRAY_HEADER));
  mem.setU32(block + 8n, items.length);
  items.forEach((h, i) => mem.setU64(block + BigInt(GPTR_ARRAY_HEADER + 8 * i), h));
  ctx.rt.icalls.liveGPtrArrays.add(block);
  return block;
}

/** The method a RuntimeMethodInfo/RuntimeConstructorInfo object stands for (its `mhandle`). */
export function methodOfInfo(ctx: IcallContext, info: bigint): MethodDesc {
  const rt = ctx.rt;
  const cls = rt.types.typeOfMethodTable(rt.machine.memory.u64(info));
  if (!cls) throw new IcallArgumentError(ctx.icall, 'this', `0x${info.toString(16)} is not a reflection object of this runtime`);
  return rt.reflection.members.methodOfHandle(rt.machine.memory.u64(info + BigInt(runtimeField(cls, 'mhandle').offset)), ctx.icall);
}

/** The number of generic parameters `md`'s definition declares (§II.22.20). */
function genericArity(md: MethodDesc): number {
  const gp = md.assembly.md.genericParamsOf((0x06 << 24) | md.row);
  return gp.end - gp.start;
}

/**
 * Calls `md` with `thisArg` (null for a static method) and the boxed `args` unboxed by parameter
 * type; returns RAX, or undefined when the callee threw (the exception then sits in `exc`).
 */
function invoke(ctx: IcallContext, md: MethodDesc, thisArg: bigint | null, args: bigint, exc: bigint): bigint | undefined {
  const rt = ctx.rt;
  const mem = rt.machine.memory;
  const params = rt.reflection.members.parameterTypes(md);
  const boxedArgs = refElements(ctx, args);
  if (boxedArgs.length !== params.length) return rt.helpers.raise('System.Reflection.TargetParameterCountException', 'Parameter count mismatch.', ctx.call);
  const values = params.map((p, i) => argumentValue(ctx, p, boxedArgs[i]!, i));
  if (exc !== 0n) mem.setU64(exc, 0n);
  try {
    return rt.exceptions.hostCatches(() => rt.callGuest(rt.entryOf(md), thisArg === null ? values : [thisArg, ...values]));
  } catch (e) {
    if (!(e instanceof ManagedExceptionEscape)) throw e;
    if (exc !== 0n) mem.setU64(exc, e.object);
    return undefined;
  }
}

/** The override of virtual `md` in `objType`'s vtable (the method itself when not virtual). */
function virtualTarget(ctx: IcallContext, md: MethodDesc, objType: TypeDesc): MethodDesc {
  if (!md.isVirtual) return md;
  const declaring = ctx.rt.types.ensureLoaded(md.declaringType);
  if (declaring.isInterface) throw new NotSupportedYetError(`invoking interface method ${md.fullName} through reflection`, ctx.icall);
  const slot = declaring.vtable.indexOf(md);
  return slot >= 0 && objType.vtable[slot] ? objType.vtable[slot]! : md;
}

/** `md`'s RAX result as an object: references as they are, primitives boxed, void as null. */
function boxReturn(ctx: IcallContext, md: MethodDesc, raw: bigint): bigint {
  const rt = ctx.rt;
  const ret = rt.reflection.members.signature(md).returnType;
  if (ret.assembly === rt.binder.corlib && ret.fullName === 'System.Void') return 0n;
  if (!ret.isValueType) return raw;
  const t = rt.types.ensureLoaded(ret);
  if (t.storage === null || t.fullName === 'System.Single' || t.fullName === 'System.Double') {
    throw new NotSupportedYetError(`a ${t.fullName} return value`, ctx.icall);
  }
  const box = rt.objects.allocObject(t);
  const at = box + BigInt(OBJECT_HEADER_SIZE);
  const mem = rt.machine.memory;
  switch (t.valueSize) {
    case 1: mem.setU8(at, Number(raw & 0xffn)); break;
    case 2: mem.setU16(at, Number(raw & 0xffffn)); break;
    case 4: mem.setU32(at, Number(raw & 0xffffffffn)); break;
    default: mem.setU64(at, raw);
  }
  return box;
}

export const reflectionIcalls: IcallTable = [
  icall('System.RuntimeType::MakeGenericType(System.Type,System.Type[])', ['ref', 'ref'], 'ref', (ctx, gt, args) => {
    const def = typeOfTypeObject(ctx, gt, 'gt');
    const typeArgs = refElements(ctx, args).map((a, i) => typeOfTypeObject(ctx, a, `types[${i}]`));
    let inst: TypeDesc;
    try {
      inst = ctx.rt.types.ensureLoaded(ctx.rt.types.instantiate(def, typeArgs));
    } catch (e) {
      if (e instanceof TypeLoadError) return ctx.rt.helpers.raise('System.ArgumentException', e.message, ctx.call);
      throw e;
    }
    return ctx.rt.reflection.typeObject(inst);
  }, { leaf: false }),

  icall('System.RuntimeType::GetConstructors_native(System.Reflection.BindingFlags)', ['ref', 'i32'], 'ptr', (ctx, self, flags) => {
    const t = typeOfTypeObject(ctx, self, 'this');
    const members = ctx.rt.reflection.members;
    const handles = t.kind === TypeKind.Class || t.kind === TypeKind.ValueType ? members.constructorsOf(t, flags).map((m) => members.handleOf(m)) : [];
    return newGPtrArray(ctx, handles);
  }),

  icall('Mono.RuntimeGPtrArrayHandle::GPtrArrayFree(Mono.RuntimeStructs/GPtrArray*)', ['ptr'], 'void', (ctx, block) => {
    if (block === 0n) return;
    if (!ctx.rt.icalls.liveGPtrArrays.delete(block)) throw new IcallArgumentError(ctx.icall, 'value', `0x${block.toString(16)} was not returned by a *_native reflection icall (or was freed already)`);
    ctx.os('the process heap').heaps.processHeap.free(block);
  }),

  icall('System.Reflection.RuntimeMethodInfo::GetMethodFromHandleInternalType_native(intptr,intptr,bool)', ['ptr', 'ptr', 'bool'], 'ref', (ctx, method, type) => {
    const members = ctx.rt.reflection.members;
    const md = members.methodOfHandle(method, ctx.icall);
    const reflected = type === 0n ? md.declaringType : ctx.rt.reflection.typeOfHandle(type, ctx.icall);
    return members.methodObject(md, reflected);
  }),

  icall('System.Reflection.MonoMethodInfo::get_parameter_info(intptr,System.Reflection.MemberInfo)', ['ptr', 'ref'], 'ref', (ctx, method, member) => {
    const members = ctx.rt.reflection.members;
    return members.parameterInfos(members.methodOfHandle(method, ctx.icall), member);
  }),

  icall('System.Reflection.RuntimeMethodInfo::get_IsGenericMethod()', ['ref'], 'bool', (ctx, self) => genericArity(methodOfInfo(ctx, self)) > 0),
  icall('System.Reflection.RuntimeMethodInfo::get_IsGenericMethodDefinition()', ['ref'], 'bool', (ctx, self) => {
    const md = methodOfInfo(ctx, self);
    return genericArity(md) > 0 && md.methodArgs.length === 0;
  }),

  icall('System.Reflection.MonoMethodInfo::get_method_attributes(intptr)', ['ptr'], 'i32', (ctx, method) =>
    ctx.rt.reflection.members.methodOfHandle(method, ctx.icall).attributes),

  icall('System.Reflection.MonoMethodInfo::get_method_info(intptr,System.Reflection.MonoMethodInfo&)', ['ptr', 'ptr'], 'void', (ctx, method, info) => {
    const rt = ctx.rt;
    const md = rt.reflection.members.methodOfHandle(method, ctx.icall);
    const sig = rt.reflection.members.signature(md);
    const st = rt.types.ensureLoaded(rt.types.corlibType('System.Reflection.MonoMethodInfo'));
    const mem = rt.machine.memory;
    const at = (name: string): bigint => info + BigInt(runtimeField(st, name).offset);
    mem.setU64(at('parent'), rt.reflection.typeObject(md.declaringType));
    mem.setU64(at('ret'), rt.reflection.typeObject(sig.returnType));
    mem.setU32(at('attrs'), md.attributes);
    mem.setU32(at('iattrs'), md.implAttributes);
    const varargs = (sig.header & 0xf) === 0x5 || sig.requiredParameterCount < sig.parameterTypes.length;
    mem.setU32(at('callconv'), (varargs ? 2 : 1) | (sig.header & 0x20 ? 0x20 : 0) | (sig.header & 0x40 ? 0x40 : 0));
  }),

  icall('System.Reflection.RuntimeConstructorInfo::InternalInvoke(object,object[],System.Exception&)', ['ref', 'ref', 'ref', 'ptr'], 'ref', (ctx, self, obj, args, exc) => {
    const rt = ctx.rt;
    const md = methodOfInfo(ctx, self);
    const type = rt.types.ensureLoaded(md.declaringType);
    let result = 0n;
    let target = obj;
    if (obj === 0n) {
      rt.runClassConstructor(type);
      result = rt.objects.allocObject(type);
      target = result;
    }
    const thrown = invoke(ctx, md, type.isValueType ? target + BigInt(OBJECT_HEADER_SIZE) : target, args, exc);
    return thrown === undefined ? 0n : result;
  }, { leaf: false }),

  icall('System.Reflection.RuntimeMethodInfo::InternalInvoke(object,object[],System.Exception&)', ['ref', 'ref', 'ref', 'ptr'], 'ref', (ctx, self, obj, args, exc) => {
    const rt = ctx.rt;
    let md = methodOfInfo(ctx, self);
    if (!md.isStatic && obj === 0n) return rt.helpers.raise('System.Reflection.TargetException', 'Non-static method requires a target.', ctx.call);
    let thisArg = obj;
    if (!md.isStatic) {
      const objType = rt.types.ensureLoaded(rt.types.typeOfMethodTable(rt.machine.memory.u64(obj)) ?? md.declaringType);
      md = virtualTarget(ctx, md, objType);
      if (rt.types.ensureLoaded(md.declaringType).isValueType) thisArg = obj + BigInt(OBJECT_HEADER_SIZE);
    } else {
      rt.runClassConstructor(rt.types.ensureLoaded(md.declaringType));
    }
    const raw = invoke(ctx, md, md.isStatic ? null : thisArg, args, exc);
    return raw === undefined ? 0n : boxReturn(ctx, md, raw);
  }, { leaf: false }),
  icall('System.Reflection.RuntimeMethodInfo::GetGenericArguments()', ['ref'], 'ref', (ctx, self) => {
    const rt = ctx.rt;
    const md = methodOfInfo(ctx, self);
    const args = md.methodArgs.length > 0 ? md.methodArgs : Array.from({ length: genericArity(md) }, (_, i) => rt.types.methodGenericParameterOf(md, i));
    const objs = args.map((a) => rt.reflection.typeObject(a));
    const array = rt.objects.allocArray(rt.types.ensureLoaded(rt.types.arrayOf(rt.types.corlibType('System.RuntimeType'))), objs.length);
    objs.forEach((o, i) => rt.machine.memory.setU64(array + BigInt(ARRAY_DATA_OFFSET + 8 * i), o));
    return array;
  }),
  icall('System.Reflection.RuntimeMethodInfo::MakeGenericMethod_impl(System.Type[])', ['ref', 'ref'], 'ref', (ctx, self, types) => {
    const rt = ctx.rt;
    const md = methodOfInfo(ctx, self);
    if (md.methodArgs.length > 0 || genericArity(md) === 0) return rt.helpers.raise('System.InvalidOperationException', `${md.name} is not a GenericMethodDefinition. MakeGenericMethod may only be called on a method for which MethodBase.IsGenericMethodDefinition is true.`, ctx.call);
    const args = refElements(ctx, types).map((o, i) => {
      if (o === 0n) return rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: methodInstantiation', ctx.call);
      return typeOfTypeObject(ctx, o, `types[${i}]`);
    });
    if (args.length !== genericArity(md)) return rt.helpers.raise('System.ArgumentException', 'The type or method has ' + genericArity(md) + ' generic parameter(s), but ' + args.length + ' generic argument(s) were provided. A generic argument must be provided for each generic parameter.', ctx.call);
    const inst = rt.types.instantiateMethod(md, args);
    return rt.reflection.members.methodObject(inst, rt.types.ensureLoaded(inst.declaringType));
  }, { leaf: false }),
  icall('System.Reflection.RuntimeMethodInfo::GetGenericMethodDefinition_impl()', ['ref'], 'ref', (ctx, self) => {
    const md = methodOfInfo(ctx, self);
    if (md.genericMethodDefinition) return ctx.rt.reflection.members.methodObject(md.genericMethodDefinition, ctx.rt.types.ensureLoaded(md.declaringType));
    return genericArity(md) > 0 ? self : 0n;
  }),
];
