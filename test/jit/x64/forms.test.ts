/**
 * Every form of the table, with every register (r8–r15 and spl/bpl/sil/dil included) in each
 * register position and every addressing mode in each memory position: our bytes equal
 * keystone's, and capstone decodes them back to the instruction we meant.
 */
import { FORMS, FormSpec } from '../../../src/jit/x64';
import { Case, OracleReport, checkWithOracles, formCases } from './harness';

const specs: FormSpec[] = [...FORMS.values()].flat();
const byMnemonic = new Map<string, Case[]>();
for (const spec of specs) {
  const list = byMnemonic.get(spec.mnemonic) ?? [];
  list.push(...formCases(spec));
  byMnemonic.set(spec.mnemonic, list);
}
const mnemonics = [...byMnemonic.keys()].filter((m) => byMnemonic.get(m)!.length > 0);

let report: Map<string, OracleReport>;
let totalFailures = 0;
beforeAll(() => {
  const all = mnemonics.flatMap((m) => byMnemonic.get(m)!);
  const r = checkWithOracles(all);
  if (process.env.CLREMU_ENC_STATS) console.log(`${r.total} cases, ${r.capstoneOnly} by capstone only`);
  report = new Map();
  totalFailures = r.failures.length;
  // Split failures back per mnemonic (the text starts with it).
  for (const m of mnemonics) {
    const cases = byMnemonic.get(m)!;
    report.set(m, { failures: r.failures.filter((f) => f.startsWith(m + ' ') || f.startsWith(m + ':')), capstoneOnly: 0, total: cases.length });
  }
});

test('EveryFormHasCases_TableFullyExercised', () => {
  // Forms with a relative operand are exercised by labels.test.ts; every other form must get cases.
  const untested = specs.filter((s) => !s.patterns.some((p) => p.text.startsWith('rel')) && !byMnemonic.get(s.mnemonic)!.some((c) => c.spec === s));
  expect(untested.map((s) => s.line.join(' | '))).toEqual([]);
});

test.each(mnemonics)('%s_AllRegistersAndAddressingModes_MatchKeystoneAndCapstone', (m) => {
  const r = report.get(m)!;
  expect(r.failures.slice(0, 20)).toEqual([]);
  expect(r.total).toBeGreaterThan(0);
});

test('EveryFailureAttributedToItsMnemonic_NoneLost', () => {
  const attributed = [...report.values()].reduce((n, r) => n + r.failures.length, 0);
  expect(attributed).toBe(totalFailures);
});
