/**
 * The two record formats of an instruction trace, one record per executed instruction:
 *
 * text:  `<seq> <address> <bytes> <disassembly> <module!symbol+0xoff>[  reg=value …][  <- fault]`
 *        with fixed-width address, bytes and disassembly columns, e.g.
 *        `       1  0000000140001530  48 83 ec 28               sub rsp, 0x28                     hello.exe!main+0x4`
 * jsonl: one JSON object a line:
 *        `{"seq":1,"address":"0x140001530","symbol":"hello.exe!main+0x4","bytes":"4883ec28","text":"sub rsp, 0x28"}`
 *        plus `"regs":{"rsp":"0x…"}` with `--trace-regs` and `"fault":true` on a faulting instruction.
 *
 * Between records, a streamed trace may hold the managed runtime's events where they happened (see
 * instruction-trace.ts `note`): text `        # [jit] backpatch Boot::Main precode 0x… -> 0x…`,
 * jsonl `{"event":"jit","message":"backpatch …"}` (no `seq`: they are not instructions).
 *
 * The sequence number counts the records of the trace from 1. Everything after it depends only on
 * the instruction, so it is formatted once per decoded instruction (`tail`) and reused: the hot
 * path of a trace only joins a number to a cached string.
 */
import type { RegisterChange } from './trace-regs';

/** `text` (aligned columns for reading) or `jsonl` (one JSON object a line, for tools). */
export type TraceFormat = 'text' | 'jsonl';

export const TRACE_FORMATS: readonly TraceFormat[] = ['text', 'jsonl'];

/** A decoded instruction as a trace prints it; cached per address. */
export interface TracedInstruction {
  readonly address: bigint;
  readonly size: number;
  readonly bytes: Uint8Array;
  /** Disassembly, `mnemonic operands`. */
  readonly text: string;
  /** `module!symbol+0xoff` (or a gate name, or the bare address). */
  readonly symbol: string;
  /** Target of a direct jump, conditional jump, call or loop (an immediate operand). */
  readonly directTarget?: bigint;
  /** A `rep`-prefixed string instruction: Unicorn enters it once per iteration. */
  readonly repeats: boolean;
  /** Whether the trace's filter keeps this instruction. */
  readonly kept: boolean;
  /** The formatted record without its sequence number (and without the line end for text). */
  readonly tail: string;
}

const BYTES_WIDTH = 24;
const TEXT_WIDTH = 32;

export function bytesHexSpaced(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (i ? ' ' : '') + bytes[i].toString(16).padStart(2, '0');
  return s;
}

function bytesHexCompact(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i].toString(16).padStart(2, '0');
  return s;
}

/** The record tail for one instruction in `format`. */
export function formatTail(format: TraceFormat, address: bigint, bytes: Uint8Array, text: string, symbol: string): string {
  if (format === 'text') {
    return `  ${address.toString(16).padStart(16, '0')}  ${bytesHexSpaced(bytes).padEnd(BYTES_WIDTH)}  ${text.padEnd(TEXT_WIDTH)}  ${symbol}`;
  }
  return `"address":"0x${address.toString(16)}","symbol":${JSON.stringify(symbol)},"bytes":"${bytesHexCompact(bytes)}","text":${JSON.stringify(text)}`;
}

/** One complete record line (with its `\n`). */
export function formatRecord(format: TraceFormat, seq: number, ins: TracedInstruction, regs?: readonly RegisterChange[], faulted = false): string {
  if (format === 'text') {
    let line = `${String(seq).padStart(8)}${ins.tail}`;
    if (regs && regs.length) line += `  ${regs.map((r) => `${r.name}=${r.value.toString(16)}`).join(' ')}`;
    if (faulted) line += '  <- fault';
    return `${line}\n`;
  }
  let line = `{"seq":${seq},${ins.tail}`;
  if (regs) line += `,"regs":{${regs.map((r) => `"${r.name}":"0x${r.value.toString(16)}"`).join(',')}}`;
  if (faulted) line += ',"fault":true';
  return `${line}}\n`;
}
