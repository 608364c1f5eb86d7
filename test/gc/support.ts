/**
 * Runs a managed program's Main directly on a runtime (no loader, no process): a machine, a
 * stack, the runtime with the given collector options, and a call to Main. Used where a test must
 * read the collector's statistics after the run (the loader path keeps the runtime to itself).
 * Programs run this way must not need the process (no Console): they report through exit codes.
 */
import * as path from 'path';
import { Machine, Prot, Reg } from '../../emu';
import type { GcOptions } from '../../src/vm/gc/collector';
import type { GcStats } from '../../src/vm/gc/stats';
import { Runtime } from '../../src/vm/runtime';
import { ROOT } from '../vm/support';

export const GC_PROGRAMS = path.join(ROOT, 'build', 'test', 'gc', 'programs');

const STACK_SIZE = 1024 * 1024;

export interface DirectRun {
  exitCode: number;
  stats: GcStats;
  peakHeapBytes: number;
  statsText: string;
}

/** Calls `file`'s Main (with `args` as its string[] when it takes one) and returns its result. */
export function runMainDirect(file: string, args: string[] = [], gc: GcOptions = {}): DirectRun {
  const machine = Machine.create();
  try {
    const stack = machine.memory.reserve(STACK_SIZE);
    machine.memory.commit(stack, STACK_SIZE, Prot.Read | Prot.Write);
    machine.setReg(Reg.RSP, stack + BigInt(STACK_SIZE) - 0x100n);
    const rt = new Runtime({
      machine, appDirectory: path.dirname(file),
      gc: { stackRange: () => ({ low: machine.reg(Reg.RSP), high: stack + BigInt(STACK_SIZE) }), ...gc },
    });
    const ep = rt.entryPoint(rt.loadMainAssembly(file));
    const callArgs = ep.takesArgs ? [rt.newStringArray(args)] : [];
    const result = machine.callGuest(rt.entryOf(ep.method), callArgs);
    return {
      exitCode: ep.returnsInt ? Number(BigInt.asIntN(32, result)) : 0,
      stats: rt.gc.stats,
      peakHeapBytes: rt.gc.heap.peakCommittedBytes,
      statsText: rt.gc.formatStats(),
    };
  } finally {
    machine.close();
  }
}
