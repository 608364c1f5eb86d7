/**
 * The collector under real programs (test/gc/programs, built by mcs): each exits as under mono,
 * normally and under GC stress (a collection with heap verification at every allocation); the
 * churn program allocates about 2 GB with a 10 MB live set inside a small peak heap.
 */
import * as path from 'path';
import { CLR_UNHANDLED_EXCEPTION_CODE } from '../../src/mscoree';
import { exitStatus, monoExit, runManaged } from '../vm/support';
import { GC_PROGRAMS, runMainDirect } from './support';

const CASES: { exe: string; args: string[] }[] = [
  { exe: 'Tree.exe', args: [] },
  { exe: 'Jagged.exe', args: [] },
  { exe: 'Churn.exe', args: ['small'] },
  { exe: 'GcApi.exe', args: [] },
  { exe: 'Pinned.exe', args: [] },
];

/** The small versions (any argument) under stress: stress costs a full collection per allocation. */
const STRESS_CASES: { exe: string; args: string[] }[] = [
  { exe: 'Tree.exe', args: ['small'] },
  { exe: 'Jagged.exe', args: [] },
  { exe: 'Churn.exe', args: ['small'] },
  { exe: 'GcApi.exe', args: [] },
  { exe: 'Pinned.exe', args: [] },
];

async function runWithStress(file: string, args: string[], stress: boolean): ReturnType<typeof runManaged> {
  const before = process.env.CLREMU_GC_STRESS;
  if (stress) process.env.CLREMU_GC_STRESS = '1';
  else delete process.env.CLREMU_GC_STRESS;
  try {
    return await runManaged(file, args);
  } finally {
    if (before === undefined) delete process.env.CLREMU_GC_STRESS;
    else process.env.CLREMU_GC_STRESS = before;
  }
}

describe('GC programs: clremu and mono agree on the exit code', () => {
  for (const c of CASES) {
    test(`${c.exe.replace('.exe', '')}${c.args.length ? 'Small' : ''}_SameExitCodeAsMono`, async () => {
      const file = path.join(GC_PROGRAMS, c.exe);
      const run = await runWithStress(file, c.args, false);
      expect({ kind: run.result.kind, status: exitStatus(run.result), stderr: run.stderr }).toEqual({ kind: 'exited', status: monoExit(file, c.args), stderr: '' });
    }, 60_000);
  }
  for (const c of STRESS_CASES) {
    test(`${c.exe.replace('.exe', '')}_UnderGcStress_SameExitCodeAsMono`, async () => {
      const file = path.join(GC_PROGRAMS, c.exe);
      const run = await runWithStress(file, c.args, true);
      expect({ kind: run.result.kind, status: exitStatus(run.result), stderr: run.stderr }).toEqual({ kind: 'exited', status: monoExit(file, c.args), stderr: '' });
    }, 60_000);
  }
});

describe('heap exhaustion', () => {
  test('ArrayLargerThanHeap_Invalid_UnhandledOutOfMemoryException', async () => {
    const run = await runWithStress(path.join(GC_PROGRAMS, 'OutOfMemory.exe'), [], false);
    expect(run.result).toEqual({ kind: 'exited', exitCode: CLR_UNHANDLED_EXCEPTION_CODE });
    expect(run.stderr).toContain("Unhandled Exception: System.OutOfMemoryException: Exception of type 'System.OutOfMemoryException' was thrown.");
  }, 60_000);
});

describe('GC statistics of whole runs', () => {
  test('Stress_CollectsAtEveryAllocation', () => {
    const r = runMainDirect(path.join(GC_PROGRAMS, 'Churn.exe'), ['small'], { stress: true });
    expect(r.exitCode).toBe(100);
    expect(r.stats.collections).toBe(r.stats.objectsAllocated);
  }, 60_000);

  test('GcCollect_RunsFinalizersOfUnreachableObjects', () => {
    const r = runMainDirect(path.join(GC_PROGRAMS, 'GcApi.exe'));
    expect(r.exitCode).toBe(7);
    expect(r.stats.finalizersRun).toBeGreaterThanOrEqual(90);
    expect(r.stats.finalizersRun).toBeLessThanOrEqual(100);
  }, 60_000);

  test('FinalizersRunAtAllocationSafePoints_WithoutGcCollect', () => {
    const r = runMainDirect(path.join(GC_PROGRAMS, 'FinalizeOnAlloc.exe'), [], { minBudgetBytes: 512 * 1024 });
    expect(r.exitCode).toBe(1);
    expect(r.stats.collections).toBeGreaterThan(0);
    expect(r.stats.finalizersRun).toBeGreaterThan(20_000);
  }, 60_000);

  test('Churn2GB_Live10MB_PeakHeapUnder64MB', () => {
    const r = runMainDirect(path.join(GC_PROGRAMS, 'Churn.exe'));
    expect(r.exitCode).toBe(100);
    expect(r.stats.totalAllocatedBytes).toBeGreaterThan(2e9);
    expect(r.stats.liveBytesAfterLast).toBeGreaterThan(9 * 1024 * 1024);
    expect(r.peakHeapBytes).toBeLessThan(64 * 1024 * 1024);
    expect(r.statsText).toMatch(/^GC: \d+ collection\(s\); pause total .*\nGC: allocated .*\nGC: peak heap \d+\.\d MB committed/);
  }, 120_000);
});
