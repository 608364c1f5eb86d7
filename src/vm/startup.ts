/**
 * The objects Mono's runtime creates before Main (shared/mono-bcl-contract.md §3 step 3, §1.8;
 * Mono's threads.c `mono_thread_attach`, `create_thread_object`, `init_internal_thread_object`):
 * the main thread's `System.Threading.InternalThread` and `System.Threading.Thread`, built
 * without running a managed constructor, linked through `Thread.internal_thread`, and stored in
 * the thread-static `Thread.current_thread`, which `Thread.CurrentThread` reads (it calls
 * `GetCurrentThread()` only when the field is null).
 *
 * Also the domain objects of §1.9 / §3 step 2 (appdomain.c `mono_runtime_init_checked`): one
 * `AppDomainSetup` with `application_base` (the exe's directory with a trailing separator) and
 * `configuration_file` (`<exe path>.config`), and one `AppDomain` whose `_mono_app_domain` points
 * at a runtime-owned native cell (Mono's MonoDomain*; managed code only null-checks it), both
 * built without a constructor and kept as roots in the icall state.
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

/** The domain's objects: the current (and root) AppDomain and its AppDomainSetup, made on first use. */
export function ensureAppDomain(rt: Runtime): { readonly domain: bigint; readonly setup: bigint } {
  const state = rt.icalls;
  if (state.appDomain !== 0n) return { domain: state.appDomain, setup: state.appDomainSetup };
  const types = rt.types;
  const mem = rt.machine.memory;
  rt.gc.addRootProvider(() => [state.appDomain, state.appDomainSetup]);
  const setupType = types.ensureLoaded(types.corlibType('System.AppDomainSetup'));
  state.appDomainSetup = rt.objects.allocObject(setupType);
  const exe = rt.os?.process.imagePath;
  if (exe !== undefined) {
    const dir = exe.slice(0, exe.lastIndexOf('\\') + 1);
    mem.setU64(state.appDomainSetup + BigInt(runtimeField(setupType, 'application_base').offset), rt.objects.allocString(dir));
    mem.setU64(state.appDomainSetup + BigInt(runtimeField(setupType, 'configuration_file').offset), rt.objects.allocString(`${exe}.config`));
  }
  const domainType = types.ensureLoaded(types.corlibType('System.AppDomain'));
  state.appDomain = rt.objects.allocObject(domainType);
  mem.setU64(state.appDomain + BigInt(runtimeField(domainType, '_mono_app_domain').offset), rt.heaps.loader.alloc(8, 8));
  return { domain: state.appDomain, setup: state.appDomainSetup };
}

/** The domain's friendly name: the executable's file name (Mono's default domain is named after it). */
export function domainFriendlyName(rt: Runtime): string {
  const exe = rt.os?.process.imagePath ?? '';
  return exe.slice(exe.lastIndexOf('\\') + 1);
}

/** Everything the runtime sets up before Main (Mono's mono_runtime_init + exec-main). */
export function prepareForMain(rt: Runtime): void {
  ensureAppDomain(rt);
  ensureMainThread(rt);
}
