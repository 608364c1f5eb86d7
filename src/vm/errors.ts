/**
 * Typed errors of the runtime. Each names what a user needs to find the cause: the assembly, the
 * type or member by its full name, and the feature that is missing. They mirror the CLR's own
 * exceptions (TypeLoadException, MissingMethodException, FileNotFoundException …) but are host
 * errors: raised while the runtime loads, binds or compiles, before managed code could catch them.
 */
import type { Context64 } from '../../loader/unwind';

/** Base class: every runtime error is one of these. */
export class VmError extends Error {
  override name = 'VmError';
}

/** An assembly reference that no probing location satisfies (the CLR's FileNotFoundException). */
export class AssemblyNotFoundError extends VmError {
  override name = 'AssemblyNotFoundError';
  constructor(readonly assembly: string, readonly probed: readonly string[]) {
    super(`could not load assembly '${assembly}': not found in ${probed.join(', ')}`);
  }
}

/** A type that cannot be found or laid out (the CLR's TypeLoadException). */
export class TypeLoadError extends VmError {
  override name = 'TypeLoadError';
  constructor(readonly typeName: string, readonly assembly: string, readonly reason: string) {
    super(`could not load type '${typeName}' from assembly '${assembly}': ${reason}`);
  }
}

/**
 * Code refused before it runs because it breaks a rule the runtime checks (the CLR's
 * VerificationException), such as a generic method instantiated against its constraints.
 */
export class VerificationError extends VmError {
  override name = 'VerificationError';
  constructor(readonly member: string, readonly reason: string) {
    super(`Method ${member}: ${reason}`);
  }
}

/**
 * Two interfaces of a type each override an interface method's default and neither is more
 * specific (the CLR's AmbiguousImplementationException, which interface calls raise).
 */
export class AmbiguousImplementationError extends VmError {
  override name = 'AmbiguousImplementationError';
  constructor(readonly type: string, readonly method: string, readonly candidates: readonly string[]) {
    super(`${type} has no most specific implementation of ${method}: ${candidates.join(' and ')} each override it`);
  }
}

/** A method reference with no matching definition (the CLR's MissingMethodException). */
export class MissingMethodError extends VmError {
  override name = 'MissingMethodError';
  constructor(readonly member: string, readonly reason = 'no such method') {
    super(`method not found: ${member} (${reason})`);
  }
}

/** A field reference with no matching definition (the CLR's MissingFieldException). */
export class MissingFieldError extends VmError {
  override name = 'MissingFieldError';
  constructor(readonly member: string) {
    super(`field not found: ${member}`);
  }
}

/**
 * Valid input that needs a runtime feature not implemented yet (generics, value-type locals, an
 * icall, P/Invoke …). `feature` is a short stable name, `where` the member that needs it.
 */
export class NotSupportedYetError extends VmError {
  override name = 'NotSupportedYetError';
  constructor(readonly feature: string, readonly where: string) {
    super(`${where}: ${feature} is not supported by the runtime yet`);
  }
}

/** The entry point is missing or has a signature the runtime cannot call. */
export class EntryPointError extends VmError {
  override name = 'EntryPointError';
  constructor(readonly assembly: string, reason: string) {
    super(`${assembly}: ${reason}`);
  }
}

/** A managed heap or loader heap region is exhausted. */
export class HeapExhaustedError extends VmError {
  override name = 'HeapExhaustedError';
  constructor(readonly heap: string, readonly requested: number) {
    super(`${heap} is exhausted (requested ${requested} bytes)`);
  }
}

/**
 * A managed exception nobody catches (this runtime has no exception dispatch yet, so every throw
 * ends here). Carries the exception's type and message and the managed frames, innermost first.
 */
/** A CPU fault in managed code, as it was when the runtime turned it into a managed exception. */
export interface HardwareFault {
  /** NTSTATUS (STATUS_ACCESS_VIOLATION …). */
  readonly code: number;
  /** The faulting instruction. */
  readonly rip: bigint;
  /** For access violations: the address accessed, and how. */
  readonly address?: bigint;
  readonly access?: 'read' | 'write' | 'execute';
  /** The registers at the faulting instruction. */
  readonly context: Context64;
}

export class UnhandledManagedException extends VmError {
  override name = 'UnhandledManagedException';
  /**
   * The hardware fault the exception was raised for (an access violation in managed code that became
   * an AccessViolationException …), so crash reports and minidumps can show the original fault.
   */
  hardwareFault?: HardwareFault;
  constructor(
    readonly exceptionType: string,
    readonly exceptionMessage: string,
    readonly frames: readonly string[],
  ) {
    super(`${exceptionType}: ${exceptionMessage}`);
  }

  /** What .NET Framework prints for an unhandled exception. */
  format(): string {
    const lines = [`Unhandled Exception: ${this.exceptionType}: ${this.exceptionMessage}`];
    for (const f of this.frames) lines.push(`   at ${f}`);
    return lines.join('\n') + '\n';
  }
}
