/**
 * Calling the emulated Windows API from an icall. Mono's Windows build implements MonoIO on top
 * of Win32 (w32file-win32.c: CreateFileW, SetFilePointerEx …); calling the same exports of the
 * emulated kernel32 keeps one implementation of the guest's file system, devices and errors.
 * Exports resolve through the process's module manager (as GetProcAddress) once per runtime.
 * Icalls that use this are non-leaf gates: the export runs as a nested guest call.
 */
import { IcallDependencyMissingError } from './errors';
import type { IcallContext } from './registry';

/** Calls `dll!name` with integer arguments; returns RAX and the thread's last error after the call. */
export function callWin32(ctx: IcallContext, dll: string, name: string, args: bigint[]): { result: bigint; lastError: number } {
  const os = ctx.os(`${dll}!${name}`);
  const key = `${dll}!${name}`;
  const cache = ctx.rt.icalls.win32Exports;
  let at = cache.get(key);
  if (at === undefined) {
    const module = os.modules.byName(dll) ?? os.modules.load(dll);
    at = os.modules.exportAddress(module, name);
    if (at === undefined) throw new IcallDependencyMissingError(ctx.icall, `${key} (not exported by the emulated ${dll})`);
    cache.set(key, at);
  }
  const result = os.callGuest(at, args);
  return { result, lastError: os.thread.lastError };
}
