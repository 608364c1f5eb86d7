/**
 * The code heap's unwind data, registered with the emulated process's structured exception
 * dispatch (loader/seh `registerFunctionTable`, what RtlAddFunctionTable does for a guest JIT):
 * native exception dispatch, RtlLookupFunctionEntry and RtlVirtualUnwind then walk through
 * JIT-compiled frames with their real unwind info instead of mistaking them for leaf functions.
 * The code manager regrows its RUNTIME_FUNCTION array as methods are installed; each new version
 * replaces the previous registration.
 */
import type { Os } from '../../../loader/os';
import { registerFunctionTable } from '../../../loader/seh';
import type { GuestFunctionTable } from '../code-manager';
import type { Runtime } from '../runtime';

/** Keeps `rt`'s code heap function table registered with `os` from now on. */
export function registerCodeHeapWithSeh(rt: Runtime, os: Os): void {
  let remove: (() => boolean) | undefined;
  const register = (table: GuestFunctionTable): void => {
    remove?.();
    remove = table.count > 0 ? registerFunctionTable(os, table) : undefined;
  };
  rt.code.onFunctionTable = register;
  register(rt.code.functionTable);
}
