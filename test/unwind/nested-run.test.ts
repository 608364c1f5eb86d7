/**
 * Unwinding real mingw-w64 code while it runs on the emulated CPU (inputs/nested.c): a chain
 * main → outer → with_saved_regs → with_alloca (frame pointer + alloca) → with_xmm (saves XMM6/7)
 * → deepest_leaf.
 *
 *  - At every instruction of those functions (prologs, bodies, epilogs) a code hook walks the
 *    stack and checks each unwound caller frame against a shadow stack recorded at function entry:
 *    return address, caller RSP, and every nonvolatile register (RBX, RBP, RSI, RDI, R12–R15, XMM6/7).
 *  - With an argument the program writes through a null pointer in deepest_leaf; the walk from the
 *    fault names every caller, and so does the crash report built from it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CALL_SENTINEL, GateCall, Reg } from '../../emu';
import { Context64, captureContext, createModuleLookup, walkStack, walkStackDetailed } from '../../loader/unwind';
import { Symbolizer } from '../../src/trace/symbols';
import { buildCrashReport, formatCrashReport } from '../../src/trace/crash-report';
import { mapTestImage, MappedTestImage } from './map-image';

const file = path.resolve(__dirname, '../../build/test/unwind/inputs/nested.exe');
const CHAIN = ['deepest_leaf', 'with_xmm', 'with_alloca', 'with_saved_regs', 'outer', 'main'];
const NONVOLATILE = ['rbx', 'rbp', 'rsi', 'rdi', 'r12', 'r13', 'r14', 'r15'] as const;

function strlen(call: GateCall): bigint {
  const s = call.machine.memory.cString(call.arg(0));
  return BigInt(s.length);
}

function memset(call: GateCall): bigint {
  const dest = call.arg(0);
  call.machine.memory.write(dest, new Uint8Array(Number(call.arg(2))).fill(Number(call.arg(1) & 0xffn)));
  return dest;
}

function setup(): { mapped: MappedTestImage; symbolizer: Symbolizer } {
  if (!fs.existsSync(file)) throw new Error('build/test/unwind/inputs/nested.exe is missing: run node dist/scripts/setup.js');
  const mapped = mapTestImage(file, {
    strlen,
    memset,
    // __main registers the destructor list; success is the function pointer back.
    _onexit: (call) => call.arg(0),
  });
  const module = { name: 'nested.exe', path: 'C:\\test\\nested.exe', base: mapped.base, size: mapped.size };
  const symbolizer = new Symbolizer({ modules: () => [module], readFile: () => mapped.bytes });
  return { mapped, symbolizer };
}

/** Starts main(argc, argv) with a sentinel return address, as the CRT start-up would call it. */
function startMain(mapped: MappedTestImage, main: bigint, argc: bigint) {
  const { machine } = mapped;
  const rsp = mapped.stackTop - 8n;
  machine.memory.setU64(rsp, CALL_SENTINEL);
  machine.setReg(Reg.RSP, rsp);
  machine.setReg(Reg.RCX, argc);
  machine.setReg(Reg.RDX, 0n);
  return machine.run({ begin: main, until: CALL_SENTINEL, maxInstructions: 1_000_000 });
}

function functionName(symbol: string): string {
  return symbol.replace(/^nested\.exe!/, '').replace(/\+0x[0-9a-f]+$/, '');
}

interface EntryRecord {
  fn: string;
  entryRsp: bigint;
  returnAddress: bigint;
  regs: Context64;
}

test('EveryInstructionFromMain_WalkRestoresEachCallersFrame', () => {
  const { mapped, symbolizer } = setup();
  const { machine, base } = mapped;
  try {
    const lookup = createModuleLookup(machine.memory, () => [{ base, size: mapped.size }]);
    // Function ranges come from .pdata, names from the COFF symbols. Every function main reaches is
    // checked (the C runtime's __main and what it calls too); code without .pdata (___chkstk_ms)
    // is run but not checked, as no unwinder could describe it.
    const ranges = mapped.image.exceptionTable.map((f) => ({
      begin: base + BigInt(f.beginRva),
      end: base + BigInt(f.endRva),
      name: functionName(symbolizer.symbolize(base + BigInt(f.beginRva))),
    }));
    expect(ranges.filter((r) => CHAIN.includes(r.name)).map((r) => r.name).sort()).toEqual([...CHAIN].sort());
    const low = ranges.reduce((a, r) => (r.begin < a ? r.begin : a), ranges[0].begin);
    const high = ranges.reduce((a, r) => (r.end > a ? r.end : a), ranges[0].end);
    const beginOf = new Map(ranges.map((r) => [r.begin, r.name]));
    const shadow: EntryRecord[] = [];
    const visited = new Map<string, Set<bigint>>();
    let checkedFrames = 0;

    machine.addCodeHook(low, high, (addr) => {
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
      expect(names.slice(0, depth)).toEqual(shadow.map((s) => s.fn).reverse());
      for (let i = 1; i <= depth; i++) {
        const record = shadow[depth - i];
        const frame = frames[i];
        const where = `${names[0]} at ${symbolizer.symbolize(addr)}, frame ${i}`;
        expect({ where, rip: frame.rip, rsp: frame.rsp }).toEqual({ where, rip: record.returnAddress, rsp: record.entryRsp + 8n });
        for (const r of NONVOLATILE) expect({ where, r, v: frame[r] }).toEqual({ where, r, v: record.regs[r] });
        for (const x of [6, 7]) expect({ where, x, v: Array.from(frame.xmm![x]!) }).toEqual({ where, x, v: Array.from(record.regs.xmm![x]!) });
        checkedFrames++;
      }
      expect(frames[depth].rip).toBe(CALL_SENTINEL);
    });

    const main = ranges.find((r) => r.name === 'main')!.begin;
    const outcome = startMain(mapped, main, 1n);
    expect(outcome).toEqual({ kind: 'returned' });
    expect(machine.reg(Reg.RAX)).toBe(0n); // main's own check of the computed value
    // Every instruction of every function in the chain was checked, epilogs included, and more.
    for (const name of CHAIN) expect(visited.get(name)?.size ?? 0).toBeGreaterThan(3);
    expect(visited.size).toBeGreaterThan(CHAIN.length);
    expect(checkedFrames).toBeGreaterThan(100);
  } finally {
    machine.close();
  }
});

test('NullWriteInDeepestLeaf_WalkFromFault_NamesEveryCaller', () => {
  const { mapped, symbolizer } = setup();
  const { machine, base } = mapped;
  try {
    const mainRva = mapped.image.exceptionTable.find((f) => functionName(symbolizer.symbolize(base + BigInt(f.beginRva))) === 'main')!.beginRva;
    const outcome = startMain(mapped, base + BigInt(mainRva), 2n);
    if (outcome.kind !== 'fault') throw new Error(`expected a fault, got ${outcome.kind}`);
    expect(outcome.fault.kind).toBe('access-violation');
    expect(outcome.fault.access).toBe('write');
    const ctx = captureContext(machine);
    const lookup = createModuleLookup(machine.memory, () => [{ base, size: mapped.size }]);
    const walk = walkStackDetailed(machine.memory, ctx, lookup);
    const names = walk.frames.map((f) => functionName(symbolizer.symbolize(f.rip)));
    expect(names.slice(0, CHAIN.length)).toEqual(CHAIN);
    expect(walk.frames[CHAIN.length].rip).toBe(CALL_SENTINEL);

    // The disassembled instruction line is checked through the CLI (test/trace/crash-golden):
    // capstone needs dynamic import, which Jest's module sandbox only allows behind a flag.
    const disassembler = { decode: () => [] };
    const report = buildCrashReport({
      fault: outcome.fault,
      context: ctx,
      memory: machine.memory,
      modules: [{ name: 'nested.exe', path: 'C:\\test\\nested.exe', base, size: mapped.size }],
      lookup,
      disassembler,
      symbolize: symbolizer.symbolize,
      gateName: (a) => machine.gates.nameAt(a),
    });
    const text = formatCrashReport(report);
    expect(text).toMatch(/^Unhandled exception 0xC0000005 \(EXCEPTION_ACCESS_VIOLATION\) at 0x0000000140/);
    expect(text).toMatch(/nested\.exe!deepest_leaf\+0x[0-9a-f]+: \(not a valid instruction\)   \(89 0c 25 00 00 00 00 /);
    expect(text).toContain('Attempt to write to address 0x0000000000000000');
    for (const fn of CHAIN) expect(text).toContain(`nested.exe!${fn}`);
    expect(JSON.parse(JSON.stringify(report)).stack[1].symbol).toMatch(/^nested\.exe!with_xmm\+0x/);
    // The test called main from the host: the walk ends at that boundary, not in garbage beyond.
    expect(report.stack.map((f) => f.symbol).slice(CHAIN.length)).toEqual(['<called from the host (clremu)>']);
    expect(report.stackNote).toBeUndefined();
  } finally {
    machine.close();
  }
});
