/**
 * kernel32 exports declared in the Windows SDK's heapapi.h (HeapAlloc …) and the Local/Global
 * allocators of winbase.h, all over the process's `HeapManager`.
 *
 * Misuse follows a 64-bit Windows 10 process, where heap termination on corruption is on by
 * default: freeing a block twice, a pointer the heap never handed out, or a block whose header
 * was overwritten ends the process with STATUS_HEAP_CORRUPTION — here a `HeapMisuseError` naming
 * the address. A null pointer to HeapFree is a successful no-op. LMEM/GMEM_MOVEABLE memory is
 * handed out fixed (its "handle" is the pointer, so Lock returns it unchanged).
 */
import { fn, type ApiTable } from '../api';
import type { GuestHeap, Os } from '../../os';
import { HeapMisuseError, type BlockHeap } from '../../heap';
import { failWith, Win32Error } from '../../handles/win32-error';

/** HeapAlloc/HeapReAlloc/HeapCreate flags. */
const enum HeapFlag {
  /** HEAP_NO_SERIALIZE: no locking (one thread: nothing to do). */
  NoSerialize = 0x1,
  /** HEAP_GENERATE_EXCEPTIONS: failures raise STATUS_NO_MEMORY instead of returning NULL. */
  GenerateExceptions = 0x4,
  /** HEAP_ZERO_MEMORY: new bytes are zero. */
  ZeroMemory = 0x8,
  /** HEAP_REALLOC_IN_PLACE_ONLY: fail rather than move the block. */
  ReallocInPlaceOnly = 0x10,
  /** HEAP_CREATE_ENABLE_EXECUTE: the heap's pages are executable. */
  CreateEnableExecute = 0x40000,
}

/** HeapManager.create with the executable option HeapSet offers. */
interface ExecutableHeaps {
  create(initialSize: number, maximumSize: number, executable?: boolean): GuestHeap;
}

/** LocalAlloc/GlobalAlloc flags that matter here. */
const enum LocalFlag {
  /** LMEM_MOVEABLE / GMEM_MOVEABLE. */
  Moveable = 0x2,
  /** LMEM_ZEROINIT / GMEM_ZEROINIT. */
  ZeroInit = 0x40,
}

/** STATUS_NO_MEMORY, raised for HEAP_GENERATE_EXCEPTIONS failures. */
export class HeapExhaustedError extends Error {
  override name = 'HeapExhaustedError';
  readonly ntstatus = 0xc0000017;
  constructor(
    readonly heap: bigint,
    readonly size: bigint,
  ) {
    super(`HeapAlloc of ${size} bytes on heap 0x${heap.toString(16)} failed with HEAP_GENERATE_EXCEPTIONS (STATUS_NO_MEMORY)`);
  }
}

interface Diagnosable {
  diagnose?(addr: bigint): string;
}

/** Frees `addr` or raises the corruption Windows would detect. */
export function freeOrFail(heap: GuestHeap, addr: bigint, operation: string): void {
  if (heap.free(addr)) return;
  const state = (heap as Diagnosable).diagnose?.(addr) ?? 'foreign';
  throw new HeapMisuseError(heap.handle, addr, state as 'freed' | 'foreign' | 'corrupt-header', operation);
}

function heapOf(os: Os, h: bigint): BlockHeap | undefined {
  return os.heaps.byHandle(h) as BlockHeap | undefined;
}

function toSize(n: bigint): number {
  return n > 0x7fffffffn ? Number.MAX_SAFE_INTEGER : Number(n);
}

function allocFrom(os: Os, heap: GuestHeap, size: bigint, flags: number): bigint {
  const p = heap.alloc(toSize(size), (flags & HeapFlag.ZeroMemory) !== 0);
  if (p === 0n) {
    if (flags & HeapFlag.GenerateExceptions) throw new HeapExhaustedError(heap.handle, size);
    os.thread.lastError = Win32Error.NotEnoughMemory;
  }
  return p;
}

function reallocIn(os: Os, heap: GuestHeap, addr: bigint, size: bigint, flags: number, operation: string): bigint {
  const current = heap.sizeOf(addr);
  if (current < 0) {
    const state = (heap as Diagnosable).diagnose?.(addr) ?? 'foreign';
    throw new HeapMisuseError(heap.handle, addr, state as 'freed' | 'foreign' | 'corrupt-header', operation);
  }
  // Growing in place is never guaranteed; clremu grants in-place-only requests when shrinking.
  if (flags & HeapFlag.ReallocInPlaceOnly && toSize(size) > current) return failWith(os, Win32Error.NotEnoughMemory, 0n);
  const p = heap.realloc(addr, toSize(size), (flags & HeapFlag.ZeroMemory) !== 0);
  if (p === 0n) {
    if (flags & HeapFlag.GenerateExceptions) throw new HeapExhaustedError(heap.handle, size);
    os.thread.lastError = Win32Error.NotEnoughMemory;
  }
  return p;
}

/** LocalFree/GlobalFree: NULL on success; the heap that owns the block is found by address. */
function localFree(os: Os, h: bigint, operation: string): bigint {
  if (h === 0n) return 0n;
  const heap = os.heaps.processHeap;
  freeOrFail(heap, h, operation);
  return 0n;
}

export const heapapi: ApiTable = {
  GetProcessHeap: fn('HANDLE GetProcessHeap(void)', [], 'ptr', ({ os }) => os.heaps.processHeap.handle),

  HeapCreate: fn('HANDLE HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize)', ['u32', 'u64', 'u64'], 'ptr', ({ os }, opts, initial, maximum) => {
    if (maximum !== 0n && initial > maximum) return failWith(os, Win32Error.InvalidParameter, 0n);
    if (maximum > 0x100000000n || initial > 0x100000000n) return failWith(os, Win32Error.NotEnoughMemory, 0n);
    const heaps = os.heaps as unknown as ExecutableHeaps;
    return heaps.create(Number(initial), Number(maximum), (opts & HeapFlag.CreateEnableExecute) !== 0).handle;
  }),

  HeapDestroy: fn('BOOL HeapDestroy(HANDLE hHeap)', ['ptr'], 'i32', ({ os }, h) => (os.heaps.destroy(h) ? 1 : failWith(os, Win32Error.InvalidHandle, 0))),

  HeapAlloc: fn('LPVOID HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)', ['ptr', 'u32', 'u64'], 'ptr', ({ os }, h, flags, size) => {
    const heap = heapOf(os, h);
    if (!heap) return failWith(os, Win32Error.InvalidHandle, 0n);
    return allocFrom(os, heap, size, flags);
  }),

  HeapFree: fn('BOOL HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)', ['ptr', 'u32', 'ptr'], 'i32', ({ os }, h, _flags, mem) => {
    void _flags;
    const heap = heapOf(os, h);
    if (!heap) return failWith(os, Win32Error.InvalidHandle, 0);
    if (mem === 0n) return 1;
    freeOrFail(heap, mem, 'HeapFree');
    return 1;
  }),

  HeapReAlloc: fn('LPVOID HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes)', ['ptr', 'u32', 'ptr', 'u64'], 'ptr', ({ os }, h, flags, mem, size) => {
    const heap = heapOf(os, h);
    if (!heap) return failWith(os, Win32Error.InvalidHandle, 0n);
    if (mem === 0n) return failWith(os, Win32Error.InvalidParameter, 0n);
    return reallocIn(os, heap, mem, size, flags, 'HeapReAlloc');
  }),

  HeapSize: fn('SIZE_T HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)', ['ptr', 'u32', 'ptr'], 'u64', ({ os }, h, _flags, mem) => {
    void _flags;
    const heap = heapOf(os, h);
    if (!heap) return failWith(os, Win32Error.InvalidHandle, 0xffffffffffffffffn);
    const n = heap.sizeOf(mem);
    return n < 0 ? failWith(os, Win32Error.InvalidParameter, 0xffffffffffffffffn) : BigInt(n);
  }),

  HeapValidate: fn('BOOL HeapValidate(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)', ['ptr', 'u32', 'ptr'], 'i32', ({ os }, h, _flags, mem) => {
    void _flags;
    const heap = heapOf(os, h);
    if (!heap) return 0;
    if (mem === 0n) return heap.validate() ? 1 : 0;
    return heap.diagnose(mem) === 'live' ? 1 : 0;
  }),

  HeapSetInformation: fn(
    'BOOL HeapSetInformation(HANDLE HeapHandle, HEAP_INFORMATION_CLASS HeapInformationClass, PVOID HeapInformation, SIZE_T HeapInformationLength)',
    ['ptr', 'u32', 'ptr', 'u64'],
    'i32',
    // The classes (termination on corruption, low-fragmentation heap) describe policies clremu's heap already has.
    () => 1,
  ),

  HeapLock: fn('BOOL HeapLock(HANDLE hHeap)', ['ptr'], 'i32', ({ os }, h) => (heapOf(os, h) ? 1 : failWith(os, Win32Error.InvalidHandle, 0))),
  HeapUnlock: fn('BOOL HeapUnlock(HANDLE hHeap)', ['ptr'], 'i32', ({ os }, h) => (heapOf(os, h) ? 1 : failWith(os, Win32Error.InvalidHandle, 0))),

  LocalAlloc: fn('HLOCAL LocalAlloc(UINT uFlags, SIZE_T uBytes)', ['u32', 'u64'], 'ptr', ({ os }, flags, size) =>
    allocFrom(os, os.heaps.processHeap, size, flags & LocalFlag.ZeroInit ? HeapFlag.ZeroMemory : 0),
  ),
  LocalFree: fn('HLOCAL LocalFree(HLOCAL hMem)', ['ptr'], 'ptr', ({ os }, h) => localFree(os, h, 'LocalFree')),
  LocalReAlloc: fn('HLOCAL LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags)', ['ptr', 'u64', 'u32'], 'ptr', ({ os }, h, size, flags) => {
    const inPlace = (flags & LocalFlag.Moveable) === 0 ? HeapFlag.ReallocInPlaceOnly : 0;
    return reallocIn(os, os.heaps.processHeap, h, size, inPlace | (flags & LocalFlag.ZeroInit ? HeapFlag.ZeroMemory : 0), 'LocalReAlloc');
  }),
  LocalLock: fn('LPVOID LocalLock(HLOCAL hMem)', ['ptr'], 'ptr', ({ os }, h) => (os.heaps.processHeap.sizeOf(h) >= 0 ? h : failWith(os, Win32Error.InvalidHandle, 0n))),
  LocalUnlock: fn('BOOL LocalUnlock(HLOCAL hMem)', ['ptr'], 'i32', ({ os }) => failWith(os, Win32Error.Success, 0)),
  LocalSize: fn('SIZE_T LocalSize(HLOCAL hMem)', ['ptr'], 'u64', ({ os }, h) => {
    const n = os.heaps.processHeap.sizeOf(h);
    return n < 0 ? failWith(os, Win32Error.InvalidHandle, 0n) : BigInt(n);
  }),

  GlobalAlloc: fn('HGLOBAL GlobalAlloc(UINT uFlags, SIZE_T dwBytes)', ['u32', 'u64'], 'ptr', ({ os }, flags, size) =>
    allocFrom(os, os.heaps.processHeap, size, flags & LocalFlag.ZeroInit ? HeapFlag.ZeroMemory : 0),
  ),
  GlobalFree: fn('HGLOBAL GlobalFree(HGLOBAL hMem)', ['ptr'], 'ptr', ({ os }, h) => localFree(os, h, 'GlobalFree')),
  GlobalReAlloc: fn('HGLOBAL GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags)', ['ptr', 'u64', 'u32'], 'ptr', ({ os }, h, size, flags) => {
    const inPlace = (flags & LocalFlag.Moveable) === 0 ? HeapFlag.ReallocInPlaceOnly : 0;
    return reallocIn(os, os.heaps.processHeap, h, size, inPlace | (flags & LocalFlag.ZeroInit ? HeapFlag.ZeroMemory : 0), 'GlobalReAlloc');
  }),
  GlobalLock: fn('LPVOID GlobalLock(HGLOBAL hMem)', ['ptr'], 'ptr', ({ os }, h) => (os.heaps.processHeap.sizeOf(h) >= 0 ? h : failWith(os, Win32Error.InvalidHandle, 0n))),
  GlobalUnlock: fn('BOOL GlobalUnlock(HGLOBAL hMem)', ['ptr'], 'i32', ({ os }) => failWith(os, Win32Error.Success, 0)),
  GlobalSize: fn('SIZE_T GlobalSize(HGLOBAL hMem)', ['ptr'], 'u64', ({ os }, h) => {
    const n = os.heaps.processHeap.sizeOf(h);
    return n < 0 ? failWith(os, Win32Error.InvalidHandle, 0n) : BigInt(n);
  }),
};
