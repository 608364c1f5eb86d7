/**
 * The garbage collector under an allocation-heavy program, side by side with `mono`: the churn
 * program of test/gc/programs (about 2 GB allocated in 4 KB arrays while a 10 MB ring stays
 * live), run whole by each as a process (clremu through its CLI, so start-up is counted for both).
 * Rows: wall-clock time of the run (best of three, against mono's) and, from an in-process run
 * of the same program, the collector's figures: collections, total pause, peak committed heap.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { Machine, Prot, Reg } from '../emu';
import { Runtime } from '../src/vm/runtime';
import type { BenchContext, BenchModule, BenchRow } from './run';

function bestOf(runs: number, f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return min;
}

/** Runs `exe` with `command` and checks its exit status (the program's self-check: 100). */
function runExpecting(command: string, args: string[], expected: number): void {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 600_000 });
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status !== expected) throw new Error(`${command} ${args.join(' ')} exited with ${status ?? 'a signal'}, expected ${expected}`);
    return;
  }
  if (expected !== 0) throw new Error(`${command} ${args.join(' ')} exited with 0, expected ${expected}`);
}

/** One in-process run of Main for the collector's own statistics. */
function collectorFigures(file: string): { collections: number; pauseMs: number; peakMb: number } {
  const machine = Machine.create();
  try {
    const size = 1024 * 1024;
    const stack = machine.memory.reserve(size);
    machine.memory.commit(stack, size, Prot.Read | Prot.Write);
    machine.setReg(Reg.RSP, stack + BigInt(size) - 0x100n);
    const rt = new Runtime({ machine, appDirectory: path.dirname(file), gc: { stackRange: () => ({ low: machine.reg(Reg.RSP), high: stack + BigInt(size) }) } });
    const ep = rt.entryPoint(rt.loadMainAssembly(file));
    machine.callGuest(rt.entryOf(ep.method), ep.takesArgs ? [rt.newStringArray([])] : []);
    return { collections: rt.gc.stats.collections, pauseMs: rt.gc.stats.totalPauseMs, peakMb: rt.gc.heap.peakCommittedBytes / (1024 * 1024) };
  } finally {
    machine.close();
  }
}

export const bench: BenchModule = {
  title: 'garbage collector: 2 GB allocated, 10 MB live (test/gc/programs/Churn.cs)',
  run(ctx: BenchContext): BenchRow[] {
    const exe = path.join(ctx.root, 'build', 'test', 'gc', 'programs', 'Churn.exe');
    const cli = path.join(ctx.root, 'bin', 'clremu');
    const clremuMs = bestOf(3, () => runExpecting('node', [cli, 'run', exe], 100));
    const monoMs = bestOf(3, () => runExpecting('mono', [exe], 100));
    const f = collectorFigures(exe);
    return [
      { name: 'gc churn 2 GB: run time', clremu: clremuMs, reference: monoMs, unit: 'ms', better: 'lower', note: 'reference: mono (sgen), whole process' },
      { name: 'gc churn 2 GB: collections', clremu: f.collections, unit: 'count', better: 'lower' },
      { name: 'gc churn 2 GB: total pause', clremu: f.pauseMs, unit: 'ms', better: 'lower' },
      { name: 'gc churn 2 GB: peak heap', clremu: f.peakMb, unit: 'MB', better: 'lower', note: 'committed guest memory of the managed heap; the acceptance bound is 64 MB' },
    ];
  },
};
