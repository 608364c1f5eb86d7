/**
 * `System.Threading.Monitor` (icall-def.h group MONITOR) and the object hash code
 * (`Object.InternalGetHashCode`), both kept in the object header's sync word (+8), as Mono keeps
 * its lock word there (shared/mono-bcl-contract.md §1.1):
 *
 *     +8  u32  lock recursion count (0 = not held; the guest has one thread, so a held lock is
 *              always held by it)
 *     +12 u32  hash code | HASH_ASSIGNED, 0 until first asked for
 *
 * The collector never moves objects, so a hash derived from the first address stays valid; it is
 * Mono's own formula (monitor.c `mono_object_hash`): (address >> 3) * 2654435761, 30 bits.
 *
 * Semantics with one thread: Enter always succeeds (recursively); Exit without a matching Enter is
 * SynchronizationLockException; `try_enter_with_atomic_var` insists on `lockTaken == false` on
 * entry (ArgumentException) and sets it; Wait with an infinite timeout can never be pulsed — a
 * named DeadlockError, never a hang; a finite Wait times out (false) after advancing the virtual
 * clock, as Sleep does; Pulse/PulseAll have no waiter to wake.
 */
import { DeadlockError } from '../../../loader/dlls/kernel32/synchapi';
import type { VirtualClock } from '../../../loader/os';
import { icall, type IcallContext, type IcallTable } from './registry';

/** Offsets in the sync word. */
const enum SyncWord {
  /** Lock recursion count (u32). */
  LockCount = 8,
  /** Hash code with HASH_ASSIGNED (u32). */
  Hash = 12,
}

const HASH_ASSIGNED = 0x8000_0000;
const HASH_MASK = 0x3fff_ffff;
const NOT_SYNCHRONIZED = 'Object synchronization method was called from an unsynchronized block of code.';

function nonNull(ctx: IcallContext, obj: bigint, parameter = 'obj'): bigint {
  if (obj === 0n) return ctx.rt.helpers.raise('System.ArgumentNullException', `Value cannot be null.\r\nParameter name: ${parameter}`, ctx.call);
  return obj;
}

const lockCount = (ctx: IcallContext, obj: bigint): number => ctx.rt.machine.memory.u32(obj + BigInt(SyncWord.LockCount));
const setLockCount = (ctx: IcallContext, obj: bigint, n: number): void => ctx.rt.machine.memory.setU32(obj + BigInt(SyncWord.LockCount), n);

function enter(ctx: IcallContext, obj: bigint): void {
  setLockCount(ctx, nonNull(ctx, obj), lockCount(ctx, obj) + 1);
}

/** The lock must be held (Exit, Wait, Pulse). */
function requireOwner(ctx: IcallContext, obj: bigint): number {
  const n = lockCount(ctx, nonNull(ctx, obj));
  if (n === 0) return ctx.rt.helpers.raise('System.Threading.SynchronizationLockException', NOT_SYNCHRONIZED, ctx.call);
  return n;
}

/** Mono's object hash, assigned once per object and kept in the header. */
export function objectHash(ctx: IcallContext, obj: bigint): number {
  const mem = ctx.rt.machine.memory;
  const word = mem.u32(obj + BigInt(SyncWord.Hash));
  if (word & HASH_ASSIGNED) return word & HASH_MASK;
  const hash = Number((BigInt.asUintN(32, (obj >> 3n) * 2654435761n)) & BigInt(HASH_MASK));
  mem.setU32(obj + BigInt(SyncWord.Hash), (hash | HASH_ASSIGNED) >>> 0);
  return hash;
}

export const monitorIcalls: IcallTable = [
  icall('System.Threading.Monitor::Enter(object)', ['ref'], 'void', (ctx, obj) => enter(ctx, obj)),
  icall('System.Threading.Monitor::try_enter_with_atomic_var(object,int,bool&)', ['ref', 'i32', 'ptr'], 'void', (ctx, obj, _ms, taken) => {
    nonNull(ctx, obj);
    const mem = ctx.rt.machine.memory;
    if (mem.u8(taken) !== 0) return ctx.rt.helpers.raise('System.ArgumentException', 'Argument must be initialized to false\r\nParameter name: lockTaken', ctx.call);
    enter(ctx, obj);
    mem.setU8(taken, 1);
  }),
  icall('System.Threading.Monitor::Exit(object)', ['ref'], 'void', (ctx, obj) => {
    setLockCount(ctx, obj, requireOwner(ctx, obj) - 1);
  }),
  icall('System.Threading.Monitor::Monitor_test_owner(object)', ['ref'], 'bool', (ctx, obj) => lockCount(ctx, nonNull(ctx, obj)) > 0),
  icall('System.Threading.Monitor::Monitor_test_synchronised(object)', ['ref'], 'bool', (ctx, obj) => lockCount(ctx, nonNull(ctx, obj)) > 0),
  icall('System.Threading.Monitor::Monitor_pulse(object)', ['ref'], 'void', (ctx, obj) => { requireOwner(ctx, obj); }),
  icall('System.Threading.Monitor::Monitor_pulse_all(object)', ['ref'], 'void', (ctx, obj) => { requireOwner(ctx, obj); }),
  icall('System.Threading.Monitor::Monitor_wait(object,int)', ['ref', 'i32'], 'bool', (ctx, obj, ms) => {
    requireOwner(ctx, obj);
    if (ms < 0) throw new DeadlockError('Monitor.Wait(Timeout.Infinite)', obj);
    (ctx.os('the virtual clock').clock as Partial<VirtualClock> & { advance?(ms: number): void }).advance?.(ms);
    return false;
  }),
  icall('System.Object::InternalGetHashCode(object)', ['ref'], 'i32', (ctx, obj) => (obj === 0n ? 0 : objectHash(ctx, obj))),
];
