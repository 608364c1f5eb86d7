/**
 * errhandlingapi.h: the thread's last error (TEB.LastErrorValue), the error mode, and structured
 * exceptions: RaiseException dispatches through loader/seh (vectored handlers, frame handlers,
 * the unhandled-exception filter) and only an exception nobody handles ends the run
 * (GuestExceptionRaised, reported like a crash with its code). SetUnhandledExceptionFilter's
 * filter is the one the dispatcher calls last.
 *
 * kernel32 also exports the exception Rtl* functions and the vectored-handler APIs that Windows
 * forwards to ntdll (AddVectoredExceptionHandler → RtlAddVectoredExceptionHandler, …); programs
 * built with mingw-w64 import them from kernel32, so the same definitions are exported here.
 */
import { fn, type ApiTable } from '../api';
import { exceptions } from '../ntdll/exceptions';
import type { Os } from '../../os';
import { FilterResult, GuestExceptionRaised, int32, raiseFromGate, sehState, EXCEPTION_MAXIMUM_PARAMETERS, ExceptionFlag } from '../../seh';

export { GuestExceptionRaised };

/** Per-process state of this header, keyed by the process's Os. */
interface ErrorHandlingState {
  errorMode: number;
}
const states = new WeakMap<Os, ErrorHandlingState>();
function state(os: Os): ErrorHandlingState {
  let s = states.get(os);
  if (!s) {
    s = { errorMode: 0 };
    states.set(os, s);
  }
  return s;
}

/** The unhandled-exception filter the guest installed (0 when none), for crash reports. */
export function unhandledExceptionFilter(os: Os): bigint {
  return sehState(os).unhandledFilter;
}

const forwarded = [
  'RtlCaptureContext', 'RtlLookupFunctionEntry', 'RtlVirtualUnwind', 'RtlUnwindEx', 'RtlUnwind', 'RtlRaiseException',
  'RtlRestoreContext', 'RtlAddFunctionTable', 'RtlDeleteFunctionTable', 'RtlInstallFunctionTableCallback',
] as const;

export const errhandlingapi: ApiTable = {
  GetLastError: fn('DWORD GetLastError(void)', [], 'u32', (ctx) => ctx.os.thread.lastError),
  SetLastError: fn('void SetLastError(DWORD dwErrCode)', ['u32'], 'void', (ctx, code) => {
    ctx.os.thread.lastError = code;
  }),
  SetUnhandledExceptionFilter: fn(
    'LPTOP_LEVEL_EXCEPTION_FILTER SetUnhandledExceptionFilter(LPTOP_LEVEL_EXCEPTION_FILTER lpTopLevelExceptionFilter)',
    ['ptr'], 'ptr', (ctx, filter) => {
      const s = sehState(ctx.os);
      const previous = s.unhandledFilter;
      s.unhandledFilter = filter;
      return previous;
    }),
  UnhandledExceptionFilter: fn('LONG UnhandledExceptionFilter(struct _EXCEPTION_POINTERS *ExceptionInfo)', ['ptr'], 'i32', ({ os }, pointers) => {
    // Windows calls the process's top-level filter; when it declines, the error-reporting path
    // ends the process, which is EXCEPTION_EXECUTE_HANDLER to the caller.
    const filter = sehState(os).unhandledFilter;
    if (filter === 0n) return FilterResult.ExecuteHandler;
    const verdict = int32(os.callGuest(filter, [pointers]));
    return verdict === FilterResult.ContinueSearch ? FilterResult.ExecuteHandler : verdict;
  }),
  SetErrorMode: fn('UINT SetErrorMode(UINT uMode)', ['u32'], 'u32', (ctx, mode) => {
    const s = state(ctx.os);
    const previous = s.errorMode;
    s.errorMode = mode;
    return previous;
  }),
  GetErrorMode: fn('UINT GetErrorMode(void)', [], 'u32', (ctx) => state(ctx.os).errorMode),
  RaiseException: fn('void RaiseException(DWORD dwExceptionCode, DWORD dwExceptionFlags, DWORD nNumberOfArguments, const ULONG_PTR *lpArguments)',
    ['u32', 'u32', 'u32', 'ptr'], 'void', ({ os, call }, code, flags, count, args) => {
      const information: bigint[] = [];
      const n = args === 0n ? 0 : Math.min(count, EXCEPTION_MAXIMUM_PARAMETERS);
      for (let i = 0; i < n; i++) information.push(os.memory.u64(args + BigInt(i * 8)));
      raiseFromGate(os, call, { code, flags: flags & ExceptionFlag.Noncontinuable, nested: 0n, address: call.returnAddress, information });
    }),
  AddVectoredExceptionHandler: exceptions.RtlAddVectoredExceptionHandler!,
  RemoveVectoredExceptionHandler: exceptions.RtlRemoveVectoredExceptionHandler!,
  AddVectoredContinueHandler: exceptions.RtlAddVectoredContinueHandler!,
  RemoveVectoredContinueHandler: exceptions.RtlRemoveVectoredContinueHandler!,
  ...Object.fromEntries(forwarded.map((name) => [name, exceptions[name]!])),
};
