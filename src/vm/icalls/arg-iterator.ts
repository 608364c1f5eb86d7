/**
 * System.ArgIterator internal calls (Mono's icall-def.h, ARGI group) over this runtime's vararg
 * convention (src/vm/varargs.ts): a RuntimeArgumentHandle points at the signature cookie's home
 * slot, followed by one 8-byte slot per variadic argument.
 *
 * ArgIterator is Mono's auto-layout struct `{IntPtr sig; IntPtr args; int next_arg; int
 * num_args}`; the offsets are read from the loaded type. Here `sig` holds the cookie, `args` the
 * slot of the next argument, and the managed code compares `next_arg` with `num_args`.
 *  - `Setup(IntPtr argsp, IntPtr start)`: reads the cookie at `argsp`; iteration starts at the
 *    slot after it, or at `start` when that is not null (the `ArgIterator(handle, void*)` form);
 *  - `IntGetNextArg(void* res)`: the next argument as a TypedReference `{type; Value; Type}`
 *    (typed-references.ts) at `res`, and advances;
 *  - `IntGetNextArgWithType(void* res, IntPtr type)`: skips arguments until one of exactly that
 *    type handle, returns it as a TypedReference and advances past it; none left: a zeroed one;
 *  - `IntGetNextArgType()`: the next argument's type handle, without advancing.
 * A call past the end is refused by the managed callers (InvalidOperationException) before the
 * icall runs; the icalls still check and fail with a named error rather than read past the slots.
 */
import type { TypeDesc } from '../type-desc';
import { varargs, variadicValueAddress } from '../varargs';
import { IcallArgumentError } from './errors';
import { icall, type IcallContext, type IcallTable } from './registry';

interface IteratorLayout {
  readonly sig: number;
  readonly args: number;
  readonly nextArg: number;
  readonly numArgs: number;
}

const layouts = new WeakMap<object, IteratorLayout>();

function layoutOf(ctx: IcallContext): IteratorLayout {
  const rt = ctx.rt;
  const known = layouts.get(rt);
  if (known) return known;
  const t = rt.types.ensureLoaded(rt.types.corlibType('System.ArgIterator'));
  const find = (name: string): number => {
    const f = t.instanceFields.find((x) => x.name === name);
    if (!f) throw new IcallArgumentError(ctx.icall, 'this', `System.ArgIterator has no field ${name} (Mono's layout expected)`);
    return f.offset;
  };
  const l = { sig: find('sig'), args: find('args'), nextArg: find('next_arg'), numArgs: find('num_args') };
  layouts.set(rt, l);
  return l;
}

/** The iterator at `self`: its cookie's types, the index of the next argument and its slot. */
function state(ctx: IcallContext, self: bigint): { types: readonly TypeDesc[]; next: number; slot: bigint; l: IteratorLayout } {
  const mem = ctx.rt.machine.memory;
  const l = layoutOf(ctx);
  const cookie = mem.u64(self + BigInt(l.sig));
  const types = varargs(ctx.rt).typesOf(cookie);
  if (!types) throw new IcallArgumentError(ctx.icall, 'this', `the ArgIterator at 0x${self.toString(16)} was not set up over a vararg call (cookie 0x${cookie.toString(16)})`);
  return { types, next: mem.u32(self + BigInt(l.nextArg)) | 0, slot: mem.u64(self + BigInt(l.args)), l };
}

/** Writes the TypedReference of the argument of `type` in `slot` to `res`. */
function writeTypedReference(ctx: IcallContext, res: bigint, type: TypeDesc | null, slot: bigint): void {
  const mem = ctx.rt.machine.memory;
  const mt = type ? type.methodTable : 0n;
  mem.setU64(res, mt);
  mem.setU64(res + 8n, type ? variadicValueAddress(ctx.rt, type, slot) : 0n);
  mem.setU64(res + 16n, mt);
}

function advance(ctx: IcallContext, self: bigint, l: IteratorLayout, next: number, slot: bigint): void {
  const mem = ctx.rt.machine.memory;
  mem.setU32(self + BigInt(l.nextArg), next);
  mem.setU64(self + BigInt(l.args), slot);
}

export const argIteratorIcalls: IcallTable = [
  icall('System.ArgIterator::Setup(intptr,intptr)', ['ptr', 'ptr', 'ptr'], 'void', (ctx, self, argsp, start) => {
    const mem = ctx.rt.machine.memory;
    const l = layoutOf(ctx);
    const cookie = mem.u64(argsp);
    const types = varargs(ctx.rt).typesOf(cookie);
    if (!types) throw new IcallArgumentError(ctx.icall, 'argsp', `0x${argsp.toString(16)} is not a RuntimeArgumentHandle of this runtime (no signature cookie there)`);
    mem.setU64(self + BigInt(l.sig), cookie);
    mem.setU64(self + BigInt(l.args), start !== 0n ? start : argsp + 8n);
    mem.setU32(self + BigInt(l.nextArg), 0);
    mem.setU32(self + BigInt(l.numArgs), types.length);
  }),
  icall('System.ArgIterator::IntGetNextArg(void*)', ['ptr', 'ptr'], 'void', (ctx, self, res) => {
    const { types, next, slot, l } = state(ctx, self);
    if (next < 0 || next >= types.length) throw new IcallArgumentError(ctx.icall, 'this', `no argument left (${next} of ${types.length} taken)`);
    writeTypedReference(ctx, res, types[next]!, slot);
    advance(ctx, self, l, next + 1, slot + 8n);
  }),
  icall('System.ArgIterator::IntGetNextArgWithType(void*,intptr)', ['ptr', 'ptr', 'ptr'], 'void', (ctx, self, res, handle) => {
    const st = state(ctx, self);
    let { next, slot } = st;
    for (; next >= 0 && next < st.types.length; next++, slot += 8n) {
      if (st.types[next]!.methodTable !== handle) continue;
      writeTypedReference(ctx, res, st.types[next]!, slot);
      advance(ctx, self, st.l, next + 1, slot + 8n);
      return;
    }
    writeTypedReference(ctx, res, null, 0n);
    advance(ctx, self, st.l, next, slot);
  }),
  icall('System.ArgIterator::IntGetNextArgType()', ['ptr'], 'ptr', (ctx, self) => {
    const { types, next } = state(ctx, self);
    if (next < 0 || next >= types.length) throw new IcallArgumentError(ctx.icall, 'this', `no argument left (${next} of ${types.length} taken)`);
    return types[next]!.methodTable;
  }),
];
