/**
 * Shared helpers for the runtime tests: run a compiled managed program through the loader with
 * the runtime's mscoree.dll registered (in process, output captured), and run `mono` on the same
 * file for the differential tests.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { BufferedHostIo, createKnownDlls, runImage, type RunResult } from '../../loader';
import { registerMscoree } from '../../src/mscoree';

export const ROOT = path.resolve(__dirname, '..', '..');
export const PROGRAMS = path.join(ROOT, 'build', 'test', 'programs');
export const SUITES = path.join(ROOT, 'build', 'test', 'regression');

export interface ManagedRun {
  result: RunResult;
  stdout: string;
  stderr: string;
  trace: string[];
}

/** Runs a managed EXE on clremu; `trace` collects `[loader]` and `[jit]` lines. */
export async function runManaged(file: string, args: string[] = []): Promise<ManagedRun> {
  const io = new BufferedHostIo();
  const trace: string[] = [];
  const registry = createKnownDlls();
  registerMscoree(registry, {
    appDirectory: path.dirname(file),
    trace: (channel, message) => trace.push(`[${channel}] ${message}`),
  });
  const result = await runImage({
    imagePath: file, args, io, registry, maxInstructions: 200_000_000,
    trace: (channel, message) => { if (channel === 'loader') trace.push(`[loader] ${message}`); },
  });
  return { result, stdout: io.stdout, stderr: io.stderr, trace };
}

/** `mono <file> args…`: its exit status (low 8 bits, as POSIX reports it). */
export function monoExit(file: string, args: string[] = []): number {
  const r = spawnSync('mono', [file, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status === null) throw new Error(`mono did not exit: ${r.error?.message ?? r.signal}`);
  return r.status;
}

/** The exit status clremu's CLI would report for a run (low 8 bits). */
export function exitStatus(r: RunResult): number {
  return r.exitCode & 0xff;
}

/** The programs of test/programs (differential against mono; also run under GC stress), with their arguments. */
export const PROGRAM_CASES: readonly { exe: string; args?: string[] }[] = [
  { exe: 'Loops.exe' },
  { exe: 'Recursion.exe' },
  { exe: 'Integers.exe' },
  { exe: 'Floats.exe' },
  { exe: 'Statics.exe' },
  { exe: 'StaticCalls.exe' },
  { exe: 'Arrays.exe' },
  { exe: 'ArraysOptimized.exe' },
  { exe: 'Args.exe', args: ['one', 'two', 'three'] },
  { exe: 'ArgsX64.exe', args: [] },
  { exe: 'VoidMain.exe' },
];
