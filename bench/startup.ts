/**
 * Start-up: `clremu run hello.exe` against `mono hello.exe`, each a whole process (best of three,
 * wall clock), then where clremu's time goes, from one `--startup-profile` run (its phases are
 * exclusive, so they add up to the total).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';
import type { BenchContext, BenchModule, BenchRow } from './run';

function bestOfMs(runs: number, command: string, args: string[]): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(command, args, { stdio: 'ignore', timeout: 300_000 });
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

/** The phase rows of `--startup-profile`'s report: `  name  123.4 ms  (note)`. */
function profileRows(report: string): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const line of report.split('\n')) {
    const m = /^ {2}(.+?)\s+([\d.]+) ms(?: {2}\((.*)\))?$/.exec(line);
    if (m && m[1] !== 'total') rows.push({ name: `  hello: ${m[1]}`, clremu: Number(m[2]), unit: 'ms', better: 'lower', note: m[3] });
  }
  if (rows.length === 0) throw new Error(`no startup profile in:\n${report}`);
  return rows;
}

export const bench: BenchModule = {
  title: 'start-up: hello world through the real class library (samples/managed/hello.cs)',
  run(ctx: BenchContext): BenchRow[] {
    const exe = path.join(ctx.root, 'build', 'samples', 'managed', 'hello.exe');
    const cli = path.join(ctx.root, 'bin', 'clremu');
    const clremuMs = bestOfMs(3, 'node', [cli, 'run', exe]);
    const monoMs = bestOfMs(3, 'mono', [exe]);
    const profiled = spawnSync('node', [cli, 'run', '--startup-profile', exe], { encoding: 'utf8', timeout: 300_000 });
    return [
      { name: 'hello: clremu run vs mono (process, best of 3)', clremu: clremuMs, reference: monoMs, unit: 'ms', better: 'lower' },
      ...profileRows(profiled.stderr),
    ];
  },
};
