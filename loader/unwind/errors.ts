/**
 * Errors of the x64 unwinder. Unwind data lives in guest memory and in files nobody here wrote, so
 * everything that can be wrong with it (a bad version, an unknown operation, a code array that runs
 * past its count, an unreadable stack slot) becomes an UnwindError that names the structure field
 * and the guest address (or RVA) where it was read. No RangeError or MemoryError leaves this folder.
 */

/** What part of the unwind went wrong; lets a stack walk say why it stopped. */
export type UnwindProblem =
  | 'malformed-unwind-info' // UNWIND_INFO / UNWIND_CODE / RUNTIME_FUNCTION content is invalid
  | 'unreadable-unwind-info' // the unwind data's bytes are not mapped
  | 'unreadable-stack' // a stack slot the unwind needs is not mapped
  | 'bad-epilog'; // RIP is in an epilog (by the v2 epilog codes) but its bytes are not an epilog

export class UnwindError extends Error {
  override name = 'UnwindError';
  constructor(
    readonly problem: UnwindProblem,
    /** Structure and field, e.g. `UNWIND_INFO.Version`, or `stack slot` for a stack read. */
    readonly field: string,
    /** Guest address of the offending bytes (for file-based parsing: the RVA). */
    readonly address: bigint,
    readonly detail: string,
  ) {
    super(`${field} at 0x${address.toString(16)}: ${detail}`);
  }
}
