/**
 * Marshalling descriptors (ECMA-335 §II.23.4, FieldMarshal.NativeType blobs): the native type,
 * and for arrays the element type, size parameter, size and multiplier; for custom marshallers
 * the type name and cookie; for safe arrays the variant type.
 */
import { ByteCursor } from './bytes';

/** NATIVE_TYPE_* codes (§II.23.4). */
export const enum NativeType {
  /** 4-byte BOOL. */
  Boolean = 0x02,
  /** Signed 1-byte integer. */
  I1 = 0x03,
  /** Unsigned 1-byte integer. */
  U1 = 0x04,
  /** Signed 2-byte integer. */
  I2 = 0x05,
  /** Unsigned 2-byte integer. */
  U2 = 0x06,
  /** Signed 4-byte integer. */
  I4 = 0x07,
  /** Unsigned 4-byte integer. */
  U4 = 0x08,
  /** Signed 8-byte integer. */
  I8 = 0x09,
  /** Unsigned 8-byte integer. */
  U8 = 0x0a,
  /** 4-byte float. */
  R4 = 0x0b,
  /** 8-byte float. */
  R8 = 0x0c,
  /** COM CURRENCY. */
  Currency = 0x0f,
  /** COM BSTR. */
  BStr = 0x13,
  /** ANSI C string. */
  LPStr = 0x14,
  /** UTF-16 C string. */
  LPWStr = 0x15,
  /** Platform C string. */
  LPTStr = 0x16,
  /** Fixed-length inline string. */
  ByValTStr = 0x17,
  /** COM IUnknown. */
  IUnknown = 0x19,
  /** COM IDispatch. */
  IDispatch = 0x1a,
  /** C struct. */
  Struct = 0x1b,
  /** COM interface. */
  Interface = 0x1c,
  /** COM SAFEARRAY. */
  SafeArray = 0x1d,
  /** Fixed-length inline array. */
  ByValArray = 0x1e,
  /** Native-sized signed integer. */
  Int = 0x1f,
  /** Native-sized unsigned integer. */
  UInt = 0x20,
  /** VB by-ref string. */
  VBByRefStr = 0x22,
  /** ANSI BSTR. */
  AnsiBStr = 0x23,
  /** Platform BSTR. */
  TBStr = 0x24,
  /** 2-byte VARIANT_BOOL. */
  VariantBool = 0x25,
  /** Function pointer. */
  Func = 0x26,
  /** Any type, decided at run time. */
  AsAny = 0x28,
  /** C-style array. */
  LPArray = 0x2a,
  /** Pointer to a C struct. */
  LPStruct = 0x2b,
  /** Custom marshaller. */
  Custom = 0x2c,
  /** HRESULT-style error code. */
  Error = 0x2d,
  /** "No type" marker (also the default array element type). */
  Max = 0x50,
}

export interface MarshalDescriptor {
  native: number;
  /** LPArray / SafeArray element (native or variant) type, when present. */
  elementType?: number;
  /** LPArray: index of the parameter holding the element count. */
  paramIndex?: number;
  /** LPArray, ByValArray, ByValTStr: element count. */
  numElements?: number;
  /** LPArray: the count-parameter multiplier flag (spec: 0 means paramIndex is not used). */
  elementMultiplier?: number;
  /** Custom: marshaller type name and cookie. */
  customType?: string;
  cookie?: string;
}

function serString(c: ByteCursor, what: string): string {
  const n = c.compressedU32(what);
  const b = c.take(n, what);
  return new TextDecoder('utf-8').decode(b);
}

/** Parses a NativeType blob; optional trailing parts are read only when bytes remain. */
export function parseMarshalDescriptor(c: ByteCursor): MarshalDescriptor {
  const native = c.u8('native type');
  const d: MarshalDescriptor = { native };
  switch (native) {
    case NativeType.LPArray:
      if (c.remaining) d.elementType = c.u8('array element type');
      if (c.remaining) d.paramIndex = c.compressedU32('ParamNum');
      if (c.remaining) d.numElements = c.compressedU32('NumElem');
      if (c.remaining) d.elementMultiplier = c.compressedU32('ElemMult');
      break;
    case NativeType.ByValArray:
      if (c.remaining) d.numElements = c.compressedU32('NumElem');
      if (c.remaining) d.elementType = c.u8('array element type');
      break;
    case NativeType.ByValTStr:
      if (c.remaining) d.numElements = c.compressedU32('NumElem');
      break;
    case NativeType.SafeArray:
      if (c.remaining) d.elementType = c.u8('variant type');
      break;
    case NativeType.Custom:
      serString(c, 'custom marshaller GUID');
      serString(c, 'custom marshaller native type');
      d.customType = serString(c, 'custom marshaller type');
      d.cookie = serString(c, 'custom marshaller cookie');
      break;
    default:
      break;
  }
  return d;
}
