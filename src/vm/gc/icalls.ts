/**
 * The collector's internal calls (Mono's icall-def.h groups GC and GCHandle; behaviour as in
 * mono/metadata/gc.c): `GC.Collect` and friends, and the GCHandle table behind
 * `GCHandle.Alloc`/`Target`/`Free`/`AddrOfPinnedObject` and `WeakReference`.
 *
 *  - `InternalCollect` collects, then runs the finalizers it queued (this runtime has no
 *    finalizer thread; the end of GC.Collect is a safe point that can re-enter the guest), so
 *    it and `WaitForPendingFinalizers` are non-leaf gates;
 *  - there is one generation: `GetMaxGeneration` is 0, every collection counts for it;
 *  - `register_ephemeron_array` hands ConditionalWeakTable's entry arrays to the collector, which
 *    keeps a value alive only while its key is (collector.ts, step 2);
 *  - `RecordPressure` (GC.Add/RemoveMemoryPressure) does not change the budget: unmanaged
 *    memory is not what the budget measures, and the collector stays deterministic without it;
 *  - handle values are int32, as Mono's GCHandle declares them (handles.ts gives the encoding);
 *  - `GetAddrOfPinnedObject` answers -2 for a handle that is not pinned, which the managed
 *    wrapper turns into InvalidOperationException, as Mono does.
 * `_SuppressFinalize`/`_ReRegisterForFinalize` are in src/vm/icalls/gc.ts and reach the
 * collector through `Runtime.finalization`.
 */
import { icall, type IcallTable } from '../icalls/registry';
import { ARRAY_DATA_OFFSET, OBJECT_HEADER_SIZE, STRING_DATA_OFFSET } from '../type-desc';
import { GcHandleType } from './handles';
import { GcShape } from './type-info';

/** `GetAddrOfPinnedObject`'s answer for a handle that is not a pinned one (gc.c). */
const NOT_PINNED = -2n;

export const collectorIcalls: IcallTable = [
  icall('System.GC::InternalCollect', ['i32'], 'void', (ctx) => {
    ctx.rt.gc.collect();
    ctx.rt.gc.runPendingFinalizers();
  }, { leaf: false }),
  icall('System.GC::WaitForPendingFinalizers', [], 'void', (ctx) => ctx.rt.gc.runPendingFinalizers(), { leaf: false }),
  icall('System.GC::GetTotalMemory', ['bool'], 'i64', (ctx, force) => {
    if (force) ctx.rt.gc.collect();
    return BigInt(ctx.rt.gc.heap.usedBytes);
  }),
  icall('System.GC::GetCollectionCount', ['i32'], 'i32', (ctx, generation) => (generation === 0 ? ctx.rt.gc.stats.collections : 0)),
  icall('System.GC::GetMaxGeneration', [], 'i32', () => 0),
  icall('System.GC::GetGeneration', ['ref'], 'i32', () => 0),
  icall('System.GC::RecordPressure', ['i64'], 'void', () => undefined),
  icall('System.GC::register_ephemeron_array', ['ref'], 'void', (ctx, arr) => ctx.rt.gc.registerEphemeronArray(arr)),
  icall('System.GC::GetAllocatedBytesForCurrentThread', [], 'i64', (ctx) => BigInt(ctx.rt.gc.stats.totalAllocatedBytes)),

  icall('System.Runtime.InteropServices.GCHandle::GetTargetHandle', ['ref', 'i32', 'i32'], 'i32', (ctx, obj, handle, type) => {
    const handles = ctx.rt.gc.handles;
    // type -1: `Target = value` on an allocated handle (GCHandle.cs).
    if (type === -1) {
      handles.setTarget(BigInt(handle), Number(obj));
      return handle;
    }
    return Number(handles.alloc(Number(obj), type as GcHandleType));
  }),
  icall('System.Runtime.InteropServices.GCHandle::GetTarget', ['i32'], 'ref', (ctx, handle) => BigInt(ctx.rt.gc.handles.target(BigInt(handle)))),
  icall('System.Runtime.InteropServices.GCHandle::FreeHandle', ['i32'], 'void', (ctx, handle) => ctx.rt.gc.handles.free(BigInt(handle))),
  icall('System.Runtime.InteropServices.GCHandle::CheckCurrentDomain', ['i32'], 'bool', () => true),
  icall('System.Runtime.InteropServices.GCHandle::GetAddrOfPinnedObject', ['i32'], 'ptr', (ctx, handle) => {
    const gc = ctx.rt.gc;
    if (gc.handles.typeOf(BigInt(handle)) !== GcHandleType.Pinned) return NOT_PINNED;
    const target = gc.handles.target(BigInt(handle));
    if (target === 0) return 0n;
    const info = gc.infoOf(gc.heap.word(target));
    // The data, not the header: array elements, string characters, or the fields.
    const offset = info?.shape === GcShape.Array ? ARRAY_DATA_OFFSET : info?.shape === GcShape.String ? STRING_DATA_OFFSET : OBJECT_HEADER_SIZE;
    return BigInt(target + offset);
  }),
];
