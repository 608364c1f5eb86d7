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
 *    same rule `castclass` uses; Nullable<T> accepts T, as Mono's `mono_class_is_assignable_from` does.
 */
import { isCastable } from '../casting';
import { IcallArgumentError } from './errors';
import { typeOfObject } from './objects';
import { icall, type IcallContext, type IcallTable } from './registry';
import type { TypeDesc } from '../type-desc';

/** The type a (non-null) RuntimeType argument stands for, or a named error. */
export function typeOfTypeObject(ctx: IcallContext, obj: bigint, parameter: string): TypeDesc {
  const t = ctx.rt.reflection.typeOfObject(obj);
  if (!t) throw new IcallArgumentError(ctx.icall, parameter, `0x${obj.toString(16)} is not a RuntimeType object of this runtime`);
  return t;
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
];
