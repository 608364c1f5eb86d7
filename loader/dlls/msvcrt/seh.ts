/**
 * `__C_specific_handler`: the language-specific handler that Microsoft-style C compilers (and
 * mingw-w64's start-up code) name in the UNWIND_INFO of functions with `__try` blocks. The
 * exception dispatcher calls it once per frame in the search phase and again in the unwind phase.
 *
 * Data (x64 exception handling, "Language-specific handler" in Microsoft's x64 ABI documentation):
 * - EXCEPTION_RECORD: ExceptionCode +0, ExceptionFlags +4 (UNWINDING 0x2, EXIT_UNWIND 0x4,
 *   TARGET_UNWIND 0x20).
 * - DISPATCHER_CONTEXT: ControlPc +0, ImageBase +8, FunctionEntry +16, EstablisherFrame +24,
 *   TargetIp +32, ContextRecord +40, LanguageHandler +48, HandlerData +56, HistoryTable +64,
 *   ScopeIndex +72.
 * - HandlerData is a SCOPE_TABLE: Count, then {BeginAddress, EndAddress, HandlerAddress,
 *   JumpTarget} RVAs. JumpTarget 0 marks a `__finally` (HandlerAddress is the termination
 *   handler); otherwise HandlerAddress is the filter (or 1: EXCEPTION_EXECUTE_HANDLER) and
 *   JumpTarget the `__except` block.
 *
 * Search phase: the first scope around ControlPc whose filter says EXCEPTION_EXECUTE_HANDLER makes
 * this handler call ntdll!RtlUnwindEx to that scope's JumpTarget (it does not return); a negative
 * filter result means EXCEPTION_CONTINUE_EXECUTION. Unwind phase: the `__finally` blocks around
 * ControlPc run, innermost first, stopping at the target's own scope; ScopeIndex records progress
 * so a collided unwind does not run a block twice.
 */
import { fn, UnimplementedApiError, type ApiTable } from '../api';
import type { Os } from '../../os';
import { crt } from './state';

/** EXCEPTION_DISPOSITION. */
export const enum Disposition {
  /** ExceptionContinueExecution. */
  ContinueExecution = 0,
  /** ExceptionContinueSearch. */
  ContinueSearch = 1,
}

/** ExceptionFlags bits. */
const enum ExceptionFlag {
  /** EXCEPTION_UNWINDING: the unwind phase. */
  Unwinding = 0x2,
  /** EXCEPTION_EXIT_UNWIND: an unwind to exit (longjmp, ExitThread). */
  ExitUnwind = 0x4,
  /** EXCEPTION_TARGET_UNWIND: this frame is the unwind's target. */
  TargetUnwind = 0x20,
}

const EXCEPTION_EXECUTE_HANDLER = 1;
const SCOPE_RECORD_SIZE = 16n;

/** RtlUnwindEx came back: it transfers control and never returns on Windows. */
export class UnwindReturnedError extends Error {
  override name = 'UnwindReturnedError';
  constructor(target: bigint) {
    super(`ntdll!RtlUnwindEx to 0x${target.toString(16)} returned to __C_specific_handler; an unwind must not return`);
  }
}

interface Scope {
  begin: number;
  end: number;
  handler: number;
  jumpTarget: number;
}

function scopes(os: Os, table: bigint): Scope[] {
  const count = os.memory.u32(table);
  // A scope table larger than this is corrupt data, not code: refuse to walk it.
  if (count > 0x10000) return [];
  const out: Scope[] = [];
  for (let i = 0n; i < BigInt(count); i++) {
    const at = table + 4n + i * SCOPE_RECORD_SIZE;
    out.push({ begin: os.memory.u32(at), end: os.memory.u32(at + 4n), handler: os.memory.u32(at + 8n), jumpTarget: os.memory.u32(at + 12n) });
  }
  return out;
}

function rtlUnwindEx(os: Os): bigint {
  const ntdll = os.modules.byName('ntdll.dll');
  const addr = ntdll ? os.modules.exportAddress(ntdll, 'RtlUnwindEx') : undefined;
  if (addr === undefined) throw new UnimplementedApiError('ntdll.dll', 'RtlUnwindEx');
  return addr;
}

export function cSpecificHandler(os: Os, record: bigint, establisherFrame: bigint, context: bigint, dispatcher: bigint): Disposition {
  const m = os.memory;
  const flags = m.u32(record + 4n);
  const controlPc = m.u64(dispatcher);
  const imageBase = m.u64(dispatcher + 8n);
  const table = m.u64(dispatcher + 56n);
  const pc = Number(controlPc - imageBase);
  const list = scopes(os, table);
  const inside = (s: Scope, rva: number) => rva >= s.begin && rva < s.end;

  if (flags & (ExceptionFlag.Unwinding | ExceptionFlag.ExitUnwind)) {
    const targetRva = Number(m.u64(dispatcher + 32n) - imageBase);
    for (let i = m.u32(dispatcher + 72n); i < list.length; i++) {
      const s = list[i]!;
      if (!inside(s, pc) || s.jumpTarget !== 0) continue;
      // The unwind's target lies inside this __try/__finally: control does not leave it, so
      // neither this block nor the enclosing ones run.
      if (flags & ExceptionFlag.TargetUnwind && inside(s, targetRva)) break;
      m.setU32(dispatcher + 72n, i + 1);
      // void termination_handler(BOOLEAN AbnormalTermination, void *EstablisherFrame)
      os.callGuest(imageBase + BigInt(s.handler), [1n, establisherFrame]);
    }
    return Disposition.ContinueSearch;
  }

  for (let i = m.u32(dispatcher + 72n); i < list.length; i++) {
    const s = list[i]!;
    if (!inside(s, pc) || s.jumpTarget === 0) continue;
    let verdict: number;
    if (s.handler === EXCEPTION_EXECUTE_HANDLER) verdict = 1;
    else {
      // LONG filter(EXCEPTION_POINTERS *pointers, void *EstablisherFrame)
      const pointers = crt(os).heap.alloc(16, false);
      m.setU64(pointers, record);
      m.setU64(pointers + 8n, context);
      try {
        verdict = Number(BigInt.asIntN(32, os.callGuest(imageBase + BigInt(s.handler), [pointers, establisherFrame])));
      } finally {
        crt(os).heap.free(pointers);
      }
    }
    if (verdict < 0) return Disposition.ContinueExecution;
    if (verdict > 0) {
      const target = imageBase + BigInt(s.jumpTarget);
      const history = m.u64(dispatcher + 64n);
      // RtlUnwindEx(TargetFrame, TargetIp, ExceptionRecord, ReturnValue, ContextRecord, HistoryTable)
      os.callGuest(rtlUnwindEx(os), [establisherFrame, target, record, BigInt(m.u32(record)), context, history]);
      throw new UnwindReturnedError(target);
    }
  }
  return Disposition.ContinueSearch;
}

export const seh: ApiTable = {
  __C_specific_handler: fn(
    'EXCEPTION_DISPOSITION __C_specific_handler(struct _EXCEPTION_RECORD *ExceptionRecord, void *EstablisherFrame, struct _CONTEXT *ContextRecord, struct _DISPATCHER_CONTEXT *DispatcherContext)',
    ['ptr', 'ptr', 'ptr', 'ptr'],
    'i32',
    ({ os }, record, frame, context, dispatcher) => cSpecificHandler(os, record, frame, context, dispatcher),
  ),
};
