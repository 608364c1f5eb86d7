/**
 * Wall-clock limits for runs. JavaScript cannot interrupt `uc_emu_start` (the thread is inside it),
 * and Unicorn's own `timeout` argument starts a thread per call (measured: gate-heavy code fell from
 * ~200k to ~6k calls/s with it, since every gate restarts the CPU). Instead each machine owns one
 * POSIX timer whose expiry runs `uc_emu_stop(engine)` on a timer thread (SIGEV_THREAD with the
 * engine as the argument: `uc_emu_stop(uc_engine *)` has the shape of `void f(union sigval)`).
 *
 * Armed once per timed run; after the first expiry it keeps firing every `REPEAT_MS` so a stop that
 * lands between two `uc_emu_start` calls (where it does nothing) is repeated. The run loop decides
 * "timeout" by comparing the clock with the deadline whenever the CPU stops without another reason.
 *
 * A notification already on its way when the timer is disarmed still calls `uc_emu_stop`; landing
 * in a later run it would stop that run for no reason. After a run whose deadline passed, `drain`
 * waits `DRAIN_MS` (far longer than glibc takes to start the notification thread) so it lands
 * while the CPU is idle, where `uc_emu_stop` does nothing.
 *
 * Layouts are glibc x86-64: `struct sigevent` (64 bytes: sigval at 0, signo at 8, notify at 12,
 * function at 16, attributes at 24) and `struct itimerspec` (interval then value, each
 * { int64 tv_sec; int64 tv_nsec }).
 */
import * as koffi from 'koffi';
import { UNICORN_LIBRARY, UnicornError } from './unicorn';

const SIGEV_THREAD = 2;
const CLOCK_MONOTONIC = 1;
const RTLD_NOW = 2;
const RTLD_NOLOAD = 4;
/** Re-fire period after the deadline, until the run loop notices and disarms. */
const REPEAT_MS = 10;
/** How long `drain` lets in-flight notifications land. */
const DRAIN_MS = 3;

interface TimerApi {
  dlopen(file: string, mode: number): bigint | null;
  dlsym(handle: bigint, name: string): bigint | null;
  timer_create(clock: number, sevp: Uint8Array, out: unknown[]): number;
  timer_settime(timer: bigint, flags: number, value: Uint8Array, old: null): number;
  timer_delete(timer: bigint): number;
}

let api: TimerApi | undefined;
let stopFunction: bigint | undefined;

function timers(): { api: TimerApi; stop: bigint } {
  if (!api) {
    const libc = koffi.load('libc.so.6');
    api = {
      dlopen: libc.func('void *dlopen(const char *file, int mode)'),
      dlsym: libc.func('void *dlsym(void *handle, const char *name)'),
      timer_create: libc.func('int timer_create(int clock, const void *sevp, _Out_ void **timer)'),
      timer_settime: libc.func('int timer_settime(void *timer, int flags, const void *value, void *old)'),
      timer_delete: libc.func('int timer_delete(void *timer)'),
    } as unknown as TimerApi;
  }
  if (stopFunction === undefined) {
    const lib = api.dlopen(UNICORN_LIBRARY, RTLD_NOW | RTLD_NOLOAD);
    const fn = lib ? api.dlsym(lib, 'uc_emu_stop') : null;
    if (!fn) throw new UnicornError(`cannot find uc_emu_stop in ${UNICORN_LIBRARY} for the run timer`);
    stopFunction = fn;
  }
  return { api, stop: stopFunction };
}

export class Watchdog {
  private readonly timer: bigint;
  private closed = false;

  constructor(engine: bigint) {
    const { api: t, stop } = timers();
    const sev = new Uint8Array(64);
    const dv = new DataView(sev.buffer);
    dv.setBigUint64(0, engine, true);
    dv.setInt32(12, SIGEV_THREAD, true);
    dv.setBigUint64(16, stop, true);
    const out: unknown[] = [null];
    if (t.timer_create(CLOCK_MONOTONIC, sev, out) !== 0) {
      throw new UnicornError(`timer_create failed (errno ${koffi.errno()})`);
    }
    this.timer = out[0] as bigint;
  }

  /** Stops the CPU `ms` from now, and every REPEAT_MS after that until disarmed. */
  arm(ms: number): void {
    this.set(Math.max(ms, 0.001), REPEAT_MS);
  }

  disarm(): void {
    if (!this.closed) this.set(0, 0);
  }

  /** Waits for notifications already in flight (call after disarming, once the deadline passed). */
  drain(): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, DRAIN_MS);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    timers().api.timer_delete(this.timer);
  }

  private set(firstMs: number, repeatMs: number): void {
    const spec = new Uint8Array(32);
    const dv = new DataView(spec.buffer);
    const put = (at: number, ms: number) => {
      const ns = BigInt(Math.round(ms * 1e6));
      dv.setBigInt64(at, ns / 1_000_000_000n, true);
      dv.setBigInt64(at + 8, ns % 1_000_000_000n, true);
    };
    put(0, repeatMs);
    put(16, firstMs);
    if (timers().api.timer_settime(this.timer, 0, spec, null) !== 0) {
      throw new UnicornError(`timer_settime failed (errno ${koffi.errno()})`);
    }
  }
}
