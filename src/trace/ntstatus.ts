/**
 * Names of the exception codes a crash report meets (NTSTATUS values from ntstatus.h / winnt.h's
 * EXCEPTION_* aliases). Unknown codes are named by their severity so a report never prints a blank.
 */

const NAMES: ReadonlyMap<number, string> = new Map([
  [0x80000001, 'STATUS_GUARD_PAGE_VIOLATION'],
  [0x80000002, 'EXCEPTION_DATATYPE_MISALIGNMENT'],
  [0x80000003, 'EXCEPTION_BREAKPOINT'],
  [0x80000004, 'EXCEPTION_SINGLE_STEP'],
  [0xc0000005, 'EXCEPTION_ACCESS_VIOLATION'],
  [0xc0000006, 'EXCEPTION_IN_PAGE_ERROR'],
  [0xc0000008, 'EXCEPTION_INVALID_HANDLE'],
  [0xc0000017, 'STATUS_NO_MEMORY'],
  [0xc000001d, 'EXCEPTION_ILLEGAL_INSTRUCTION'],
  [0xc0000025, 'EXCEPTION_NONCONTINUABLE_EXCEPTION'],
  [0xc0000026, 'EXCEPTION_INVALID_DISPOSITION'],
  [0xc000008c, 'EXCEPTION_ARRAY_BOUNDS_EXCEEDED'],
  [0xc000008d, 'EXCEPTION_FLT_DENORMAL_OPERAND'],
  [0xc000008e, 'EXCEPTION_FLT_DIVIDE_BY_ZERO'],
  [0xc000008f, 'EXCEPTION_FLT_INEXACT_RESULT'],
  [0xc0000090, 'EXCEPTION_FLT_INVALID_OPERATION'],
  [0xc0000091, 'EXCEPTION_FLT_OVERFLOW'],
  [0xc0000092, 'EXCEPTION_FLT_STACK_CHECK'],
  [0xc0000093, 'EXCEPTION_FLT_UNDERFLOW'],
  [0xc0000094, 'EXCEPTION_INT_DIVIDE_BY_ZERO'],
  [0xc0000095, 'EXCEPTION_INT_OVERFLOW'],
  [0xc0000096, 'EXCEPTION_PRIV_INSTRUCTION'],
  [0xc00000fd, 'EXCEPTION_STACK_OVERFLOW'],
  [0xc000007b, 'STATUS_INVALID_IMAGE_FORMAT'],
  [0xc0000135, 'STATUS_DLL_NOT_FOUND'],
  [0xc0000138, 'STATUS_ORDINAL_NOT_FOUND'],
  [0xc0000139, 'STATUS_ENTRYPOINT_NOT_FOUND'],
  [0xc000013a, 'STATUS_CONTROL_C_EXIT'],
  [0xc0000142, 'STATUS_DLL_INIT_FAILED'],
  [0xc0000374, 'STATUS_HEAP_CORRUPTION'],
  [0xc0000409, 'STATUS_STACK_BUFFER_OVERRUN'],
  [0xc0000417, 'STATUS_INVALID_CRUNTIME_PARAMETER'],
  // clremu's own stops (emu/faults.ts): customer bit set, so never confused with Windows codes.
  [0xe0000001, 'CLREMU_INSTRUCTION_BUDGET_EXHAUSTED'],
  [0xe0000002, 'CLREMU_TIMEOUT'],
  [0xe0434352, 'EXCEPTION_COMPLUS (CLR exception)'],
  [0xe06d7363, 'EXCEPTION_MSVC_CPP (C++ exception)'],
]);

/** `EXCEPTION_ACCESS_VIOLATION` for 0xC0000005; a severity-based label for unknown codes. */
export function exceptionCodeName(code: number): string {
  const c = code >>> 0;
  const known = NAMES.get(c);
  if (known) return known;
  const severity = ['STATUS_SUCCESS', 'STATUS_INFORMATIONAL', 'STATUS_WARNING', 'STATUS_ERROR'][c >>> 30];
  return `unknown ${severity.toLowerCase().replace('status_', '')} status`;
}

/** `0xC0000005`: eight upper-case hex digits, as Windows prints codes. */
export function formatExceptionCode(code: number): string {
  return `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
