/** The list of subcommands, one module each. */
import type { CommandModule } from 'yargs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [];
commands.push((require('./inspect') as typeof import('./inspect')).inspectCommand);
commands.push((require('./run') as typeof import('./run')).runCommand);
commands.push((require('./regression') as typeof import('./regression')).regressionCommand);
commands.push((require('./disasm') as typeof import('./disasm')).disasmCommand);
