/**
 * `npm run bench`: runs each benchmark module and prints one table, rows side by side:
 * name, clremu's figure, the reference figure (native code, another tool …), unit, and the ratio
 * (how many times slower clremu is; below 1 means faster).
 *
 * A benchmark module exports `bench: BenchModule`. To add one, add a line to `MODULES`.
 * Timings live here and never in unit tests.
 */
import * as path from 'path';

export interface BenchRow {
  name: string;
  clremu: number;
  /** The figure to compare with, if there is one. */
  reference?: number;
  unit: string;
  /** Whether a smaller figure is better (times) or a larger one (rates). */
  better: 'lower' | 'higher';
  note?: string;
}

export interface BenchContext {
  /** The repository root. */
  root: string;
  /** Where a module may build native helpers: build/bench/. */
  buildDir: string;
}

export interface BenchModule {
  title: string;
  run(ctx: BenchContext): Promise<BenchRow[]> | BenchRow[];
}

const MODULES: Array<() => Promise<BenchModule>> = [
  async () => (await import('./emu')).bench,
  async () => (await import('./trace')).bench,
  async () => (await import('./metadata')).bench,
  async () => (await import('./gc')).bench,
  async () => (await import('./startup')).bench,
];

/** clremu's slowdown against the reference: >1 means clremu is slower. */
export function ratioOf(row: BenchRow): number | undefined {
  if (row.reference === undefined || row.reference === 0 || row.clremu === 0) return undefined;
  return row.better === 'lower' ? row.clremu / row.reference : row.reference / row.clremu;
}

function format(v: number | undefined): string {
  if (v === undefined) return '-';
  if (v >= 1e6) return v.toExponential(3);
  if (v >= 100) return v.toFixed(0);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

function printTable(rows: BenchRow[]): void {
  const header = ['benchmark', 'clremu', 'reference', 'unit', 'ratio'];
  const cells = rows.map((r) => {
    const ratio = ratioOf(r);
    return [r.name, format(r.clremu), format(r.reference), r.unit, ratio === undefined ? '-' : `${ratio.toFixed(1)}x`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 || i === 3 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  process.stdout.write(line(header) + '\n' + widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  for (const c of cells) process.stdout.write(line(c) + '\n');
  for (const r of rows) if (r.note) process.stdout.write(`  ${r.name}: ${r.note}\n`);
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const ctx: BenchContext = { root, buildDir: path.join(root, 'build', 'bench') };
  const rows: BenchRow[] = [];
  for (const load of MODULES) {
    const module = await load();
    process.stderr.write(`bench: ${module.title}…\n`);
    rows.push(...(await module.run(ctx)));
  }
  printTable(rows);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
