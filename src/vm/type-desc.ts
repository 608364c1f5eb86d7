/**
 * The runtime's view of a type: `TypeDesc` (host side) and the MethodTable it owns in guest
 * memory, whose address is the vtable pointer at offset 0 of every instance (the object header of
 * shared/mono-bcl-contract.md §1.1: vtable* @0, sync word @8, fields from @16).
 *
 * MethodTable layout (ours; nothing in Mono's class library reads it, generated code and icalls do):
 *
 * | off  | field            | meaning                                                          |
 * |------|------------------|------------------------------------------------------------------|
 * | 0x00 | parent           | parent type's MethodTable, 0 for System.Object and interfaces    |
 * | 0x08 | baseSize (u32)   | instance size in bytes, header included (String: 20, arrays: 32) |
 * | 0x0C | componentSize    | element size of arrays, 2 for String, else 0                     |
 * | 0x10 | flags (u32)      | `MethodTableFlags`                                               |
 * | 0x14 | numVirtuals (u32)| vtable slot count                                                |
 * | 0x18 | elementType      | element MethodTable of an array, else 0                          |
 * | 0x20 | statics          | the type's static field block, 0 when it has none                |
 * | 0x28 | token (u32)      | TypeDef token in its module (0 for constructed types)            |
 * | 0x30 | vtable[]         | one 8-byte entry per virtual slot: a precode or compiled code    |
 */
import { IrType } from '../jit/ir/types';
import type { Assembly } from './assembly';
import type { MethodDesc } from './method-desc';

/** Offsets of the MethodTable fields in guest memory. */
export const enum MethodTableOffset {
  /** Parent MethodTable pointer. */
  Parent = 0x00,
  /** Instance size including the 16-byte header. */
  BaseSize = 0x08,
  /** Per-element size (arrays, String). */
  ComponentSize = 0x0c,
  /** MethodTableFlags. */
  Flags = 0x10,
  /** Number of vtable slots. */
  NumVirtuals = 0x14,
  /** Element MethodTable (arrays). */
  ElementType = 0x18,
  /** Static field block. */
  Statics = 0x20,
  /** TypeDef token. */
  Token = 0x28,
  /** First vtable slot. */
  Vtable = 0x30,
}

/** Bits of the MethodTable flags word. */
export const enum MethodTableFlags {
  /** A value type (its boxed form has the value at +16). */
  ValueType = 1 << 0,
  /** An interface. */
  Interface = 1 << 1,
  /** A one-dimensional zero-based array. */
  Array = 1 << 2,
  /** System.String. */
  String = 1 << 3,
  /** The type has a class constructor. */
  HasCctor = 1 << 4,
  /** The element type (of an array) is a reference type. */
  ReferenceElements = 1 << 5,
}

/** Size of the object header: vtable pointer and sync word. */
export const OBJECT_HEADER_SIZE = 16;
/** String: length at +16, UTF-16 data at +20, a NUL after the data. */
export const STRING_LENGTH_OFFSET = 16;
export const STRING_DATA_OFFSET = 20;
/** SZ array: bounds (null) at +16, length at +24, elements at +32 for every element type. */
export const ARRAY_LENGTH_OFFSET = 24;
/** Every array: the bounds pointer (null for an SZ array; a general array's own bounds otherwise). */
export const ARRAY_BOUNDS_OFFSET = 16;
export const ARRAY_DATA_OFFSET = 32;

/** What kind of type a TypeDesc describes. */
export const enum TypeKind {
  /** A reference type from a TypeDef (class, interface, delegate). */
  Class,
  /** A value type from a TypeDef (struct, enum, primitive). */
  ValueType,
  /** An array: one-dimensional zero-based `T[]`, or a general array when `arrayRank` > 0. */
  SzArray,
  /** An unmanaged pointer `T*`. */
  Pointer,
  /** A managed pointer `T&`. */
  ByRef,
  /** A type the runtime cannot construct (open generic parameters). */
  Unsupported,
}

/** Class-constructor progress (ECMA-335 §II.10.5.3). */
export const enum CctorState {
  /** No .cctor, or it has finished. */
  Done,
  /** Has a .cctor that has not started. */
  Pending,
  /** Its .cctor is running (a re-entrant access sees the partly initialised statics). */
  Running,
}

/** One field of a type: instance fields have an offset from the object start, statics an address. */
export class FieldDesc {
  constructor(
    readonly declaringType: TypeDesc,
    readonly row: number,
    readonly name: string,
    readonly type: TypeDesc,
    readonly isStatic: boolean,
    /** Instance: byte offset from the object start (header included) or, in a value type, from the value start. */
    readonly offset: number,
    /** Static: the storage address in the loader heap (0 for literal constants, which have none). */
    readonly address: bigint,
  ) {}

  get fullName(): string {
    return `${this.declaringType.fullName}::${this.name}`;
  }
}

export class TypeDesc {
  /** Filled by the type loader once the type is loaded. */
  parent: TypeDesc | null = null;
  loaded = false;
  loading = false;
  methodTable = 0n;
  /** Class: bytes per instance including the header. Value type: bytes of the value. */
  instanceSize = 0;
  /** Alignment of a value type's value (1, 2, 4 or 8); 8 for references. */
  alignment = 8;
  instanceFields: FieldDesc[] = [];
  staticFields: FieldDesc[] = [];
  staticsBase = 0n;
  vtable: MethodDesc[] = [];
  cctor: MethodDesc | null = null;
  cctorState = CctorState.Done;
  /** Address of the class-constructor trigger stub (precise types), created on demand. */
  cctorTrigger = 0n;
  /** Guest byte that the trigger stub tests: 1 once the class constructor has run. */
  cctorDoneFlag = 0n;
  /** Storage type when a value of this type sits in a local, argument, field or element; null for structs. */
  storage: IrType | null = IrType.Ref;
  /**
   * Arrays: 0 for a one-dimensional zero-based `T[]`; the rank of a general array (`T[,]`, or 1
   * for `T[*]`). General arrays share the SzArray kind because their elements sit at +32 with the
   * total count at +24 just like `T[]` (what the collector walks); their bounds follow the data.
   */
  arrayRank = 0;
  /** A generic instantiation's type arguments (§II.9.4); empty for every other type. */
  typeArgs: readonly TypeDesc[] = [];
  /** The generic type definition a closed instantiation was made from, else null. */
  genericDefinition: TypeDesc | null = null;

  constructor(
    readonly kind: TypeKind,
    readonly fullName: string,
    readonly assembly: Assembly | null,
    readonly row: number,
    /** TypeAttributes of a TypeDef (§II.23.1.15). */
    readonly flags: number,
    /** Element type of arrays and pointers. */
    readonly element: TypeDesc | null = null,
    /** Why an Unsupported type is unsupported. */
    readonly unsupportedReason = '',
  ) {}

  get isValueType(): boolean {
    return this.kind === TypeKind.ValueType;
  }

  get isInterface(): boolean {
    return (this.flags & 0x20) !== 0;
  }

  /** §II.10.1.6: the cctor may run at any time before the first static field access. */
  get beforeFieldInit(): boolean {
    return (this.flags & 0x0010_0000) !== 0;
  }

  /** Bytes a value of this type occupies in a field, an array element or a local. */
  get valueSize(): number {
    return this.kind === TypeKind.ValueType ? this.instanceSize : 8;
  }

  get valueAlignment(): number {
    return this.kind === TypeKind.ValueType ? this.alignment : 8;
  }

  toString(): string {
    return this.fullName;
  }
}
