/**
 * `System.GC` icalls (icall-def.h group GC) that hello world reaches:
 *  - `get_ephemeron_tombstone()`: one unique sentinel object per runtime (Mono makes a plain
 *    `System.Object` in `create_domain_objects`); the GC must treat it as a root;
 *  - `_SuppressFinalize(object)` / `_ReRegisterForFinalize(object)`: finalization state belongs to
 *    the garbage collector. When the runtime has a `finalization` service these call it; without
 *    one, a named IcallDependencyMissingError (never a silent no-op). A null object is
 *    ArgumentNullException, as the managed wrappers would have raised first.
 */
import { IcallDependencyMissingError } from './errors';
import { icall, type IcallContext, type IcallTable } from './registry';

/** What the icalls need from the collector's finalization queue. */
export interface FinalizationControl {
  /** Clears `obj`'s finalize-pending bit: its finalizer will not run. */
  suppressFinalize(obj: bigint): void;
  /** Sets it again (GC.ReRegisterForFinalize). */
  reRegisterForFinalize(obj: bigint): void;
}

function finalization(ctx: IcallContext): FinalizationControl {
  const f = ctx.rt.finalization;
  if (!f) throw new IcallDependencyMissingError(ctx.icall, 'the garbage collector\'s finalization state (Runtime.finalization)');
  return f;
}

export const gcIcalls: IcallTable = [
  icall('System.GC::get_ephemeron_tombstone()', [], 'ref', (ctx) => {
    const state = ctx.rt.icalls;
    if (state.tombstone === 0n) {
      const types = ctx.rt.types;
      state.tombstone = ctx.rt.objects.allocObject(types.ensureLoaded(types.corlibType('System.Object')));
    }
    return state.tombstone;
  }),
  icall('System.GC::_SuppressFinalize(object)', ['ref'], 'void', (ctx, obj) => {
    if (obj === 0n) return ctx.rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: obj', ctx.call);
    finalization(ctx).suppressFinalize(obj);
  }),
  icall('System.GC::_ReRegisterForFinalize(object)', ['ref'], 'void', (ctx, obj) => {
    if (obj === 0n) return ctx.rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: obj', ctx.call);
    finalization(ctx).reRegisterForFinalize(obj);
  }),
];
