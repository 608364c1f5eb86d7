/**
 * Adapter from the metadata reader's CIL decoder and opcode table (`src/metadata/il`) to the
 * walker's instructions: the JIT has no opcode table of its own. A malformed instruction (an
 * unassigned opcode, an operand running past the body) is reported as an InvalidProgramError at
 * its IL offset, as the CLR's JIT does, rather than as a metadata error.
 */
import { BadImageFormatError } from '../../metadata/errors';
import { decodeInstruction } from '../../metadata/il/decoder';
import { InvalidProgramError } from '../errors';

/** An instruction before flow classification. */
export interface RawInstr {
  readonly offset: number;
  readonly size: number;
  readonly name: string;
  readonly operand: number | bigint | null;
  readonly targets: readonly number[];
}

/** Branch operand kinds, whose decoded operand is an absolute target offset. */
const BRANCH_OPERANDS = new Set(['br', 'br.s', 'leave', 'leave.s']);

function isBranch(name: string): boolean {
  if (BRANCH_OPERANDS.has(name)) return true;
  return /^(brfalse|brtrue|beq|bge|bgt|ble|blt|bne)/.test(name);
}

export function decodeInstructionAt(il: Uint8Array, offset: number, method: string): RawInstr {
  let ins;
  try {
    ins = decodeInstruction(il, offset, method);
  } catch (e) {
    if (e instanceof BadImageFormatError) throw new InvalidProgramError(e.message.replace(/ \(offset [^)]*\)$/, ''), { method, ilOffset: offset });
    throw e;
  }
  const name = ins.opcode.name;
  const op = ins.operand;
  if (Array.isArray(op)) return { offset, size: ins.size, name, operand: null, targets: op };
  if (isBranch(name) && typeof op === 'number') return { offset, size: ins.size, name, operand: null, targets: [op] };
  return { offset, size: ins.size, name, operand: op, targets: [] };
}
