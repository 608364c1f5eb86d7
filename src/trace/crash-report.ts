/**
 * Crash reports for native faults: what a Windows engineer expects to read after an unhandled
 * exception — the exception code and its name, the faulting instruction disassembled with its
 * bytes and symbol, what was accessed, all registers, the native stack (walked with the x64
 * unwinder, each frame symbolized as `module!symbol+0xoff`), the modules, and memory around the
 * fault address, RIP and RSP.
 *
 * `buildCrashReport` gathers everything into JSON-able data (bigints stay bigints in the object;
 * `toJSON` turns addresses into hex strings), `formatCrashReport` renders the text for stderr.
 * Building never throws for bad guest state: unreadable memory shows as `??`, a stack walk that
 * stops early says why, and a failing symbolizer falls back to the bare address.
 */
import { CALL_SENTINEL } from '../../emu';
import { Context64, FunctionLookup, ReadableMemory, walkStackDetailed } from '../../loader/unwind';
import { MemoryDump, bytesToHex, dumpAround, formatDump } from './hexdump';
import { exceptionCodeName, formatExceptionCode } from './ntstatus';
import type { ManagedCodeMap } from './managed-code';
import { SymbolModule, Symbolizer } from './symbols';

/** What the report needs of emu's Fault. */
export interface FaultLike {
  readonly kind: string;
  readonly rip: bigint;
  readonly address?: bigint;
  readonly access?: 'read' | 'write' | 'execute';
  readonly code: number;
  describe(): string;
}

/** What the report needs of emu's Instruction / Disassembler. */
export interface InstructionLike {
  readonly address: bigint;
  readonly size: number;
  readonly bytes: Uint8Array;
  readonly text: string;
}
export interface DisassemblerLike {
  decode(bytes: Uint8Array, address: bigint, count?: number): InstructionLike[];
}

/** A module as the loader lists it (loader/os LoadedModule fits). */
export interface ReportModule extends SymbolModule {
  readonly path: string;
}

export interface CrashReportInput {
  fault: FaultLike;
  /** Register state at the faulting instruction. */
  context: Context64;
  memory: ReadableMemory;
  modules: readonly ReportModule[];
  lookup: FunctionLookup;
  disassembler: DisassemblerLike;
  /** Address → `module!symbol+0xoff`; by default exports as mapped in memory plus `readModuleFile`. */
  symbolize?: (addr: bigint) => string;
  /** Image bytes of a module (enables COFF symbols in the default symbolizer). */
  readModuleFile?: (module: ReportModule) => Uint8Array | undefined;
  /** Host gate names, for frames inside emulated APIs (emu's Gates.nameAt). */
  gateName?: (addr: bigint) => string | undefined;
  /** Recently executed instruction addresses, oldest first (from an execution trace). */
  lastInstructions?: readonly bigint[];
  maxFrames?: number;
  /**
   * Names return addresses where guest frames end (default: emu's CALL_SENTINEL, through which
   * the host calls guest code — DllMain, TLS callbacks, callbacks from emulated APIs).
   */
  stackBoundary?: (rip: bigint) => string | undefined;
  /** Whether an address holds guest code, for stack scanning (default: inside a listed module;
   *  JIT code heaps will add theirs). */
  isCode?: (addr: bigint) => boolean;
  /** The managed runtime's code map: JIT-compiled frames by method name and IL offset. */
  managed?: ManagedCodeMap;
}

/** The default boundary: below the sentinel are host frames, not guest ones. */
function defaultBoundary(rip: bigint): string | undefined {
  return rip === CALL_SENTINEL ? 'called from the host (clremu)' : undefined;
}

export interface CrashInstruction {
  readonly address: bigint;
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly symbol: string;
}

export interface CrashFrame {
  readonly index: number;
  readonly rip: bigint;
  readonly rsp: bigint;
  readonly symbol: string;
  /** Found by scanning the stack (the frame below had no unwind data and no plausible [RSP]). */
  readonly scanned: boolean;
}

export interface CrashReport {
  readonly code: number;
  /** `0xC0000005`. */
  readonly codeHex: string;
  readonly codeName: string;
  /** emu's fault kind (`access-violation`, `divide-error` …). */
  readonly kind: string;
  readonly description: string;
  /** The exception address: RIP of the faulting instruction. */
  readonly faultAddress: bigint;
  /** For access violations and guard pages: what was accessed. */
  readonly access?: { readonly type: 'read' | 'write' | 'execute'; readonly address: bigint };
  /** Undefined when the bytes at RIP cannot be read or decoded. */
  readonly instruction?: CrashInstruction;
  /** The bytes at RIP when they could be read but not decoded (up to 15). */
  readonly undecodedBytes?: Uint8Array;
  readonly registers: Readonly<Record<string, bigint>>;
  readonly modules: readonly { name: string; base: bigint; size: number; path: string }[];
  readonly stack: readonly CrashFrame[];
  /** Why the stack walk ended, when that was not the end of the stack. */
  readonly stackNote?: string;
  readonly memory: readonly MemoryDump[];
  readonly lastInstructions?: readonly { address: bigint; text: string; symbol: string }[];
  /** The same data with addresses as hex strings (used by JSON.stringify). */
  toJSON(): CrashReportJson;
}

export type CrashReportJson = Record<string, unknown>;

/** Register order of the report: as Windows debuggers print them, four a line. */
const REGISTER_ORDER = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rflags'] as const;

const hex16 = (v: bigint) => `0x${v.toString(16).padStart(16, '0')}`;

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** Up to 15 bytes (an x86 instruction's maximum) that can be read at `addr`. */
function readCode(memory: ReadableMemory, addr: bigint): Uint8Array | undefined {
  const full = safe(() => memory.read(addr, 15), undefined);
  if (full && full.length > 0) return full;
  if (!safe(() => memory.read(addr, 1), undefined)) return undefined;
  for (let size = 14; size >= 1; size--) {
    const bytes = safe(() => memory.read(addr, size), undefined);
    if (bytes && bytes.length > 0) return bytes;
  }
  return undefined;
}

function decodeOne(input: CrashReportInput, addr: bigint): InstructionLike | undefined {
  const bytes = readCode(input.memory, addr);
  if (!bytes) return undefined;
  return safe(() => input.disassembler.decode(bytes, addr, 1)[0], undefined);
}

/** Bytes the disassembler could not decode (capstone's `.byte` fallback counts as not decoded). */
function isDecoded(ins: InstructionLike | undefined): ins is InstructionLike {
  return ins !== undefined && !ins.text.startsWith('.byte');
}

export function buildCrashReport(input: CrashReportInput): CrashReport {
  const { fault, context } = input;
  const symbolizer = new Symbolizer({
    modules: () => input.modules,
    readFile: input.readModuleFile as ((m: SymbolModule) => Uint8Array | undefined) | undefined,
    readMemory: (addr, length) => input.memory.read(addr, length),
    gateName: input.gateName,
    managed: () => input.managed,
  });
  const boundary = input.stackBoundary ?? defaultBoundary;
  const symbolize = (addr: bigint, returnAddress = false) => {
    const host = safe(() => boundary(addr), undefined);
    if (host !== undefined) return `<${host}>`;
    return safe(() => (input.symbolize ? input.symbolize(addr) : symbolizer.resolve(addr, returnAddress).text), hex16(addr));
  };

  const decoded = decodeOne(input, fault.rip);
  const instruction = isDecoded(decoded)
    ? { address: decoded.address, bytes: Uint8Array.from(decoded.bytes), text: decoded.text, symbol: symbolize(decoded.address) }
    : undefined;
  const undecodedBytes = instruction ? undefined : readCode(input.memory, fault.rip);

  const inModule = (addr: bigint) => input.modules.some((m) => addr >= m.base && addr < m.base + BigInt(m.size));
  const isBoundary = (rip: bigint) => safe(() => boundary(rip), undefined);
  const walk = walkStackDetailed(input.memory, context, input.lookup, input.maxFrames, {
    boundary: isBoundary,
    scan: {
      isCode: input.isCode ?? ((addr) => inModule(addr) || input.managed?.locate(addr) !== undefined),
      isKnownReturn: (addr) => isBoundary(addr) !== undefined || safe(() => input.gateName?.(addr), undefined) !== undefined,
    },
  });
  // Frames after the first stop at return addresses: JIT code names the IL of the call.
  const stack = walk.frames.map((f, index) => ({ index, rip: f.rip, rsp: f.rsp, symbol: symbolize(f.rip, index > 0), scanned: walk.scannedFrames.has(index) }));
  let stackNote: string | undefined;
  switch (walk.stop.reason) {
    case 'frame-limit':
      stackNote = `stack walk stopped after ${walk.frames.length} frames`;
      break;
    case 'stack-not-increasing':
      stackNote = `stack walk stopped: the next frame's rsp ${hex16(walk.stop.rsp)} is not above the previous one`;
      break;
    case 'unwind-error':
      stackNote = `stack walk stopped: ${walk.stop.error.message}`;
      break;
    case 'no-return-address':
      stackNote = `stack walk stopped: no unwind data and no plausible return address at or above rsp=${hex16(walk.stop.rsp)}`;
      break;
    case 'end-of-stack':
    case 'boundary':
      break;
  }

  const registers: Record<string, bigint> = {};
  for (const r of REGISTER_ORDER) registers[r] = context[r];

  const access = fault.address !== undefined && fault.access ? { type: fault.access, address: fault.address } : undefined;
  const memory: MemoryDump[] = [];
  if (access && access.type !== 'execute') memory.push(dumpAround(input.memory, 'fault address', access.address, 32, 32));
  memory.push(dumpAround(input.memory, 'rip', fault.rip, 16, 32));
  memory.push(dumpAround(input.memory, 'rsp', context.rsp, 0, 64));

  const lastInstructions = input.lastInstructions?.map((address) => {
    const ins = decodeOne(input, address);
    return { address, text: ins?.text ?? '(not readable)', symbol: symbolize(address) };
  });

  const report: Omit<CrashReport, 'toJSON'> = {
    code: fault.code >>> 0,
    codeHex: formatExceptionCode(fault.code),
    codeName: exceptionCodeName(fault.code),
    kind: fault.kind,
    description: safe(() => fault.describe(), fault.kind),
    faultAddress: fault.rip,
    access,
    instruction,
    undecodedBytes,
    registers,
    modules: input.modules.map((m) => ({ name: m.name, base: m.base, size: m.size, path: m.path })),
    stack,
    stackNote,
    memory,
    lastInstructions,
  };
  return { ...report, toJSON: () => crashReportToJson(report) };
}

/** The report with every address as a `0x…` string and byte arrays as hex text. */
export function crashReportToJson(report: Omit<CrashReport, 'toJSON'>): CrashReportJson {
  const h = (v: bigint) => hex16(v);
  return {
    code: report.code,
    codeHex: report.codeHex,
    codeName: report.codeName,
    kind: report.kind,
    description: report.description,
    faultAddress: h(report.faultAddress),
    access: report.access ? { type: report.access.type, address: h(report.access.address) } : undefined,
    instruction: report.instruction
      ? { address: h(report.instruction.address), bytes: bytesToHex(Array.from(report.instruction.bytes)), text: report.instruction.text, symbol: report.instruction.symbol }
      : undefined,
    undecodedBytes: report.undecodedBytes ? bytesToHex(Array.from(report.undecodedBytes)) : undefined,
    registers: Object.fromEntries(Object.entries(report.registers).map(([k, v]) => [k, h(v)])),
    modules: report.modules.map((m) => ({ name: m.name, base: h(m.base), size: `0x${m.size.toString(16)}`, path: m.path })),
    stack: report.stack.map((f) => ({ index: f.index, rip: h(f.rip), rsp: h(f.rsp), symbol: f.symbol, scanned: f.scanned })),
    stackNote: report.stackNote,
    memory: report.memory.map((d) => ({ label: d.label, target: h(d.target), address: h(d.address), bytes: bytesToHex(d.bytes) })),
    lastInstructions: report.lastInstructions?.map((i) => ({ address: h(i.address), text: i.text, symbol: i.symbol })),
  };
}

const ACCESS_WORDS = { read: 'Attempt to read from address', write: 'Attempt to write to address', execute: 'Attempt to execute code at address' } as const;

/** The text for stderr (see the file overview for what it contains). */
export function formatCrashReport(report: CrashReport): string {
  const lines: string[] = [];
  lines.push(`Unhandled exception ${report.codeHex} (${report.codeName}) at ${hex16(report.faultAddress)}`);
  if (report.instruction) {
    const bytes = Array.from(report.instruction.bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`  ${report.instruction.symbol}: ${report.instruction.text}   (${bytes})`);
  } else {
    const where = report.stack[0]?.symbol ?? hex16(report.faultAddress);
    const bytes = report.undecodedBytes && Array.from(report.undecodedBytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(bytes ? `  ${where}: (not a valid instruction)   (${bytes})` : `  ${where}: (instruction bytes not readable)`);
  }
  if (report.access) {
    const what = report.kind === 'guard-page' ? 'Guard page hit at address' : ACCESS_WORDS[report.access.type];
    lines.push(`  ${what} ${hex16(report.access.address)}`);
  } else if (report.description) {
    lines.push(`  ${report.description}`);
  }

  lines.push('Registers:');
  const regs = REGISTER_ORDER.map((r) => `${r}=${report.registers[r].toString(16).padStart(16, '0')}`);
  for (let i = 0; i < regs.length; i += 4) lines.push(`  ${regs.slice(i, i + 4).join(' ')}`);

  lines.push('Stack:');
  const width = Math.max(0, ...report.stack.map((f) => f.symbol.length));
  // Deep recursion (a stack overflow) repeats one return address hundreds of times: show a few
  // frames of each run and count the rest.
  const SHOWN_PER_RUN = 3;
  for (let i = 0; i < report.stack.length; ) {
    let run = 1;
    while (i + run < report.stack.length && report.stack[i + run].rip === report.stack[i].rip) run++;
    for (const f of report.stack.slice(i, i + Math.min(run, SHOWN_PER_RUN))) {
      lines.push(`  #${String(f.index).padEnd(2)} ${hex16(f.rip)} ${f.symbol.padEnd(width)}  rsp=${hex16(f.rsp)}${f.scanned ? '  (found by stack scan)' : ''}`);
    }
    if (run > SHOWN_PER_RUN) lines.push(`  … ${run - SHOWN_PER_RUN} more frames at ${report.stack[i].symbol} (#${i + SHOWN_PER_RUN}–#${i + run - 1})`);
    i += run;
  }
  if (report.stackNote) lines.push(`  (${report.stackNote})`);

  lines.push('Modules:');
  for (const m of report.modules) {
    lines.push(`  ${hex16(m.base)} 0x${m.size.toString(16).padStart(8, '0')} ${m.name}  ${m.path}`);
  }

  for (const d of report.memory) {
    lines.push(`Memory around ${hex16(d.target)} (${d.label}):`);
    lines.push(...formatDump(d));
  }

  if (report.lastInstructions?.length) {
    lines.push('Last instructions:');
    for (const i of report.lastInstructions) lines.push(`  ${hex16(i.address)} ${i.symbol}: ${i.text}`);
  }
  return `${lines.join('\n')}\n`;
}
