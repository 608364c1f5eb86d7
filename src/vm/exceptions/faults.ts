/**
 * Hardware faults in JIT-compiled code become managed exceptions, as the CLR maps them:
 *  - an access violation at an address in the first 64 KiB (a null reference plus a field or
 *    element offset) → NullReferenceException; elsewhere in managed code → AccessViolationException;
 *  - integer divide error (#DE, STATUS_INTEGER_DIVIDE_BY_ZERO) → DivideByZeroException when the
 *    faulting `div`/`idiv`'s divisor is zero, OverflowException otherwise (x64 raises #DE for
 *    `MinValue / -1` too; the CLR decodes the divisor the same way: divide-fault.ts);
 *  - STATUS_INTEGER_OVERFLOW (`into`-style) → OverflowException.
 * Faults outside the code heap are not claimed: they stay native exceptions (SEH, then a crash
 * report).
 *
 * A software exception raised in native code (RaiseException with an error-severity code that is
 * not a hardware fault, a C++ or a gcc exception) on its way to a managed frame becomes
 * System.Runtime.InteropServices.SEHException ("External component has thrown an exception."),
 * as .NET Framework delivers it to managed handlers: when the native frames between the raise and
 * the first managed frame have no exception handler of their own (one that does gets the
 * exception natively, and the managed frames above never see it), the CONTEXT is redirected into
 * the same raise gate, from the raising call's return address, and the managed dispatch unwinds
 * the native frames (dispatcher.ts).
 *
 * A stack overflow (STATUS_STACK_OVERFLOW) in managed code is not an exception the program can
 * catch (since .NET Framework 2.0): the process fails fast, printing what .NET Framework 4.x's
 * EEPolicy prints to stderr ("\nProcess is terminated due to StackOverflowException.\n" in a
 * text-mode stream) and ending with the exception's code, 0xC00000FD. No finally or finalizer runs.
 *
 * The hook is a vectored exception handler (a gate registered first in the process's list, as
 * CoreCLR registers its own), so the loader's structured exception dispatch reaches it with the
 * faulting CONTEXT. It does what CoreCLR's "redirect to a throw helper" does: it edits the CONTEXT
 * to look like a call from the faulting instruction into a raise gate (return address = fault
 * RIP + 1, so the try ranges test the faulting instruction itself) and answers
 * EXCEPTION_CONTINUE_EXECUTION; the gate then raises the exception through the dispatcher.
 */
import type { Os } from '../../../loader/os';
import { CALL_SENTINEL } from '../../../emu';
import { functionLookup, readContext, readExceptionRecord, sehState, writeContext } from '../../../loader/seh';
import { UnwindError, virtualUnwindStep, type Context64 } from '../../../loader/unwind';
import type { Runtime } from '../runtime';
import { isDivideOverflow } from './divide-fault';
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
  /** STATUS_STACK_OVERFLOW (the loader raises it when the stack's last guard page is touched). */
  StackOverflow = 0xc00000fd,
}

/** What .NET Framework 4.x writes to stderr before a stack overflow ends the process. */
export const STACK_OVERFLOW_MESSAGE = '\r\nProcess is terminated due to StackOverflowException.\r\n';

/** Addresses below this are the null page region: a fault there is a null dereference (CoreCLR uses 64 KiB too). */
const NULL_AREA_END = 0x1_0000n;
/** EXCEPTION_CONTINUE_EXECUTION and EXCEPTION_CONTINUE_SEARCH, as the vectored handler's answer. */
const CONTINUE_EXECUTION = 0xffff_ffffn;
const CONTINUE_SEARCH = 0n;

/**
 * The managed exception a fault in managed code maps to, if it maps to one. `divideOverflow`: a
 * divide error whose divisor was not zero (see `isDivideOverflow`).
 */
export function managedExceptionForFault(code: number, information: readonly bigint[], divideOverflow = false): ManagedRaise | undefined {
  switch (code >>> 0) {
    case FaultCode.AccessViolation: {
      const address = information[1] ?? 0n;
      return address < NULL_AREA_END
        ? new ManagedRaise('System.NullReferenceException', 'Object reference not set to an instance of an object.')
        : new ManagedRaise('System.AccessViolationException', 'Attempted to read or write protected memory. This is often an indication that other memory is corrupt.');
    }
    case FaultCode.IntegerDivideByZero:
      if (divideOverflow) return new ManagedRaise('System.OverflowException', 'Arithmetic operation resulted in an overflow.');
      return new ManagedRaise('System.DivideByZeroException', 'Attempted to divide by zero.');
    case FaultCode.IntegerOverflow:
      return new ManagedRaise('System.OverflowException', 'Arithmetic operation resulted in an overflow.');
    default:
      return undefined;
  }
}

const SEH_EXCEPTION = 'System.Runtime.InteropServices.SEHException';

/** Codes that are never turned into SEHException: hardware faults, C++ and gcc exceptions, the CLR's own. */
const NOT_FOREIGN = new Set([
  0xc0000005, 0xc0000006, 0xc000001d, 0xc000008c, 0xc000008d, 0xc000008e, 0xc000008f, 0xc0000090, 0xc0000091,
  0xc0000092, 0xc0000093, 0xc0000094, 0xc0000095, 0xc0000096, 0xc00000fd, 0xc0000409,
  0xe06d7363, // MSVC C++ exception
  0xe0434352, // the CLR's managed exception code
]);
/** gcc's SEH-based C++ exceptions (STATUS_GCC_THROW, _UNWIND, _FORCED: 0x2n474343). */
const isGccException = (code: number): boolean => (code & 0xf0ff_ffff) === 0x2047_4343;

/** An error-severity software exception (RaiseException) managed code should see as SEHException. */
export function isForeignSoftwareException(code: number): boolean {
  const c = code >>> 0;
  return c >>> 30 === 3 && !NOT_FOREIGN.has(c) && !isGccException(c);
}

/** Frames walked looking for a managed one above a native raise. */
const MAX_NATIVE_FRAMES = 10_000;

/**
 * Whether the walk from native context `ctx` reaches a managed frame through native frames that
 * have no exception handler (a handler there is the native code's own business).
 */
function reachesManagedFrame(rt: Runtime, os: Os, ctx: Context64): boolean {
  let c = ctx;
  const lookup = functionLookup(os);
  for (let n = 0; n < MAX_NATIVE_FRAMES; n++) {
    if (rt.code.rangeAt(c.rip)) return true;
    if (c.rip === 0n || c.rip === CALL_SENTINEL || rt.machine.gates.contains(c.rip) || !os.modules.byAddress(c.rip)) return false;
    let step;
    try {
      step = virtualUnwindStep(rt.machine.memory, c, lookup);
    } catch (e) {
      if (e instanceof UnwindError) return false;
      throw e;
    }
    if (step.handler?.exception || step.caller.rsp <= c.rsp) return false;
    c = step.caller;
  }
  return false;
}

/**
 * Registers the managed-fault handler first in `os`'s vectored handler list (once per runtime).
 * Returns the handler's gate address.
 */
export function installManagedFaultHandler(rt: Runtime, os: Os): bigint {
  let pending: { raise: ManagedRaise; fault?: HardwareFault } | undefined;
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
    if (!rt.code.rangeAt(ctx.rip)) {
      if (!isForeignSoftwareException(record.code) || !reachesManagedFrame(rt, os, ctx)) return CONTINUE_SEARCH;
      rt.trace('jit', `native exception 0x${(record.code >>> 0).toString(16)} at 0x${ctx.rip.toString(16)} reaches managed code -> ${SEH_EXCEPTION}`);
      ctx.rsp -= 8n;
      mem.setU64(ctx.rsp, ctx.rip);
      ctx.rip = raiseGate;
      writeContext(mem, contextAt, ctx);
      pending = { raise: new ManagedRaise(SEH_EXCEPTION, 'External component has thrown an exception.') };
      return CONTINUE_EXECUTION;
    }
    if (record.code >>> 0 === FaultCode.StackOverflow) {
      rt.trace('jit', `stack overflow at 0x${ctx.rip.toString(16)} in ${rt.code.methodAt(ctx.rip)!.fullName}: fail fast`);
      os.io.writeStderr(new TextEncoder().encode(STACK_OVERFLOW_MESSAGE));
      return os.exit(FaultCode.StackOverflow);
    }
    const divideOverflow = record.code >>> 0 === FaultCode.IntegerDivideByZero && isDivideOverflow(mem, ctx);
    const raise = managedExceptionForFault(record.code, record.information, divideOverflow);
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
