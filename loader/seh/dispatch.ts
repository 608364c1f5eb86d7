/**
 * RtlDispatchException and the top-level filter: what Windows does between a fault (or
 * RaiseException) and either resuming the thread or ending the process.
 *
 *  1. The EXCEPTION_RECORD and CONTEXT are written to the faulting thread's stack, below its
 *     live frames (KiUserExceptionDispatcher's layout is not reproduced, only its placement).
 *  2. Vectored exception handlers, in list order, get EXCEPTION_POINTERS; EXCEPTION_CONTINUE_EXECUTION
 *     resumes at the (possibly edited) CONTEXT after the vectored continue handlers ran.
 *  3. Frame-based search: from the exception's frame outwards, each frame is virtually unwound
 *     (loader/unwind) and, when its unwind info names an exception handler and RIP is in the
 *     body, the language handler is called as handler(ExceptionRecord, EstablisherFrame,
 *     ContextRecord, DispatcherContext). ExceptionContinueExecution resumes; a handler that
 *     handles the exception calls RtlUnwindEx, which never returns here (a ContextTransfer
 *     carries the target context back to this level).
 *  4. Nobody handled it: the unhandled-exception filter (SetUnhandledExceptionFilter), as the
 *     thread start routine's __except does. EXCEPTION_CONTINUE_EXECUTION resumes; anything else
 *     leaves the exception unhandled, which the run reports as a crash with the record's code.
 *
 * Continuing a non-continuable exception raises STATUS_NONCONTINUABLE_EXCEPTION (itself
 * non-continuable, chained to the first record). A handler returning an unknown disposition
 * raises STATUS_INVALID_DISPOSITION.
 *
 * Nested exceptions: a frame that returns into a handler call the dispatcher made continues at
 * that call's `searchResume` (see HostFrame).
 *
 * Limits: the search stops at the first frame that returns into host code the dispatcher did not
 * call (a guest callback of an emulated API, the thread's start gate): exceptions do not
 * propagate through emulated APIs. A stack that cannot be walked sets EXCEPTION_STACK_INVALID and ends the
 * search, as on Windows.
 */
import { CALL_SENTINEL, Reg, type Fault } from '../../emu';
import type { Os } from '../os';
import { UnwindError, captureContext, cloneContext, virtualUnwindStep, type Context64 } from '../unwind';
import { ContextTransfer, SehError } from './errors';
import { functionLookup, lookupFunctionEntry } from './function-entries';
import { callGuestHandler, int32 } from './handler-call';
import {
  CONTEXT_SIZE, DISPATCHER_CONTEXT_SIZE, Disposition, EXCEPTION_POINTERS_SIZE, EXCEPTION_RECORD_SIZE, ExceptionFlag,
  FilterResult, SehStatus, readContext, readExceptionRecord, writeContext, writeDispatcherContext, writeExceptionRecord,
  type ExceptionRecord,
} from './layouts';
import { StackArea, growStackFor } from './stack-area';
import { ResumeLevel, hostFrameAt, sehState } from './state';

export type DispatchOutcome =
  /** A handler or filter continued execution: load `context`. */
  | { kind: 'resume'; context: Context64 }
  /** Nobody handled it: the process ends with `record.code` (`terminated`: the filter said EXECUTE_HANDLER). */
  | { kind: 'unhandled'; record: ExceptionRecord; terminated: boolean };

/** Frames walked before the search gives up on a runaway stack. */
const MAX_FRAMES = 100_000;

/**
 * Dispatches one exception raised with `context` as the thread's state. `stackTop` is the lowest
 * live stack address (the records go below it); by default the lower of RSP and the context's RSP.
 */
export function dispatchException(os: Os, record: ExceptionRecord, context: Context64, stackTop?: bigint): DispatchOutcome {
  const level = new ResumeLevel(`dispatch of exception 0x${(record.code >>> 0).toString(16)}`);
  const rsp = os.machine.reg(Reg.RSP);
  const top = stackTop ?? (rsp < context.rsp ? rsp : context.rsp);
  growStackFor(os, top);
  try {
    return dispatchAt(os, record, context, level, top);
  } catch (e) {
    if (e instanceof ContextTransfer && e.level === level) return { kind: 'resume', context: e.context };
    throw e;
  }
}

function dispatchAt(os: Os, record: ExceptionRecord, context: Context64, level: ResumeLevel, top: bigint): DispatchOutcome {
  const m = os.memory;
  const state = sehState(os);
  const area = new StackArea(m, top - 0x40n);
  let contextAddr: bigint, recordAddr: bigint, pointers: bigint, dispatcher: bigint;
  try {
    contextAddr = area.alloc(CONTEXT_SIZE);
    recordAddr = area.alloc(EXCEPTION_RECORD_SIZE);
    pointers = area.alloc(EXCEPTION_POINTERS_SIZE);
    dispatcher = area.alloc(DISPATCHER_CONTEXT_SIZE);
  } catch (e) {
    // No stack to dispatch on (RSP was corrupted, or the stack is exhausted): Windows cannot
    // deliver the exception to user mode either and the process ends with it.
    if (e instanceof SehError) return { kind: 'unhandled', record, terminated: false };
    throw e;
  }
  writeContext(m, contextAddr, context);
  writeExceptionRecord(m, recordAddr, record);
  m.setU64(pointers, recordAddr);
  m.setU64(pointers + 8n, contextAddr);
  const frame = { resume: context, level, kind: 'exception' as const };

  const continued = (): DispatchOutcome => {
    const flags = m.u32(recordAddr + 4n);
    if (flags & ExceptionFlag.Noncontinuable) {
      const nested: ExceptionRecord = {
        code: SehStatus.NoncontinuableException, flags: ExceptionFlag.Noncontinuable, nested: recordAddr, address: record.address, information: [],
      };
      return dispatchAt(os, nested, readContext(m, contextAddr), level, area.top);
    }
    for (const h of [...state.continueHandlers]) {
      if (int32(callGuestHandler(os, h.routine, [pointers], area.top, frame)) === FilterResult.ContinueExecution) break;
    }
    return { kind: 'resume', context: readContext(m, contextAddr) };
  };

  for (const h of [...state.vectored]) {
    if (int32(callGuestHandler(os, h.routine, [pointers], area.top, frame)) === FilterResult.ContinueExecution) return continued();
  }

  const lookup = functionLookup(os);
  let current = cloneContext(context);
  for (let depth = 0; depth < MAX_FRAMES; depth++) {
    if (current.rip === CALL_SENTINEL) {
      // A handler the dispatcher called raised this exception: carry on where that dispatch was.
      const host = hostFrameAt(os, current.rsp - 8n);
      if (!host?.searchResume) break;
      current = cloneContext(host.searchResume);
      continue;
    }
    if (current.rip === 0n || os.machine.gates.contains(current.rip)) break;
    let step;
    try {
      step = virtualUnwindStep(m, current, lookup);
    } catch (e) {
      if (!(e instanceof UnwindError)) throw e;
      m.setU32(recordAddr + 4n, m.u32(recordAddr + 4n) | ExceptionFlag.StackInvalid);
      break;
    }
    const handler = step.handler;
    if (handler?.exception && step.entry) {
      const imageBase = step.entry.imageBase;
      const languageHandler = imageBase + BigInt(handler.handlerRva);
      writeDispatcherContext(m, dispatcher, {
        controlPc: current.rip, imageBase, functionEntry: lookupFunctionEntry(os, current.rip)?.address ?? 0n,
        establisherFrame: step.establisherFrame, targetIp: 0n, contextRecord: contextAddr, languageHandler,
        handlerData: imageBase + BigInt(handler.dataRva), historyTable: 0n, scopeIndex: 0,
      });
      const disposition = int32(callGuestHandler(os, languageHandler, [recordAddr, step.establisherFrame, contextAddr, dispatcher], area.top, {
        ...frame, searchResume: step.caller,
      }));
      switch (disposition) {
        case Disposition.ContinueExecution:
          return continued();
        case Disposition.ContinueSearch:
          break;
        case Disposition.NestedException:
          m.setU32(recordAddr + 4n, m.u32(recordAddr + 4n) | ExceptionFlag.NestedCall);
          break;
        default: {
          const invalid: ExceptionRecord = {
            code: SehStatus.InvalidDisposition, flags: ExceptionFlag.Noncontinuable, nested: recordAddr, address: record.address, information: [],
          };
          return dispatchAt(os, invalid, readContext(m, contextAddr), level, area.top);
        }
      }
    }
    // Each caller frame lies above its callee; anything else is a corrupt stack.
    if (step.caller.rsp <= current.rsp) {
      m.setU32(recordAddr + 4n, m.u32(recordAddr + 4n) | ExceptionFlag.StackInvalid);
      break;
    }
    current = step.caller;
  }

  if (state.unhandledFilter !== 0n) {
    const verdict = int32(callGuestHandler(os, state.unhandledFilter, [pointers], area.top, frame));
    if (verdict === FilterResult.ContinueExecution) return continued();
    if (verdict === FilterResult.ExecuteHandler) return { kind: 'unhandled', record: readExceptionRecord(m, recordAddr), terminated: true };
  }
  return { kind: 'unhandled', record: readExceptionRecord(m, recordAddr), terminated: false };
}

/** Faults that are exceptions a guest can handle (budget and timeout stops, __fastfail are not). */
export function isDispatchable(fault: Fault): boolean {
  return fault.kind !== 'budget-exhausted' && fault.kind !== 'timeout' && fault.kind !== 'fast-fail';
}

/** The EXCEPTION_RECORD Windows builds for a CPU fault. */
export function faultRecord(fault: Fault): ExceptionRecord {
  const information: bigint[] = [];
  if ((fault.kind === 'access-violation' || fault.kind === 'guard-page') && fault.accessCode !== undefined) {
    information.push(BigInt(fault.accessCode), fault.address ?? 0n);
  }
  return { code: fault.code, flags: 0, nested: 0n, address: fault.rip, information };
}

/**
 * Dispatches a fault of the thread's top-level run (registers as the fault left them). On
 * 'resume' the caller loads the context; on 'unhandled' the machine's registers are as they were
 * at the fault, for the crash report.
 */
export function dispatchFault(os: Os, fault: Fault): DispatchOutcome {
  const context = captureContext(os.machine);
  context.rip = fault.rip;
  return dispatchException(os, faultRecord(fault), context);
}
