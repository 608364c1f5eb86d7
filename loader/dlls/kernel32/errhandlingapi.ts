/**
 * errhandlingapi.h: the thread's last error (TEB.LastErrorValue), the process's unhandled-exception
 * filter and error mode, and RaiseException.
 *
 * clremu does not yet dispatch structured exceptions to guest handlers, so RaiseException ends the
 * run with a GuestExceptionRaised error carrying the code (reported like a crash); the filter set
 * by SetUnhandledExceptionFilter is recorded and returned, and named in that report.
 */
import { fn, type ApiTable } from '../api';
import type { Os } from '../../os';

/** Per-process state of this header, keyed by the process's Os. */
interface ErrorHandlingState {
  filter: bigint;
  errorMode: number;
}
const states = new WeakMap<Os, ErrorHandlingState>();
function state(os: Os): ErrorHandlingState {
  let s = states.get(os);
  if (!s) {
    s = { filter: 0n, errorMode: 0 };
    states.set(os, s);
  }
  return s;
}

/** The unhandled-exception filter the guest installed (0 when none), for crash reports. */
export function unhandledExceptionFilter(os: Os): bigint {
  return states.get(os)?.filter ?? 0n;
}

/** RaiseException with no handler able to run: ends the run like an unhandled exception. */
export class GuestExceptionRaised extends Error {
  override name = 'GuestExceptionRaised';
  constructor(
    readonly code: number,
    readonly flags: number,
    readonly returnAddress: bigint,
  ) {
    super(`the program raised exception 0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')} (RaiseException, flags 0x${flags.toString(16)}) from 0x${returnAddress.toString(16)}; structured exception dispatch to guest handlers is not implemented yet`);
  }
}

export const errhandlingapi: ApiTable = {
  GetLastError: fn('DWORD GetLastError(void)', [], 'u32', (ctx) => ctx.os.thread.lastError),
  SetLastError: fn('void SetLastError(DWORD dwErrCode)', ['u32'], 'void', (ctx, code) => {
    ctx.os.thread.lastError = code;
  }),
  SetUnhandledExceptionFilter: fn(
    'LPTOP_LEVEL_EXCEPTION_FILTER SetUnhandledExceptionFilter(LPTOP_LEVEL_EXCEPTION_FILTER lpTopLevelExceptionFilter)',
    ['ptr'], 'ptr', (ctx, filter) => {
      const s = state(ctx.os);
      const previous = s.filter;
      s.filter = filter;
      return previous;
    }),
  SetErrorMode: fn('UINT SetErrorMode(UINT uMode)', ['u32'], 'u32', (ctx, mode) => {
    const s = state(ctx.os);
    const previous = s.errorMode;
    s.errorMode = mode;
    return previous;
  }),
  GetErrorMode: fn('UINT GetErrorMode(void)', [], 'u32', (ctx) => state(ctx.os).errorMode),
  RaiseException: fn('void RaiseException(DWORD dwExceptionCode, DWORD dwExceptionFlags, DWORD nNumberOfArguments, const ULONG_PTR *lpArguments)',
    ['u32', 'u32', 'u32', 'ptr'], 'void', (ctx, code, flags) => {
      throw new GuestExceptionRaised(code, flags, ctx.call.returnAddress);
    }),
};
