/** Mutants 1000–1999 of the loader mutation run (see mutants.ts). */
import { MUTANT_TOTAL, runMutants } from './mutants';

test('Mutants_SecondHalf_EachExitsCrashesOrFailsCleanly', async () => {
  const tally = await runMutants(MUTANT_TOTAL / 2, MUTANT_TOTAL);
  const total = Object.values(tally).reduce((a, b) => a + b, 0);
  expect(total).toBe(MUTANT_TOTAL / 2);
  expect(Object.keys(tally).some((k) => k.startsWith('failed:'))).toBe(true);
});
