/**
 * `System.Threading.Interlocked` (icall-def.h group INTERLOCKED). The guest is single-threaded and
 * a gate runs with the CPU stopped, so each read-modify-write is atomic by construction; what
 * matters is exact semantics:
 *  - Increment/Decrement/Add wrap around and return the new value;
 *  - Exchange returns the old value; CompareExchange returns the old value and stores only when
 *    it equals the comparand. Floating-point comparands compare bit patterns (Mono does the
 *    64/32-bit integer exchange on the bits), so NaN can match NaN and -0 does not match +0;
 *  - the object overloads pass every operand by reference and return through `result`
 *    (`CompareExchange(ref object, ref object, ref object, ref object)`), as Mono's do.
 */
import type { Memory } from '../../../emu';
import { icall, type IcallTable } from './registry';

const i32 = (m: Memory, p: bigint): number => m.u32(p) | 0;
const i64 = (m: Memory, p: bigint): bigint => BigInt.asIntN(64, m.u64(p));
const setI64 = (m: Memory, p: bigint, v: bigint): void => m.setU64(p, BigInt.asUintN(64, v));

function add32(m: Memory, p: bigint, delta: number): number {
  const v = (i32(m, p) + delta) | 0;
  m.setU32(p, v >>> 0);
  return v;
}

function add64(m: Memory, p: bigint, delta: bigint): bigint {
  const v = BigInt.asIntN(64, i64(m, p) + delta);
  setI64(m, p, v);
  return v;
}

function f32Bits(v: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, v, true);
  return dv.getUint32(0, true);
}

function f64Bits(v: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v, true);
  return dv.getBigUint64(0, true);
}

const I = 'System.Threading.Interlocked::';

export const interlockedIcalls: IcallTable = [
  icall(`${I}Increment(int&)`, ['ptr'], 'i32', (ctx, p) => add32(ctx.rt.machine.memory, p, 1)),
  icall(`${I}Decrement(int&)`, ['ptr'], 'i32', (ctx, p) => add32(ctx.rt.machine.memory, p, -1)),
  icall(`${I}Add(int&,int)`, ['ptr', 'i32'], 'i32', (ctx, p, v) => add32(ctx.rt.machine.memory, p, v)),
  icall(`${I}Increment(long&)`, ['ptr'], 'i64', (ctx, p) => add64(ctx.rt.machine.memory, p, 1n)),
  icall(`${I}Decrement(long&)`, ['ptr'], 'i64', (ctx, p) => add64(ctx.rt.machine.memory, p, -1n)),
  icall(`${I}Read(long&)`, ['ptr'], 'i64', (ctx, p) => i64(ctx.rt.machine.memory, p)),
  icall(`${I}Add(long&,long)`, ['ptr', 'i64'], 'i64', (ctx, p, v) => add64(ctx.rt.machine.memory, p, BigInt.asIntN(64, v))),

  icall(`${I}Exchange(int&,int)`, ['ptr', 'i32'], 'i32', (ctx, p, v) => {
    const m = ctx.rt.machine.memory;
    const old = i32(m, p);
    m.setU32(p, v >>> 0);
    return old;
  }),
  icall(`${I}Exchange(long&,long)`, ['ptr', 'i64'], 'i64', (ctx, p, v) => {
    const m = ctx.rt.machine.memory;
    const old = i64(m, p);
    setI64(m, p, v);
    return old;
  }),
  icall(`${I}Exchange(intptr&,intptr)`, ['ptr', 'ptr'], 'ptr', (ctx, p, v) => {
    const m = ctx.rt.machine.memory;
    const old = m.u64(p);
    m.setU64(p, v);
    return old;
  }),
  icall(`${I}Exchange(single&,single)`, ['ptr', 'f32'], 'f32', (ctx, p, v) => {
    const m = ctx.rt.machine.memory;
    const old = m.f32(p);
    m.setF32(p, v);
    return old;
  }),
  icall(`${I}Exchange(double&,double)`, ['ptr', 'f64'], 'f64', (ctx, p, v) => {
    const m = ctx.rt.machine.memory;
    const old = m.f64(p);
    m.setF64(p, v);
    return old;
  }),
  icall(`${I}Exchange(object&,object&,object&)`, ['ptr', 'ptr', 'ptr'], 'void', (ctx, location, value, result) => {
    const m = ctx.rt.machine.memory;
    const old = m.u64(location);
    m.setU64(location, m.u64(value));
    m.setU64(result, old);
  }),

  icall(`${I}CompareExchange(int&,int,int)`, ['ptr', 'i32', 'i32'], 'i32', (ctx, p, v, comparand) => {
    const m = ctx.rt.machine.memory;
    const old = i32(m, p);
    if (old === comparand) m.setU32(p, v >>> 0);
    return old;
  }),
  icall(`${I}CompareExchange(int&,int,int,bool&)`, ['ptr', 'i32', 'i32', 'ptr'], 'i32', (ctx, p, v, comparand, succeeded) => {
    const m = ctx.rt.machine.memory;
    const old = i32(m, p);
    const ok = old === comparand;
    if (ok) m.setU32(p, v >>> 0);
    m.setU8(succeeded, ok ? 1 : 0);
    return old;
  }),
  icall(`${I}CompareExchange(long&,long,long)`, ['ptr', 'i64', 'i64'], 'i64', (ctx, p, v, comparand) => {
    const m = ctx.rt.machine.memory;
    const old = i64(m, p);
    if (old === BigInt.asIntN(64, comparand)) setI64(m, p, v);
    return old;
  }),
  icall(`${I}CompareExchange(intptr&,intptr,intptr)`, ['ptr', 'ptr', 'ptr'], 'ptr', (ctx, p, v, comparand) => {
    const m = ctx.rt.machine.memory;
    const old = m.u64(p);
    if (old === comparand) m.setU64(p, v);
    return old;
  }),
  icall(`${I}CompareExchange(single&,single,single)`, ['ptr', 'f32', 'f32'], 'f32', (ctx, p, v, comparand) => {
    const m = ctx.rt.machine.memory;
    const oldBits = m.u32(p);
    if (oldBits === f32Bits(comparand)) m.setF32(p, v);
    return new DataView(Uint32Array.of(oldBits).buffer).getFloat32(0, true);
  }),
  icall(`${I}CompareExchange(double&,double,double)`, ['ptr', 'f64', 'f64'], 'f64', (ctx, p, v, comparand) => {
    const m = ctx.rt.machine.memory;
    const oldBits = m.u64(p);
    if (oldBits === f64Bits(comparand)) m.setF64(p, v);
    return new DataView(BigUint64Array.of(oldBits).buffer).getFloat64(0, true);
  }),
  icall(`${I}CompareExchange(object&,object&,object&,object&)`, ['ptr', 'ptr', 'ptr', 'ptr'], 'void', (ctx, location, value, comparand, result) => {
    const m = ctx.rt.machine.memory;
    const old = m.u64(location);
    if (old === m.u64(comparand)) m.setU64(location, m.u64(value));
    m.setU64(result, old);
  }),
];
