/**
 * The C runtime's per-process state: errno, the malloc heap, the exit-handler table, the rand
 * seed, strtok's position, signal handlers, argv/environment blocks and the static buffers that
 * msvcrt functions return pointers to (strerror, localeconv, gmtime …).
 *
 * Kept in a WeakMap keyed by the process's Os, so there is no module-level process state and two
 * runs in one host process never share anything. Guest-visible storage (errno, static buffers)
 * lives in guest memory on the CRT heap, created on first use.
 */
import type { GuestHeap, Os } from '../../os';
import { Errno } from './errors';

export interface CrtState {
  readonly heap: GuestHeap;
  /** Address of the int that `_errno()` returns. */
  readonly errnoAddr: bigint;
  /** Address of `_doserrno`'s storage. */
  readonly doserrnoAddr: bigint;
  /** _onexit/atexit functions in registration order (run in reverse). */
  readonly exitHandlers: bigint[];
  /** True once exit processing began, so a handler calling exit does not rerun the table. */
  exiting: boolean;
  /** msvcrt's rand() LCG state. */
  randSeed: number;
  /** strtok's saved position (0 when none). */
  strtokNext: bigint;
  /** signal() handlers by signal number (0 = SIG_DFL, 1 = SIG_IGN). */
  readonly signals: Map<number, bigint>;
  /** Interned static strings (strerror messages …) by text. */
  readonly statics: Map<string, bigint>;
  /** Static blocks by purpose ('lconv', 'tm' …). */
  readonly blocks: Map<string, bigint>;
  /** The ANSI argv/envp arrays, once built. */
  argv?: { argc: number; argv: bigint; envp: bigint };
  wargv?: { argc: number; argv: bigint; envp: bigint };
  /** Tick count when the CRT started (clock() counts from it). */
  readonly startTick: bigint;
  /** Per-fd text/binary mode (true = text), for the three standard descriptors and later files. */
  readonly textMode: Map<number, boolean>;
  /** Guest address of the `_iob` array, when the DLL's data export was mapped. */
  iob: bigint;
  /** Host-side state of each stream, by FILE address. */
  readonly streams: Map<bigint, StreamState>;
  /** Kernel handles behind descriptors 3 and up (0–2 are the standard handles). */
  readonly fds: Map<number, bigint>;
}

/** What the runtime knows about one FILE beyond the guest-visible structure. */
export interface StreamState {
  /** The low-level descriptor (-1 once closed). */
  fd: number;
  /** Bytes read ahead or pushed back by ungetc, consumed first. */
  pending: number[];
  eof: boolean;
  error: boolean;
}

const states = new WeakMap<Os, CrtState>();

export function crt(os: Os): CrtState {
  let s = states.get(os);
  if (!s) {
    const heap = os.heaps.create(0, 0);
    const cells = heap.alloc(16, true);
    if (cells === 0n) throw new CrtStartupError('the C runtime heap could not allocate its first block');
    s = {
      heap,
      errnoAddr: cells,
      doserrnoAddr: cells + 4n,
      exitHandlers: [],
      exiting: false,
      randSeed: 1,
      strtokNext: 0n,
      signals: new Map(),
      statics: new Map(),
      blocks: new Map(),
      startTick: os.clock.tickCount(),
      textMode: new Map([
        [0, true],
        [1, true],
        [2, true],
      ]),
      iob: 0n,
      streams: new Map(),
      fds: new Map(),
    };
    states.set(os, s);
  }
  return s;
}

export function setErrno(os: Os, value: Errno | number): void {
  os.memory.setU32(crt(os).errnoAddr, value);
}

export function getErrno(os: Os): number {
  return os.memory.i32(crt(os).errnoAddr);
}

/** A NUL-terminated string in CRT-owned static storage (allocated once per distinct text). */
export function staticString(os: Os, text: string): bigint {
  const state = crt(os);
  let addr = state.statics.get(text);
  if (addr === undefined) {
    addr = state.heap.alloc(text.length + 1, true);
    os.memory.writeCString(addr, text);
    state.statics.set(text, addr);
  }
  return addr;
}

/** A zeroed static block of `size` bytes for `purpose`, allocated once. */
export function staticBlock(os: Os, purpose: string, size: number): bigint {
  const state = crt(os);
  let addr = state.blocks.get(purpose);
  if (addr === undefined) {
    addr = state.heap.alloc(size, true);
    state.blocks.set(purpose, addr);
  }
  return addr;
}

/** The C runtime could not set itself up (guest memory exhausted before main). */
export class CrtStartupError extends Error {
  override name = 'CrtStartupError';
}
