/**
 * kernel32 exports declared in the Windows SDK's profileapi.h: the performance counter, read from
 * the virtual clock (deterministic, advancing with each query).
 */
import { fn, type ApiTable } from '../api';
import { failWith, Win32Error } from '../../handles/win32-error';

export const profileapi: ApiTable = {
  QueryPerformanceCounter: fn('BOOL QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount)', ['ptr'], 'i32', ({ os }, out) => {
    if (out === 0n) return failWith(os, Win32Error.NoAccess, 0);
    os.memory.setU64(out, os.clock.performanceCounter());
    return 1;
  }),
  QueryPerformanceFrequency: fn('BOOL QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency)', ['ptr'], 'i32', ({ os }, out) => {
    if (out === 0n) return failWith(os, Win32Error.NoAccess, 0);
    os.memory.setU64(out, os.clock.performanceFrequency);
    return 1;
  }),
};
