/**
 * Adapter from the metadata reader's CIL opcode table to the walker's decoded instructions.
 * (Pending: the table is not in `src/metadata` yet.)
 */
import { UnsupportedOpcodeError } from '../errors';

export interface RawInstr {
  readonly offset: number;
  readonly size: number;
  readonly name: string;
  readonly operand: number | bigint | null;
  readonly targets: readonly number[];
}

export function decodeInstructionAt(_il: Uint8Array, offset: number, method: string): RawInstr {
  throw new UnsupportedOpcodeError('(any)', { method, ilOffset: offset }, 'the CIL opcode table is not available yet');
}
