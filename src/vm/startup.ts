/**
 * The objects Mono's runtime creates before Main (shared/mono-bcl-contract.md §3 step 3, §1.8;
 * Mono's threads.c `mono_thread_attach`, `create_thread_object`, `init_internal_thread_object`):
 * the main thread's `System.Threading.InternalThread` and `System.Threading.Thread`, built
 * without running a managed constructor, linked through `Thread.internal_thread`, and stored in
 * the thread-static `Thread.current_thread`, which `Thread.CurrentThread` reads (it calls
 * `GetCurrentThread()` only when the field is null).
 *
 * Invariants: the static field is the only place the main Thread is kept (a GC root as every
 * static is); `ensureMainThread` is idempotent, so the `GetCurrentThread` icall can call it too.
 * Thread statics are plain statics in this runtime, which is exact while there is one thread.
 */
import type { Runtime } from './runtime';
import { runtimeField } from './reflection/runtime-types';

/** The main thread's managed id (`Thread.ManagedThreadId`): Mono numbers threads from 1. */
export const MAIN_MANAGED_THREAD_ID = 1;

/** `System.Threading.ThreadPriority.Normal`. */
const THREAD_PRIORITY_NORMAL = 2;

/** `System.Threading.ApartmentState.MTA`: exec-main's choice without [STAThread]. */
const APARTMENT_MTA = 1;

/** The main Thread object, made and stored in `Thread.current_thread` on first use. */
export function ensureMainThread(rt: Runtime): bigint {
  const types = rt.types;
  const mem = rt.machine.memory;
  const threadType = types.ensureLoaded(types.corlibType('System.Threading.Thread'));
  const slot = runtimeField(threadType, 'current_thread').address;
  const existing = mem.u64(slot);
  if (existing !== 0n) return existing;

  // The Thread goes into the (rooted) static first, so a collection while the InternalThread is
  // allocated keeps it; the InternalThread is then reachable through it.
  const thread = rt.objects.allocObject(threadType);
  mem.setU64(slot, thread);
  const internalType = types.ensureLoaded(types.corlibType('System.Threading.InternalThread'));
  const internal = rt.objects.allocObject(internalType);
  const at = (name: string): bigint => internal + BigInt(runtimeField(internalType, name).offset);
  mem.setU32(at('managed_id'), MAIN_MANAGED_THREAD_ID);
  mem.setU32(at('priority'), THREAD_PRIORITY_NORMAL);
  mem.setU8(at('apartment_state'), APARTMENT_MTA);
  // thread_id is the OS thread's id (Mono stores the native thread id; GetCurrentThreadId agrees).
  mem.setU64(at('thread_id'), BigInt(rt.os?.thread.id ?? 0));
  mem.setU64(thread + BigInt(runtimeField(threadType, 'internal_thread').offset), internal);
  return thread;
}

/** Everything the runtime sets up before Main (Mono's mono_runtime_init + exec-main). */
export function prepareForMain(rt: Runtime): void {
  ensureMainThread(rt);
}
