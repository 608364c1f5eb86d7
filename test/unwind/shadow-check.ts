/**
 * The strongest unwinder check we have: run real code and, at every instruction of every function
 * that has .pdata, walk the stack and compare each unwound caller frame with a shadow stack
 * recorded when each function was entered — the return address, the caller's RSP, and every
 * nonvolatile register (RBX, RBP, RSI, RDI, R12–R15, XMM6–XMM15), which the Windows x64 ABI says
 * must be what the caller had. Prologs, bodies and epilogs are all covered this way. Code without
 * .pdata (mingw's ___chkstk_ms) runs unchecked: no unwinder could describe it.
 */
import { CALL_SENTINEL, Reg, RunOutcome } from '../../emu';
import { Context64, captureContext, createModuleLookup, walkStack } from '../../loader/unwind';
import { Symbolizer } from '../../src/trace/symbols';
import { MappedTestImage } from './map-image';

const NONVOLATILE = ['rbx', 'rbp', 'rsi', 'rdi', 'r12', 'r13', 'r14', 'r15'] as const;
const NONVOLATILE_XMM = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

interface EntryRecord {
  fn: string;
  entryRsp: bigint;
  returnAddress: bigint;
  regs: Context64;
}

export interface ShadowCheckResult {
  outcome: RunOutcome;
  /** main's return value. */
  rax: bigint;
  /** Instruction addresses checked, by function name. */
  visited: Map<string, Set<bigint>>;
  /** Caller frames compared with the shadow stack. */
  checkedFrames: number;
}

/**
 * `module!name+0x12` → `name`. gcc's hot/cold splitting moves unlikely code to `name.cold`, which
 * is part of the same invocation (entered by a jump, with its own .pdata describing the same frame),
 * so it counts as `name`.
 */
export function functionName(symbol: string): string {
  return symbol.replace(/^[^!]*!/, '').replace(/\+0x[0-9a-f]+$/, '').replace(/\.cold$/, '');
}

/** Starts main(argc, argv) with a sentinel return address, as the CRT start-up would call it. */
export function startMain(mapped: MappedTestImage, main: bigint, argc: bigint, maxInstructions = 2_000_000): RunOutcome {
  const { machine } = mapped;
  const rsp = mapped.stackTop - 8n;
  machine.memory.setU64(rsp, CALL_SENTINEL);
  machine.setReg(Reg.RSP, rsp);
  machine.setReg(Reg.RCX, argc);
  machine.setReg(Reg.RDX, 0n);
  return machine.run({ begin: main, until: CALL_SENTINEL, maxInstructions });
}

/** Runs main with the check at every instruction; a mismatch throws a jest assertion error. */
export function runMainWithShadowCheck(mapped: MappedTestImage, symbolizer: Symbolizer, argc: bigint): ShadowCheckResult {
  const { machine, base } = mapped;
  const lookup = createModuleLookup(machine.memory, () => [{ base, size: mapped.size }]);
  const ranges = mapped.image.exceptionTable.map((f) => ({
    begin: base + BigInt(f.beginRva),
    end: base + BigInt(f.endRva),
    name: functionName(symbolizer.symbolize(base + BigInt(f.beginRva))),
  }));
  const low = ranges.reduce((a, r) => (r.begin < a ? r.begin : a), ranges[0].begin);
  const high = ranges.reduce((a, r) => (r.end > a ? r.end : a), ranges[0].end);
  // Function entries (a cold part is reached by a jump, not a call: not an entry).
  const coldParts = new Set(mapped.image.exceptionTable.map((f) => base + BigInt(f.beginRva)).filter((a) => symbolizer.symbolize(a).endsWith('.cold')));
  const beginOf = new Map(ranges.filter((r) => !coldParts.has(r.begin)).map((r) => [r.begin, r.name]));
  const shadow: EntryRecord[] = [];
  const visited = new Map<string, Set<bigint>>();
  let checkedFrames = 0;

  const hook = machine.addCodeHook(low, high, (addr) => {
    const ctx = captureContext(machine);
    const entered = beginOf.get(addr);
    // Returned functions are above RSP; a function entered by a tail jump replaces its jumper.
    while (shadow.length && (shadow[shadow.length - 1].entryRsp < ctx.rsp || (entered && shadow[shadow.length - 1].entryRsp === ctx.rsp))) shadow.pop();
    if (entered) shadow.push({ fn: entered, entryRsp: ctx.rsp, returnAddress: machine.memory.u64(ctx.rsp), regs: ctx });
    const range = ranges.find((r) => addr >= r.begin && addr < r.end);
    if (!range) return; // padding between the functions, or code without .pdata
    (visited.get(range.name) ?? visited.set(range.name, new Set()).get(range.name)!).add(addr);

    const frames = walkStack(machine.memory, ctx, lookup);
    const names = frames.map((f) => functionName(symbolizer.symbolize(f.rip)));
    const depth = shadow.length;
    const where = `at ${symbolizer.symbolize(addr)}`;
    expect({ where, names: names.slice(0, depth) }).toEqual({ where, names: shadow.map((s) => s.fn).reverse() });
    for (let i = 1; i <= depth; i++) {
      const record = shadow[depth - i];
      const frame = frames[i];
      const at = `${where}, frame ${i}`;
      expect({ at, rip: frame.rip, rsp: frame.rsp }).toEqual({ at, rip: record.returnAddress, rsp: record.entryRsp + 8n });
      for (const r of NONVOLATILE) expect({ at, r, v: frame[r] }).toEqual({ at, r, v: record.regs[r] });
      for (const x of NONVOLATILE_XMM) expect({ at, x, v: Array.from(frame.xmm![x]!) }).toEqual({ at, x, v: Array.from(record.regs.xmm![x]!) });
      checkedFrames++;
    }
    expect({ where, bottom: frames[depth].rip }).toEqual({ where, bottom: CALL_SENTINEL });
  });

  try {
    const main = ranges.find((r) => r.name === 'main')!.begin;
    const outcome = startMain(mapped, main, argc);
    return { outcome, rax: machine.reg(Reg.RAX), visited, checkedFrames };
  } finally {
    hook.remove();
  }
}
