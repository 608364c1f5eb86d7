/**
 * The tracing and crash-artefact options of `clremu run`: `--trace`, `--trace-regs`,
 * `--trace-format`, `--trace-range`, `--trace-module`, `--trace-method`, `--trace-last`,
 * `--crash-report`, `--minidump`. `addTraceOptions` adds them to a command's builder;
 * `traceSettingsFrom` validates the parsed values into the trace layer's `TraceSettings`, with a
 * `TraceOptionError` naming the option and the value when one is wrong.
 */
import type { Argv } from 'yargs';
import { TraceOptionError } from '../../trace/trace-errors';
import { parseMethodSelector } from '../../trace/managed-code';
import { parseAddressRange } from '../../trace/trace-filter';
import { TRACE_FORMATS, type TraceFormat } from '../../trace/trace-format';
import type { TraceSettings } from '../../trace/trace-settings';

export interface TraceArgs {
  trace?: string;
  'trace-regs': boolean;
  'trace-format': string;
  /** Repeatable: one value, or an array when given more than once. */
  'trace-range'?: string | string[];
  'trace-module'?: string | string[];
  'trace-method'?: string | string[];
  'trace-last'?: number;
  'crash-report'?: string;
  minidump?: string;
}

export function addTraceOptions<T>(y: Argv<T>): Argv<T & TraceArgs> {
  return y
    .option('trace', { type: 'string', requiresArg: true, describe: 'Write one record per executed instruction to this file: sequence number, address, module!symbol+offset, bytes, disassembly' })
    .option('trace-regs', { type: 'boolean', default: false, describe: 'In the trace, add the registers each instruction changed (slower: per-instruction hooks)' })
    .option('trace-format', { type: 'string', default: 'text', choices: [...TRACE_FORMATS], describe: 'Trace records as aligned text or as JSON lines' })
    .option('trace-range', { type: 'string', requiresArg: true, describe: 'Trace only instructions in [BEGIN, END), written 0xBEGIN-0xEND (repeatable)' })
    .option('trace-module', { type: 'string', requiresArg: true, describe: 'Trace only instructions inside this module, e.g. hello.exe or kernel32 (repeatable)' })
    .option('trace-method', { type: 'string', requiresArg: true, describe: 'Trace only this managed method\'s JIT-compiled code, Ns.Type::Method or Ns.Type::Method(int32,string) for one overload (repeatable)' })
    .option('trace-last', { type: 'number', requiresArg: true, describe: 'Keep only the last N instructions; write them to the trace file and the crash report if the program crashes' })
    .option('crash-report', { type: 'string', requiresArg: true, describe: 'If the program crashes, also write the crash report as JSON to this file' })
    .option('minidump', { type: 'string', requiresArg: true, describe: 'If the program crashes, write a Windows minidump (.dmp) to this file' }) as unknown as Argv<T & TraceArgs>;
}

/** A repeatable option's values (yargs gives a string once, an array when repeated). */
function many(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String);
}

function isFormat(s: string): s is TraceFormat {
  return (TRACE_FORMATS as readonly string[]).includes(s);
}

/** Validated settings; throws `TraceOptionError` naming the option at fault. */
export function traceSettingsFrom(argv: Partial<TraceArgs>): TraceSettings {
  const format = argv['trace-format'] ?? 'text';
  if (!isFormat(format)) throw new TraceOptionError('--trace-format', format, `must be one of ${TRACE_FORMATS.join(', ')}`);
  const last = argv['trace-last'];
  if (last !== undefined && (!Number.isInteger(last) || last <= 0)) {
    throw new TraceOptionError('--trace-last', String(last), 'must be a positive whole number of instructions');
  }
  const ranges = many(argv['trace-range']);
  const modules = many(argv['trace-module']);
  const methods = many(argv['trace-method']);
  for (const method of methods) {
    if (!parseMethodSelector(method)) throw new TraceOptionError('--trace-method', method, 'expected Ns.Type::Method or Ns.Type::Method(int32,string), e.g. Hello.Program::Main');
  }
  const file = argv.trace;
  if (file !== undefined && file.trim() === '') throw new TraceOptionError('--trace', file, 'needs a file name');
  const filtered = ranges.length + modules.length + methods.length > 0;
  if ((filtered || argv['trace-regs']) && file === undefined && last === undefined) {
    const which = argv['trace-regs'] ? '--trace-regs' : ranges.length ? '--trace-range' : modules.length ? '--trace-module' : '--trace-method';
    throw new TraceOptionError(which, '', 'shapes an instruction trace: add --trace <file> (or --trace-last N)');
  }
  return {
    file,
    format,
    registers: argv['trace-regs'] ?? false,
    ranges: ranges.map((r) => parseAddressRange(r)),
    modules,
    methods,
    last,
    crashReportFile: argv['crash-report'],
    minidumpFile: argv.minidump,
  };
}
