/**
 * Custom attribute value blobs (ECMA-335 §II.23.3): the 0x0001 prolog, fixed arguments typed by
 * the constructor's signature, and named field/property arguments typed in the blob itself
 * (FieldOrPropType, incl. boxed `object` values, `System.Type` as a serialized name, enums by
 * serialized type name, and single-dimensional arrays with a null marker). Enum underlying types
 * are not in the blob; the caller's provider supplies them.
 */
import { ByteCursor } from './bytes';
import { BadImageFormatError } from './errors';
import { Token, tokenRow, tokenTable } from './handles';
import { MetadataReader } from './reader';
import { TableId } from './schema';
import { ElementType, SignatureDecoder } from './signatures';
import { SigType, sigTreeProvider } from './sig-tree';

/** The type of a custom attribute argument. */
export type CaType =
  | { kind: 'primitive'; code: ElementType }
  | { kind: 'type' }
  | { kind: 'object' }
  | { kind: 'enum'; name: string; underlying: ElementType }
  | { kind: 'array'; element: CaType };

export interface CaValue {
  type: CaType;
  /** number/bigint/boolean/string for scalars; string for Type names; CaValue[] for arrays; null for null. */
  value: number | bigint | boolean | string | null | CaValue[];
}

export interface CaNamedArgument {
  kind: 'field' | 'property';
  name: string;
  type: CaType;
  value: CaValue;
}

export interface CustomAttributeValue {
  fixed: CaValue[];
  named: CaNamedArgument[];
}

/** What the decoder cannot know from the blob: which classes are enums or System.Type. */
export interface CustomAttributeTypeProvider {
  /** Classifies a class used as a constructor parameter type. */
  classify(md: MetadataReader, token: Token): { kind: 'type' } | { kind: 'enum'; name: string; underlying: ElementType } | { kind: 'other'; name: string };
  /** Underlying type of an enum named in a blob (`Ns.Name, Assembly, …`), or null if unknown. */
  enumUnderlyingByName(md: MetadataReader, serializedName: string): ElementType | null;
}

const MAX_ARRAY = 1 << 20;

function serString(c: ByteCursor, what: string): string | null {
  if (c.peek(what) === 0xff) {
    c.u8();
    return null;
  }
  const n = c.compressedU32(`${what} length`);
  return new TextDecoder('utf-8').decode(c.take(n, what));
}

export class CustomAttributeDecoder {
  constructor(private readonly md: MetadataReader, private readonly provider: CustomAttributeTypeProvider) {}

  /** The constructor's MethodDef/MemberRef signature blob index. */
  private ctorSignature(ctor: Token): number {
    const t = tokenTable(ctor);
    if (t === TableId.MethodDef) return this.md.col(TableId.MethodDef, tokenRow(ctor), 4);
    if (t === TableId.MemberRef) return this.md.col(TableId.MemberRef, tokenRow(ctor), 2);
    throw new BadImageFormatError('custom attribute constructor is neither MethodDef nor MemberRef', { table: 'CustomAttribute', column: 'Type' });
  }

  /** Decodes CustomAttribute row `row`. */
  decode(row: number): CustomAttributeValue {
    const md = this.md;
    const ctor = md.coded(TableId.CustomAttribute, row, 1, 10);
    md.checkToken(ctor, `CustomAttribute[${row}].Type`);
    const sigIndex = this.ctorSignature(ctor);
    const sig = md.blobs.cursor(sigIndex);
    const decoded = new SignatureDecoder(sigTreeProvider, null).decodeMethodSignature(sig);
    const paramTypes = decoded.parameterTypes.map((p) => this.caTypeOf(p));
    const c = md.blobCursor(TableId.CustomAttribute, row, 2);
    if (c.remaining === 0) return { fixed: [], named: [] };
    const prolog = c.u16('prolog');
    if (prolog !== 1) throw new BadImageFormatError(`custom attribute prolog is 0x${prolog.toString(16)}, not 0x0001`, { table: 'CustomAttribute', row, column: 'Value' });
    const fixed = paramTypes.map((t) => this.readValue(c, t, 0));
    const named: CaNamedArgument[] = [];
    if (c.remaining >= 2) {
      const n = c.u16('NumNamed');
      for (let i = 0; i < n; i++) {
        const kindByte = c.u8('named argument kind');
        if (kindByte !== ElementType.CaField && kindByte !== ElementType.CaProperty) {
          throw new BadImageFormatError(`named argument kind 0x${kindByte.toString(16)} is neither FIELD nor PROPERTY`, { ...c.where, offset: c.pos - 1 });
        }
        const type = this.readFieldOrPropType(c, 0);
        const name = serString(c, 'named argument name') ?? '';
        named.push({ kind: kindByte === ElementType.CaField ? 'field' : 'property', name, type, value: this.readValue(c, type, 0) });
      }
    }
    return { fixed, named };
  }

  private caTypeOf(t: SigType): CaType {
    switch (t.kind) {
      case 'primitive':
        if (t.code === ElementType.Object) return { kind: 'object' };
        return { kind: 'primitive', code: t.code };
      case 'szarray':
        return { kind: 'array', element: this.caTypeOf(t.element) };
      case 'handle': {
        const k = this.provider.classify(this.md, t.token);
        if (k.kind === 'type') return { kind: 'type' };
        if (k.kind === 'enum') return { kind: 'enum', name: k.name, underlying: k.underlying };
        throw new BadImageFormatError(`custom attribute parameter of class ${k.name} cannot be encoded`, { table: 'CustomAttribute' });
      }
      default:
        throw new BadImageFormatError(`custom attribute parameter of kind ${t.kind} cannot be encoded`, { table: 'CustomAttribute' });
    }
  }

  private readFieldOrPropType(c: ByteCursor, depth: number): CaType {
    if (depth > 8) throw new BadImageFormatError('custom attribute type nests too deeply', { ...c.where, offset: c.pos });
    const at = c.pos;
    const b = c.u8('FieldOrPropType');
    switch (b) {
      case ElementType.Boolean: case ElementType.Char: case ElementType.I1: case ElementType.U1: case ElementType.I2:
      case ElementType.U2: case ElementType.I4: case ElementType.U4: case ElementType.I8: case ElementType.U8:
      case ElementType.R4: case ElementType.R8: case ElementType.String:
        return { kind: 'primitive', code: b };
      case ElementType.CaType: return { kind: 'type' };
      case ElementType.CaBoxed: return { kind: 'object' };
      case ElementType.SzArray: return { kind: 'array', element: this.readFieldOrPropType(c, depth + 1) };
      case ElementType.CaEnum: {
        const name = serString(c, 'enum type name') ?? '';
        const underlying = this.provider.enumUnderlyingByName(this.md, name);
        if (underlying === null) throw new BadImageFormatError(`cannot find the underlying type of enum ${name}`, { ...c.where, offset: at });
        return { kind: 'enum', name, underlying };
      }
      default:
        throw new BadImageFormatError(`invalid FieldOrPropType 0x${b.toString(16)}`, { ...c.where, offset: at });
    }
  }

  private readScalar(c: ByteCursor, code: ElementType): CaValue['value'] {
    switch (code) {
      case ElementType.Boolean: return c.u8('bool') !== 0;
      case ElementType.Char: return c.u16('char');
      case ElementType.I1: return (c.u8('int8') << 24) >> 24;
      case ElementType.U1: return c.u8('uint8');
      case ElementType.I2: return (c.u16('int16') << 16) >> 16;
      case ElementType.U2: return c.u16('uint16');
      case ElementType.I4: return c.i32('int32');
      case ElementType.U4: return c.u32('uint32');
      case ElementType.I8: return BigInt.asIntN(64, c.u64('int64'));
      case ElementType.U8: return c.u64('uint64');
      case ElementType.R4: return c.f32('float32');
      case ElementType.R8: return c.f64('float64');
      case ElementType.String: return serString(c, 'string');
      default: throw new BadImageFormatError(`element type 0x${(code as number).toString(16)} is not a custom attribute scalar`, { ...c.where, offset: c.pos });
    }
  }

  private readValue(c: ByteCursor, type: CaType, depth: number): CaValue {
    switch (type.kind) {
      case 'primitive': return { type, value: this.readScalar(c, type.code) };
      case 'enum': return { type, value: this.readScalar(c, type.underlying) };
      case 'type': return { type, value: serString(c, 'type name') };
      case 'object': return this.readValue(c, this.readFieldOrPropType(c, depth + 1), depth + 1);
      case 'array': {
        const n = c.u32('array length');
        if (n === 0xffffffff) return { type, value: null };
        if (n > MAX_ARRAY || n > c.remaining) throw new BadImageFormatError(`array of ${n} elements exceeds the blob`, { ...c.where, offset: c.pos - 4 });
        const items: CaValue[] = [];
        for (let i = 0; i < n; i++) items.push(this.readValue(c, type.element, depth + 1));
        return { type, value: items };
      }
    }
  }
}
