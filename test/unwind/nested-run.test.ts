/**
 * Unwinding real mingw-w64 code while it runs on the emulated CPU (inputs/nested.c): a chain
 * main → outer → with_saved_regs → with_alloca (frame pointer + alloca) → with_xmm (saves XMM6/7)
 * → deepest_leaf.
 *
 *  - At every instruction of those functions and of the C runtime code main reaches, the stack
 *    walk is checked against a shadow stack (see shadow-check.ts).
 *  - With an argument the program writes through a null pointer in deepest_leaf; the walk from the
 *    fault names every caller, and so does the crash report built from it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CALL_SENTINEL, GateCall } from '../../emu';
import { captureContext, createModuleLookup, walkStackDetailed } from '../../loader/unwind';
import { Symbolizer } from '../../src/trace/symbols';
import { buildCrashReport, formatCrashReport } from '../../src/trace/crash-report';
import { mapTestImage, MappedTestImage } from './map-image';
import { functionName, runMainWithShadowCheck, startMain } from './shadow-check';

const file = path.resolve(__dirname, '../../build/test/unwind/inputs/nested.exe');
const CHAIN = ['deepest_leaf', 'with_xmm', 'with_alloca', 'with_saved_regs', 'outer', 'main'];

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

test('EveryInstructionFromMain_WalkRestoresEachCallersFrame', () => {
  const { mapped, symbolizer } = setup();
  try {
    const result = runMainWithShadowCheck(mapped, symbolizer, 1n);
    expect(result.outcome).toEqual({ kind: 'returned' });
    expect(result.rax).toBe(0n); // main's own check of the computed value
    // Every instruction of every function in the chain was checked, epilogs included, and more.
    for (const name of CHAIN) expect(result.visited.get(name)?.size ?? 0).toBeGreaterThan(3);
    expect(result.visited.size).toBeGreaterThan(CHAIN.length);
    expect(result.checkedFrames).toBeGreaterThan(100);
  } finally {
    mapped.machine.close();
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
