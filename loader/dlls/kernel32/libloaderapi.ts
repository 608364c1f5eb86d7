/**
 * libloaderapi.h: modules and their exports as the guest sees them — GetModuleHandle(Ex),
 * LoadLibrary(Ex), GetProcAddress, FreeLibrary, GetModuleFileName. A module handle (HMODULE) is
 * the module's base address, as on Windows. LoadLibrary runs the full loader (DllMain included)
 * from inside the gate; loader failures become Win32 errors, as Windows reports them.
 */
import { fn, type ApiContext, type ApiTable } from '../api';
import { BadImageFormatError } from '../../pe';
import { DllInitFailedError, DllNotFoundError, LoaderError } from '../../process/errors';
import type { LoadedModule } from '../../os';
import { copyOutA, copyOutW, readA, readW } from './strings';
import { Win32Error } from '../../handles/win32-error';

/** GET_MODULE_HANDLE_EX_FLAG_* bits. */
const enum ModuleHandleExFlag {
  /** Do not take a reference. */
  UnchangedRefcount = 0x2,
  /** `name` is an address inside the module. */
  FromAddress = 0x4,
}

function moduleByHandle(ctx: ApiContext, h: bigint): LoadedModule | undefined {
  if (h === 0n) return ctx.os.modules.main;
  return ctx.os.modules.list().find((m) => m.base === h);
}

function getModuleHandle(ctx: ApiContext, name: string | null): bigint {
  const m = ctx.os.modules.byName(name);
  if (!m) {
    ctx.os.thread.lastError = Win32Error.ModNotFound;
    return 0n;
  }
  return m.base;
}

function loadLibrary(ctx: ApiContext, name: string | null): bigint {
  if (name === null || name.length === 0) {
    ctx.os.thread.lastError = Win32Error.InvalidParameter;
    return 0n;
  }
  try {
    const m = ctx.os.modules.load(name);
    ctx.os.trace('loader', `LoadLibrary("${name}") = 0x${m.base.toString(16)}`);
    return m.base;
  } catch (err) {
    if (err instanceof DllNotFoundError) ctx.os.thread.lastError = Win32Error.ModNotFound;
    else if (err instanceof DllInitFailedError) ctx.os.thread.lastError = Win32Error.DllInitFailed;
    else if (err instanceof BadImageFormatError || err instanceof LoaderError) ctx.os.thread.lastError = Win32Error.BadExeFormat;
    else throw err;
    ctx.os.trace('loader', `LoadLibrary("${name}") failed: ${(err as Error).message}`);
    return 0n;
  }
}

function getModuleHandleEx(ctx: ApiContext, flags: number, name: string | null, nameAddr: bigint, out: bigint): number {
  if (out === 0n) {
    ctx.os.thread.lastError = Win32Error.InvalidParameter;
    return 0;
  }
  const m = flags & ModuleHandleExFlag.FromAddress ? ctx.os.modules.byAddress(nameAddr) : ctx.os.modules.byName(name);
  ctx.os.memory.setU64(out, m?.base ?? 0n);
  if (!m) {
    ctx.os.thread.lastError = Win32Error.ModNotFound;
    return 0;
  }
  return 1;
}

function moduleFileName(ctx: ApiContext, h: bigint): string | undefined {
  const m = moduleByHandle(ctx, h);
  if (!m) ctx.os.thread.lastError = Win32Error.ModNotFound;
  return m?.path;
}

/** Returns what GetModuleFileName returns for a path and a buffer of `size` characters. */
function fileNameResult(ctx: ApiContext, path: string, size: number, written: number): number {
  if (path.length >= size) {
    ctx.os.thread.lastError = Win32Error.InsufficientBuffer;
    return size;
  }
  return written;
}

export const libloaderapi: ApiTable = {
  GetModuleHandleA: fn('HMODULE GetModuleHandleA(LPCSTR lpModuleName)', ['ptr'], 'ptr', (ctx, name) =>
    getModuleHandle(ctx, readA(ctx.os.memory, name))),
  GetModuleHandleW: fn('HMODULE GetModuleHandleW(LPCWSTR lpModuleName)', ['ptr'], 'ptr', (ctx, name) =>
    getModuleHandle(ctx, readW(ctx.os.memory, name))),
  GetModuleHandleExA: fn('BOOL GetModuleHandleExA(DWORD dwFlags, LPCSTR lpModuleName, HMODULE *phModule)', ['u32', 'ptr', 'ptr'], 'i32',
    (ctx, flags, name, out) => getModuleHandleEx(ctx, flags, flags & ModuleHandleExFlag.FromAddress ? null : readA(ctx.os.memory, name), name, out)),
  GetModuleHandleExW: fn('BOOL GetModuleHandleExW(DWORD dwFlags, LPCWSTR lpModuleName, HMODULE *phModule)', ['u32', 'ptr', 'ptr'], 'i32',
    (ctx, flags, name, out) => getModuleHandleEx(ctx, flags, flags & ModuleHandleExFlag.FromAddress ? null : readW(ctx.os.memory, name), name, out)),
  LoadLibraryA: fn('HMODULE LoadLibraryA(LPCSTR lpLibFileName)', ['ptr'], 'ptr', (ctx, name) => loadLibrary(ctx, readA(ctx.os.memory, name))),
  LoadLibraryW: fn('HMODULE LoadLibraryW(LPCWSTR lpLibFileName)', ['ptr'], 'ptr', (ctx, name) => loadLibrary(ctx, readW(ctx.os.memory, name))),
  LoadLibraryExA: fn('HMODULE LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile, DWORD dwFlags)', ['ptr', 'ptr', 'u32'], 'ptr',
    (ctx, name) => loadLibrary(ctx, readA(ctx.os.memory, name))),
  LoadLibraryExW: fn('HMODULE LoadLibraryExW(LPCWSTR lpLibFileName, HANDLE hFile, DWORD dwFlags)', ['ptr', 'ptr', 'u32'], 'ptr',
    (ctx, name) => loadLibrary(ctx, readW(ctx.os.memory, name))),
  FreeLibrary: fn('BOOL FreeLibrary(HMODULE hLibModule)', ['ptr'], 'i32', (ctx, h) => {
    if (ctx.os.modules.free(h)) return 1;
    ctx.os.thread.lastError = Win32Error.ModNotFound;
    return 0;
  }),
  GetProcAddress: fn('FARPROC GetProcAddress(HMODULE hModule, LPCSTR lpProcName)', ['ptr', 'ptr'], 'ptr', (ctx, h, proc) => {
    const m = moduleByHandle(ctx, h);
    if (!m) {
      ctx.os.thread.lastError = Win32Error.ModNotFound;
      return 0n;
    }
    // Values below 0x10000 are ordinals (MAKEINTRESOURCE), as Windows' IS_INTRESOURCE.
    const symbol = proc < 0x1_0000n ? Number(proc) : ctx.os.memory.cString(proc, 0x1000);
    const addr = ctx.os.modules.exportAddress(m, symbol);
    if (addr === undefined) {
      ctx.os.thread.lastError = Win32Error.ProcNotFound;
      return 0n;
    }
    return addr;
  }),
  GetModuleFileNameA: fn('DWORD GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize)', ['ptr', 'ptr', 'u32'], 'u32', (ctx, h, buf, size) => {
    const path = moduleFileName(ctx, h);
    if (path === undefined) return 0;
    return fileNameResult(ctx, path, size, copyOutA(ctx.os.memory, buf, size, path));
  }),
  GetModuleFileNameW: fn('DWORD GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize)', ['ptr', 'ptr', 'u32'], 'u32', (ctx, h, buf, size) => {
    const path = moduleFileName(ctx, h);
    if (path === undefined) return 0;
    return fileNameResult(ctx, path, size, copyOutW(ctx.os.memory, buf, size, path));
  }),
  DisableThreadLibraryCalls: fn('BOOL DisableThreadLibraryCalls(HMODULE hLibModule)', ['ptr'], 'i32', (ctx, h) => (moduleByHandle(ctx, h) ? 1 : 0)),
};
