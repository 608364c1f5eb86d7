/** Shared helpers for loader tests: where the compiled inputs are, and an in-process run. */
import * as fs from 'fs';
import * as path from 'path';
import { BufferedHostIo, runImage, type RunOptions, type RunResult } from '../../loader';

export const repoRoot = path.join(__dirname, '..', '..');
export const inputs = path.join(repoRoot, 'build', 'test', 'loader', 'inputs');
export const samples = path.join(repoRoot, 'build', 'samples', 'native');

/** A compiled input; a clear message when `npm test`'s setup step has not built it. */
export function built(dir: string, file: string): string {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) throw new Error(`${path.relative(repoRoot, p)} is missing: run \`npm run build && npm run setup\` (npm test does both)`);
  return p;
}

export interface Ran {
  result: RunResult;
  stdout: string;
  stderr: string;
  trace: string[];
}

/** Runs an image in this process with captured output and a loader trace. */
export async function run(image: string, options: Partial<RunOptions> = {}): Promise<Ran> {
  const io = new BufferedHostIo();
  const trace: string[] = [];
  const result = await runImage({
    imagePath: image,
    io,
    trace: (_channel, message) => trace.push(message),
    maxInstructions: 50_000_000,
    timeoutMs: 30_000,
    ...options,
  });
  return { result, stdout: io.stdout, stderr: io.stderr, trace };
}
