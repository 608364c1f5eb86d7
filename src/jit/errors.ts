/**
 * Typed errors raised by the JIT. Every one names the method being compiled and, where there is
 * one, the IL offset of the offending instruction, so a user can find it with `--il`.
 *
 * `InvalidProgramError` mirrors the CLR's `InvalidProgramException` (ECMA-335 §III.1.7: the IL is
 * not correct CIL — stack underflow, mismatched stack shapes at a join, a branch into the middle
 * of an instruction). `UnsupportedOpcodeError` is valid CIL this JIT does not compile yet; it is a
 * subclass so callers that only care "this method cannot run" catch one type.
 */

/** Where in a method a JIT error happened. */
export interface JitErrorSite {
  /** Display name of the method (`Type::Method`), as the host describes it. */
  method: string;
  /** Byte offset of the instruction in the IL body, when the error is about one instruction. */
  ilOffset?: number;
}

function describeSite(site: JitErrorSite): string {
  return site.ilOffset === undefined
    ? `in ${site.method}`
    : `in ${site.method} at IL_${site.ilOffset.toString(16).padStart(4, '0')}`;
}

/** The IL is not valid CIL (ECMA-335 §III.1.7): the runtime raises InvalidProgramException. */
export class InvalidProgramError extends Error {
  override name = 'InvalidProgramError';
  readonly method: string;
  readonly ilOffset: number | undefined;
  /** The message without the site suffix. */
  readonly reason: string;

  constructor(reason: string, site: JitErrorSite) {
    super(`${reason} ${describeSite(site)}`);
    this.reason = reason;
    this.method = site.method;
    this.ilOffset = site.ilOffset;
  }
}

/** A valid CIL instruction (or operand form) that this JIT does not compile yet. */
export class UnsupportedOpcodeError extends InvalidProgramError {
  override name = 'UnsupportedOpcodeError';
  /** The opcode's mnemonic (`ldfld`, `conv.ovf.u8` …) or the construct that is not supported. */
  readonly opcode: string;

  constructor(opcode: string, site: JitErrorSite, detail?: string) {
    super(`unsupported opcode ${opcode}${detail ? ` (${detail})` : ''}`, site);
    this.opcode = opcode;
  }
}

/** The IR failed validation: a bug in the importer or a pass, never a user input problem. */
export class IrValidationError extends Error {
  override name = 'IrValidationError';
  constructor(message: string, readonly method: string) {
    super(`invalid IR in ${method}: ${message}`);
  }
}

/** Code generation cannot express an IR construct (a missing lowering, an out-of-range frame). */
export class CodegenError extends Error {
  override name = 'CodegenError';
  constructor(message: string, readonly method: string) {
    super(`${message} in ${method}`);
  }
}
