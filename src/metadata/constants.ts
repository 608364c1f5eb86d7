/**
 * Compile-time constants (ECMA-335 §II.22.9): the Constant table's element type and value blob
 * decoded to a JS value. Strings are UTF-16; a CLASS constant is the null reference.
 */
import { BadImageFormatError } from './errors';
import { MetadataReader } from './reader';
import { TableId } from './schema';
import { ElementType } from './signatures';

export type ConstantValue = boolean | number | bigint | string | null;

export function decodeConstant(md: MetadataReader, row: number): { type: ElementType; value: ConstantValue } {
  const type = md.col(TableId.Constant, row, 0) as ElementType;
  const c = md.blobCursor(TableId.Constant, row, 3);
  const where = { table: 'Constant', row, column: 'Value' };
  switch (type) {
    case ElementType.Boolean: return { type, value: c.u8('bool') !== 0 };
    case ElementType.Char: return { type, value: c.u16('char') };
    case ElementType.I1: return { type, value: (c.u8('int8') << 24) >> 24 };
    case ElementType.U1: return { type, value: c.u8('uint8') };
    case ElementType.I2: return { type, value: (c.u16('int16') << 16) >> 16 };
    case ElementType.U2: return { type, value: c.u16('uint16') };
    case ElementType.I4: return { type, value: c.i32('int32') };
    case ElementType.U4: return { type, value: c.u32('uint32') };
    case ElementType.I8: return { type, value: BigInt.asIntN(64, c.u64('int64')) };
    case ElementType.U8: return { type, value: c.u64('uint64') };
    case ElementType.R4: return { type, value: c.f32('float32') };
    case ElementType.R8: return { type, value: c.f64('float64') };
    case ElementType.String: {
      let s = '';
      while (c.remaining >= 2) s += String.fromCharCode(c.u16('char'));
      return { type, value: s };
    }
    case ElementType.Class: return { type, value: null };
    default:
      throw new BadImageFormatError(`constant of element type 0x${(type as number).toString(16)} is not allowed`, where);
  }
}
