/**
 * The shadow-stack check (shadow-check.ts) over inputs/shapes.c, built with -O2: recursion,
 * sibling calls that leave through `jmp` after their epilog, a jump table, all callee-saved GPRs
 * and XMM6–XMM15 live across calls, varargs, and a ___chkstk_ms frame.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Symbolizer } from '../../src/trace/symbols';
import { mapTestImage } from './map-image';
import { runMainWithShadowCheck } from './shadow-check';

const file = path.resolve(__dirname, '../../build/test/unwind/inputs/shapes.exe');

test('ShapesO2_EveryInstructionFromMain_WalkRestoresEachCallersFrame', () => {
  if (!fs.existsSync(file)) throw new Error('build/test/unwind/inputs/shapes.exe is missing: run node dist/scripts/setup.js');
  const mapped = mapTestImage(file, { _onexit: (call) => call.arg(0) });
  try {
    const module = { name: 'shapes.exe', base: mapped.base, size: mapped.size };
    const symbolizer = new Symbolizer({ modules: () => [module], readFile: () => mapped.bytes });
    const result = runMainWithShadowCheck(mapped, symbolizer, 1n);
    expect(result.outcome).toEqual({ kind: 'returned' });
    for (const fn of ['main', 'dispatch', 'fib', 'tail_a', 'tail_b', 'leaf_add', 'many_live', 'many_xmm', 'sum_varargs', 'big_frame']) {
      expect({ fn, checked: (result.visited.get(fn)?.size ?? 0) > 2 }).toEqual({ fn, checked: true });
    }
    expect(result.checkedFrames).toBeGreaterThan(1000);
  } finally {
    mapped.machine.close();
  }
});
