/**
 * The CIL walker: decodes a method body once, finds its basic blocks, and drives a worklist over
 * them. The importer and a verifier both use it (one walker, per-opcode hooks on top), so block
 * discovery and "is this a valid branch target" are decided in one place.
 *
 * Block boundaries (ECMA-335 §III.1.7.5, §II.19): offset 0; every branch and switch target; the
 * instruction after any branch, switch, return, throw or leave; every try start and end, handler
 * start and end, and filter start. A branch target that is not the start of an instruction, or
 * falls outside the body, is an InvalidProgramError (§III.1.7.4). So is control falling off the
 * end of the body.
 */
import { InvalidProgramError } from '../errors';
import { JitEhClause } from '../host';
import { CilInstr, decodeIl, FlowKind } from './decode';

/** A basic block of CIL: a run of instructions entered only at its first one. */
export interface CilBlock {
  /** Dense index in IL order. */
  readonly index: number;
  /** IL offset of the first instruction. */
  readonly start: number;
  /** IL offset just past the last instruction. */
  readonly end: number;
  readonly instrs: readonly CilInstr[];
  /** Blocks control can reach directly from the end of this one, in the order the last instruction names them. */
  readonly successors: readonly CilBlock[];
  /** The first block of a handler or filter: entered by the runtime with the exception object on the stack (catch, filter) or an empty one. */
  readonly handlerEntry: JitEhClause | null;
}

/** A decoded method body split into blocks. */
export class CilMethod {
  readonly blocks: CilBlock[];
  private readonly byStart = new Map<number, CilBlock>();

  constructor(
    readonly name: string,
    readonly instrs: readonly CilInstr[],
    blocks: CilBlock[],
  ) {
    this.blocks = blocks;
    for (const b of blocks) this.byStart.set(b.start, b);
  }

  /** The block starting at `offset` (every branch target is one). */
  blockAt(offset: number): CilBlock {
    const b = this.byStart.get(offset);
    if (!b) throw new InvalidProgramError(`no block starts at IL_${offset.toString(16).padStart(4, '0')}`, { method: this.name, ilOffset: offset });
    return b;
  }
}

interface MutableBlock {
  index: number;
  start: number;
  end: number;
  instrs: CilInstr[];
  successors: CilBlock[];
  handlerEntry: JitEhClause | null;
}

/** Decodes `il` and splits it into basic blocks. */
export function buildCilMethod(name: string, il: Uint8Array, eh: readonly JitEhClause[]): CilMethod {
  const instrs = decodeIl(il, name);
  const boundary = new Set<number>();
  const isInstrStart = new Set<number>(instrs.map((i) => i.offset));
  const site = (ilOffset: number) => ({ method: name, ilOffset });
  if (instrs.length === 0) throw new InvalidProgramError('empty method body', { method: name });

  const mark = (target: number, from: number, what: string): void => {
    if (target === il.length && what === 'end of a protected region') return; // a region may end at the body's end
    if (!isInstrStart.has(target)) {
      throw new InvalidProgramError(`${what} IL_${target.toString(16).padStart(4, '0')} is not the start of an instruction`, site(from));
    }
    boundary.add(target);
  };

  boundary.add(0);
  for (const ins of instrs) {
    for (const t of ins.targets) mark(t, ins.offset, 'branch target');
    if (ins.flow !== FlowKind.Next && ins.flow !== FlowKind.Call) {
      const next = ins.offset + ins.size;
      if (next < il.length) boundary.add(next);
    }
  }
  for (const c of eh) {
    mark(c.tryOffset, c.tryOffset, 'try start');
    mark(c.tryOffset + c.tryLength, c.tryOffset, 'end of a protected region');
    mark(c.handlerOffset, c.handlerOffset, 'handler start');
    mark(c.handlerOffset + c.handlerLength, c.handlerOffset, 'end of a protected region');
    if (c.kind === 'filter' && c.filterOffset !== undefined) mark(c.filterOffset, c.filterOffset, 'filter start');
  }

  // Split the instruction list at the boundaries.
  const blocks: MutableBlock[] = [];
  let cur: MutableBlock | null = null;
  for (const ins of instrs) {
    if (!cur || boundary.has(ins.offset)) {
      cur = { index: blocks.length, start: ins.offset, end: ins.offset, instrs: [], successors: [], handlerEntry: null };
      blocks.push(cur);
    }
    cur.instrs.push(ins);
    cur.end = ins.offset + ins.size;
  }
  const byStart = new Map<number, MutableBlock>(blocks.map((b) => [b.start, b]));
  for (const c of eh) {
    const h = byStart.get(c.handlerOffset);
    if (h) h.handlerEntry = c;
    if (c.kind === 'filter' && c.filterOffset !== undefined) {
      const f = byStart.get(c.filterOffset);
      if (f) f.handlerEntry = c;
    }
  }

  for (const b of blocks) {
    const last = b.instrs[b.instrs.length - 1]!;
    const succ: CilBlock[] = [];
    const fallsThrough = last.flow === FlowKind.Next || last.flow === FlowKind.Call || last.flow === FlowKind.CondBranch;
    // A conditional branch names its target first, then falls through (the IR keeps that order).
    for (const t of last.targets) succ.push(byStart.get(t)! as CilBlock);
    if (fallsThrough) {
      const next = byStart.get(b.end);
      if (!next) throw new InvalidProgramError('control falls off the end of the method body', site(last.offset));
      succ.push(next as CilBlock);
    }
    b.successors = succ;
  }
  return new CilMethod(name, instrs, blocks as CilBlock[]);
}

/**
 * Visits reachable blocks: first the `roots`, then whatever `visit` returns (the successors whose
 * entry state changed and so must be visited again). Terminates when no entry state changes;
 * the visitor guarantees that by only widening entry states, a finite lattice (§III.1.8.1.3).
 */
export function walkBlocks(roots: readonly CilBlock[], visit: (b: CilBlock) => Iterable<CilBlock>): void {
  const queue: CilBlock[] = [...roots];
  const queued = new Set<CilBlock>(roots);
  while (queue.length) {
    const b = queue.shift()!;
    queued.delete(b);
    for (const s of visit(b)) {
      if (!queued.has(s)) {
        queued.add(s);
        queue.push(s);
      }
    }
  }
}
