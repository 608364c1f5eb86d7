/**
 * Decoded CIL instructions (ECMA-335 §III.1.2, §VI.C.2 opcode encodings). The opcode table itself
 * — names, encodings and operand kinds — belongs to the metadata reader (`src/metadata`), which
 * also uses it for its IL disassembler; this file only turns bytes into `CilInstr` values through
 * that table and classifies control flow for the walker.
 */
import { InvalidProgramError } from '../errors';
import { decodeInstructionAt } from './opcode-source';

/** How control leaves an instruction (§III.1.7.5). */
export const enum FlowKind {
  /** Falls through to the next instruction. */
  Next,
  /** A call: falls through after the callee returns. */
  Call,
  /** Unconditional branch (br, leave): only the target. */
  Branch,
  /** Conditional branch or switch: the targets, then the next instruction. */
  CondBranch,
  /** ret, jmp, endfinally, endfilter: leaves the method or the handler. */
  Return,
  /** throw, rethrow: never falls through. */
  Throw,
}

/** One decoded instruction. */
export interface CilInstr {
  /** Byte offset in the body. */
  readonly offset: number;
  /** Encoded size in bytes, opcode and operand. */
  readonly size: number;
  /** ECMA mnemonic (`ldarg.0`, `conv.ovf.i4.un`). */
  readonly name: string;
  /**
   * The inline operand: a number for int8/int32 immediates, variable numbers and tokens (the
   * token's 32-bit value), a float for ldc.r4/ldc.r8 (the float32 value exactly), a bigint for
   * ldc.i8; null when there is none. Branch and switch targets are in `targets` instead.
   */
  readonly operand: number | bigint | null;
  /** Absolute IL offsets of branch or switch targets, in encoding order. */
  readonly targets: readonly number[];
  readonly flow: FlowKind;
}

function flowOf(name: string): FlowKind {
  switch (name) {
    case 'br': case 'br.s': case 'leave': case 'leave.s':
      return FlowKind.Branch;
    case 'ret': case 'jmp': case 'endfinally': case 'endfilter':
      return FlowKind.Return;
    case 'throw': case 'rethrow':
      return FlowKind.Throw;
    case 'call': case 'callvirt': case 'calli': case 'newobj':
      return FlowKind.Call;
    case 'switch':
      return FlowKind.CondBranch;
    default:
      return name.startsWith('b') && name !== 'box' && name !== 'break' ? FlowKind.CondBranch : FlowKind.Next;
  }
}

/** Decodes a whole body; truncated operands and unknown opcodes are InvalidProgramErrors. */
export function decodeIl(il: Uint8Array, method: string): CilInstr[] {
  const out: CilInstr[] = [];
  let pos = 0;
  while (pos < il.length) {
    const raw = decodeInstructionAt(il, pos, method);
    const flow = flowOf(raw.name);
    if (raw.size <= 0) throw new InvalidProgramError('instruction of zero size', { method, ilOffset: pos });
    out.push({ ...raw, flow });
    pos += raw.size;
  }
  return out;
}
