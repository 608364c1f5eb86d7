/**
 * `clremu run <image> [args…]`: runs a Windows x64 executable on the emulated machine.
 *
 * The guest's stdout/stderr bytes go to ours unchanged; our exit status is the guest's exit code,
 * its low 8 bits (POSIX keeps no more). A guest crash prints a crash report on stderr — exception
 * code (the full 32-bit NTSTATUS), faulting instruction, registers, module!offset and the native
 * stack — and exits with the code's low 8 bits. A load failure or an API clremu does not
 * implement prints one line naming it. `--trace-loader` narrates each loader step on stderr,
 * prefixed `[loader]`. Instruction traces (`--trace…`), `--crash-report` and `--minidump` are the
 * options of trace-options.ts, carried out by src/trace's TraceSession through the run's observer.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Argv, CommandModule } from 'yargs';
import { Disassembler } from '../../../emu';
import { createKnownDlls, runImage, type CrashContext, type RunResult } from '../../../loader';
import { createMounts, MountError, parseMountSpec, type Mount } from '../../../loader/fs';
import { parseEnvironmentAssignment } from '../../../loader/process/environment';
import { parseSeed } from '../../../loader/clock';
import { registerMscoree } from '../../mscoree';
import type { GarbageCollector } from '../../vm/gc/collector';
import { buildCrashReport, formatCrashReport, type CrashReport } from '../../trace/crash-report';
import { runtimeCodeMap } from '../../trace/managed-code';
import { TraceSession } from '../../trace/trace-session';
import { CliUsageError } from '../errors';
import { addTraceOptions, traceSettingsFrom, type TraceArgs } from './trace-options';
import { StartupProfile } from '../../vm/startup-profile';

export interface RunArgs extends TraceArgs {
  image: string;
  args: string[];
  'trace-loader': boolean;
  'max-instructions'?: number;
  timeout?: number;
  rebase: boolean;
  'trace-jit': boolean;
  'gc-stats': boolean;
  'startup-profile': boolean;
  bcl?: string;
  /** Repeated options collect into an array; one gives a string. */
  mount?: string | string[];
  env?: string | string[];
  seed?: string;
}

const hex32 = (code: number): string => `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

/** The crash report of `crash` (undefined, with the reason, if it cannot be built). */
function buildReport(crash: CrashContext, hostAppDirectory: string, disassembler: Disassembler, session: TraceSession | undefined, lastInstructions: bigint[] | undefined): CrashReport {
  return buildCrashReport({
    fault: crash.fault,
    context: crash.context,
    memory: crash.memory,
    modules: crash.modules,
    lookup: crash.lookup,
    disassembler,
    gateName: (addr) => crash.machine.gates.nameAt(addr),
    lastInstructions,
    managed: session?.managedCode,
    readModuleFile: (m) => {
      if ((m as { emulated?: boolean }).emulated) return undefined;
      try {
        return fs.readFileSync(path.join(hostAppDirectory, m.name));
      } catch {
        return undefined;
      }
    },
  });
}

/** Builds and prints the crash report while the crashed process still exists. */
async function reportCrash(crash: CrashContext, hostAppDirectory: string, write: (s: string) => void, session?: TraceSession): Promise<void> {
  // The trace ends at the faulting instruction; its last records (--trace-last) join the report.
  const recent = session?.crashed(crash.fault) ?? {};
  let text: string;
  let report: CrashReport | undefined;
  try {
    report = buildReport(crash, hostAppDirectory, await Disassembler.load(), session, recent.lastInstructions);
    text = formatCrashReport(report);
  } catch (err) {
    // The report is a diagnostic aid: if building it fails, the fault line still names the cause.
    text = `${crash.fault.describe()}\n(crash report unavailable: ${(err as Error).message})\n`;
  }
  if (crash.note) text = `${crash.note}\n${text}`;
  write(text.endsWith('\n') ? text : `${text}\n`);
  // --crash-report and --minidump, while guest memory still exists.
  if (report) session?.reportReady(report);
  session?.writeMinidump(crash);
}

/**
 * A hardware fault in managed code that became an unhandled managed exception: stderr gets only
 * .NET's unhandled-exception output (the runtime prints it), while `--crash-report` and
 * `--minidump` get the original fault, as a dump taken at the exception would show it.
 */
function reportUnhandledFault(crash: CrashContext, hostAppDirectory: string, disassembler: Disassembler | undefined, session: TraceSession): void {
  if (!disassembler) return;
  session.reportReady(buildReport(crash, hostAppDirectory, disassembler, session, session.recentInstructions(crash.fault.rip)));
  session.writeMinidump(crash);
}

/** Prints the outcome's line and returns our exit status. */
export function exitStatusFor(result: RunResult, image: string, write: (s: string) => void): number {
  switch (result.kind) {
    case 'exited':
      return result.exitCode & 0xff;
    case 'crashed': {
      const stopped = result.fault.kind === 'budget-exhausted' ? 'was stopped: instruction budget used up' : result.fault.kind === 'timeout' ? 'was stopped: time limit reached' : 'crashed';
      write(`clremu: ${image} ${stopped} (exception ${hex32(result.exitCode)}); exit status ${result.exitCode & 0xff}\n`);
      return result.exitCode & 0xff;
    }
    case 'failed':
      write(`clremu: ${result.error.name}: ${result.error.message}\n`);
      return result.exitCode & 0xff;
  }
}

/** `--mount` options, checked against the host before the guest starts. */
function mountsFrom(specs: readonly (string | number)[]): Mount[] {
  try {
    return createMounts(specs.map((s) => parseMountSpec(String(s))));
  } catch (err) {
    if (err instanceof MountError) throw new CliUsageError(err.message);
    throw err;
  }
}

/** `--env NAME=VALUE` options, in order (a later one wins). */
function environmentFrom(assignments: readonly (string | number)[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const a of assignments) {
    const kv = parseEnvironmentAssignment(String(a));
    if (!kv) throw new CliUsageError(`--env ${String(a)}: expected NAME=VALUE with a non-empty name`);
    env[kv[0]] = kv[1];
  }
  return env;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <image> [args..]',
  describe: 'Run a Windows x64 executable (native; managed once the runtime is registered)',
  builder: (y: Argv) =>
    addTraceOptions(y)
      // Arguments after `--` go to the program untouched, options included (`run app.exe -- -v`).
      .parserConfiguration({ 'populate--': true })
      .positional('image', { type: 'string', demandOption: true, describe: 'Path of the .exe to run' })
      .positional('args', { type: 'string', array: true, default: [], describe: 'Arguments passed to the program (put -- before any that start with -)' })
      .option('trace-loader', { type: 'boolean', default: false, describe: 'Print each loader step on stderr, prefixed [loader]: image parsed, managed or not, where mapped, relocations, each DLL and import, TLS callbacks, DllMain, entry' })
      .option('max-instructions', { type: 'number', describe: 'Stop the program after this many guest instructions; the stop is reported like a crash, with code 0xE0000001 and where it was' })
      .option('timeout', { type: 'number', describe: 'Stop the program after this many seconds of wall-clock time (reported with code 0xE0000002)' })
      .option('trace-jit', { type: 'boolean', default: false, describe: 'Print the managed runtime\'s prestub, jit and backpatch events on stderr, prefixed [jit]' })
      .option('gc-stats', { type: 'boolean', default: false, describe: 'At exit, print the managed heap\'s statistics on stderr: collections, pause times, peak heap' })
      .option('startup-profile', { type: 'boolean', default: false, describe: 'At exit, print where the run\'s wall-clock time went on stderr: host start, assembly loading, type loading, JIT compilation, class initialisation, internal calls, and the rest (guest code)' })
      .option('bcl', { type: 'string', describe: 'Class library directory for managed programs (default: $CLREMU_BCL, else Mono\'s lib/mono/4.5)' })
      .option('mount', { type: 'string', requiresArg: true, describe: 'Show a host directory to the guest: host:guest, e.g. ./data:C:\\data (read-write; add :ro for read-only). Repeatable. Nothing of the host is visible otherwise' })
      .option('env', { type: 'string', requiresArg: true, describe: 'Set a guest environment variable NAME=VALUE on top of the documented default set (nothing is inherited from the host). Repeatable' })
      .option('seed', { type: 'string', requiresArg: true, describe: 'Seed of the guest\'s virtual clock and random bytes (default 0): the same seed gives the same run, instruction for instruction' })
      .option('rebase', { type: 'boolean', default: false, describe: 'Load every image away from its preferred ImageBase, applying base relocations' })
      .example('$0 run build/samples/native/hello.exe', 'prints the sample\'s greeting')
      .example('$0 run --mount ./data:C:\\data app.exe C:\\data\\in.txt', 'lets the program read and write ./data as C:\\data')
      .example('$0 run --trace-loader app.exe -- -v', 'traces loading; passes -v to the program') as unknown as Argv<RunArgs>,
  handler: async (argv) => {
    const hostStartMs = process.uptime() * 1000;
    const runStart = process.hrtime.bigint();
    const profile = argv['startup-profile'] ? new StartupProfile() : undefined;
    const image = argv.image;
    if (!fs.existsSync(image)) throw new CliUsageError(`no such file: ${image}`);
    const maxInstructions = argv['max-instructions'];
    if (maxInstructions !== undefined && (!Number.isFinite(maxInstructions) || maxInstructions <= 0)) throw new CliUsageError('--max-instructions must be a positive number');
    if (argv.timeout !== undefined && (!Number.isFinite(argv.timeout) || argv.timeout <= 0)) throw new CliUsageError('--timeout must be a positive number of seconds');
    const mounts = mountsFrom(([] as string[]).concat(argv.mount ?? []));
    const environment = environmentFrom(([] as string[]).concat(argv.env ?? []));
    const stderr = (s: string): void => {
      fs.writeSync(2, s);
    };
    const seed = argv.seed === undefined ? undefined : parseSeed(String(argv.seed));
    const hostAppDirectory = path.dirname(path.resolve(image));
    // Tracing settings are checked (and the trace file opened) before the guest runs.
    const session = await TraceSession.create(traceSettingsFrom(argv), { hostAppDirectory, warn: (m) => stderr(`clremu: warning: ${m}\n`) });
    const extra = (argv as unknown as { '--'?: string[] })['--'] ?? [];
    // Loaded up front for crash artefacts a managed fault asks for from inside the run (synchronously).
    const crashDisassembler = argv['crash-report'] !== undefined || argv.minidump !== undefined ? await Disassembler.load() : undefined;
    // Managed images run through the emulated mscoree.dll and the runtime (src/vm).
    const registry = createKnownDlls();
    let collector: GarbageCollector | undefined;
    registerMscoree(registry, {
      appDirectory: hostAppDirectory,
      bclDirectory: argv.bcl,
      trace: (channel, message) => {
        session.note(channel, message);
        if (channel === 'jit' ? argv['trace-jit'] : argv['trace-loader']) stderr(`[${channel}] ${message}\n`);
      },
      gc: argv['gc-stats'] ? { onCreated: (gc) => { collector = gc; } } : undefined,
      profile,
      onRuntime: (rt) => session.attachRuntime(runtimeCodeMap(rt)),
      onUnhandledFault: (crash) => reportUnhandledFault(crash, hostAppDirectory, crashDisassembler, session),
    });
    let result: RunResult;
    try {
      result = await runImage({
        imagePath: image,
        registry,
        args: [...(argv.args ?? []).map(String), ...extra.map(String)],
        trace: argv['trace-loader'] ? (channel, message) => { if (channel === 'loader') stderr(`[loader] ${message}\n`); } : undefined,
        maxInstructions,
        mounts,
        environment,
        timeoutMs: argv.timeout === undefined ? undefined : argv.timeout * 1000,
        rebase: argv.rebase,
        seed,
        onCrash: (crash) => reportCrash(crash, hostAppDirectory, stderr, session),
        observer: session.observer,
      });
    } finally {
      session.close();
    }
    if (collector) stderr(`${collector.formatStats()}\n`);
    if (profile) stderr(`${profile.format(hostStartMs, Number(process.hrtime.bigint() - runStart) / 1e6)}\n`);
    process.exitCode = exitStatusFor(result, path.basename(image), stderr);
  },
};
