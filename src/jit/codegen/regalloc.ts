/**
 * Register allocation by linear scan (Poletto & Sarkar, "Linear Scan Register Allocation",
 * TOPLAS 1999) over the IR in block layout order.
 *
 * Liveness is the classic backward dataflow over blocks; each virtual register then gets one
 * interval, the hull of every position where it is live (no lifetime holes: simpler, and
 * conservative). Intervals are visited by increasing start; an interval whose predecessor in a
 * register has already ended takes that register; when none is free, the interval that ends last
 * is spilled to its frame slot.
 *
 * What it allocates, and why:
 *  - integer-typed locals, temporaries and block-entry values (not arguments: they arrive in
 *    their ABI registers and are homed to their stack slots by the prologue; not variables whose
 *    address is taken, which must stay in memory);
 *  - not object references or managed pointers: the baseline GC info reports references only in
 *    frame slots, so they stay there until the GC info tracks registers;
 *  - not floats: they would need the nonvolatile XMM6–15 saved with UWOP_SAVE_XMM128.
 * The pool is the callee-saved RBX, RSI, RDI, R12–R15, so values survive calls (to methods and
 * to helpers) without caller-side saves; the lowering's scratch registers (RAX, RCX, RDX, R8, R9,
 * XMM0–XMM5) are disjoint from it. The prologue pushes exactly the registers used.
 */
import { Block, IrFunction, Op, VReg, VRegKind } from '../ir/ir';
import { isInteger } from '../ir/types';
import { RegNum } from '../x64/registers';

/** Registers the allocator hands out, in preference order. */
export const ALLOCATABLE: readonly RegNum[] = [RegNum.RBX, RegNum.RSI, RegNum.RDI, RegNum.R12, RegNum.R13, RegNum.R14, RegNum.R15];

/** The allocation decided for a function. */
export interface RegisterAllocation {
  /** Registers of the vregs that got one; every other vreg lives in a frame slot. */
  readonly registers: ReadonlyMap<VReg, RegNum>;
  /** Callee-saved registers the code uses, in push order. */
  readonly saved: readonly RegNum[];
}

/** The allocation of the first tier: everything in frame slots. */
export const NO_REGISTERS: RegisterAllocation = { registers: new Map(), saved: [] };

/** A live interval [start, end] in instruction positions. */
export interface Interval {
  readonly vreg: VReg;
  start: number;
  end: number;
}

function termUses(b: Block): VReg[] {
  const t = b.term;
  if (!t) return [];
  switch (t.kind) {
    case 'branch':
      return t.b ? [t.a, t.b] : [t.a];
    case 'switch':
      return [t.value];
    case 'return':
      return t.value ? [t.value] : [];
    case 'throw':
      return [t.value];
    case 'jump':
    case 'resume':
      return [];
  }
}

/** Live intervals of every vreg, from block-level liveness (positions: 2 per operation). */
export function liveIntervals(f: IrFunction): Map<VReg, Interval> {
  const start = new Map<Block, number>();
  const end = new Map<Block, number>();
  const use = new Map<Block, Set<VReg>>();
  const def = new Map<Block, Set<VReg>>();
  let pos = 0;
  for (const b of f.blocks) {
    start.set(b, pos);
    const u = new Set<VReg>();
    const d = new Set<VReg>();
    for (const i of b.insts) {
      for (const a of i.args) if (!d.has(a)) u.add(a);
      if (i.dst) d.add(i.dst);
      pos += 2;
    }
    for (const a of termUses(b)) if (!d.has(a)) u.add(a);
    pos += 2;
    end.set(b, pos - 1);
    use.set(b, u);
    def.set(b, d);
  }
  // Backward dataflow to a fixed point: in = use ∪ (out − def); out = ∪ in(successors).
  const liveIn = new Map<Block, Set<VReg>>(f.blocks.map((b) => [b, new Set(use.get(b))]));
  const liveOut = new Map<Block, Set<VReg>>(f.blocks.map((b) => [b, new Set<VReg>()]));
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = f.blocks.length - 1; k >= 0; k--) {
      const b = f.blocks[k]!;
      const out = liveOut.get(b)!;
      for (const s of successorsWithHandlers(f, b)) for (const v of liveIn.get(s) ?? []) if (!out.has(v)) { out.add(v); changed = true; }
      const inn = liveIn.get(b)!;
      const d = def.get(b)!;
      for (const v of out) if (!d.has(v) && !inn.has(v)) { inn.add(v); changed = true; }
    }
  }
  const intervals = new Map<VReg, Interval>();
  const extend = (v: VReg, p: number): void => {
    const it = intervals.get(v);
    if (!it) intervals.set(v, { vreg: v, start: p, end: p });
    else {
      if (p < it.start) it.start = p;
      if (p > it.end) it.end = p;
    }
  };
  pos = 0;
  for (const b of f.blocks) {
    for (const v of liveIn.get(b)!) extend(v, start.get(b)!);
    for (const v of liveOut.get(b)!) extend(v, end.get(b)!);
    for (const i of b.insts) {
      for (const a of i.args) extend(a, pos);
      if (i.dst) extend(i.dst, pos);
      pos += 2;
    }
    for (const a of termUses(b)) extend(a, pos);
    pos += 2;
  }
  return intervals;
}

function allocatable(v: VReg, addressTaken: ReadonlySet<VReg>): boolean {
  return v.kind !== VRegKind.Arg && v.kind !== VRegKind.Var && isInteger(v.type) && !addressTaken.has(v);
}

/**
 * Control-flow successors including exceptional edges: a block inside a try region may transfer
 * to the clause's handler at any instruction, so whatever the handler reads stays live (and in
 * its register) across the whole protected region.
 */
export function successorsWithHandlers(f: IrFunction, b: Block): Block[] {
  const out = b.successors();
  for (const c of f.eh) {
    if (b.ilStart < c.tryStart || b.ilStart >= c.tryEnd) continue;
    out.push(c.handler);
    if (c.filter) out.push(c.filter);
  }
  return out;
}

/** Variables whose address is taken (`ldarga`/`ldloca`): they must stay in memory. */
export function addressTakenVars(f: IrFunction): Set<VReg> {
  const out = new Set<VReg>();
  for (const b of f.blocks) for (const i of b.insts) if (i.op === Op.AddrOf) out.add(i.args[0]!);
  return out;
}

/** Linear scan over `f`'s intervals with the callee-saved pool. */
export function linearScan(f: IrFunction, pool: readonly RegNum[] = ALLOCATABLE): RegisterAllocation {
  const taken = addressTakenVars(f);
  const intervals = [...liveIntervals(f).values()].filter((i) => allocatable(i.vreg, taken));
  intervals.sort((a, b) => a.start - b.start || a.vreg.id - b.vreg.id);
  const registers = new Map<VReg, RegNum>();
  const free = [...pool];
  let active: Interval[] = []; // sorted by end
  const used = new Set<RegNum>();
  for (const cur of intervals) {
    // Expire intervals that ended strictly before this one starts (an operation reads its
    // operands and writes its result at one position, so equal positions still conflict).
    active = active.filter((a) => {
      if (a.end < cur.start) {
        free.unshift(registers.get(a.vreg)!);
        return false;
      }
      return true;
    });
    if (free.length) {
      const r = free.shift()!;
      registers.set(cur.vreg, r);
      used.add(r);
      active.push(cur);
    } else {
      const last = active[active.length - 1]!;
      if (last.end > cur.end) {
        // Spill the interval that lives longest; the current one takes its register.
        const r = registers.get(last.vreg)!;
        registers.delete(last.vreg);
        registers.set(cur.vreg, r);
        active.pop();
        active.push(cur);
      }
    }
    active.sort((a, b) => a.end - b.end);
  }
  // Push order follows the pool's order, so prologues are stable across methods.
  return { registers, saved: pool.filter((r) => used.has(r)) };
}
