/**
 * The `clremu` command. Each subcommand lives in its own module under `commands/`; this file only
 * registers them and turns errors into one clear line on stderr (never a host stack trace, unless
 * CLREMU_DEBUG is set).
 */
import yargs from 'yargs';
import { commands } from './commands';
import { reportCliError } from './errors';

export async function main(argv: string[]): Promise<void> {
  let parser = yargs(argv)
    .scriptName('clremu')
    .usage('$0 <command> [options]\n\nRuns Windows x64 executables, native and .NET, on an emulated x86-64 CPU.')
    .strict()
    .strictCommands()
    .demandCommand(1, 'Name a command; `clremu --help` lists them.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`clremu: ${msg}\nRun 'clremu --help' for usage.\n`);
      process.exit(2);
    });
  for (const command of commands) parser = parser.command(command);
  try {
    await parser.parseAsync();
  } catch (err) {
    process.exitCode = reportCliError(err);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2));
}
