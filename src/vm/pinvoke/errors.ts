/**
 * Typed errors of P/Invoke binding, named after the exceptions the CLR raises for them
 * (System.DllNotFoundException, System.EntryPointNotFoundException). They carry the managed
 * method, the module and the entry point names that were tried, which is what a user needs.
 */
import { VmError } from '../errors';

/** The ImplMap's module could not be loaded (not an emulated DLL, not beside the EXE). */
export class DllNotFoundError extends VmError {
  override name = 'DllNotFoundError';
  constructor(readonly method: string, readonly module: string, readonly reason: string) {
    super(`Unable to load DLL '${module}' for ${method}: ${reason}`);
  }
}

/** The module loaded but exports none of the candidate names. */
export class EntryPointNotFoundError extends VmError {
  override name = 'EntryPointNotFoundError';
  constructor(readonly method: string, readonly module: string, readonly tried: readonly string[]) {
    super(`Unable to find an entry point named '${tried[0]}' in DLL '${module}' for ${method} (tried ${tried.join(', ')})`);
  }
}

/** The method says pinvokeimpl but its metadata does not say what to call (no ImplMap row, no ModuleRef). */
export class PInvokeMetadataError extends VmError {
  override name = 'PInvokeMetadataError';
  constructor(readonly method: string, reason: string) {
    super(`P/Invoke ${method}: ${reason}`);
  }
}
