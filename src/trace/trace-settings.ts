/**
 * What a user asked for with the tracing and dump options of `clremu run`, already validated
 * (src/cli/commands/trace-options.ts turns parsed arguments into this). Plain data: a test or
 * another front end can build it directly.
 */
import type { AddressRange } from './trace-filter';
import type { TraceFormat } from './trace-format';

export interface TraceSettings {
  /** `--trace <file>`: where the instruction trace goes. */
  readonly file?: string;
  readonly format: TraceFormat;
  /** `--trace-regs`: the registers each instruction changed. */
  readonly registers: boolean;
  /** `--trace-range`: keep only instructions inside these ranges. */
  readonly ranges: readonly AddressRange[];
  /** `--trace-module`: keep only instructions inside these modules. */
  readonly modules: readonly string[];
  /** `--trace-method Ns.Type::Method`: keep only these managed methods' code. */
  readonly methods: readonly string[];
  /** `--trace-last N`: keep the last N instructions, written (and reported) on a crash. */
  readonly last?: number;
  /** `--crash-report <file>`: the crash report as JSON. */
  readonly crashReportFile?: string;
  /** `--minidump <file>`: a Windows minidump of the crash. */
  readonly minidumpFile?: string;
}

/** No tracing, no dump files. */
export const NO_TRACING: TraceSettings = { format: 'text', registers: false, ranges: [], modules: [], methods: [] };

/** Whether an instruction hook is needed at all (trace file, or a ring for crash reports). */
export function wantsInstructionTrace(s: TraceSettings): boolean {
  return s.file !== undefined || s.last !== undefined;
}
