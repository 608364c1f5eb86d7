/**
 * `clremu run --startup-profile`: the report names every phase, counts what each phase did (JIT'd
 * methods, loaded types, class constructors, icalls), and its exclusive phases add up to the total.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ROOT } from '../vm/support';

test('StartupProfile_Hello_PhasesCountedAndSumToTotal', () => {
  const r = spawnSync('node', [path.join(ROOT, 'bin', 'clremu'), 'run', '--startup-profile', path.join(ROOT, 'build', 'samples', 'managed', 'hello.exe')], { encoding: 'utf8', timeout: 300_000 });
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('Hello from .NET on an emulated x86-64 CPU!\r\n');
  const rows = new Map<string, { ms: number; note: string }>();
  for (const line of r.stderr.split('\n')) {
    const m = /^ {2}(.+?)\s+([\d.]+) ms(?: {2}\((.*)\))?$/.exec(line);
    if (m) rows.set(m[1]!, { ms: Number(m[2]), note: m[3] ?? '' });
  }
  expect([...rows.keys()]).toEqual([
    'host start (Node, clremu modules)', 'assembly loading', 'type loading', 'JIT compilation', 'class initialisation',
    'internal calls', 'guest code, gates and loader (the rest)', 'total',
  ]);
  expect(rows.get('JIT compilation')!.note).toMatch(/^[1-9]\d* methods, [1-9]\d* IL bytes -> [1-9]\d* code bytes$/);
  expect(rows.get('type loading')!.note).toMatch(/^[1-9]\d* types$/);
  expect(rows.get('assembly loading')!.note).toMatch(/^[1-9]\d* assemblies$/);
  const parts = [...rows.entries()].filter(([k]) => k !== 'total').reduce((a, [, v]) => a + v.ms, 0);
  expect(Math.abs(parts - rows.get('total')!.ms)).toBeLessThan(1);
}, 300_000);
