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
 *  - `RuntimeConstructorInfo.InternalInvoke(obj, args, out exc)`: with obj null, allocate the
 *    declaring type (a box for a value type, whose ctor gets the unboxed pointer), run its class
 *    constructor, call the ctor with the arguments unboxed by parameter type, and return the new
 *    object; with obj set, run the ctor on it and return null. An exception the ctor throws goes
 *    to `exc` (the managed caller wraps it in TargetInvocationException), not up the stack.
 *    Floating-point and struct parameters are a named NotSupportedYetError for now.
 */
import { NotSupportedYetError, TypeLoadError } from '../errors';
import { ManagedExceptionEscape } from '../exceptions';
import { runtimeField } from '../reflection/fields';
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, OBJECT_HEADER_SIZE, TypeKind, type TypeDesc } from '../type-desc';
import { IcallArgumentError } from './errors';
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
    const block = ctx.os('the process heap').heaps.processHeap.alloc(GPTR_ARRAY_HEADER + 8 * handles.length, true);
    const mem = ctx.rt.machine.memory;
    mem.setU64(block, block + BigInt(GPTR_ARRAY_HEADER));
    mem.setU32(block + 8n, handles.length);
    handles.forEach((h, i) => mem.setU64(block + BigInt(GPTR_ARRAY_HEADER + 8 * i), h));
    ctx.rt.icalls.liveGPtrArrays.add(block);
    return block;
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

  icall('System.Reflection.RuntimeConstructorInfo::InternalInvoke(object,object[],System.Exception&)', ['ref', 'ref', 'ref', 'ptr'], 'ref', (ctx, self, obj, args, exc) => {
    const rt = ctx.rt;
    const mem = rt.machine.memory;
    const cls = rt.types.typeOfMethodTable(mem.u64(self));
    if (!cls) throw new IcallArgumentError(ctx.icall, 'this', 'not a RuntimeConstructorInfo of this runtime');
    const md = rt.reflection.members.methodOfHandle(mem.u64(self + BigInt(runtimeField(cls, 'mhandle').offset)), ctx.icall);
    const params = rt.reflection.members.parameterTypes(md);
    const boxedArgs = refElements(ctx, args);
    if (boxedArgs.length !== params.length) return rt.helpers.raise('System.Reflection.TargetParameterCountException', 'Parameter count mismatch.', ctx.call);
    const values = params.map((p, i) => argumentValue(ctx, p, boxedArgs[i]!, i));
    const type = rt.types.ensureLoaded(md.declaringType);
    if (exc !== 0n) mem.setU64(exc, 0n);
    let result = 0n;
    let target = obj;
    if (obj === 0n) {
      rt.runClassConstructor(type);
      result = rt.objects.allocObject(type);
      target = result;
    }
    const self_ = type.isValueType ? target + BigInt(OBJECT_HEADER_SIZE) : target;
    try {
      rt.exceptions.hostCatches(() => rt.callGuest(rt.entryOf(md), md.isStatic ? values : [self_, ...values]));
    } catch (e) {
      if (!(e instanceof ManagedExceptionEscape)) throw e;
      if (exc !== 0n) mem.setU64(exc, e.object);
      return 0n;
    }
    return result;
  }, { leaf: false }),
];
