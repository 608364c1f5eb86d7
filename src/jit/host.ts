/**
 * `JitHost`: the one narrow interface through which the JIT asks the runtime for what it cannot
 * know from the IL bytes (the JIT/EE interface of CoreCLR, reduced to what this JIT uses).
 *
 * Everything crosses as plain data (types as `IrType`, addresses as bigints), so a test can fake
 * a host with a few object literals, and `RecordingJitHost`/`ReplayJitHost` (in `host-replay.ts`)
 * can capture a real runtime's answers and compile the same method again without the runtime.
 *
 * Value types (`StructLayout`) follow the Windows x64 ABI: a struct of 1, 2, 4 or 8 bytes travels
 * in a register (or stack slot) like an integer; any other is passed as a pointer to a copy the
 * caller owns; a method returning one of those other structs takes a hidden return-buffer
 * pointer, after `this` and before the other arguments, and returns that pointer in RAX.
 *
 * Runtime conventions the generated code relies on (design.md "Runtime conventions", and
 * shared/mono-bcl-contract.md for the object layouts):
 *  - calls use the Windows x64 ABI; a callee's `entry` is its precode stub or its code; calls to
 *    methods are `call rel32` with a relocation carrying the `IrCallee` (see `calleeRelocations`),
 *    so the VM can retarget them once the callee is compiled;
 *  - throw helpers are called with RCX = the IL offset of the failing instruction and never return;
 *  - the array allocation helper takes RCX = the array type handle, RDX = the length (native int)
 *    and returns the new array in RAX (it throws OverflowException for a negative length);
 *  - the object allocation helper takes RCX = the type handle and returns the zeroed object;
 *  - the throw helper takes RCX = the exception object and never returns;
 *  - the cast helpers take RCX = the type handle, RDX = the object; CastClass returns the object
 *    or throws InvalidCastException, IsInstanceOf returns it or null, Unbox returns the address of
 *    the boxed value (after the type check; NullReferenceException for null);
 *  - StoreElementRef takes RCX = the array, RDX = the index (native int), R8 = the value, and does
 *    the null, bounds and array-covariance checks and the store;
 *  - a boxed value sits at +16 in its object (after the vtable and sync words);
 *  - MemoryCopy/MemorySet take (RCX, RDX, R8) like memmove/memset, the count a native int;
 *  - `callvirt` to a virtual method loads the object's first word (its vtable pointer) and calls
 *    through `[vtable + vtableSlotOffset]`;
 *  - a class-constructor trigger takes no arguments and returns once the class is initialised;
 *  - a one-dimensional array has its element count at +24 (uint32, upper half zero) and its
 *    elements at +32; a string literal handle is a slot holding the string object reference.
 */
import { IrArrayType, IrCallee, IrInstanceField, IrNewObject, IrStaticField, IrTypeRef } from './ir/ir';
import { JitType, StructLayout } from './ir/types';

export type { IrArrayType, IrCallee, IrInstanceField, IrNewObject, IrStaticField, IrTypeRef } from './ir/ir';
export type { JitType, StructLayout } from './ir/types';

/** How a constrained virtual call dispatches; see `JitHost.resolveConstrainedCall`. */
export type ConstrainedCall =
  | { readonly kind: 'reference' }
  | { readonly kind: 'direct'; readonly callee: IrCallee }
  | { readonly kind: 'box'; readonly type: IrTypeRef };

/** Runtime helper routines generated code calls. */
export const enum JitHelper {
  /** Throws System.OverflowException (checked arithmetic and conversions). */
  ThrowOverflow,
  /** Throws System.DivideByZeroException (integer division or remainder by zero). */
  ThrowDivideByZero,
  /** Throws System.IndexOutOfRangeException (array bounds check failed). */
  ThrowIndexOutOfRange,
  /** Throws System.NullReferenceException (explicit null check failed). */
  ThrowNullReference,
  /** Throws System.ArithmeticException (`ckfinite` saw a NaN or an infinity). */
  ThrowNotFinite,
  /** Allocates a one-dimensional zero-based array: (typeHandle, length) → array. */
  NewArray,
  /** fmod for `rem` on float64: (double, double) → double in XMM0 (§III.3.55). */
  FloatRemainder,
  /** Allocates a zeroed instance of a class: (typeHandle) → object. */
  NewObject,
  /** `throw`: (exception object) → never returns. */
  Throw,
  /** castclass: (typeHandle, object) → object, or throws InvalidCastException. */
  CastClass,
  /** isinst: (typeHandle, object) → object or null. */
  IsInstanceOf,
  /** unbox: (typeHandle, object) → address of the boxed value, or throws. */
  Unbox,
  /** stelem.ref: (array, index, value) → void, with bounds and covariance checks. */
  StoreElementRef,
  /** cpblk: (destination, source, byte count) → void; the areas may overlap (memmove). */
  MemoryCopy,
  /** initblk: (destination, byte value, byte count) → void (memset). */
  MemorySet,
  /** `rethrow`: (the caught exception object) → never returns; the exception keeps its stack trace. */
  Rethrow,
}

/** Printable names of the helpers (for traces and record files). */
export const JIT_HELPER_NAMES: readonly string[] = [
  'ThrowOverflow', 'ThrowDivideByZero', 'ThrowIndexOutOfRange', 'ThrowNullReference', 'ThrowNotFinite', 'NewArray', 'FloatRemainder',
  'NewObject', 'Throw', 'CastClass', 'IsInstanceOf', 'Unbox', 'StoreElementRef', 'MemoryCopy', 'MemorySet',
  'Rethrow',
];

/** One exception-handling clause (§II.25.4.6); the importer treats handler starts as block starts. */
export interface JitEhClause {
  readonly kind: 'catch' | 'filter' | 'finally' | 'fault';
  readonly tryOffset: number;
  readonly tryLength: number;
  readonly handlerOffset: number;
  readonly handlerLength: number;
  /** Filter start for `filter` clauses. */
  readonly filterOffset?: number;
  /** The caught type's token for `catch` clauses. */
  readonly classToken?: number;
}

/** What the JIT needs to know about the method it compiles. */
export interface JitMethodInfo {
  /** Display name, `Namespace.Type::Method` (used in errors and traces). */
  readonly name: string;
  /** The method body's IL bytes (after the header). */
  readonly il: Uint8Array;
  /** Parameter types in signature order (`this` first for an instance method). */
  readonly params: readonly JitType[];
  /** True for an instance method (`params[0]` is `this`; a return buffer goes after it). */
  readonly hasThis?: boolean;
  /** Local variable types (from the body's local signature). */
  readonly locals: readonly JitType[];
  /** Return type, or null for void. */
  readonly ret: JitType | null;
  /** The header's MaxStack; the importer rejects bodies that exceed it. */
  readonly maxStack: number;
  /** CorILMethod_InitLocals. */
  readonly initLocals: boolean;
  /**
   * The method's signature is vararg (§II.15.4.1.3): the last `params` entry is not an IL
   * argument but the hidden signature cookie (native int) its callers pass after the fixed
   * parameters, followed by the variadic arguments; `arglist` takes the cookie's home address.
   */
  readonly varargs?: boolean;
  readonly ehClauses: readonly JitEhClause[];
}

/** The runtime, as the JIT sees it. Every method may throw the runtime's own typed errors. */
export interface JitHost {
  /** A `call` target: a MethodDef, MemberRef or MethodSpec token in the method's module. */
  resolveCall(token: number): IrCallee;
  /**
   * `call` (not `callvirt`), `ldftn` and `jmp`: the method the token names itself, never
   * dispatched on the object (§III.3.19: a `call` of a virtual method runs that method, as a base
   * call does). Absent: `resolveCall` answers those too.
   */
  resolveDirectCall?(token: number): IrCallee;
  /** An `ldstr` literal: its text and the address of the slot that holds the interned string. */
  resolveString(token: number): { readonly text: string; readonly handle: bigint };
  /** A static field (`ldsfld`/`stsfld`): its type, its storage address and any cctor trigger. */
  resolveStaticField(token: number): IrStaticField;
  /** The element type named by `newarr`'s token (TypeDef/TypeRef/TypeSpec). */
  resolveArrayType(token: number): IrArrayType;
  /** An instance field (`ldfld`/`stfld`/`ldflda`): its type and byte offset. */
  resolveInstanceField(token: number): IrInstanceField;
  /** The class and constructor of `newobj` (a constructor's MethodDef/MemberRef token). */
  resolveNewObject(token: number): IrNewObject;
  /** A type token of castclass/isinst/box/unbox/unbox.any/ldobj/stobj/initobj/sizeof/constrained. */
  resolveType(token: number): IrTypeRef;
  /*
   * The last three are optional: a runtime that does not answer them yet gets a typed
   * UnsupportedOpcodeError for the instructions that need them (ldtoken, constrained., calli).
   */
  /**
   * `ldtoken`: the runtime handle for a type, method or field token, and the value type that
   * carries it (RuntimeTypeHandle, RuntimeMethodHandle or RuntimeFieldHandle: one pointer-sized field).
   */
  resolveToken?(token: number): { readonly handle: bigint; readonly type: StructLayout };
  /**
   * `constrained. T callvirt M` (§III.2.1): how a call of `methodToken` on a managed pointer to a
   * `typeToken` value dispatches — `reference` (T is a reference type: load the object and
   * callvirt), `direct` (the value type T implements M: call `callee` with the pointer as
   * `this`), or `box` (box the value and callvirt M).
   */
  resolveConstrainedCall?(typeToken: number, methodToken: number): ConstrainedCall;
  /** `calli`'s StandAloneSig token: the call site signature (`entry` is unused: the target comes from the stack). */
  resolveSignature?(token: number): IrCallee;
  /**
   * Typed references (§III.4.19 mkrefany, §III.4.23 refanyval, §III.4.24 refanytype): runtime
   * routines called like methods. `make(typeHandle, address)` returns the TypedReference value;
   * `value(typedref, typeHandle)` returns its address after checking the type (InvalidCastException
   * otherwise); `type(typedref)` returns its RuntimeTypeHandle. Absent: those opcodes are a typed
   * UnsupportedOpcodeError.
   */
  typedReferenceHelpers?(): { readonly make: IrCallee; readonly value: IrCallee; readonly type: IrCallee };
  /**
   * `arglist` (§III.3.1): a runtime routine called like a static method, (address of the vararg
   * cookie's home slot) → System.RuntimeArgumentHandle. Absent: `arglist` is a typed
   * UnsupportedOpcodeError.
   */
  argumentHandleHelper?(): IrCallee;
  /** The guest address of a runtime helper. */
  helper(h: JitHelper): bigint;
}
