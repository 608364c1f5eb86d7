/**
 * The process's kernel handle table (`HandleTable` of loader/os.ts).
 *
 * Handle values are multiples of 4 starting at 4, as Windows hands them out (the low two bits are
 * tag bits applications may use), and a closed value is not reused until the table wraps, so a
 * stale handle fails instead of reaching a newer object. The three standard handles start as
 * console objects; SetStdHandle may redirect them. Pseudo-handles (GetCurrentProcess = -1,
 * GetCurrentThread = -2) are not table entries: handleapi treats them itself.
 */
import type { HandleTable, HostIo, KernelObject } from '../os';
import { ConsoleInput, ConsoleOutput } from './console';

export type StdHandle = 'input' | 'output' | 'error';

/** GetCurrentProcess() and GetCurrentThread(): constant pseudo-handles, never in the table. */
export const CURRENT_PROCESS_HANDLE = 0xffffffffffffffffn;
export const CURRENT_THREAD_HANDLE = 0xfffffffffffffffen;
/** INVALID_HANDLE_VALUE, (HANDLE)-1 — the same bits as the current-process pseudo-handle. */
export const INVALID_HANDLE_VALUE = 0xffffffffffffffffn;

const HANDLE_STEP = 4n;
/** Handle values stay below this (Windows' per-process limit is about 16 M handles). */
const HANDLE_LIMIT = 0x4000000n;

export class ProcessHandleTable implements HandleTable {
  private readonly objects = new Map<bigint, KernelObject>();
  private nextHandle = HANDLE_STEP;
  private readonly stdHandles: Record<StdHandle, bigint>;

  constructor(io: HostIo) {
    this.stdHandles = {
      input: this.add(new ConsoleInput(io)),
      output: this.add(new ConsoleOutput(io, 'stdout')),
      error: this.add(new ConsoleOutput(io, 'stderr')),
    };
  }

  add(object: KernelObject): bigint {
    for (let tries = 0n; tries < HANDLE_LIMIT / HANDLE_STEP; tries++) {
      const h = this.nextHandle;
      this.nextHandle = this.nextHandle + HANDLE_STEP >= HANDLE_LIMIT ? HANDLE_STEP : this.nextHandle + HANDLE_STEP;
      if (!this.objects.has(h)) {
        this.objects.set(h, object);
        return h;
      }
    }
    throw new HandleTableFullError();
  }

  get<T extends KernelObject>(handle: bigint, type?: string): T | undefined {
    const obj = this.objects.get(canonical(handle));
    if (!obj || (type !== undefined && obj.type !== type)) return undefined;
    return obj as T;
  }

  close(handle: bigint): boolean {
    const key = canonical(handle);
    const obj = this.objects.get(key);
    if (!obj) return false;
    this.objects.delete(key);
    // The object goes away when its last handle does (DuplicateHandle shares objects).
    if (![...this.objects.values()].includes(obj)) obj.close?.();
    return true;
  }

  std(which: StdHandle): bigint {
    return this.stdHandles[which];
  }

  /** SetStdHandle. */
  setStd(which: StdHandle, handle: bigint): void {
    this.stdHandles[which] = handle;
  }

  /** Live handles, for diagnostics. */
  get size(): number {
    return this.objects.size;
  }
}

/** The low two bits of a handle are ignored by the kernel (applications may tag them). */
function canonical(handle: bigint): bigint {
  return handle & ~3n;
}

export class HandleTableFullError extends Error {
  override name = 'HandleTableFullError';
  constructor() {
    super('the process handle table is full');
  }
}
