/**
 * Entering and leaving the dispatcher from a host gate (RaiseException, RtlUnwindEx,
 * RtlRestoreContext …): the caller's context as the gate sees it, and loading a context into the
 * CPU so that the gate "returns" there instead (RSP and every register from the context, RIP via
 * the gate's jump).
 */
import type { GateCall } from '../../emu';
import { applyContext, captureContext, type Context64 } from '../unwind';
import { ContextTransfer } from './errors';
import type { ResumeLevel } from './state';

/** The context of the code that called the gate, as just after the call returned (RAX aside). */
export function callerContext(call: GateCall): Context64 {
  const ctx = captureContext(call.machine);
  ctx.rip = call.returnAddress;
  ctx.rsp = call.entryRsp + 8n;
  return ctx;
}

/** Loads `context` and makes the gate continue at its RIP. The gate must return undefined. */
export function resumeFromGate(call: GateCall, context: Context64): void {
  applyContext(call.machine, context);
  call.jump(context.rip);
}

/**
 * Runs `body` as the dispatcher owning `level`: a ContextTransfer aimed at `level` (thrown from
 * any depth of nested guest calls) is loaded here; others pass on outwards.
 */
export function asResumeLevel(call: GateCall, level: ResumeLevel, body: () => void): void {
  try {
    body();
  } catch (e) {
    if (e instanceof ContextTransfer && e.level === level) {
      resumeFromGate(call, e.context);
      return;
    }
    throw e;
  }
}
