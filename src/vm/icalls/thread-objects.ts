/**
 * `System.Threading.Thread` icalls over the thread objects (icall-def.h group THREAD):
 *  - `GetCurrentThread()`: the current managed Thread. There is one thread, the main one, made
 *    before Main by src/vm/startup.ts; asked earlier (a class constructor run by the runtime
 *    itself), it is made on demand, as Mono's `mono_thread_current` attaches a thread lazily;
 *  - `GetPriorityNative()`: the InternalThread's `priority` (Mono's
 *    `ves_icall_System_Threading_Thread_GetPriority` reads the same field).
 */
import { ensureMainThread } from '../startup';
import { runtimeField } from '../reflection/runtime-types';
import { IcallArgumentError } from './errors';
import { typeOfObject } from './objects';
import { icall, type IcallContext, type IcallTable } from './registry';

/** The InternalThread behind Thread `self`, or a named error when the link is missing. */
function internalThreadOf(ctx: IcallContext, self: bigint): bigint {
  const thread = typeOfObject(ctx, self, 'this');
  const internal = ctx.rt.machine.memory.u64(self + BigInt(runtimeField(thread, 'internal_thread').offset));
  if (internal === 0n) throw new IcallArgumentError(ctx.icall, 'this', 'the Thread has no InternalThread (a thread this runtime did not start)');
  return internal;
}

export const threadObjectIcalls: IcallTable = [
  icall('System.Threading.Thread::GetCurrentThread()', [], 'ref', (ctx) => ensureMainThread(ctx.rt)),
  icall('System.Threading.Thread::GetPriorityNative()', ['ref'], 'i32', (ctx, self) => {
    const internal = internalThreadOf(ctx, self);
    return ctx.rt.machine.memory.u32(internal + BigInt(runtimeField(typeOfObject(ctx, internal, 'internal_thread'), 'priority').offset)) | 0;
  }),
];
