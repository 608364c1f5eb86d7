/**
 * Public surface of the x86-64 encoder: typed operands, the form table, the code buffer with
 * labels and relocations, and the typed `Assembler`. See `src/jit/README.md` for the design.
 */
export * from './errors';
export * from './registers';
export * from './operands';
export { FORM_LINES } from './forms';
export type { FormLine } from './forms';
export { FORMS, PatternKind, Role, compileForms } from './form-spec';
export type { FormSpec, OperandPattern } from './form-spec';
export { encodeInstruction, selectForm } from './encoder';
export type { Encoded, Fixup } from './encoder';
export { CodeBuffer, RelocKind } from './code-buffer';
export type { FinishedCode, Relocation } from './code-buffer';
export { nopBytes } from './nops';
export * from './assembler';
