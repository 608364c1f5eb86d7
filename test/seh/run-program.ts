/**
 * Runs a program built from test/seh/programs (into build/test/seh/programs by the setup step)
 * under the loader with in-memory standard streams, and reports its output and outcome.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runImage, type RunResult } from '../../loader/run';

const root = path.resolve(__dirname, '..', '..');
export const builtPrograms = path.join(root, 'build', 'test', 'seh', 'programs');

export interface ProgramRun {
  result: RunResult;
  stdout: string;
  stderr: string;
  /** Standard error exactly as written (text-mode CRLF included). */
  rawStderr: string;
}

export async function runProgram(exe: string, args: string[] = []): Promise<ProgramRun> {
  const file = path.join(builtPrograms, exe);
  if (!fs.existsSync(file)) throw new Error(`${exe} is missing from build/test/seh/programs: run \`npm run build && npm run setup\` (npm test does both)`);
  const out: number[] = [];
  const err: number[] = [];
  const result = await runImage({
    imagePath: file,
    args,
    io: { writeStdout: (b) => out.push(...b), writeStderr: (b) => err.push(...b), readStdin: () => new Uint8Array(0) },
    timeoutMs: 60_000,
  });
  return { result, stdout: Buffer.from(out).toString('latin1').replace(/\r\n/g, '\n'), stderr: Buffer.from(err).toString('latin1').replace(/\r\n/g, '\n'), rawStderr: Buffer.from(err).toString('latin1') };
}

/** `exited N`, or the crash/failure with its code, for one-line assertions. */
export function outcome(r: RunResult): string {
  if (r.kind === 'exited') return `exited ${r.exitCode}`;
  if (r.kind === 'crashed') return `crashed 0x${(r.exitCode >>> 0).toString(16).toUpperCase()}`;
  return `failed: ${r.error.name}: ${r.error.message}`;
}
