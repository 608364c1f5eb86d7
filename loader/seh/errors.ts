/**
 * Errors of the exception dispatcher.
 *
 * - `SehError`: the dispatcher met something Windows would turn into a fatal status (an unwind
 *   target that is not on the stack, a handler returning an unknown disposition, a stack the
 *   unwinder cannot walk, no stack left for the dispatcher's records). It carries the NTSTATUS in
 *   `ntstatus`, which the run turns into a crash with that code, as Windows ends the process.
 * - `ContextTransfer`: not an error but control flow: a context must be loaded into the CPU at an
 *   outer nesting of host calls (see `ResumeLevel`); the dispatcher that owns the level catches it.
 */
import type { Context64 } from '../unwind';
import type { ResumeLevel } from './state';

export class SehError extends Error {
  override name = 'SehError';
  constructor(
    readonly ntstatus: number,
    readonly what: string,
    readonly address?: bigint,
  ) {
    super(`${what}${address !== undefined ? ` (at 0x${address.toString(16)})` : ''}: NTSTATUS 0x${(ntstatus >>> 0).toString(16).toUpperCase().padStart(8, '0')}`);
  }
}

export class ContextTransfer extends Error {
  override name = 'ContextTransfer';
  constructor(
    readonly context: Context64,
    readonly level: ResumeLevel,
  ) {
    super(`control transfer to 0x${context.rip.toString(16)} (${level.description}) escaped the exception dispatcher that owns it`);
  }
}

/**
 * An exception nobody handled that was raised by RaiseException/RtlRaiseException: the run ends
 * like an unhandled fault, reported at the raising call's return address with the record's code.
 */
export class GuestExceptionRaised extends Error {
  override name = 'GuestExceptionRaised';
  constructor(
    readonly code: number,
    readonly flags: number,
    readonly returnAddress: bigint,
  ) {
    super(`unhandled exception 0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')} (flags 0x${flags.toString(16)}) raised by the call returning to 0x${returnAddress.toString(16)}: no vectored handler, frame handler or unhandled-exception filter handled it`);
  }
}
