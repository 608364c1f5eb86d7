/**
 * `System.Threading.Thread` icalls over the thread objects (icall-def.h group THREAD):
 *  - `GetCurrentThread()`: the current managed Thread. There is one thread, the main one, made
 *    before Main by src/vm/startup.ts; asked earlier (a class constructor run by the runtime
 *    itself), it is made on demand, as Mono's `mono_thread_current` attaches a thread lazily;
 *  - `GetPriorityNative()`: the InternalThread's `priority` (Mono's
 *    `ves_icall_System_Threading_Thread_GetPriority` reads the same field);
 *  - `GetState/SetState/ClrState(InternalThread[, ThreadState])`: the InternalThread's `state`
 *    bits, read, or-ed in, cleared;
 *  - `GetName_internal(InternalThread)` / `SetName_icall(InternalThread, char*, int)`: the
 *    thread's name, kept by the runtime per InternalThread; a second SetName is
 *    InvalidOperationException ("Thread.Name can only be set once."), as in .NET Framework.
 */
import type { Runtime } from '../runtime';
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

const namesByRuntime = new WeakMap<Runtime, Map<bigint, string>>();

function threadNames(ctx: IcallContext): Map<bigint, string> {
  let names = namesByRuntime.get(ctx.rt);
  if (!names) namesByRuntime.set(ctx.rt, (names = new Map()));
  return names;
}

/** The address of InternalThread `internal`'s `state` field. */
function stateField(ctx: IcallContext, internal: bigint): bigint {
  if (internal === 0n) return ctx.rt.helpers.raise('System.NullReferenceException', 'Object reference not set to an instance of an object.', ctx.call);
  return internal + BigInt(runtimeField(typeOfObject(ctx, internal, 'thread'), 'state').offset);
}

export const threadObjectIcalls: IcallTable = [
  icall('System.Threading.Thread::GetState(System.Threading.InternalThread)', ['ref'], 'i32', (ctx, internal) => ctx.rt.machine.memory.u32(stateField(ctx, internal)) | 0),
  icall('System.Threading.Thread::SetState(System.Threading.InternalThread,System.Threading.ThreadState)', ['ref', 'i32'], 'void', (ctx, internal, set) => {
    const at = stateField(ctx, internal);
    ctx.rt.machine.memory.setU32(at, (ctx.rt.machine.memory.u32(at) | set) >>> 0);
  }),
  icall('System.Threading.Thread::ClrState(System.Threading.InternalThread,System.Threading.ThreadState)', ['ref', 'i32'], 'void', (ctx, internal, clr) => {
    const at = stateField(ctx, internal);
    ctx.rt.machine.memory.setU32(at, (ctx.rt.machine.memory.u32(at) & ~clr) >>> 0);
  }),
  icall('System.Threading.Thread::GetName_internal(System.Threading.InternalThread)', ['ref'], 'ref', (ctx, internal) => {
    const name = threadNames(ctx).get(internal);
    return name === undefined ? 0n : ctx.rt.objects.allocString(name);
  }),
  icall('System.Threading.Thread::SetName_icall(System.Threading.InternalThread,char*,int)', ['ref', 'ptr', 'i32'], 'void', (ctx, internal, name, length) => {
    const names = threadNames(ctx);
    if (names.has(internal)) return ctx.rt.helpers.raise('System.InvalidOperationException', 'Thread.Name can only be set once.', ctx.call);
    const bytes = name === 0n ? Buffer.alloc(0) : Buffer.from(ctx.rt.machine.memory.read(name, 2 * length));
    names.set(internal, bytes.toString('utf16le'));
  }),
  icall('System.Threading.Thread::GetCurrentThread()', [], 'ref', (ctx) => ensureMainThread(ctx.rt)),
  icall('System.Threading.Thread::GetPriorityNative()', ['ref'], 'i32', (ctx, self) => {
    const internal = internalThreadOf(ctx, self);
    return ctx.rt.machine.memory.u32(internal + BigInt(runtimeField(typeOfObject(ctx, internal, 'internal_thread'), 'priority').offset)) | 0;
  }),
];
