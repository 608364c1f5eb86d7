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
 */
import { isCastable } from '../casting';
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
];
