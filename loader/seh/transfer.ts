/**
 * Entering and leaving the dispatcher from a host gate (RaiseException, RtlUnwindEx,
 * RtlRestoreContext …): the caller's context as the gate sees it, and loading a context into the
 * CPU so that the gate "returns" there instead (RSP and every register from the context, RIP via
 * the gate's jump).
 */
import type { GateCall } from '../../emu';
import type { Os } from '../os';
import { applyContext, captureContext, type Context64 } from '../unwind';
import { ContextTransfer } from './errors';
import { sehState, type ResumeLevel } from './state';

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

/**
 * RtlRestoreContext / NtContinue: loads `context` wherever its frames live. Called from inside a
 * handler the dispatcher called (a vectored handler that continues by NtContinue instead of
 * returning), a context outside that call belongs to the dispatcher's run: it is carried there by
 * a ContextTransfer. Otherwise it is loaded here.
 */
export function restoreContextFromGate(os: Os, call: GateCall, context: Context64): void {
  const frames = sehState(os).hostFrames;
  let level: ResumeLevel | undefined;
  for (let i = frames.length - 1; i >= 0 && context.rsp > frames[i]!.sentinelSlot; i--) level = frames[i]!.level;
  if (level) throw new ContextTransfer(context, level);
  resumeFromGate(call, context);
}
