/**
 * Kernel synchronisation objects for a single-threaded process: events, mutexes and semaphores.
 *
 * With one thread, a wait either succeeds at once (the object is signalled, or the mutex is free
 * or already ours) or could only end by timeout: nobody else can signal. synchapi turns the
 * latter into WAIT_TIMEOUT after advancing the virtual clock, or a named deadlock error for an
 * INFINITE wait, instead of hanging the host.
 */
import type { KernelObject } from '../os';

export class EventObject implements KernelObject {
  readonly type = 'event';
  constructor(
    /** Manual-reset events stay signalled after a wait; auto-reset ones are consumed by it. */
    readonly manualReset: boolean,
    public signalled: boolean,
    readonly name: string | null,
  ) {}

  /** A successful wait's side effect; false when the wait cannot be satisfied now. */
  tryAcquire(): boolean {
    if (!this.signalled) return false;
    if (!this.manualReset) this.signalled = false;
    return true;
  }
}

export class MutexObject implements KernelObject {
  readonly type = 'mutex';
  /** Thread id of the owner, 0 when free. */
  owner = 0;
  /** Recursion count: a mutex is released when it drops to zero. */
  count = 0;
  constructor(readonly name: string | null) {}

  tryAcquire(threadId: number): boolean {
    if (this.owner !== 0 && this.owner !== threadId) return false;
    this.owner = threadId;
    this.count++;
    return true;
  }

  /** ReleaseMutex: false when the caller does not own it. */
  release(threadId: number): boolean {
    if (this.owner !== threadId || this.count === 0) return false;
    this.count--;
    if (this.count === 0) this.owner = 0;
    return true;
  }
}

export class SemaphoreObject implements KernelObject {
  readonly type = 'semaphore';
  constructor(
    public count: number,
    readonly maximum: number,
    readonly name: string | null,
  ) {}

  tryAcquire(): boolean {
    if (this.count === 0) return false;
    this.count--;
    return true;
  }

  /** ReleaseSemaphore: the previous count, or undefined when the maximum would be exceeded. */
  release(by: number): number | undefined {
    if (by <= 0 || this.count + by > this.maximum) return undefined;
    const previous = this.count;
    this.count += by;
    return previous;
  }
}

/** Anything WaitForSingleObject can wait on. */
export type Waitable = EventObject | MutexObject | SemaphoreObject;

export function isWaitable(obj: KernelObject | undefined): obj is Waitable {
  return obj instanceof EventObject || obj instanceof MutexObject || obj instanceof SemaphoreObject;
}
