/**
 * The signals and errors of managed exception dispatch (ECMA-335 §I.12.4.2).
 *
 * `ManagedRaise` is how runtime code (throw helpers, icalls, the class-constructor trigger) asks
 * for a managed exception: thrown inside a guarded gate handler, it is caught by the dispatcher,
 * which builds the exception object with its managed constructor and dispatches it from the
 * gate's call site. `ResumeTransfer` and `FilterEscape` carry control across host frames when an
 * exception is raised while the dispatcher itself is running a filter or finally handler.
 * `ManagedExceptionEscape` is an exception that left the guest code called from the host (a class
 * constructor, a `clremu regression` test): the host caller decides what it becomes.
 */
import type { Context64 } from '../../../loader/unwind';
import { UnhandledManagedException, VmError } from '../errors';

/** A request to raise a managed exception of a class-library type. */
export class ManagedRaise extends Error {
  override name = 'ManagedRaise';
  constructor(
    /** Full name of the exception type (`System.NullReferenceException`). */
    readonly exceptionType: string,
    /** The message .NET Framework gives it; passed to the `(string)` constructor. */
    readonly exceptionMessage: string,
    /** An inner exception object; uses the `(string, Exception)` constructor. */
    readonly inner?: bigint,
    /**
     * TypeInitializationException's type name: uses its `(string typeName, string message,
     * Exception inner)` constructor, which needs no message formatting in managed code.
     */
    readonly typeName?: string,
  ) {
    super(`${exceptionType}: ${exceptionMessage}`);
  }
}

/** A catch found by a dispatch nested in a handler run: the outer gate resumes there. */
export class ResumeTransfer extends Error {
  override name = 'ResumeTransfer';
  constructor(
    /** Registers to load (RSP, RBP and callee-saved registers of the catching frame). */
    readonly context: Context64,
    /** Where to continue: the catch handler. */
    readonly target: bigint,
    /** RSP of the catching frame's body: the transfer belongs to the level that owns that frame. */
    readonly frameRsp: bigint,
  ) {
    super(`resume at 0x${target.toString(16)}`);
  }
}

/** An exception left a filter: the filter's verdict is "do not handle" (§II.19, filter blocks). */
export class FilterEscape extends Error {
  override name = 'FilterEscape';
  constructor() {
    super('an exception escaped a filter');
  }
}

/** A managed exception left guest code the host called (no managed frame above caught it). */
export class ManagedExceptionEscape extends UnhandledManagedException {
  override name = 'ManagedExceptionEscape';
  constructor(
    /** The exception object (kept alive by the caller while it decides). */
    readonly object: bigint,
    exceptionType: string,
    exceptionMessage: string,
    frames: readonly string[],
  ) {
    super(exceptionType, exceptionMessage, frames);
  }
}

/** The dispatcher met something it cannot handle (a handler that did not return, a bad object). */
export class ExceptionDispatchError extends VmError {
  override name = 'ExceptionDispatchError';
  constructor(readonly what: string, readonly where: string) {
    super(`exception dispatch: ${what} (${where})`);
  }
}

/**
 * An unhandled managed exception with its inner exceptions, formatted as .NET Framework's
 * `Exception.ToString()` prints the chain: the messages joined by ` ---> `, then each inner
 * exception's frames (innermost exception first), each followed by
 * `   --- End of inner exception stack trace ---`, then the outer frames.
 */
export class UnhandledExceptionReport extends UnhandledManagedException {
  override name = 'UnhandledExceptionReport';
  constructor(
    exceptionType: string,
    /** The message, with ` ---> Type: message` for each inner exception. */
    exceptionMessage: string,
    frames: readonly string[],
    /** Frames of the inner exceptions, innermost exception first. */
    readonly innerFrames: readonly (readonly string[])[],
  ) {
    super(exceptionType, exceptionMessage, frames);
  }

  override format(): string {
    const lines = [`Unhandled Exception: ${this.exceptionType}: ${this.exceptionMessage}`];
    for (const section of this.innerFrames) {
      for (const f of section) lines.push(`   at ${f}`);
      lines.push('   --- End of inner exception stack trace ---');
    }
    for (const f of this.frames) lines.push(`   at ${f}`);
    return lines.join('\n') + '\n';
  }
}
