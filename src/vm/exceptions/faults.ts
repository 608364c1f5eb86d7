/**
 * Hardware faults in JIT-compiled code become managed exceptions, as the CLR maps them:
 *  - an access violation at an address in the first 64 KiB (a null reference plus a field or
 *    element offset) → NullReferenceException; elsewhere in managed code → AccessViolationException;
 *  - integer divide error (#DE, STATUS_INTEGER_DIVIDE_BY_ZERO) → DivideByZeroException
 *    (x64 raises #DE for INT_MIN / -1 too; the JIT checks that case itself and raises
 *    OverflowException, so a #DE that reaches here is a division by zero);
 *  - STATUS_INTEGER_OVERFLOW (`into`-style) → OverflowException.
 * Faults outside the code heap are not claimed: they stay native exceptions (SEH, then a crash
 * report).
 *
 * The hook is a vectored exception handler (a gate registered first in the process's list, as
 * CoreCLR registers its own), so the loader's structured exception dispatch reaches it with the
 * faulting CONTEXT. It does what CoreCLR's "redirect to a throw helper" does: it edits the CONTEXT
 * to look like a call from the faulting instruction into a raise gate (return address = fault
 * RIP + 1, so the try ranges test the faulting instruction itself) and answers
 * EXCEPTION_CONTINUE_EXECUTION; the gate then raises the exception through the dispatcher.
 */
import type { Os } from '../../../loader/os';
import { readContext, readExceptionRecord, sehState, writeContext } from '../../../loader/seh';
import type { Runtime } from '../runtime';
import type { HardwareFault } from '../errors';
import { ExceptionDispatchError, ManagedRaise } from './errors';

/** NTSTATUS codes a managed fault arrives with. */
const enum FaultCode {
  /** STATUS_ACCESS_VIOLATION. */
  AccessViolation = 0xc0000005,
  /** STATUS_INTEGER_DIVIDE_BY_ZERO (#DE). */
  IntegerDivideByZero = 0xc0000094,
  /** STATUS_INTEGER_OVERFLOW. */
  IntegerOverflow = 0xc0000095,
}

/** Addresses below this are the null page region: a fault there is a null dereference (CoreCLR uses 64 KiB too). */
const NULL_AREA_END = 0x1_0000n;
/** EXCEPTION_CONTINUE_EXECUTION and EXCEPTION_CONTINUE_SEARCH, as the vectored handler's answer. */
const CONTINUE_EXECUTION = 0xffff_ffffn;
const CONTINUE_SEARCH = 0n;

/** The managed exception a fault in managed code maps to, if it maps to one. */
export function managedExceptionForFault(code: number, information: readonly bigint[]): ManagedRaise | undefined {
  switch (code >>> 0) {
    case FaultCode.AccessViolation: {
      const address = information[1] ?? 0n;
      return address < NULL_AREA_END
        ? new ManagedRaise('System.NullReferenceException', 'Object reference not set to an instance of an object.')
        : new ManagedRaise('System.AccessViolationException', 'Attempted to read or write protected memory. This is often an indication that other memory is corrupt.');
    }
    case FaultCode.IntegerDivideByZero:
      return new ManagedRaise('System.DivideByZeroException', 'Attempted to divide by zero.');
    case FaultCode.IntegerOverflow:
      return new ManagedRaise('System.OverflowException', 'Arithmetic operation resulted in an overflow.');
    default:
      return undefined;
  }
}

/**
 * Registers the managed-fault handler first in `os`'s vectored handler list (once per runtime).
 * Returns the handler's gate address.
 */
export function installManagedFaultHandler(rt: Runtime, os: Os): bigint {
  let pending: { raise: ManagedRaise; fault: HardwareFault } | undefined;
  const raiseGate = rt.machine.gates.define('clr!RaiseFromFault', (call) => {
    const p = pending;
    pending = undefined;
    if (!p) throw new ExceptionDispatchError('entered without a managed fault to raise', 'clr!RaiseFromFault');
    rt.exceptions.raiseAt(call, p.raise, p.fault);
  });
  const handler = rt.machine.gates.define('clr!ManagedFaultHandler', (call) => {
    const mem = rt.machine.memory;
    const pointers = call.arg(0);
    const recordAt = mem.u64(pointers);
    const contextAt = mem.u64(pointers + 8n);
    const record = readExceptionRecord(mem, recordAt);
    const ctx = readContext(mem, contextAt);
    if (!rt.code.rangeAt(ctx.rip)) return CONTINUE_SEARCH;
    const raise = managedExceptionForFault(record.code, record.information);
    if (!raise) return CONTINUE_SEARCH;
    rt.trace('jit', `fault 0x${(record.code >>> 0).toString(16)} at 0x${ctx.rip.toString(16)} in ${rt.code.methodAt(ctx.rip)!.fullName} -> ${raise.exceptionType}`);
    const fault: HardwareFault = {
      code: record.code >>> 0, rip: ctx.rip, context: { ...ctx },
      ...(record.code >>> 0 === FaultCode.AccessViolation && record.information.length >= 2
        ? { address: record.information[1], access: record.information[0] === 1n ? 'write' as const : record.information[0] === 8n ? 'execute' as const : 'read' as const }
        : {}),
    };
    // A call from the faulting instruction into the raise gate.
    ctx.rsp -= 8n;
    mem.setU64(ctx.rsp, ctx.rip + 1n);
    ctx.rip = raiseGate;
    writeContext(mem, contextAt, ctx);
    pending = { raise, fault };
    return CONTINUE_EXECUTION;
  });
  const state = sehState(os);
  state.nextHandle += 0x10n;
  state.vectored.unshift({ handle: state.nextHandle, routine: handler });
  return handler;
}
