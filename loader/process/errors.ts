/**
 * Errors raised while building or running a process. Each carries the NTSTATUS Windows would
 * report, so the CLI can turn it into the same exit status a Windows process would have.
 */

/** NTSTATUS values the loader reports. */
export const enum NtStatus {
  /** STATUS_SUCCESS. */
  Success = 0,
  /** STATUS_ACCESS_VIOLATION. */
  AccessViolation = 0xc0000005,
  /** STATUS_INVALID_IMAGE_FORMAT: the file is not a loadable image for this machine. */
  InvalidImageFormat = 0xc000007b,
  /** STATUS_DLL_NOT_FOUND: an imported DLL exists neither as an emulated DLL nor beside the EXE. */
  DllNotFound = 0xc0000135,
  /** STATUS_ORDINAL_NOT_FOUND: an import by ordinal names an ordinal a mapped DLL lacks. */
  OrdinalNotFound = 0xc0000138,
  /** STATUS_ENTRYPOINT_NOT_FOUND: an import by name names an export a mapped DLL lacks. */
  EntryPointNotFound = 0xc0000139,
  /** STATUS_DLL_INIT_FAILED: a DllMain returned FALSE for DLL_PROCESS_ATTACH. */
  DllInitFailed = 0xc0000142,
  /** STATUS_NO_MEMORY: no free address range for an image, stack or structure. */
  NoMemory = 0xc0000017,
  /** STATUS_STACK_OVERFLOW: the stack cannot grow past its reservation. */
  StackOverflow = 0xc00000fd,
}

/** A failure Windows' loader would report with an NTSTATUS before the program runs. */
export class LoaderError extends Error {
  override name = 'LoaderError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`${message} (NTSTATUS 0x${(status >>> 0).toString(16).toUpperCase().padStart(8, '0')})`);
  }
}

/** STATUS_DLL_NOT_FOUND, naming the DLL and who imported it. */
export class DllNotFoundError extends LoaderError {
  override name = 'DllNotFoundError';
  constructor(
    readonly dll: string,
    readonly importedBy: string,
  ) {
    super(NtStatus.DllNotFound, `${dll} was not found (needed by ${importedBy}); it is neither an emulated system DLL nor a file in the application directory`);
  }
}

/** An import of a mapped (real) DLL that the DLL does not export. */
export class ImportNotFoundError extends LoaderError {
  override name = 'ImportNotFoundError';
  constructor(
    readonly dll: string,
    readonly symbol: string | number,
    readonly importedBy: string,
  ) {
    super(
      typeof symbol === 'number' ? NtStatus.OrdinalNotFound : NtStatus.EntryPointNotFound,
      `${importedBy} imports ${dll}!${typeof symbol === 'number' ? `#${symbol}` : symbol}, which ${dll} does not export`,
    );
  }
}

/** A DllMain returned FALSE for DLL_PROCESS_ATTACH. */
export class DllInitFailedError extends LoaderError {
  override name = 'DllInitFailedError';
  constructor(readonly dll: string) {
    super(NtStatus.DllInitFailed, `${dll}: DllMain returned FALSE for DLL_PROCESS_ATTACH`);
  }
}

/** The image cannot run here (wrong machine, PE32 native code, not an executable …). */
export class UnsupportedImageError extends LoaderError {
  override name = 'UnsupportedImageError';
  constructor(
    readonly image: string,
    reason: string,
  ) {
    super(NtStatus.InvalidImageFormat, `${image}: ${reason}`);
  }
}

/** A managed (.NET) image, and no emulated mscoree.dll is registered to take it. */
export class ManagedRuntimeMissingError extends LoaderError {
  override name = 'ManagedRuntimeMissingError';
  constructor(readonly image: string) {
    super(
      NtStatus.InvalidImageFormat,
      `${image} is a managed (.NET) image, and no emulated mscoree.dll with _CorValidateImage/_CorExeMain is registered to run it`,
    );
  }
}

/** Out of guest address space for something the loader must place. */
export class AddressSpaceExhaustedError extends LoaderError {
  override name = 'AddressSpaceExhaustedError';
  constructor(what: string) {
    super(NtStatus.NoMemory, `no free guest address range for ${what}`);
  }
}
