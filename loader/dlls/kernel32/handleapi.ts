/**
 * kernel32 exports declared in the Windows SDK's handleapi.h: closing and duplicating handles.
 * Pseudo-handles (GetCurrentProcess/GetCurrentThread) are accepted and never enter the table.
 */
import { fn, type ApiTable } from '../api';
import { CURRENT_PROCESS_HANDLE, CURRENT_THREAD_HANDLE } from '../../handles';
import { failWith, Win32Error } from '../../handles/win32-error';

/** DuplicateHandle options. */
const enum DuplicateOption {
  /** The source handle is closed (even if the duplication fails). */
  CloseSource = 0x1,
  /** The new handle has the same access as the source (ignored: clremu does not model access). */
  SameAccess = 0x2,
}

/** HANDLE_FLAG_* bits are kept per handle so GetHandleInformation returns what was set. */
const handleFlags = new WeakMap<object, Map<bigint, number>>();

function isPseudo(h: bigint): boolean {
  return h === CURRENT_PROCESS_HANDLE || h === CURRENT_THREAD_HANDLE;
}

export const handleapi: ApiTable = {
  CloseHandle: fn('BOOL CloseHandle(HANDLE hObject)', ['ptr'], 'i32', ({ os }, h) => {
    if (isPseudo(h)) return 1;
    return os.handles.close(h) ? 1 : failWith(os, Win32Error.InvalidHandle, 0);
  }),

  DuplicateHandle: fn(
    'BOOL DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle, HANDLE hTargetProcessHandle, LPHANDLE lpTargetHandle, DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwOptions)',
    ['ptr', 'ptr', 'ptr', 'ptr', 'u32', 'i32', 'u32'],
    'i32',
    ({ os }, srcProcess, src, dstProcess, lpTarget, _access, _inherit, options) => {
      void _access;
      void _inherit;
      // Only this process exists: both process handles must name it.
      if (srcProcess !== CURRENT_PROCESS_HANDLE && os.handles.get(srcProcess, 'process') === undefined) return failWith(os, Win32Error.InvalidHandle, 0);
      if (dstProcess !== CURRENT_PROCESS_HANDLE && os.handles.get(dstProcess, 'process') === undefined) return failWith(os, Win32Error.InvalidHandle, 0);
      let object = isPseudo(src) ? undefined : os.handles.get(src);
      if (src === CURRENT_THREAD_HANDLE) object = { type: 'thread' };
      if (src === CURRENT_PROCESS_HANDLE) object = { type: 'process' };
      if (!object) return failWith(os, Win32Error.InvalidHandle, 0);
      const dup = os.handles.add(object);
      if (options & DuplicateOption.CloseSource && !isPseudo(src)) os.handles.close(src);
      if (lpTarget !== 0n) os.memory.setU64(lpTarget, dup);
      return 1;
    },
  ),

  GetHandleInformation: fn('BOOL GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags)', ['ptr', 'ptr'], 'i32', ({ os }, h, lpFlags) => {
    if (!os.handles.get(h)) return failWith(os, Win32Error.InvalidHandle, 0);
    const flags = handleFlags.get(os.handles)?.get(h & ~3n) ?? 0;
    if (lpFlags !== 0n) os.memory.setU32(lpFlags, flags);
    return 1;
  }),

  SetHandleInformation: fn('BOOL SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags)', ['ptr', 'u32', 'u32'], 'i32', ({ os }, h, mask, flags) => {
    if (!os.handles.get(h)) return failWith(os, Win32Error.InvalidHandle, 0);
    let map = handleFlags.get(os.handles);
    if (!map) handleFlags.set(os.handles, (map = new Map()));
    const old = map.get(h & ~3n) ?? 0;
    map.set(h & ~3n, (old & ~mask) | (flags & mask));
    return 1;
  }),
};

