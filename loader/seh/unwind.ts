/**
 * RtlUnwindEx: the unwind phase (Microsoft x64 exception handling, "Unwind"; the shape of Wine's
 * and ReactOS's implementations, written from their description, not their code).
 *
 * From a start context, frames are virtually unwound one by one until the frame whose
 * EstablisherFrame is TargetFrame. Each frame whose unwind info declares a termination handler
 * (UNW_FLAG_UHANDLER) has its language handler called with EXCEPTION_UNWINDING set (plus
 * EXCEPTION_TARGET_UNWIND for the target frame, EXCEPTION_EXIT_UNWIND when there is no target);
 * DISPATCHER_CONTEXT.ContextRecord is that frame's own context, which the handler may edit (gcc's
 * handler sets RDX for a landing pad). The target frame's context, with RIP = TargetIp and
 * RAX = ReturnValue, is then loaded.
 *
 * Host frames: a walk that reaches the sentinel return address of a handler call the dispatcher
 * made continues at the frame the dispatcher was working on (`HostFrame.resume`). Crossing an
 * unwind-phase handler's call is a collided unwind: the interrupted frame is processed again with
 * EXCEPTION_COLLIDED_UNWIND and the interrupted ScopeIndex, and frames the first unwind already
 * passed are not unwound twice. The result names the `ResumeLevel` whose dispatcher must load it.
 */
import { CALL_SENTINEL } from '../../emu';
import type { Os } from '../os';
import { UnwindError, cloneContext, virtualUnwindStep, type Context64 } from '../unwind';
import { SehError } from './errors';
import { functionLookup, lookupFunctionEntry } from './function-entries';
import { callGuestHandler, int32 } from './handler-call';
import {
  CONTEXT_SIZE, DISPATCHER_CONTEXT_SIZE, Disposition, EXCEPTION_RECORD_SIZE, ExceptionFlag, SehStatus,
  readContext, readScopeIndex, writeContext, writeDispatcherContext, writeExceptionRecord,
} from './layouts';
import { StackArea, growStackFor } from './stack-area';
import { hostFrameAt, sehState, type ResumeLevel } from './state';

export interface UnwindRequest {
  /** EstablisherFrame of the target; 0 for an exit unwind. */
  targetFrame: bigint;
  targetIp: bigint;
  /** Guest EXCEPTION_RECORD, or 0 to build a STATUS_UNWIND record. */
  record: bigint;
  returnValue: bigint;
  historyTable: bigint;
}

export interface UnwindResult {
  readonly context: Context64;
  readonly level: ResumeLevel;
}

const MAX_FRAMES = 100_000;

/**
 * Runs the unwind from `start` (the context of RtlUnwindEx's caller), whose frames live at
 * `level`. `stackTop` is the lowest live stack address. Does not load the result into the CPU.
 */
export function unwindTo(os: Os, request: UnwindRequest, start: Context64, level: ResumeLevel, stackTop: bigint): UnwindResult {
  const m = os.memory;
  growStackFor(os, stackTop);
  const area = new StackArea(m, stackTop - 0x40n);
  let recordAddr = request.record;
  if (recordAddr === 0n) {
    recordAddr = area.alloc(EXCEPTION_RECORD_SIZE);
    writeExceptionRecord(m, recordAddr, { code: SehStatus.Unwind, flags: 0, nested: 0n, address: start.rip, information: [] });
  }
  const contextAddr = area.alloc(CONTEXT_SIZE);
  const dispatcher = area.alloc(DISPATCHER_CONTEXT_SIZE);
  const setFlags = (f: number) => m.setU32(recordAddr + 4n, f >>> 0);
  setFlags(m.u32(recordAddr + 4n) | ExceptionFlag.Unwinding | (request.targetFrame === 0n ? ExceptionFlag.ExitUnwind : 0));
  const lookup = functionLookup(os);
  const fail = (status: number, what: string, at?: bigint): never => {
    throw new SehError(status, what, at);
  };

  let current = cloneContext(start);
  let currentLevel = level;
  let collided: { scopeIndex: number } | undefined;
  const frames = sehState(os).hostFrames;
  // RtlUnwindEx called straight from host code (a host-implemented language handler such as
  // msvcrt's __C_specific_handler): the walk starts where the dispatcher that called that handler was.
  if (current.rip === CALL_SENTINEL && !hostFrameAt(os, current.rsp - 8n) && frames.length > 0) {
    const innermost = frames[frames.length - 1]!;
    current = cloneContext(innermost.resume);
    currentLevel = innermost.level;
    if (innermost.kind === 'unwind' && innermost.dispatcherContext !== undefined) collided = { scopeIndex: readScopeIndex(m, innermost.dispatcherContext) };
  }

  for (let depth = 0; ; depth++) {
    if (depth >= MAX_FRAMES) fail(SehStatus.BadStack, 'the unwind walked more frames than a stack can hold', current.rsp);
    if (current.rip === CALL_SENTINEL) {
      const host = hostFrameAt(os, current.rsp - 8n);
      if (!host) fail(SehStatus.InvalidUnwindTarget, 'the unwind reached guest code called from an emulated API before its target frame', current.rsp);
      current = cloneContext(host!.resume);
      currentLevel = host!.level;
      collided = host!.kind === 'unwind' && host!.dispatcherContext !== undefined ? { scopeIndex: readScopeIndex(m, host!.dispatcherContext) } : undefined;
      continue;
    }
    if (current.rip === 0n || os.machine.gates.contains(current.rip)) {
      // An exit unwind (no target frame) ends when the frames do, and continues at TargetIp.
      if (request.targetFrame === 0n) break;
      fail(SehStatus.InvalidUnwindTarget, `the unwind reached the end of the stack without finding frame 0x${request.targetFrame.toString(16)}`, current.rip);
    }
    let step;
    try {
      step = virtualUnwindStep(m, current, lookup);
    } catch (e) {
      if (e instanceof UnwindError) fail(SehStatus.BadStack, `the unwind met a frame it cannot walk (${e.message})`, current.rip);
      throw e;
    }
    const established = step.establisherFrame;
    if (request.targetFrame !== 0n && established > request.targetFrame) {
      fail(SehStatus.InvalidUnwindTarget, `the unwind passed its target frame 0x${request.targetFrame.toString(16)}`, current.rip);
    }
    const isTarget = established === request.targetFrame;
    let flags = m.u32(recordAddr + 4n) & ~(ExceptionFlag.TargetUnwind | ExceptionFlag.CollidedUnwind);
    if (isTarget) flags |= ExceptionFlag.TargetUnwind;
    if (collided) flags |= ExceptionFlag.CollidedUnwind;
    setFlags(flags);
    const handler = step.handler;
    if (handler?.termination && step.entry) {
      const imageBase = step.entry.imageBase;
      const languageHandler = imageBase + BigInt(handler.handlerRva);
      writeContext(m, contextAddr, current);
      writeDispatcherContext(m, dispatcher, {
        controlPc: current.rip, imageBase, functionEntry: lookupFunctionEntry(os, current.rip)?.address ?? 0n,
        establisherFrame: established, targetIp: request.targetIp, contextRecord: contextAddr, languageHandler,
        handlerData: imageBase + BigInt(handler.dataRva), historyTable: request.historyTable, scopeIndex: collided?.scopeIndex ?? 0,
      });
      const disposition = int32(callGuestHandler(os, languageHandler, [recordAddr, established, contextAddr, dispatcher], area.top, {
        resume: current, searchResume: current, level: currentLevel, kind: 'unwind', dispatcherContext: dispatcher,
      }));
      if (disposition !== Disposition.ContinueSearch) {
        fail(SehStatus.InvalidDisposition, `a termination handler returned disposition ${disposition} during an unwind`, languageHandler);
      }
      // The handler may have edited this frame's context (it becomes the target's when this is the target).
      current = { ...readContext(m, contextAddr) };
    }
    collided = undefined;
    if (isTarget) break;
    if (step.caller.rsp <= current.rsp) fail(SehStatus.BadStack, 'a caller frame lies below its callee', current.rsp);
    current = step.caller;
  }
  current.rax = request.returnValue;
  current.rip = request.targetIp;
  return { context: current, level: currentLevel };
}
