/**
 * Guest-memory layouts of the Windows x64 exception structures (winnt.h, AMD64), as the
 * dispatcher, language handlers and guest code share them:
 *
 * - CONTEXT (0x4D0 bytes, 16-aligned): P1Home–P6Home, ContextFlags +0x30, MxCsr +0x34, segment
 *   selectors +0x38, EFlags +0x44, Dr0–Dr7 +0x48, Rax…R15 +0x78 (x86 encoding order, 8 bytes
 *   each), Rip +0xF8, FltSave (XMM_SAVE_AREA32) +0x100 with Xmm0–Xmm15 at +0x1A0.
 * - EXCEPTION_RECORD (0x98): ExceptionCode +0, ExceptionFlags +4, ExceptionRecord +8,
 *   ExceptionAddress +0x10, NumberParameters +0x18, ExceptionInformation[15] +0x20.
 * - DISPATCHER_CONTEXT (0x50): ControlPc, ImageBase, FunctionEntry, EstablisherFrame, TargetIp,
 *   ContextRecord, LanguageHandler, HandlerData, HistoryTable (8 bytes each), ScopeIndex +0x48.
 * - EXCEPTION_POINTERS (0x10): ExceptionRecord, ContextRecord.
 *
 * Invariant: reading a CONTEXT written by `writeContext` gives back the same Context64 (all
 * sixteen GPRs, RIP, RFLAGS and the sixteen XMM registers).
 */
import type { Memory } from '../../emu';
import { GPR_NAMES, type Context64 } from '../unwind';

export const CONTEXT_SIZE = 0x4d0;
export const EXCEPTION_RECORD_SIZE = 0x98;
export const DISPATCHER_CONTEXT_SIZE = 0x50;
export const EXCEPTION_POINTERS_SIZE = 0x10;
/** EXCEPTION_MAXIMUM_PARAMETERS. */
export const EXCEPTION_MAXIMUM_PARAMETERS = 15;

/** CONTEXT field offsets. */
export const enum ContextOffset {
  /** ContextFlags (DWORD). */
  ContextFlags = 0x30,
  /** MxCsr (DWORD). */
  MxCsr = 0x34,
  /** SegCs (WORD); SegDs, SegEs, SegFs, SegGs, SegSs follow. */
  SegCs = 0x38,
  /** EFlags (DWORD). */
  EFlags = 0x44,
  /** Rax; the other fifteen GPRs follow in x86 encoding order. */
  Rax = 0x78,
  /** Rsp. */
  Rsp = 0x98,
  /** Rip. */
  Rip = 0xf8,
  /** FltSave.MxCsr inside XMM_SAVE_AREA32. */
  FltSaveMxCsr = 0x118,
  /** Xmm0 (M128A); Xmm1–Xmm15 follow. */
  Xmm0 = 0x1a0,
}

/** ContextFlags values (CONTEXT_AMD64 | parts). */
export const enum ContextFlags {
  /** CONTEXT_AMD64: the architecture bit every flag value carries. */
  Amd64 = 0x100000,
  /** CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS | CONTEXT_FLOATING_POINT: what RtlCaptureContext fills. */
  Captured = 0x10000f,
}

/** EXCEPTION_RECORD.ExceptionFlags bits. */
export const enum ExceptionFlag {
  /** EXCEPTION_NONCONTINUABLE: continuing raises STATUS_NONCONTINUABLE_EXCEPTION. */
  Noncontinuable = 0x1,
  /** EXCEPTION_UNWINDING: the unwind phase. */
  Unwinding = 0x2,
  /** EXCEPTION_EXIT_UNWIND: an unwind with no target frame. */
  ExitUnwind = 0x4,
  /** EXCEPTION_STACK_INVALID: the search met a stack it could not walk. */
  StackInvalid = 0x8,
  /** EXCEPTION_NESTED_CALL: raised while a handler of another exception ran. */
  NestedCall = 0x10,
  /** EXCEPTION_TARGET_UNWIND: this frame is the target of the unwind. */
  TargetUnwind = 0x20,
  /** EXCEPTION_COLLIDED_UNWIND: a nested unwind took over an unwind in progress. */
  CollidedUnwind = 0x40,
}

/** EXCEPTION_DISPOSITION, what a language handler returns. */
export const enum Disposition {
  /** ExceptionContinueExecution: resume at the (possibly edited) context. */
  ContinueExecution = 0,
  /** ExceptionContinueSearch: not handled here. */
  ContinueSearch = 1,
  /** ExceptionNestedException. */
  NestedException = 2,
  /** ExceptionCollidedUnwind. */
  CollidedUnwind = 3,
}

/** What a filter (vectored handler, unhandled-exception filter, __except filter) returns. */
export const enum FilterResult {
  /** EXCEPTION_CONTINUE_EXECUTION. */
  ContinueExecution = -1,
  /** EXCEPTION_CONTINUE_SEARCH. */
  ContinueSearch = 0,
  /** EXCEPTION_EXECUTE_HANDLER. */
  ExecuteHandler = 1,
}

/** NTSTATUS codes the dispatcher itself raises or recognises. */
export const enum SehStatus {
  /** STATUS_NONCONTINUABLE_EXCEPTION: a handler tried to continue a non-continuable exception. */
  NoncontinuableException = 0xc0000025,
  /** STATUS_INVALID_DISPOSITION: a handler returned a value the dispatcher does not know. */
  InvalidDisposition = 0xc0000026,
  /** STATUS_UNWIND: the code of the record RtlUnwindEx builds when given none. */
  Unwind = 0xc0000027,
  /** STATUS_INVALID_UNWIND_TARGET: the unwind's target frame is not on the stack. */
  InvalidUnwindTarget = 0xc0000029,
  /** STATUS_BAD_STACK: the unwinder met a frame it cannot walk. */
  BadStack = 0xc0000028,
}

/** EXCEPTION_RECORD as plain data. */
export interface ExceptionRecord {
  code: number;
  flags: number;
  /** A chained (earlier) record's guest address, 0 when none. */
  nested: bigint;
  address: bigint;
  information: bigint[];
}

export function writeExceptionRecord(memory: Memory, at: bigint, r: ExceptionRecord): void {
  memory.write(at, new Uint8Array(EXCEPTION_RECORD_SIZE));
  memory.setU32(at, r.code >>> 0);
  memory.setU32(at + 4n, r.flags >>> 0);
  memory.setU64(at + 8n, r.nested);
  memory.setU64(at + 0x10n, r.address);
  const n = Math.min(r.information.length, EXCEPTION_MAXIMUM_PARAMETERS);
  memory.setU32(at + 0x18n, n);
  for (let i = 0; i < n; i++) memory.setU64(at + 0x20n + BigInt(i * 8), r.information[i]!);
}

export function readExceptionRecord(memory: Memory, at: bigint): ExceptionRecord {
  const n = Math.min(memory.u32(at + 0x18n), EXCEPTION_MAXIMUM_PARAMETERS);
  const information: bigint[] = [];
  for (let i = 0; i < n; i++) information.push(memory.u64(at + 0x20n + BigInt(i * 8)));
  return { code: memory.u32(at), flags: memory.u32(at + 4n), nested: memory.u64(at + 8n), address: memory.u64(at + 0x10n), information };
}

/**
 * The bytes of an AMD64 CONTEXT for `ctx`: GPRs, RIP, RFLAGS, the user-mode segment selectors,
 * XMM0–15 when known, and the default x87 control word and MXCSR. `flags` is ContextFlags
 * (default: what RtlCaptureContext fills). Guest memory (the SEH dispatcher) and minidump files
 * both take their CONTEXT from here.
 */
export function encodeContext(ctx: Context64, options: { flags?: number; mxcsr?: number } = {}): Uint8Array {
  const mxcsr = options.mxcsr ?? 0x1f80;
  const bytes = new Uint8Array(CONTEXT_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(ContextOffset.ContextFlags, options.flags ?? ContextFlags.Captured, true);
  view.setUint32(ContextOffset.MxCsr, mxcsr, true);
  // User-mode selectors of a Windows x64 process: CS 0x33, DS/ES 0x2B, FS 0x53, GS/SS 0x2B.
  [0x33, 0x2b, 0x2b, 0x53, 0x2b, 0x2b].forEach((sel, i) => view.setUint16(ContextOffset.SegCs + i * 2, sel, true));
  view.setUint32(ContextOffset.EFlags, Number(ctx.rflags & 0xffff_ffffn), true);
  GPR_NAMES.forEach((name, i) => view.setBigUint64(ContextOffset.Rax + i * 8, ctx[name], true));
  view.setBigUint64(ContextOffset.Rip, ctx.rip, true);
  view.setUint16(0x100, 0x27f, true); // FltSave.ControlWord: the x87 default
  view.setUint32(ContextOffset.FltSaveMxCsr, mxcsr, true);
  view.setUint32(ContextOffset.FltSaveMxCsr + 4, 0xffff, true); // FltSave.MxCsr_Mask: every MXCSR bit is writable
  ctx.xmm?.slice(0, 16).forEach((x, i) => {
    if (x) bytes.set(x.subarray(0, 16), ContextOffset.Xmm0 + i * 16);
  });
  return bytes;
}

/** Writes a full CONTEXT (ContextFlags = CONTEXT_CONTROL|INTEGER|SEGMENTS|FLOATING_POINT). */
export function writeContext(memory: Memory, at: bigint, ctx: Context64, mxcsr = 0x1f80): void {
  memory.write(at, encodeContext(ctx, { mxcsr }));
}

/** Reads the integer, control and XMM state of a CONTEXT. */
export function readContext(memory: Memory, at: bigint): Context64 {
  const bytes = memory.read(at, CONTEXT_SIZE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ctx = {} as Record<string, unknown>;
  GPR_NAMES.forEach((name, i) => {
    ctx[name] = view.getBigUint64(ContextOffset.Rax + i * 8, true);
  });
  ctx.rip = view.getBigUint64(ContextOffset.Rip, true);
  ctx.rflags = BigInt(view.getUint32(ContextOffset.EFlags, true));
  ctx.xmm = Array.from({ length: 16 }, (_, i) => bytes.slice(ContextOffset.Xmm0 + i * 16, ContextOffset.Xmm0 + i * 16 + 16));
  return ctx as unknown as Context64;
}

/** DISPATCHER_CONTEXT as plain data (ScopeIndex included). */
export interface DispatcherContext {
  controlPc: bigint;
  imageBase: bigint;
  functionEntry: bigint;
  establisherFrame: bigint;
  targetIp: bigint;
  contextRecord: bigint;
  languageHandler: bigint;
  handlerData: bigint;
  historyTable: bigint;
  scopeIndex: number;
}

export function writeDispatcherContext(memory: Memory, at: bigint, d: DispatcherContext): void {
  const fields = [d.controlPc, d.imageBase, d.functionEntry, d.establisherFrame, d.targetIp, d.contextRecord, d.languageHandler, d.handlerData, d.historyTable];
  fields.forEach((v, i) => memory.setU64(at + BigInt(i * 8), v));
  memory.setU32(at + 0x48n, d.scopeIndex >>> 0);
  memory.setU32(at + 0x4cn, 0);
}

/** DISPATCHER_CONTEXT.ScopeIndex, which __C_specific_handler advances. */
export function readScopeIndex(memory: Memory, at: bigint): number {
  return memory.u32(at + 0x48n);
}
