/**
 * Signature blobs (ECMA-335 §II.23.2): method def/ref (incl. vararg sentinel and generic arity),
 * field, property, local variables, TypeSpec and MethodSpec, with custom modifiers, generic
 * instantiations, general arrays with sizes and lower bounds, pointers, function pointers, byref,
 * pinned and typedbyref. Types are built through a provider supplied by the caller (the model is
 * System.Reflection.Metadata's ISignatureTypeProvider), so this file knows no type system.
 *
 * Nesting is capped (MAX_DEPTH) so a corrupt blob cannot exhaust the host stack.
 */
import { ByteCursor } from './bytes';
import { BadImageFormatError } from './errors';
import { makeToken, Token } from './handles';
import { TableId } from './schema';

/** Element types (§II.23.1.16). */
export const enum ElementType {
  /** Marks the end of a list. */
  End = 0x00,
  /** `void`. */
  Void = 0x01,
  /** `bool`. */
  Boolean = 0x02,
  /** `char` (UTF-16 code unit). */
  Char = 0x03,
  /** `int8`. */
  I1 = 0x04,
  /** `unsigned int8`. */
  U1 = 0x05,
  /** `int16`. */
  I2 = 0x06,
  /** `unsigned int16`. */
  U2 = 0x07,
  /** `int32`. */
  I4 = 0x08,
  /** `unsigned int32`. */
  U4 = 0x09,
  /** `int64`. */
  I8 = 0x0a,
  /** `unsigned int64`. */
  U8 = 0x0b,
  /** `float32`. */
  R4 = 0x0c,
  /** `float64`. */
  R8 = 0x0d,
  /** `string`. */
  String = 0x0e,
  /** Unmanaged pointer: followed by a type. */
  Ptr = 0x0f,
  /** Managed pointer: followed by a type. */
  ByRef = 0x10,
  /** Value type: followed by a TypeDefOrRefOrSpec coded index. */
  ValueType = 0x11,
  /** Reference type: followed by a TypeDefOrRefOrSpec coded index. */
  Class = 0x12,
  /** Generic type parameter: followed by its number. */
  Var = 0x13,
  /** General array: type, then an ArrayShape. */
  Array = 0x14,
  /** Generic instantiation: CLASS/VALUETYPE, type, count, arguments. */
  GenericInst = 0x15,
  /** `typedref`. */
  TypedByRef = 0x16,
  /** `native int`. */
  I = 0x18,
  /** `native unsigned int`. */
  U = 0x19,
  /** Function pointer: followed by a method signature. */
  FnPtr = 0x1b,
  /** `object`. */
  Object = 0x1c,
  /** Single-dimensional zero-based array: followed by a type. */
  SzArray = 0x1d,
  /** Generic method parameter: followed by its number. */
  MVar = 0x1e,
  /** Required modifier: followed by a TypeDefOrRef coded index. */
  CModReqd = 0x1f,
  /** Optional modifier: followed by a TypeDefOrRef coded index. */
  CModOpt = 0x20,
  /** Runtime-internal type (never in files). */
  Internal = 0x21,
  /** Vararg sentinel in a call-site signature. */
  Sentinel = 0x41,
  /** Pinned local: followed by a type. */
  Pinned = 0x45,
  /** `System.Type` in a custom attribute blob. */
  CaType = 0x50,
  /** Boxed object in a custom attribute blob. */
  CaBoxed = 0x51,
  /** Named argument is a field. */
  CaField = 0x53,
  /** Named argument is a property. */
  CaProperty = 0x54,
  /** Enum in a custom attribute blob: followed by the enum type's name. */
  CaEnum = 0x55,
}

/** Signature header bits (§II.23.2.1–3). */
export const enum SignatureHeader {
  /** Calling convention mask. */
  KindMask = 0x0f,
  /** Managed default calling convention. */
  Default = 0x00,
  /** Unmanaged cdecl. */
  C = 0x01,
  /** Unmanaged stdcall. */
  StdCall = 0x02,
  /** Unmanaged thiscall. */
  ThisCall = 0x03,
  /** Unmanaged fastcall. */
  FastCall = 0x04,
  /** Managed vararg. */
  VarArg = 0x05,
  /** A field signature. */
  Field = 0x06,
  /** A local variable signature. */
  LocalSig = 0x07,
  /** A property signature. */
  Property = 0x08,
  /** Unmanaged, calling convention in modifiers. */
  Unmanaged = 0x09,
  /** A MethodSpec instantiation. */
  GenericInst = 0x0a,
  /** The method has generic parameters (count follows). */
  Generic = 0x10,
  /** Instance method: `this` is passed. */
  HasThis = 0x20,
  /** `this` is an explicit first parameter. */
  ExplicitThis = 0x40,
}

/** §II.23.2.13 */
export interface ArrayShape {
  rank: number;
  sizes: number[];
  lowerBounds: number[];
}

export interface MethodSignature<T> {
  /** The raw header byte (calling convention and HASTHIS/EXPLICITTHIS/GENERIC). */
  header: number;
  genericParameterCount: number;
  returnType: T;
  /** Parameters before the vararg sentinel (all of them when there is none). */
  requiredParameterCount: number;
  parameterTypes: T[];
}

/**
 * Builds the caller's type representation from signature parts. `C` is a generic context passed
 * through untouched (the type loader uses it to substitute !0 and !!0).
 */
export interface SignatureTypeProvider<T, C = unknown> {
  primitive(code: ElementType): T;
  typeFromDefinition(handle: Token, rawKind: ElementType, ctx: C): T;
  typeFromReference(handle: Token, rawKind: ElementType, ctx: C): T;
  typeFromSpecification(handle: Token, rawKind: ElementType, ctx: C): T;
  szArray(element: T): T;
  array(element: T, shape: ArrayShape): T;
  byReference(element: T): T;
  pointer(element: T): T;
  pinned(element: T): T;
  genericInstantiation(generic: T, args: T[], ctx: C): T;
  genericTypeParameter(index: number, ctx: C): T;
  genericMethodParameter(index: number, ctx: C): T;
  functionPointer(signature: MethodSignature<T>): T;
  modified(modifier: T, unmodified: T, isRequired: boolean): T;
}

/** Deepest type nesting accepted; real signatures stay far below it. */
const MAX_DEPTH = 64;

const TYPE_DEF_OR_REF_TABLES = [TableId.TypeDef, TableId.TypeRef, TableId.TypeSpec];

/** Decodes a TypeDefOrRefOrSpecEncoded value (§II.23.2.8) into a token. */
export function decodeTypeDefOrRefOrSpec(c: ByteCursor): Token {
  const at = c.pos;
  const v = c.compressedU32('TypeDefOrRefOrSpecEncoded');
  const table = TYPE_DEF_OR_REF_TABLES[v & 3];
  if (table === undefined) {
    throw new BadImageFormatError('TypeDefOrRefOrSpecEncoded has tag 3', { ...c.where, offset: at });
  }
  return makeToken(table, v >>> 2);
}

export class SignatureDecoder<T, C = unknown> {
  constructor(private readonly provider: SignatureTypeProvider<T, C>, private readonly ctx: C) {}

  /** One Type (§II.23.2.12), including leading custom modifiers, BYREF and PINNED. */
  decodeType(c: ByteCursor, allowTypedByRef = true, depth = 0): T {
    if (depth > MAX_DEPTH) throw new BadImageFormatError('signature nests deeper than 64 levels', { ...c.where, offset: c.pos });
    const p = this.provider;
    const at = c.pos;
    const et = c.u8('element type') as ElementType;
    switch (et) {
      case ElementType.Void:
      case ElementType.Boolean:
      case ElementType.Char:
      case ElementType.I1:
      case ElementType.U1:
      case ElementType.I2:
      case ElementType.U2:
      case ElementType.I4:
      case ElementType.U4:
      case ElementType.I8:
      case ElementType.U8:
      case ElementType.R4:
      case ElementType.R8:
      case ElementType.String:
      case ElementType.I:
      case ElementType.U:
      case ElementType.Object:
        return p.primitive(et);
      case ElementType.TypedByRef:
        if (!allowTypedByRef) throw new BadImageFormatError('typedref is not allowed here', { ...c.where, offset: at });
        return p.primitive(et);
      case ElementType.Ptr:
        return p.pointer(this.decodeType(c, false, depth + 1));
      case ElementType.ByRef:
        return p.byReference(this.decodeType(c, false, depth + 1));
      case ElementType.Pinned:
        return p.pinned(this.decodeType(c, false, depth + 1));
      case ElementType.SzArray:
        return p.szArray(this.decodeType(c, false, depth + 1));
      case ElementType.Array: {
        const elem = this.decodeType(c, false, depth + 1);
        return p.array(elem, decodeArrayShape(c));
      }
      case ElementType.Class:
      case ElementType.ValueType:
        return this.typeHandle(decodeTypeDefOrRefOrSpec(c), et);
      case ElementType.GenericInst: {
        const kindAt = c.pos;
        const kind = c.u8('generic instantiation kind');
        if (kind !== ElementType.Class && kind !== ElementType.ValueType) {
          throw new BadImageFormatError(`GENERICINST must be followed by CLASS or VALUETYPE, not 0x${kind.toString(16)}`, { ...c.where, offset: kindAt });
        }
        const generic = this.typeHandle(decodeTypeDefOrRefOrSpec(c), kind);
        const count = c.compressedU32('generic argument count');
        if (count === 0 || count > c.remaining) {
          throw new BadImageFormatError(`generic argument count ${count} is impossible here`, { ...c.where, offset: c.pos });
        }
        const args: T[] = [];
        for (let i = 0; i < count; i++) args.push(this.decodeType(c, false, depth + 1));
        return p.genericInstantiation(generic, args, this.ctx);
      }
      case ElementType.Var:
        return p.genericTypeParameter(c.compressedU32('generic parameter number'), this.ctx);
      case ElementType.MVar:
        return p.genericMethodParameter(c.compressedU32('generic parameter number'), this.ctx);
      case ElementType.FnPtr:
        return p.functionPointer(this.decodeMethodSignature(c, depth + 1));
      case ElementType.CModOpt:
      case ElementType.CModReqd: {
        const modTok = decodeTypeDefOrRefOrSpec(c);
        const modifier = this.typeHandle(modTok, ElementType.Class);
        const unmodified = this.decodeType(c, allowTypedByRef, depth + 1);
        return p.modified(modifier, unmodified, et === ElementType.CModReqd);
      }
      default:
        throw new BadImageFormatError(`invalid element type 0x${(et as number).toString(16)} in signature`, { ...c.where, offset: at });
    }
  }

  private typeHandle(tok: Token, kind: ElementType): T {
    const table = tok >>> 24;
    if (table === TableId.TypeDef) return this.provider.typeFromDefinition(tok, kind, this.ctx);
    if (table === TableId.TypeRef) return this.provider.typeFromReference(tok, kind, this.ctx);
    return this.provider.typeFromSpecification(tok, kind, this.ctx);
  }

  /** MethodDefSig / MethodRefSig / StandAloneMethodSig (§II.23.2.1–3). */
  decodeMethodSignature(c: ByteCursor, depth = 0): MethodSignature<T> {
    const at = c.pos;
    const header = c.u8('method signature header');
    const kind = header & SignatureHeader.KindMask;
    if (kind > SignatureHeader.VarArg && kind !== SignatureHeader.Unmanaged) {
      throw new BadImageFormatError(`0x${header.toString(16)} is not a method signature header`, { ...c.where, offset: at });
    }
    const genericParameterCount = header & SignatureHeader.Generic ? c.compressedU32('generic parameter count') : 0;
    const count = c.compressedU32('parameter count');
    if (count > c.remaining) throw new BadImageFormatError(`parameter count ${count} exceeds the signature`, { ...c.where, offset: at });
    const returnType = this.decodeType(c, true, depth + 1);
    const parameterTypes: T[] = [];
    let required = -1;
    for (let i = 0; i < count; i++) {
      if (c.peek('parameter') === ElementType.Sentinel) {
        if (required >= 0) throw new BadImageFormatError('second vararg sentinel', { ...c.where, offset: c.pos });
        c.u8();
        required = i;
      }
      parameterTypes.push(this.decodeType(c, true, depth + 1));
    }
    return { header, genericParameterCount, returnType, requiredParameterCount: required >= 0 ? required : count, parameterTypes };
  }

  /** FieldSig (§II.23.2.4). */
  decodeFieldSignature(c: ByteCursor): T {
    const at = c.pos;
    const h = c.u8('field signature header');
    if ((h & SignatureHeader.KindMask) !== SignatureHeader.Field) {
      throw new BadImageFormatError(`0x${h.toString(16)} is not a field signature header`, { ...c.where, offset: at });
    }
    return this.decodeType(c, true);
  }

  /** PropertySig (§II.23.2.5). */
  decodePropertySignature(c: ByteCursor): MethodSignature<T> {
    const at = c.pos;
    const header = c.u8('property signature header');
    if ((header & SignatureHeader.KindMask) !== SignatureHeader.Property) {
      throw new BadImageFormatError(`0x${header.toString(16)} is not a property signature header`, { ...c.where, offset: at });
    }
    const count = c.compressedU32('parameter count');
    if (count > c.remaining) throw new BadImageFormatError(`parameter count ${count} exceeds the signature`, { ...c.where, offset: at });
    const returnType = this.decodeType(c, true);
    const parameterTypes: T[] = [];
    for (let i = 0; i < count; i++) parameterTypes.push(this.decodeType(c, true));
    return { header, genericParameterCount: 0, returnType, requiredParameterCount: count, parameterTypes };
  }

  /** LocalVarSig (§II.23.2.6). */
  decodeLocalSignature(c: ByteCursor): T[] {
    const at = c.pos;
    const h = c.u8('local signature header');
    if (h !== SignatureHeader.LocalSig) {
      throw new BadImageFormatError(`0x${h.toString(16)} is not a local signature header`, { ...c.where, offset: at });
    }
    const count = c.compressedU32('local count');
    if (count > c.remaining) throw new BadImageFormatError(`local count ${count} exceeds the signature`, { ...c.where, offset: at });
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(this.decodeType(c, true));
    return out;
  }

  /** TypeSpec (§II.23.2.14): one type. */
  decodeTypeSpec(c: ByteCursor): T {
    return this.decodeType(c, false);
  }

  /** MethodSpec instantiation (§II.23.2.15). */
  decodeMethodSpec(c: ByteCursor): T[] {
    const at = c.pos;
    const h = c.u8('method spec header');
    if (h !== SignatureHeader.GenericInst) {
      throw new BadImageFormatError(`0x${h.toString(16)} is not a MethodSpec header`, { ...c.where, offset: at });
    }
    const count = c.compressedU32('generic argument count');
    if (count > c.remaining) throw new BadImageFormatError(`argument count ${count} exceeds the signature`, { ...c.where, offset: at });
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(this.decodeType(c, false));
    return out;
  }
}

/** ArrayShape (§II.23.2.13): rank, sizes, lower bounds (signed). */
export function decodeArrayShape(c: ByteCursor): ArrayShape {
  const rank = c.compressedU32('array rank');
  const numSizes = c.compressedU32('array size count');
  if (numSizes > c.remaining) throw new BadImageFormatError(`array size count ${numSizes} exceeds the signature`, { ...c.where, offset: c.pos });
  const sizes: number[] = [];
  for (let i = 0; i < numSizes; i++) sizes.push(c.compressedU32('array size'));
  const numLo = c.compressedU32('array lower-bound count');
  if (numLo > c.remaining) throw new BadImageFormatError(`array bound count ${numLo} exceeds the signature`, { ...c.where, offset: c.pos });
  const lowerBounds: number[] = [];
  for (let i = 0; i < numLo; i++) lowerBounds.push(c.compressedI32('array lower bound'));
  return { rank, sizes, lowerBounds };
}
