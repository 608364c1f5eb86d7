/**
 * Status codes `_CorValidateImage` returns and the typed error that carries them. Windows' loader
 * turns a failing status into the process-creation failure the user sees (0xC000007B, "%1 is not
 * a valid Win32 application", BadImageFormatException in managed callers). The values follow
 * Mono's mono/metadata/coree.c, which returns STATUS_INVALID_IMAGE_FORMAT for every format check
 * and E_UNEXPECTED when it cannot change page protection.
 */

/** NTSTATUS / HRESULT values used by the validation path. */
export const enum CorStatus {
  /** STATUS_SUCCESS: the image may run. */
  Success = 0x00000000,
  /** STATUS_INVALID_IMAGE_FORMAT: wrong bitness, not IL-only, or headers too small to convert. */
  InvalidImageFormat = 0xc000007b,
  /** E_UNEXPECTED: the header pages could not be made writable. */
  Unexpected = 0x8000ffff,
}

export function corStatusName(status: number): string {
  switch (status) {
    case CorStatus.Success:
      return 'STATUS_SUCCESS';
    case CorStatus.InvalidImageFormat:
      return 'STATUS_INVALID_IMAGE_FORMAT';
    case CorStatus.Unexpected:
      return 'E_UNEXPECTED';
    default:
      return `0x${status.toString(16).padStart(8, '0')}`;
  }
}

/** One check `_CorValidateImage` made, in order, for `--trace-loader`. */
export interface ValidationDecision {
  /** Short stable name of the check, e.g. `cli.flags.32bitrequired`. */
  check: string;
  passed: boolean;
  /** What was seen. */
  detail: string;
}

/** One header field the transform changed. */
export interface FieldChange {
  /** Structure and field, e.g. `IMAGE_OPTIONAL_HEADER.Magic`. */
  field: string;
  /** RVA of the field after the change (headers are mapped at RVA 0). */
  rva: number;
  old: string;
  new: string;
}

export class CorValidateImageError extends Error {
  override name = 'CorValidateImageError';
  constructor(
    /** The NTSTATUS/HRESULT `_CorValidateImage` returns. */
    readonly status: number,
    /** The check that failed. */
    readonly check: string,
    detail: string,
    /** Every decision up to and including the failing one. */
    readonly decisions: ValidationDecision[],
    readonly fileName?: string,
  ) {
    super(`${fileName ? `${fileName}: ` : ''}_CorValidateImage returns ${corStatusName(status)} (0x${status.toString(16).padStart(8, '0')}): ${detail}`);
  }
}
