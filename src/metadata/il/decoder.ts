/**
 * Decodes a CIL byte stream into instructions (offset, opcode, operand), bounds-checked: a
 * truncated operand or an unassigned opcode is a BadImageFormatError naming the IL offset. The
 * JIT importer, the verifier and the disassembler all walk code through this one decoder.
 */
import { BadImageFormatError } from '../errors';
import { OPCODES, OpcodeInfo, OperandKind, operandSize } from './opcodes';

export interface Instruction {
  offset: number;
  opcode: OpcodeInfo;
  /** Total encoded size including prefix byte and operand. */
  size: number;
  /**
   * Operand value: number for immediates, indexes, tokens and branch targets (absolute IL
   * offsets); bigint for int64; number[] of absolute targets for switch.
   */
  operand: number | bigint | number[] | null;
}

function u32(code: Uint8Array, p: number): number {
  return (code[p] | (code[p + 1] << 8) | (code[p + 2] << 16) | (code[p + 3] << 24)) >>> 0;
}

export function decodeInstruction(code: Uint8Array, offset: number, where = 'IL'): Instruction {
  let p = offset;
  let op = code[p++];
  if (op === 0xfe) {
    if (p >= code.length) throw new BadImageFormatError(`${where}: truncated two-byte opcode`, { offset });
    op = 0x100 + code[p++];
  }
  const info = OPCODES[op];
  if (!info) throw new BadImageFormatError(`${where}: invalid opcode 0x${op.toString(16)} at IL_${offset.toString(16).padStart(4, '0')}`, { offset });
  const need = operandSize(info.operand);
  if (p + need > code.length) {
    throw new BadImageFormatError(`${where}: operand of ${info.name} at IL_${offset.toString(16).padStart(4, '0')} runs past the code`, { offset });
  }
  let operand: Instruction['operand'] = null;
  const dv = new DataView(code.buffer, code.byteOffset, code.byteLength);
  switch (info.operand) {
    case OperandKind.None: break;
    case OperandKind.ShortBrTarget: operand = p + 1 + dv.getInt8(p); break;
    case OperandKind.BrTarget: operand = p + 4 + dv.getInt32(p, true); break;
    case OperandKind.ShortI: operand = dv.getInt8(p); break;
    case OperandKind.ShortVar: operand = code[p]; break;
    case OperandKind.Var: operand = dv.getUint16(p, true); break;
    case OperandKind.I: operand = dv.getInt32(p, true); break;
    case OperandKind.I8: operand = dv.getBigInt64(p, true); break;
    case OperandKind.ShortR: operand = dv.getFloat32(p, true); break;
    case OperandKind.R: operand = dv.getFloat64(p, true); break;
    case OperandKind.Switch: {
      const n = u32(code, p);
      if (n > (code.length - p - 4) / 4) {
        throw new BadImageFormatError(`${where}: switch at IL_${offset.toString(16).padStart(4, '0')} has ${n} targets, more than the code holds`, { offset });
      }
      const base = p + 4 + 4 * n;
      const targets: number[] = [];
      for (let i = 0; i < n; i++) targets.push(base + dv.getInt32(p + 4 + 4 * i, true));
      operand = targets;
      return { offset, opcode: info, size: base - offset, operand };
    }
    default: operand = u32(code, p); break;
  }
  return { offset, opcode: info, size: p + need - offset, operand };
}

/** All instructions of a method body, in order. */
export function decodeIL(code: Uint8Array, where = 'IL'): Instruction[] {
  const out: Instruction[] = [];
  let p = 0;
  while (p < code.length) {
    const ins = decodeInstruction(code, p, where);
    out.push(ins);
    p += ins.size;
  }
  return out;
}
