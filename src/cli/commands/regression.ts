/**
 * `clremu regression <assembly>`: runs the assembly's `test_<N>_<name>` methods on the emulated
 * CPU through the runtime's JIT, like `mono --regression` (same output lines; see
 * src/vm/regression.ts). The exit status is the number of failed tests (capped at 255).
 */
import * as fs from 'fs';
import type { Argv, CommandModule } from 'yargs';
import { runRegression } from '../../vm/regression';
import { CliUsageError } from '../errors';

export interface RegressionArgs {
  assembly: string;
  bcl?: string;
  'trace-jit': boolean;
  'max-instructions'?: number;
}

export const regressionCommand: CommandModule<object, RegressionArgs> = {
  command: 'regression <assembly>',
  describe: 'Run an assembly\'s test_<N>_<name> methods like mono --regression',
  builder: (y: Argv) =>
    y
      .positional('assembly', { type: 'string', demandOption: true, describe: 'The .dll or .exe holding the tests' })
      .option('bcl', { type: 'string', describe: 'Class library directory (default: $CLREMU_BCL, else Mono\'s lib/mono/4.5)' })
      .option('trace-jit', { type: 'boolean', default: false, describe: 'Print prestub, jit and backpatch events on stderr, prefixed [jit]' })
      .option('max-instructions', { type: 'number', describe: 'Instruction budget per test method' }) as unknown as Argv<RegressionArgs>,
  handler: (argv) => {
    if (!fs.existsSync(argv.assembly)) throw new CliUsageError(`no such file: ${argv.assembly}`);
    const result = runRegression(argv.assembly, {
      bclDirectory: argv.bcl,
      maxInstructions: argv['max-instructions'],
      trace: argv['trace-jit'] ? (channel, message) => { if (channel === 'jit') fs.writeSync(2, `[jit] ${message}\n`); } : undefined,
      write: (line) => { fs.writeSync(1, `${line}\n`); },
    });
    process.exitCode = Math.min(255, result.failed + result.compileFailed);
  },
};
