/**
 * The gate-side entry points of the dispatcher, shared by ntdll and kernel32 exports:
 *
 * - `raiseFromGate` (RaiseException, RtlRaiseException): dispatches a software exception with the
 *   caller's context. A handled exception resumes where the handler said (for a continued one,
 *   just after the raising call); an unhandled one ends the run with GuestExceptionRaised.
 * - `unwindFromGate` (RtlUnwindEx, RtlUnwind): unwinds from the caller's frame and loads the
 *   target context, here when its frames live at this gate's level, otherwise by a
 *   ContextTransfer to the dispatcher that owns them.
 */
import { Reg, type GateCall } from '../../emu';
import type { Os } from '../os';
import { ContextTransfer, GuestExceptionRaised } from './errors';
import { dispatchException } from './dispatch';
import type { ExceptionRecord } from './layouts';
import { ResumeLevel } from './state';
import { asResumeLevel, callerContext, resumeFromGate } from './transfer';
import { unwindTo, type UnwindRequest } from './unwind';

export function raiseFromGate(os: Os, call: GateCall, record: ExceptionRecord): void {
  const context = callerContext(call);
  const outcome = dispatchException(os, record, context, call.entryRsp);
  if (outcome.kind === 'resume') {
    resumeFromGate(call, outcome.context);
    return;
  }
  throw new GuestExceptionRaised(outcome.record.code, outcome.record.flags, call.returnAddress);
}

export function unwindFromGate(os: Os, call: GateCall, request: UnwindRequest): void {
  const level = new ResumeLevel('RtlUnwindEx');
  asResumeLevel(call, level, () => {
    const start = callerContext(call);
    const result = unwindTo(os, request, start, level, os.machine.reg(Reg.RSP));
    throw new ContextTransfer(result.context, result.level);
  });
}
