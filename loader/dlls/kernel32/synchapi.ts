/**
 * kernel32 exports declared in the Windows SDK's synchapi.h for a single-threaded process:
 * critical sections, SRW locks, condition variables, one-time initialisation, events, mutexes,
 * semaphores, waits and Sleep.
 *
 * With one thread nothing can release a lock or signal an object while the thread waits, so a
 * wait that cannot be satisfied at once either times out (the virtual clock advances by the
 * timeout) or, for INFINITE, is a deadlock: a `DeadlockError` naming the object, never a host hang.
 * CRITICAL_SECTION (winnt.h RTL_CRITICAL_SECTION, x64): DebugInfo +0, LockCount +8,
 * RecursionCount +12, OwningThread +16, LockSemaphore +24, SpinCount +32; LockCount is -1 when
 * free and -2 when held, as Windows 7+ encodes it.
 */
import { fn, type ApiTable, type ApiContext } from '../api';
import type { Os } from '../../os';
import type { VirtualClock } from '../../clock';
import { CURRENT_PROCESS_HANDLE, CURRENT_THREAD_HANDLE, EventObject, isWaitable, MutexObject, SemaphoreObject, type Waitable } from '../../handles';
import { failWith, Win32Error } from '../../handles/win32-error';

/** WaitForSingleObject results. */
const enum WaitResult {
  /** WAIT_OBJECT_0: the object was signalled. */
  Object0 = 0,
  /** WAIT_ABANDONED: a mutex's owner ended without releasing it. */
  Abandoned = 0x80,
  /** WAIT_TIMEOUT. */
  Timeout = 0x102,
  /** WAIT_FAILED. */
  Failed = 0xffffffff,
}

const INFINITE = 0xffffffff;

/** INIT_ONCE state bits in the low two bits of the pointer-sized INIT_ONCE. */
const enum InitOnceState {
  /** Not run yet. */
  Fresh = 0,
  /** A BeginInitialize is pending its Complete. */
  Pending = 1,
  /** Done; the upper bits hold the context. */
  Done = 2,
}

/** InitOnce flags. */
const enum InitOnceFlag {
  /** INIT_ONCE_CHECK_ONLY. */
  CheckOnly = 0x1,
  /** INIT_ONCE_ASYNC. */
  Async = 0x2,
  /** INIT_ONCE_INIT_FAILED. */
  InitFailed = 0x4,
}

/** SRW lock word: bit 0 = held exclusively; shared holders counted from bit 4. */
const SRW_EXCLUSIVE = 1n;
const SRW_SHARED_UNIT = 16n;

/** A wait that could only end if another thread acted — and there is none. */
export class DeadlockError extends Error {
  override name = 'DeadlockError';
  constructor(
    readonly api: string,
    readonly object: bigint,
  ) {
    super(`${api} on 0x${object.toString(16)} would wait forever: the process has one thread and the object cannot become available`);
  }
}

interface Advancing {
  advance?(ms: number): void;
}

function sleepFor(os: Os, ms: number): void {
  (os.clock as Partial<VirtualClock> & Advancing).advance?.(ms);
}

function enterCs(os: Os, cs: bigint, api: string): void {
  const me = BigInt(os.thread.id);
  const owner = os.memory.u64(cs + 16n);
  if (owner !== 0n && owner !== me) throw new DeadlockError(api, cs);
  os.memory.setU64(cs + 16n, me);
  os.memory.setU32(cs + 8n, 0xfffffffe); // -2: held
  os.memory.setU32(cs + 12n, os.memory.u32(cs + 12n) + 1);
}

function wait(ctx: ApiContext, api: string, h: bigint, ms: number): number {
  const { os } = ctx;
  if (h === CURRENT_PROCESS_HANDLE || h === CURRENT_THREAD_HANDLE) {
    // The current process or thread ends only when the waiter does.
    if (ms === INFINITE) throw new DeadlockError(api, h);
    sleepFor(os, ms);
    return WaitResult.Timeout;
  }
  const obj = os.handles.get(h);
  if (!isWaitable(obj)) return failWith(os, Win32Error.InvalidHandle, WaitResult.Failed);
  if (acquire(os, obj)) return WaitResult.Object0;
  if (ms === INFINITE) throw new DeadlockError(api, h);
  sleepFor(os, ms);
  return WaitResult.Timeout;
}

function acquire(os: Os, obj: Waitable): boolean {
  return obj instanceof MutexObject ? obj.tryAcquire(os.thread.id) : obj.tryAcquire();
}

/** Whether a wait on `obj` would succeed now, without its side effect. */
function ready(os: Os, obj: Waitable): boolean {
  if (obj instanceof MutexObject) return obj.owner === 0 || obj.owner === os.thread.id;
  if (obj instanceof SemaphoreObject) return obj.count > 0;
  return obj.signalled;
}

function nameAt(os: Os, lpName: bigint, wide: boolean): string | null {
  if (lpName === 0n) return null;
  return wide ? os.memory.wString(lpName, 260) : os.memory.cString(lpName, 260);
}

function createEvent(os: Os, manual: number, initial: number, name: string | null): bigint {
  os.thread.lastError = Win32Error.Success;
  return os.handles.add(new EventObject(manual !== 0, initial !== 0, name));
}

function createMutex(os: Os, initialOwner: number, name: string | null): bigint {
  const m = new MutexObject(name);
  if (initialOwner) m.tryAcquire(os.thread.id);
  os.thread.lastError = Win32Error.Success;
  return os.handles.add(m);
}

function createSemaphore(os: Os, initial: number, maximum: number, name: string | null): bigint {
  if (maximum <= 0 || initial < 0 || initial > maximum) return failWith(os, Win32Error.InvalidParameter, 0n);
  os.thread.lastError = Win32Error.Success;
  return os.handles.add(new SemaphoreObject(initial, maximum, name));
}

function srwAcquire(os: Os, lock: bigint, exclusive: boolean, api: string, tryOnly: boolean): number {
  const v = os.memory.u64(lock);
  const free = exclusive ? v === 0n : (v & SRW_EXCLUSIVE) === 0n;
  if (!free) {
    if (tryOnly) return 0;
    // SRW locks are not recursive: re-acquiring one the thread holds deadlocks on Windows too.
    throw new DeadlockError(api, lock);
  }
  os.memory.setU64(lock, exclusive ? SRW_EXCLUSIVE : v + SRW_SHARED_UNIT);
  return 1;
}

function conditionWait(os: Os, api: string, cv: bigint, ms: number): number {
  // Nobody can wake the sleeper: only the timeout ends the wait.
  if (ms === INFINITE) throw new DeadlockError(api, cv);
  sleepFor(os, ms);
  return failWith(os, Win32Error.Timeout, 0);
}

export const synchapi: ApiTable = {
  InitializeCriticalSection: fn('void InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection)', ['ptr'], 'void', ({ os }, cs) => {
    os.memory.write(cs, new Uint8Array(40));
    os.memory.setU32(cs + 8n, 0xffffffff);
  }),
  InitializeCriticalSectionAndSpinCount: fn(
    'BOOL InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount)',
    ['ptr', 'u32'],
    'i32',
    ({ os }, cs, spin) => {
      os.memory.write(cs, new Uint8Array(40));
      os.memory.setU32(cs + 8n, 0xffffffff);
      os.memory.setU64(cs + 32n, BigInt(spin));
      return 1;
    },
  ),
  InitializeCriticalSectionEx: fn(
    'BOOL InitializeCriticalSectionEx(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount, DWORD Flags)',
    ['ptr', 'u32', 'u32'],
    'i32',
    ({ os }, cs, spin) => {
      os.memory.write(cs, new Uint8Array(40));
      os.memory.setU32(cs + 8n, 0xffffffff);
      os.memory.setU64(cs + 32n, BigInt(spin));
      return 1;
    },
  ),
  EnterCriticalSection: fn('void EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection)', ['ptr'], 'void', ({ os }, cs) => enterCs(os, cs, 'EnterCriticalSection')),
  TryEnterCriticalSection: fn('BOOL TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection)', ['ptr'], 'i32', ({ os }, cs) => {
    const owner = os.memory.u64(cs + 16n);
    if (owner !== 0n && owner !== BigInt(os.thread.id)) return 0;
    enterCs(os, cs, 'TryEnterCriticalSection');
    return 1;
  }),
  LeaveCriticalSection: fn('void LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection)', ['ptr'], 'void', ({ os }, cs) => {
    const count = os.memory.u32(cs + 12n);
    // Leaving a section one does not hold is undefined on Windows; clremu keeps the section consistent.
    if (count === 0 || os.memory.u64(cs + 16n) !== BigInt(os.thread.id)) return;
    os.memory.setU32(cs + 12n, count - 1);
    if (count === 1) {
      os.memory.setU64(cs + 16n, 0n);
      os.memory.setU32(cs + 8n, 0xffffffff);
    }
  }),
  DeleteCriticalSection: fn('void DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection)', ['ptr'], 'void', ({ os }, cs) => {
    os.memory.write(cs, new Uint8Array(40));
  }),
  SetCriticalSectionSpinCount: fn('DWORD SetCriticalSectionSpinCount(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount)', ['ptr', 'u32'], 'u32', ({ os }, cs, spin) => {
    const old = Number(os.memory.u64(cs + 32n) & 0xffffffffn);
    os.memory.setU64(cs + 32n, BigInt(spin));
    return old;
  }),

  InitializeSRWLock: fn('void InitializeSRWLock(PSRWLOCK SRWLock)', ['ptr'], 'void', ({ os }, lock) => os.memory.setU64(lock, 0n)),
  AcquireSRWLockExclusive: fn('void AcquireSRWLockExclusive(PSRWLOCK SRWLock)', ['ptr'], 'void', ({ os }, lock) => {
    srwAcquire(os, lock, true, 'AcquireSRWLockExclusive', false);
  }),
  AcquireSRWLockShared: fn('void AcquireSRWLockShared(PSRWLOCK SRWLock)', ['ptr'], 'void', ({ os }, lock) => {
    srwAcquire(os, lock, false, 'AcquireSRWLockShared', false);
  }),
  TryAcquireSRWLockExclusive: fn('BOOLEAN TryAcquireSRWLockExclusive(PSRWLOCK SRWLock)', ['ptr'], 'i32', ({ os }, lock) => srwAcquire(os, lock, true, 'TryAcquireSRWLockExclusive', true)),
  TryAcquireSRWLockShared: fn('BOOLEAN TryAcquireSRWLockShared(PSRWLOCK SRWLock)', ['ptr'], 'i32', ({ os }, lock) => srwAcquire(os, lock, false, 'TryAcquireSRWLockShared', true)),
  ReleaseSRWLockExclusive: fn('void ReleaseSRWLockExclusive(PSRWLOCK SRWLock)', ['ptr'], 'void', ({ os }, lock) => os.memory.setU64(lock, 0n)),
  ReleaseSRWLockShared: fn('void ReleaseSRWLockShared(PSRWLOCK SRWLock)', ['ptr'], 'void', ({ os }, lock) => {
    const v = os.memory.u64(lock);
    if (v >= SRW_SHARED_UNIT) os.memory.setU64(lock, v - SRW_SHARED_UNIT);
  }),

  InitializeConditionVariable: fn('void InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable)', ['ptr'], 'void', ({ os }, cv) => os.memory.setU64(cv, 0n)),
  WakeConditionVariable: fn('void WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable)', ['ptr'], 'void', () => undefined),
  WakeAllConditionVariable: fn('void WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable)', ['ptr'], 'void', () => undefined),
  SleepConditionVariableCS: fn(
    'BOOL SleepConditionVariableCS(PCONDITION_VARIABLE ConditionVariable, PCRITICAL_SECTION CriticalSection, DWORD dwMilliseconds)',
    ['ptr', 'ptr', 'u32'],
    'i32',
    ({ os }, cv, _cs, ms) => conditionWait(os, 'SleepConditionVariableCS', cv, ms),
  ),
  SleepConditionVariableSRW: fn(
    'BOOL SleepConditionVariableSRW(PCONDITION_VARIABLE ConditionVariable, PSRWLOCK SRWLock, DWORD dwMilliseconds, ULONG Flags)',
    ['ptr', 'ptr', 'u32', 'u32'],
    'i32',
    ({ os }, cv, _lock, ms) => conditionWait(os, 'SleepConditionVariableSRW', cv, ms),
  ),

  InitOnceInitialize: fn('void InitOnceInitialize(PINIT_ONCE InitOnce)', ['ptr'], 'void', ({ os }, once) => os.memory.setU64(once, 0n)),
  InitOnceExecuteOnce: fn(
    'BOOL InitOnceExecuteOnce(PINIT_ONCE InitOnce, PINIT_ONCE_FN InitFn, PVOID Parameter, LPVOID *Context)',
    ['ptr', 'ptr', 'ptr', 'ptr'],
    'i32',
    ({ os }, once, initFn, parameter, lpContext) => {
      let v = os.memory.u64(once);
      if ((v & 3n) === BigInt(InitOnceState.Pending)) throw new DeadlockError('InitOnceExecuteOnce', once);
      if ((v & 3n) !== BigInt(InitOnceState.Done)) {
        os.memory.setU64(once, BigInt(InitOnceState.Pending));
        // BOOL CALLBACK InitOnceCallback(PINIT_ONCE InitOnce, PVOID Parameter, PVOID *Context): the
        // context slot is the caller's, or a scratch slot when it passed none.
        const ok = os.callGuest(initFn, [once, parameter, lpContext]);
        if ((ok & 0xffffffffn) === 0n) {
          os.memory.setU64(once, 0n);
          return 0;
        }
        const context = lpContext !== 0n ? os.memory.u64(lpContext) : 0n;
        v = (context & ~3n) | BigInt(InitOnceState.Done);
        os.memory.setU64(once, v);
      }
      if (lpContext !== 0n) os.memory.setU64(lpContext, v & ~3n);
      return 1;
    },
  ),
  InitOnceBeginInitialize: fn(
    'BOOL InitOnceBeginInitialize(LPINIT_ONCE lpInitOnce, DWORD dwFlags, PBOOL fPending, LPVOID *lpContext)',
    ['ptr', 'u32', 'ptr', 'ptr'],
    'i32',
    ({ os }, once, flags, fPending, lpContext) => {
      const v = os.memory.u64(once);
      const state = Number(v & 3n);
      if (state === InitOnceState.Done) {
        os.memory.setU32(fPending, 0);
        if (lpContext !== 0n) os.memory.setU64(lpContext, v & ~3n);
        return 1;
      }
      if (flags & InitOnceFlag.CheckOnly) return failWith(os, Win32Error.InvalidParameter, 0);
      if (state === InitOnceState.Pending && !(flags & InitOnceFlag.Async)) throw new DeadlockError('InitOnceBeginInitialize', once);
      os.memory.setU64(once, BigInt(InitOnceState.Pending));
      os.memory.setU32(fPending, 1);
      return 1;
    },
  ),
  InitOnceComplete: fn('BOOL InitOnceComplete(LPINIT_ONCE lpInitOnce, DWORD dwFlags, LPVOID lpContext)', ['ptr', 'u32', 'ptr'], 'i32', ({ os }, once, flags, context) => {
    if ((os.memory.u64(once) & 3n) !== BigInt(InitOnceState.Pending)) return failWith(os, Win32Error.InvalidParameter, 0);
    if (flags & InitOnceFlag.InitFailed) os.memory.setU64(once, 0n);
    else os.memory.setU64(once, (context & ~3n) | BigInt(InitOnceState.Done));
    return 1;
  }),

  Sleep: fn('void Sleep(DWORD dwMilliseconds)', ['u32'], 'void', ({ os }, ms) => {
    // Sleep(INFINITE) on the only thread never returns: that is a hang the user should see named.
    if (ms === INFINITE) throw new DeadlockError('Sleep(INFINITE)', 0n);
    sleepFor(os, ms);
  }),
  SleepEx: fn('DWORD SleepEx(DWORD dwMilliseconds, BOOL bAlertable)', ['u32', 'i32'], 'u32', ({ os }, ms) => {
    if (ms === INFINITE) throw new DeadlockError('SleepEx(INFINITE)', 0n);
    sleepFor(os, ms);
    return 0;
  }),

  CreateEventA: fn('HANDLE CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCSTR lpName)', ['ptr', 'i32', 'i32', 'ptr'], 'ptr', ({ os }, _sa, manual, initial, lpName) =>
    createEvent(os, manual, initial, nameAt(os, lpName, false)),
  ),
  CreateEventW: fn('HANDLE CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCWSTR lpName)', ['ptr', 'i32', 'i32', 'ptr'], 'ptr', ({ os }, _sa, manual, initial, lpName) =>
    createEvent(os, manual, initial, nameAt(os, lpName, true)),
  ),
  SetEvent: fn('BOOL SetEvent(HANDLE hEvent)', ['ptr'], 'i32', ({ os }, h) => {
    const e = os.handles.get(h, 'event');
    if (!(e instanceof EventObject)) return failWith(os, Win32Error.InvalidHandle, 0);
    e.signalled = true;
    return 1;
  }),
  ResetEvent: fn('BOOL ResetEvent(HANDLE hEvent)', ['ptr'], 'i32', ({ os }, h) => {
    const e = os.handles.get(h, 'event');
    if (!(e instanceof EventObject)) return failWith(os, Win32Error.InvalidHandle, 0);
    e.signalled = false;
    return 1;
  }),
  CreateMutexA: fn('HANDLE CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCSTR lpName)', ['ptr', 'i32', 'ptr'], 'ptr', ({ os }, _sa, owner, lpName) =>
    createMutex(os, owner, nameAt(os, lpName, false)),
  ),
  CreateMutexW: fn('HANDLE CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCWSTR lpName)', ['ptr', 'i32', 'ptr'], 'ptr', ({ os }, _sa, owner, lpName) =>
    createMutex(os, owner, nameAt(os, lpName, true)),
  ),
  ReleaseMutex: fn('BOOL ReleaseMutex(HANDLE hMutex)', ['ptr'], 'i32', ({ os }, h) => {
    const m = os.handles.get(h, 'mutex');
    if (!(m instanceof MutexObject)) return failWith(os, Win32Error.InvalidHandle, 0);
    return m.release(os.thread.id) ? 1 : failWith(os, Win32Error.NotOwner, 0);
  }),

  CreateSemaphoreA: fn(
    'HANDLE CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount, LPCSTR lpName)',
    ['ptr', 'i32', 'i32', 'ptr'],
    'ptr',
    ({ os }, _sa, initial, maximum, lpName) => createSemaphore(os, initial, maximum, nameAt(os, lpName, false)),
  ),
  CreateSemaphoreW: fn(
    'HANDLE CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount, LPCWSTR lpName)',
    ['ptr', 'i32', 'i32', 'ptr'],
    'ptr',
    ({ os }, _sa, initial, maximum, lpName) => createSemaphore(os, initial, maximum, nameAt(os, lpName, true)),
  ),
  CreateSemaphoreExW: fn(
    'HANDLE CreateSemaphoreExW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount, LPCWSTR lpName, DWORD dwFlags, DWORD dwDesiredAccess)',
    ['ptr', 'i32', 'i32', 'ptr', 'u32', 'u32'],
    'ptr',
    ({ os }, _sa, initial, maximum, lpName) => createSemaphore(os, initial, maximum, nameAt(os, lpName, true)),
  ),
  ReleaseSemaphore: fn('BOOL ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount)', ['ptr', 'i32', 'ptr'], 'i32', ({ os }, h, by, lpPrevious) => {
    const sem = os.handles.get(h, 'semaphore');
    if (!(sem instanceof SemaphoreObject)) return failWith(os, Win32Error.InvalidHandle, 0);
    const previous = sem.release(by);
    if (previous === undefined) return failWith(os, Win32Error.TooManyPosts, 0);
    if (lpPrevious !== 0n) os.memory.setU32(lpPrevious, previous);
    return 1;
  }),

  WaitForSingleObject: fn('DWORD WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)', ['ptr', 'u32'], 'u32', (ctx, h, ms) => wait(ctx, 'WaitForSingleObject', h, ms)),
  WaitForSingleObjectEx: fn('DWORD WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable)', ['ptr', 'u32', 'i32'], 'u32', (ctx, h, ms) =>
    wait(ctx, 'WaitForSingleObjectEx', h, ms),
  ),
  WaitForMultipleObjects: fn(
    'DWORD WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds)',
    ['u32', 'ptr', 'i32', 'u32'],
    'u32',
    ({ os }, count, lpHandles, waitAll, ms) => {
      if (count === 0 || count > 64) return failWith(os, Win32Error.InvalidParameter, WaitResult.Failed);
      const objects: Waitable[] = [];
      for (let i = 0; i < count; i++) {
        const obj = os.handles.get(os.memory.u64(lpHandles + BigInt(i * 8)));
        if (!isWaitable(obj)) return failWith(os, Win32Error.InvalidHandle, WaitResult.Failed);
        objects.push(obj);
      }
      if (waitAll) {
        if (objects.every((o) => ready(os, o))) {
          objects.forEach((o) => acquire(os, o));
          return WaitResult.Object0;
        }
      } else {
        const index = objects.findIndex((o) => acquire(os, o));
        if (index >= 0) return WaitResult.Object0 + index;
      }
      if (ms === INFINITE) throw new DeadlockError('WaitForMultipleObjects', lpHandles);
      sleepFor(os, ms);
      return WaitResult.Timeout;
    },
  ),
};
