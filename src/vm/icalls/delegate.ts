/**
 * Delegate internal calls (Mono's icall-def.h, System.Delegate) that `Delegate.Combine` and
 * `Delegate.Remove` reach: Mono's class library builds a multicast delegate in managed code
 * (`MulticastDelegate.CombineImpl`/`RemoveImpl` fill the `delegates` array), and asks the
 * runtime only for a blank delegate of the same type.
 *
 *  - `Delegate.AllocDelegateLike_internal(Delegate)`: a new, zeroed delegate of the argument's
 *    exact type. Mono fills only its `invoke_impl` (its per-type invoke trampoline); this runtime's
 *    `Invoke` is a per-type gate reached through the vtable, so nothing more is needed, and
 *    `Invoke` finds the `delegates` array CombineImpl stores afterwards
 *    (shared/mono-bcl-contract.md §1.5).
 *  - `Delegate.CreateDelegate_internal(Type, object target, MethodInfo, bool)`: behind
 *    Delegate.CreateDelegate once the managed code has checked the signatures: a new delegate of
 *    the type over the method, bound as its `.ctor` binds `ldftn`'s pointer — with a target, a
 *    virtual method is first resolved to the target's override (Mono's
 *    `mono_object_get_virtual_method`); without one, a static method or an open instance method.
 */
import { isCastable } from '../casting';
import { bindDelegate } from '../delegates';
import { findInterfaceImplementation } from '../interfaces';
import { methodOfInfo } from './reflection';
import { typeOfTypeObject } from './type';
import { IcallArgumentError } from './errors';
import { typeOfObject } from './objects';
import { icall, type IcallTable } from './registry';

export const delegateIcalls: IcallTable = [
  icall('System.Delegate::AllocDelegateLike_internal(System.Delegate)', ['ref'], 'ref', (ctx, d) => {
    const rt = ctx.rt;
    // Only MulticastDelegate.CombineImpl calls it, with `this`: null is a broken caller.
    if (d === 0n) return rt.helpers.raise('System.NullReferenceException', 'Object reference not set to an instance of an object.', ctx.call);
    const type = typeOfObject(ctx, d, 'd');
    if (!isCastable(rt, type, rt.types.corlibType('System.Delegate'))) throw new IcallArgumentError(ctx.icall, 'd', `${type.fullName} is not a delegate`);
    return rt.objects.allocObject(type);
  }),
  icall('System.Delegate::CreateDelegate_internal(System.Type,object,System.Reflection.MethodInfo,bool)', ['ref', 'ref', 'ref', 'bool'], 'ref', (ctx, type, target, info) => {
    const rt = ctx.rt;
    const t = rt.types.ensureLoaded(typeOfTypeObject(ctx, type, 'type'));
    if (!isCastable(rt, t, rt.types.corlibType('System.Delegate'))) throw new IcallArgumentError(ctx.icall, 'type', `${t.fullName} is not a delegate type`);
    let md = methodOfInfo(ctx, info);
    if (target !== 0n && md.isVirtual && !md.isStatic) {
      const objType = rt.types.ensureLoaded(typeOfObject(ctx, target, 'target'));
      const declaring = rt.types.ensureLoaded(md.declaringType);
      if (declaring.isInterface) md = findInterfaceImplementation(rt, objType, md);
      else {
        const slot = declaring.vtable.indexOf(md);
        if (slot >= 0 && objType.vtable[slot]) md = objType.vtable[slot]!;
      }
    }
    const fn = rt.entryOf(md);
    const d = rt.gc.protect([target], () => rt.objects.allocObject(t));
    bindDelegate(rt, d, target, fn);
    return d;
  }),
];
