/**
 * Instruction-trace throughput: the same guest loop run untraced, traced at block level (text and
 * JSON lines, written to a file under build/bench/), and traced per instruction with register
 * changes. Each traced row reports traced instructions per second with the untraced rate as the
 * reference, so the ratio is the tracing slowdown.
 *
 * The guest is a 6-instruction loop body (arithmetic and a conditional branch) written as machine
 * code, so the figure measures tracing rather than any one loader path; the instruction count is
 * exact (2 + 6·N + 1) and checked against the number of records written.
 *
 * A last row traces a whole program, the managed hello sample (loader, shim, JIT, Mono's class
 * library: millions of instructions over thousands of blocks, managed symbols included): records
 * per second of the traced run, against the same record count over the untraced run's time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Disassembler, Machine, Prot, Reg } from '../emu';
import { createKnownDlls, runImage, type RunResult } from '../loader';
import { registerMscoree } from '../src/mscoree';
import { InstructionTracer } from '../src/trace/instruction-trace';
import { runtimeCodeMap } from '../src/trace/managed-code';
import { TraceSession } from '../src/trace/trace-session';
import { NO_TRACING } from '../src/trace/trace-settings';
import type { TraceFormat } from '../src/trace/trace-format';
import { BufferedFileSink } from '../src/trace/trace-sink';
import type { BenchContext, BenchModule, BenchRow } from './run';

const CODE = 0x1_4000_0000n;
const STACK = 0x2_0000_0000n;

/** mov ecx, N; xor eax, eax; L: add rax, rcx; mov rdx, rax; shr rdx, 3; xor rax, rdx; dec ecx; jnz L; nop */
function loopCode(iterations: number): Uint8Array {
  const n = new Uint8Array(new Uint32Array([iterations]).buffer);
  return Uint8Array.from([
    0xb9, ...n, 0x31, 0xc0,
    0x48, 0x01, 0xc8, 0x48, 0x89, 0xc2, 0x48, 0xc1, 0xea, 0x03, 0x48, 0x31, 0xd0, 0xff, 0xc9, 0x75, 0xef,
    0x90,
  ]);
}

const instructionsFor = (iterations: number) => 2 + 6 * iterations + 1;

interface Mode {
  name: string;
  iterations: number;
  trace?: { format: TraceFormat; registers: boolean };
}

function runOnce(mode: Mode, disassembler: Disassembler, outFile: string): number {
  const m = Machine.create();
  try {
    m.memory.reserve(0x10000, { at: CODE });
    m.memory.commit(CODE, 0x10000, Prot.Read | Prot.Execute);
    m.memory.reserve(0x10000, { at: STACK });
    m.memory.commit(STACK, 0x10000, Prot.Read | Prot.Write);
    m.setReg(Reg.RSP, STACK + 0xff00n);
    const code = loopCode(mode.iterations);
    m.memory.write(CODE, code);
    const sink = mode.trace ? new BufferedFileSink(outFile) : undefined;
    const tracer = mode.trace
      ? InstructionTracer.attach({
        machine: m, disassembler, sink, format: mode.trace.format, registers: mode.trace.registers,
        symbolize: (a) => `loop+0x${(a - CODE).toString(16)}`,
      })
      : undefined;
    const start = performance.now();
    const outcome = m.run({ begin: CODE, until: CODE + BigInt(code.length) });
    tracer?.finish();
    sink?.close();
    const ms = performance.now() - start;
    if (outcome.kind !== 'returned') throw new Error(`bench trace: the loop ended with ${outcome.kind}`);
    if (tracer && tracer.recorded !== instructionsFor(mode.iterations)) {
      throw new Error(`bench trace: ${tracer.recorded} records for ${instructionsFor(mode.iterations)} instructions`);
    }
    return instructionsFor(mode.iterations) / (ms / 1000);
  } finally {
    m.close();
  }
}

/** Best of three, so one slow start does not decide the figure. */
function rate(mode: Mode, disassembler: Disassembler, outFile: string): number {
  return Math.max(...[0, 1, 2].map(() => runOnce(mode, disassembler, outFile)));
}

/** One run of a managed program, traced to `outFile` or not: seconds and records. */
async function runProgram(image: string, outFile: string | undefined): Promise<{ seconds: number; records: number }> {
  const session = await TraceSession.create({ ...NO_TRACING, file: outFile }, { hostAppDirectory: path.dirname(image) });
  const registry = createKnownDlls();
  registerMscoree(registry, { appDirectory: path.dirname(image), onRuntime: (rt) => session.attachRuntime(runtimeCodeMap(rt)) });
  const silent = { writeStdout: () => undefined, writeStderr: () => undefined, readStdin: () => new Uint8Array(0) };
  const start = performance.now();
  let result: RunResult;
  try {
    result = await runImage({ imagePath: image, registry, io: silent, observer: outFile ? session.observer : undefined });
  } finally {
    session.close();
  }
  const seconds = (performance.now() - start) / 1000;
  if (result.kind !== 'exited' || result.exitCode !== 0) throw new Error(`bench trace: ${path.basename(image)} ended with ${JSON.stringify(result.kind)}`);
  return { seconds, records: session.recorded };
}

/** The managed hello, traced at block level (text) and untraced; best of two each. */
async function managedRow(root: string, outFile: string): Promise<BenchRow | undefined> {
  const image = path.join(root, 'build', 'samples', 'managed', 'hello.exe');
  if (!fs.existsSync(image)) return undefined;
  const traced = [await runProgram(image, outFile), await runProgram(image, outFile)].sort((a, b) => a.seconds - b.seconds)[0]!;
  const plain = Math.min((await runProgram(image, undefined)).seconds, (await runProgram(image, undefined)).seconds);
  return {
    name: 'trace, managed hello (whole run), text', clremu: traced.records / traced.seconds, reference: traced.records / plain,
    unit: 'instr/s', better: 'higher', note: `${(traced.records / 1e6).toFixed(1)} M instructions; reference = the same count over the untraced run's time`,
  };
}

export async function benchTrace(ctx?: BenchContext): Promise<BenchRow[]> {
  const buildDir = ctx?.buildDir ?? path.resolve(__dirname, '..', '..', 'build', 'bench');
  fs.mkdirSync(buildDir, { recursive: true });
  const outFile = path.join(buildDir, 'trace-bench.trace');
  const disassembler = await Disassembler.load();
  const untraced = rate({ name: 'untraced', iterations: 2_000_000 }, disassembler, outFile);
  const modes: Mode[] = [
    { name: 'trace, block level, text', iterations: 200_000, trace: { format: 'text', registers: false } },
    { name: 'trace, block level, jsonl', iterations: 200_000, trace: { format: 'jsonl', registers: false } },
    { name: 'trace --trace-regs, text', iterations: 50_000, trace: { format: 'text', registers: true } },
  ];
  const rows: BenchRow[] = modes.map((mode) => ({
    name: mode.name, clremu: rate(mode, disassembler, outFile), reference: untraced, unit: 'instr/s', better: 'higher',
  }));
  rows[0].note = 'reference = the same loop untraced; ratio = tracing slowdown';
  const managed = await managedRow(ctx?.root ?? path.resolve(__dirname, '..', '..'), outFile);
  if (managed) rows.push(managed);
  fs.rmSync(outFile, { force: true });
  return rows;
}

export const bench: BenchModule = {
  title: 'trace: traced instructions per second against untraced',
  run: (ctx) => benchTrace(ctx),
};
