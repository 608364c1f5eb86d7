/**
 * Typed errors of the x86-64 encoder.
 *
 * The encoder never emits bytes it is unsure of: an operand combination no table form accepts,
 * an immediate out of range, a malformed address or an unbound label is one of these errors,
 * carrying the mnemonic, the operands as Intel-syntax text and the reason, so the JIT stage that
 * asked for the instruction can be found from the message alone.
 */

/** An instruction that cannot be encoded as asked (no form matches, value out of range, bad address). */
export class EncodingError extends Error {
  override name = 'EncodingError';
  constructor(
    /** The mnemonic asked for (`add`, `movsd`, …). */
    readonly mnemonic: string,
    /** The operands, rendered as Intel-syntax text. */
    readonly operands: readonly string[],
    /** Why no encoding was produced. */
    readonly reason: string,
  ) {
    super(`cannot encode '${mnemonic}${operands.length ? ' ' + operands.join(', ') : ''}': ${reason}`);
  }
}

/** A malformed line in the instruction-form table (a bug in `forms.ts`, reported at module load). */
export class FormTableError extends Error {
  override name = 'FormTableError';
  constructor(
    readonly mnemonic: string,
    readonly operands: string,
    readonly encoding: string,
    readonly reason: string,
  ) {
    super(`bad form ['${mnemonic}', '${operands}', '${encoding}']: ${reason}`);
  }
}

/** Misuse of labels: binding twice, binding a label of another buffer, or a jump to a label never bound. */
export class LabelError extends Error {
  override name = 'LabelError';
  constructor(
    /** The label's id within its code buffer. */
    readonly labelId: number,
    readonly reason: string,
  ) {
    super(`label L${labelId}: ${reason}`);
  }
}
