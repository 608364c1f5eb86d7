/**
 * src/jit/OPCODES.md is the opcode coverage table generated from the suites (test/objects and the
 * team's test/regression): this test regenerates it and fails when the committed file is stale.
 * `CLREMU_BLESS=1` rewrites it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderOpcodeTable, type CoverageSuite } from '../../src/jit/opcode-coverage';
import { runRegression } from '../../src/vm/regression';
import { exitStatus, ROOT, runManaged } from '../vm/support';

const TABLE = path.join(ROOT, 'src', 'jit', 'OPCODES.md');

/** [build folder, source folder, assemblies]. */
const SOURCES: [string, string, string[]][] = [
  ['build/test/regression', 'test/regression', ['IntArith', 'LongArith', 'FloatArith', 'Calls', 'Branches']],
  ['build/test/objects', 'test/objects', ['Boxing', 'Classes', 'Interfaces', 'Generics', 'Delegates', 'Variance', 'Arrays', 'Opcodes', 'TypedRefs', 'Strings', 'MdArrays', 'Iterators', 'IlObjects', 'IlOpcodes', 'IlMulticast', 'Events', 'IlControl', 'Varargs', 'VarargsClremu', 'IlCalli', 'IlInterfaces', 'IlGenericVarargs', 'IlAmbiguousDefault']],
];

/**
 * Programs whose opcodes cannot sit in a passing `test_N_name` method: the program counts as a
 * passing suite when its run under clremu ends with the expected exit status.
 * [build folder, source folder, program, arguments, expected exit status].
 */
const PROGRAMS: [string, string, string, string[], number][] = [
  // `break` raises EXCEPTION_BREAKPOINT (0x80000003): the exit status is its low 8 bits.
  ['build/test/objects', 'test/objects', 'IlBreak', ['break'], 3],
];

async function programSuite(dir: string, source: string, name: string, args: string[], expected: number): Promise<CoverageSuite> {
  const file = path.join(ROOT, dir, `${name}.exe`);
  const run = await runManaged(file, args);
  const passed = run.result.kind === 'crashed' && exitStatus(run.result) === expected;
  return { name, source, bytes: new Uint8Array(fs.readFileSync(file)), failedTests: new Set(passed ? [] : ['Main']) };
}

function suite(dir: string, source: string, name: string): CoverageSuite {
  const file = path.join(ROOT, dir, `${name}.dll`);
  const failedTests = new Set<string>();
  runRegression(file, {
    write: (line) => {
      const m = /^(\S+) failed: /.exec(line);
      if (m) failedTests.add(m[1]!);
    },
  });
  // The runner prints names without the test_N_ prefix; map them back to method names.
  const bytes = new Uint8Array(fs.readFileSync(file));
  const text = Buffer.from(bytes).toString('latin1');
  const full = new Set<string>();
  for (const short of failedTests) {
    const m = new RegExp(`test_\\d+_${short.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\0`).exec(text);
    full.add(m ? m[0].slice(0, -1) : short);
  }
  return { name, source, bytes, failedTests: full };
}

test('OpcodeTable_MatchesTheSuites_NotStale', async () => {
  const suites = SOURCES.flatMap(([dir, source, names]) => names.map((n) => suite(dir, source, n)));
  for (const [dir, source, name, args, expected] of PROGRAMS) suites.push(await programSuite(dir, source, name, args, expected));
  const table = renderOpcodeTable(suites);
  if (process.env.CLREMU_BLESS === '1') fs.writeFileSync(TABLE, table);
  expect(fs.existsSync(TABLE) ? fs.readFileSync(TABLE, 'utf8') : '(missing: run with CLREMU_BLESS=1)').toBe(table);
}, 120_000);

test('OpcodeTable_NamesEveryPartitionIIIOpcode_WithStatus', () => {
  const table = fs.readFileSync(TABLE, 'utf8');
  for (const op of ['nop', 'newobj', 'callvirt', 'box', 'unbox.any', 'ldelema', 'constrained.', 'mkrefany', 'arglist', 'readonly.']) {
    expect(table).toMatch(new RegExp(`^\\| \`${op.replace('.', '\\.')}\` \\| [0-9A-F ]+ \\| (tested|not tested) \\|`, 'm'));
  }
});
