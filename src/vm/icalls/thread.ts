/**
 * `System.Threading.Thread` icalls that need no thread objects (icall-def.h group THREAD):
 * barriers and spins (nothing to order or wait for on one emulated CPU that the gate has
 * stopped), `SleepInternal` (advances the virtual clock as kernel32!Sleep does; an infinite sleep
 * on the only thread is a named DeadlockError), and the `VolatileRead`/`VolatileWrite` overloads
 * (plain loads and stores of the exact width: the emulated CPU is sequentially consistent).
 */
import { DeadlockError } from '../../../loader/dlls/kernel32/synchapi';
import type { VirtualClock } from '../../../loader/os';
import type { Memory } from '../../../emu';
import { icall, type IcallContext, type IcallDefinition, type IcallTable } from './registry';
import type { IcallKind } from './signature';

const T = 'System.Threading.Thread::';

interface Width {
  readonly mono: string;
  readonly kind: IcallKind;
  readonly load: (m: Memory, p: bigint) => number | bigint;
  readonly store: (m: Memory, p: bigint, v: number | bigint) => void;
}

const u = (n: number | bigint): number => Number(n);
const WIDTHS: readonly Width[] = [
  { mono: 'byte', kind: 'u32', load: (m, p) => m.u8(p), store: (m, p, v) => m.setU8(p, u(v) & 0xff) },
  { mono: 'sbyte', kind: 'i32', load: (m, p) => (m.u8(p) << 24) >> 24, store: (m, p, v) => m.setU8(p, u(v) & 0xff) },
  { mono: 'int16', kind: 'i32', load: (m, p) => (m.u16(p) << 16) >> 16, store: (m, p, v) => m.setU16(p, u(v) & 0xffff) },
  { mono: 'uint16', kind: 'u32', load: (m, p) => m.u16(p), store: (m, p, v) => m.setU16(p, u(v) & 0xffff) },
  { mono: 'int', kind: 'i32', load: (m, p) => m.u32(p) | 0, store: (m, p, v) => m.setU32(p, u(v) >>> 0) },
  { mono: 'uint', kind: 'u32', load: (m, p) => m.u32(p), store: (m, p, v) => m.setU32(p, u(v) >>> 0) },
  { mono: 'long', kind: 'i64', load: (m, p) => BigInt.asIntN(64, m.u64(p)), store: (m, p, v) => m.setU64(p, BigInt.asUintN(64, v as bigint)) },
  { mono: 'ulong', kind: 'u64', load: (m, p) => m.u64(p), store: (m, p, v) => m.setU64(p, v as bigint) },
  { mono: 'intptr', kind: 'ptr', load: (m, p) => m.u64(p), store: (m, p, v) => m.setU64(p, v as bigint) },
  { mono: 'uintptr', kind: 'ptr', load: (m, p) => m.u64(p), store: (m, p, v) => m.setU64(p, v as bigint) },
  { mono: 'object', kind: 'ref', load: (m, p) => m.u64(p), store: (m, p, v) => m.setU64(p, v as bigint) },
  { mono: 'single', kind: 'f32', load: (m, p) => m.f32(p), store: (m, p, v) => m.setF32(p, v as number) },
  { mono: 'double', kind: 'f64', load: (m, p) => m.f64(p), store: (m, p, v) => m.setF64(p, v as number) },
];

/** One VolatileRead and one VolatileWrite per width; kinds come from the table, so the entries are built untyped. */
function volatileAccessors(): IcallDefinition[] {
  return WIDTHS.flatMap((w): IcallDefinition[] => [
    { key: `${T}VolatileRead(${w.mono}&)`, args: ['ptr'], ret: w.kind, leaf: true, impl: ((ctx: IcallContext, p: bigint) => w.load(ctx.rt.machine.memory, p)) as IcallDefinition['impl'] },
    {
      key: `${T}VolatileWrite(${w.mono}&,${w.mono})`, args: ['ptr', w.kind], ret: 'void', leaf: true,
      impl: ((ctx: IcallContext, p: bigint, v: number | bigint) => w.store(ctx.rt.machine.memory, p, v)) as IcallDefinition['impl'],
    },
  ]);
}

export const threadIcalls: IcallTable = [
  icall(`${T}MemoryBarrier()`, [], 'void', () => undefined),
  icall(`${T}SpinWait_nop()`, [], 'void', () => undefined),
  /** SwitchToThread: there is no other thread to run. */
  icall(`${T}YieldInternal()`, [], 'bool', () => false),
  icall(`${T}SleepInternal(int)`, ['i32'], 'void', (ctx, ms) => {
    if (ms < 0) throw new DeadlockError('Thread.Sleep(Timeout.Infinite)', 0n);
    (ctx.os('the virtual clock').clock as Partial<VirtualClock> & { advance?(ms: number): void }).advance?.(ms);
  }),
  ...volatileAccessors(),
];
