/**
 * The JIT's intermediate representation: a function is a list of basic blocks; a block is a list
 * of typed operations on virtual registers ending in exactly one terminator. The importer
 * resolves the CIL evaluation stack into temporaries, so no operation refers to "the stack".
 *
 * Virtual registers come in four kinds: arguments and locals (mutable variables, one per CIL
 * argument/local, typed by their declared storage type), temporaries (defined once by the
 * instruction that pushes them) and block-entry temporaries (the stack slots live across a block
 * boundary: every predecessor ends by moving its stack values into them, ECMA-335 §III.1.7.5).
 *
 * Invariants (checked by `validate.ts`): every block has a terminator; operand types match what
 * each operation expects; branch targets belong to the function; temporaries have stack types.
 * A baseline code generator may give every vreg a stack slot; an optimising one allocates
 * registers over the same IR.
 */
import { IrValidationError } from '../errors';
import { irTypeOf, isStruct, IrType, JitType, StructLayout, typeName } from './types';

/** Which role a virtual register plays. */
export const enum VRegKind {
  /** A CIL argument (`this` is argument 0 of an instance method). */
  Arg,
  /** A CIL local variable. */
  Local,
  /** A value pushed by one instruction. */
  Temp,
  /** An evaluation-stack slot live on entry to a block (defined by every predecessor). */
  Entry,
  /**
   * A variable the compiler introduces for exception handling (a finally's continuation number
   * or return address). Like the exception object of a catch handler, it lives in a frame slot
   * the runtime reads or writes, so it is never given a register.
   */
  Var,
}

/** A virtual register: a typed value the code generator places in a register or a frame slot. */
export class VReg {
  constructor(
    /** Dense id within the function. */
    readonly id: number,
    /** Storage type for args/locals; a stack type for temporaries. May widen for Entry vregs during import. */
    public type: IrType,
    readonly kind: VRegKind,
    /** Argument or local number for Arg/Local; stack depth for Entry; unused (-1) otherwise. */
    readonly index: number,
    /** The value type's layout when `type` is `Struct`, else null. */
    readonly layout: StructLayout | null = null,
  ) {}

  /** The JitType of this vreg (its layout for a struct). */
  get jitType(): JitType {
    return this.layout ?? this.type;
  }

  toString(): string {
    switch (this.kind) {
      case VRegKind.Arg:
        return `a${this.index}`;
      case VRegKind.Local:
        return `l${this.index}`;
      case VRegKind.Entry:
        return `e${this.id}`;
      case VRegKind.Var:
        return `c${this.id}`;
      default:
        return `v${this.id}`;
    }
  }

  /** The name with its type, as definitions print (`v3:i4`, `l0:System.Guid`). */
  get typed(): string {
    return `${this.toString()}:${this.layout ? this.layout.name : typeName(this.type)}`;
  }
}

/** Operations. Each line says its operands; `dst` is always the result. */
export const enum Op {
  /** dst = constant (`value`: bigint for integers and null references, number for floats). */
  Const,
  /** dst = a, with the implicit conversions of stores/loads (truncate to small types, widen i4→i, r4→r8). */
  Mov,
  /** dst = a + b (wrapping). */
  Add,
  /** dst = a - b (wrapping). */
  Sub,
  /** dst = a * b (wrapping). */
  Mul,
  /** dst = a / b, signed; divide-by-zero and MinValue/-1 throw. Floats: IEEE division. */
  Div,
  /** dst = a / b, unsigned; divide-by-zero throws. */
  DivUn,
  /** dst = a % b, signed (result has the dividend's sign). Floats: fmod semantics. */
  Rem,
  /** dst = a % b, unsigned. */
  RemUn,
  /** dst = a & b. */
  And,
  /** dst = a | b. */
  Or,
  /** dst = a ^ b. */
  Xor,
  /** dst = a << b (count masked to the operand width, as x86 does; §III.3.58 leaves larger counts unspecified). */
  Shl,
  /** dst = a >> b, arithmetic. */
  Shr,
  /** dst = a >>> b, logical. */
  ShrUn,
  /** dst = a + b, throws OverflowException on signed overflow. */
  AddOvf,
  /** dst = a + b, throws on unsigned overflow. */
  AddOvfUn,
  /** dst = a - b, throws on signed overflow. */
  SubOvf,
  /** dst = a - b, throws on unsigned overflow (borrow). */
  SubOvfUn,
  /** dst = a * b, throws on signed overflow. */
  MulOvf,
  /** dst = a * b, throws on unsigned overflow. */
  MulOvfUn,
  /** dst = -a. */
  Neg,
  /** dst = ~a. */
  Not,
  /** dst:i4 = (a `cond` b) ? 1 : 0. */
  Cmp,
  /** dst = conversion of a (see `ConvInfo`). */
  Conv,
  /** dst = a; throws ArithmeticException if a is NaN or infinite. */
  CkFinite,
  /** dst (or nothing) = call `callee` with `args` in signature order. */
  Call,
  /** dst:ref = the interned string object for a `#US` token (read through the host's handle). */
  LdStr,
  /** dst = value at the static field's address (`field`). */
  LdSFld,
  /** static field (`field`) = a. */
  StSFld,
  /** dst:ref = new one-dimensional zero-based array of `elem` with length a (i4 or i). */
  NewArr,
  /** dst:i = length of array a. */
  LdLen,
  /** dst = a[b], element storage type `elem`, bounds-checked (index i4 or i). */
  LdElem,
  /** a[b] = c, element type `elem`, bounds-checked. */
  StElem,
  /** dst:byref = address of a[b] (element type `elem`), bounds-checked. */
  LdElemA,
  /** dst:byref = address of argument or local a (which therefore lives in memory). */
  AddrOf,
  /** dst = *(elem*)a, a a managed pointer or native int. */
  LdInd,
  /** *(elem*)a = b. */
  StInd,
  /** dst = field `ifield` of a (an object reference, null-checked; or a managed pointer / native int). */
  LdFld,
  /** field `ifield` of a = b. */
  StFld,
  /** dst:byref = address of field `ifield` of a. */
  LdFldA,
  /** dst:byref = address of static field `field` (after its class constructor trigger). */
  LdSFldA,
  /** dst:ref = new object of `newobj.typeHandle`, then `newobj.ctor`(dst, args…). */
  NewObj,
  /** dst:ref = a if it is null or an instance of `type`, else InvalidCastException (runtime helper). */
  CastClass,
  /** dst:ref = a if it is an instance of `type`, else null (runtime helper). */
  IsInst,
  /** dst:ref = a boxed copy of primitive value a (`type.primitive`); a reference type's value passes through. */
  Box,
  /** dst:byref = address of the value inside boxed a, after the type check (runtime helper). */
  Unbox,
  /** cpblk a (destination), b (source), c (count): runtime memmove. */
  CopyBlock,
  /** initblk a (destination), b (byte value), c (count): runtime memset. */
  InitBlock,
  /** dst:i = the code address of virtual method `callee` for object a (its vtable slot, or `entry`). */
  LdVirtFtn,
  /** Zero `layout.size` bytes at address a (initobj of a struct). */
  InitObj,
  /** dst:struct = a new zeroed value of `newobj.valueType`, then `newobj.ctor`(&dst, args…). */
  NewValue,
  /** dst:i = a zeroed block of a (unsigned int32 or native int) bytes on the stack, freed on return (localloc). */
  LocAlloc,
  /** dst (or nothing) = call through the code address in the last argument, with signature `callee` (calli). */
  CallIndirect,
  /** A debugger breakpoint (`break`): int3. */
  Break,
}

const OP_NAMES = [
  'const', 'mov', 'add', 'sub', 'mul', 'div', 'div.un', 'rem', 'rem.un', 'and', 'or', 'xor', 'shl', 'shr',
  'shr.un', 'add.ovf', 'add.ovf.un', 'sub.ovf', 'sub.ovf.un', 'mul.ovf', 'mul.ovf.un', 'neg', 'not', 'cmp',
  'conv', 'ckfinite', 'call', 'ldstr', 'ldsfld', 'stsfld', 'newarr', 'ldlen', 'ldelem', 'stelem',
  'ldelema', 'addrof', 'ldind', 'stind', 'ldfld', 'stfld', 'ldflda', 'ldsflda', 'newobj',
  'castclass', 'isinst', 'box', 'unbox', 'cpblk', 'initblk', 'ldvirtftn', 'initobj', 'newvalue', 'localloc', 'calli', 'break',
];

/** Printer name of an operation. */
export function opName(op: Op): string {
  return OP_NAMES[op] ?? `op${op as number}`;
}

/** Comparison conditions. For floats the `Un` forms are true when either operand is NaN (§III.1.5). */
export const enum CondKind {
  /** a == b (floats: ordered and equal). */
  Eq,
  /** a != b (floats: unordered or not equal; `bne.un`). */
  NeUn,
  /** a < b, signed (floats: ordered). */
  Lt,
  /** a <= b, signed (floats: ordered). */
  Le,
  /** a > b, signed (floats: ordered). */
  Gt,
  /** a >= b, signed (floats: ordered). */
  Ge,
  /** a < b, unsigned (floats: unordered or less). */
  LtUn,
  /** a <= b, unsigned (floats: unordered or less-or-equal). */
  LeUn,
  /** a > b, unsigned (floats: unordered or greater). */
  GtUn,
  /** a >= b, unsigned (floats: unordered or greater-or-equal). */
  GeUn,
}

const COND_NAMES = ['eq', 'ne.un', 'lt', 'le', 'gt', 'ge', 'lt.un', 'le.un', 'gt.un', 'ge.un'];

export function condName(c: CondKind): string {
  return COND_NAMES[c] ?? `cond${c as number}`;
}

/** The condition true exactly when `c` is false, for integers and floats alike (NaN goes the other way). */
export function negateCond(c: CondKind): CondKind {
  switch (c) {
    case CondKind.Eq:
      return CondKind.NeUn;
    case CondKind.NeUn:
      return CondKind.Eq;
    case CondKind.Lt:
      return CondKind.GeUn;
    case CondKind.Le:
      return CondKind.GtUn;
    case CondKind.Gt:
      return CondKind.LeUn;
    case CondKind.Ge:
      return CondKind.LtUn;
    case CondKind.LtUn:
      return CondKind.Ge;
    case CondKind.LeUn:
      return CondKind.Gt;
    case CondKind.GtUn:
      return CondKind.Le;
    case CondKind.GeUn:
      return CondKind.Lt;
  }
}

/** What a `Conv` does (§III.3.27–3.29). */
export interface ConvInfo {
  /** Target type: a small/int/native/float storage type; the result vreg has its stack type. */
  readonly to: IrType;
  /** Overflow-checked (`conv.ovf.*`): out-of-range values throw OverflowException. */
  readonly ovf: boolean;
  /** The source is read as unsigned (`conv.ovf.*.un`, `conv.r.un`). */
  readonly srcUnsigned: boolean;
}

/** A callee as the host described it; `entry` is the address a `call` jumps to (precode or code). */
export interface IrCallee {
  readonly name: string;
  readonly entry: bigint;
  /**
   * For a virtual method: where `callvirt` finds the code, as a byte offset into the table the
   * object's first word points at (its vtable). Absent: callvirt calls `entry` directly after
   * the null check (non-virtual or sealed).
   */
  readonly vtableSlotOffset?: number;
  /** Parameter types in signature order (`this` first for instance methods). */
  readonly params: readonly JitType[];
  /** Return type, or null for void. */
  readonly ret: JitType | null;
  /** True for an instance method (a return buffer, if any, goes after `this`). */
  readonly hasThis?: boolean;
  /**
   * A vararg call site (ECMA-335 §II.15.4.1.3, `call vararg`): `params[fixedCount]` is the hidden
   * signature-cookie argument (native int), which the importer supplies as the constant `cookie`;
   * the parameters after it are the variadic ones this call site passes. Variadic floats in the
   * first four positions also travel in the integer register of their position (as Windows x64
   * varargs do), so a callee that homes its integer registers finds every variadic argument in
   * its home slot.
   */
  readonly vararg?: { readonly cookie: bigint; readonly fixedCount: number };
}

/** A static field as the host described it. */
export interface IrStaticField {
  readonly name: string;
  readonly type: JitType;
  /** Address of the field's storage in guest memory. */
  readonly address: bigint;
  /** If the class constructor may not have run: address of the trigger the code must call first (no args). */
  readonly cctorTrigger: bigint | null;
}

/** An instance field as the host described it. */
export interface IrInstanceField {
  readonly name: string;
  readonly type: JitType;
  /** Byte offset from the object reference (for a reference base) or from the pointer (managed pointer / native int base). */
  readonly offset: number;
}

/** What `newobj` allocates and which constructor it runs. */
export interface IrNewObject {
  readonly ctor: IrCallee;
  /** Opaque handle the allocation helper takes (the class's MethodTable/vtable address). */
  readonly typeHandle: bigint;
  /** Set when the type is a value type: `newobj` then builds a value on the stack, not an object. */
  readonly valueType?: JitType;
  /**
   * Set for types whose constructors are factories (System.String, shared/mono-bcl-contract.md
   * §1.2): `newobj` calls this instance method with a null `this` and the constructor's arguments,
   * and its result is the new object; nothing is allocated first.
   */
  readonly factory?: IrCallee;
}

/** A type named by a token (castclass, isinst, box, unbox), as the host described it. */
export interface IrTypeRef {
  readonly name: string;
  /** Opaque handle the runtime helpers take (the type's MethodTable/vtable address). */
  readonly typeHandle: bigint;
  /** For a value type: its storage type if it is a primitive (or an enum of one); undefined for other value types. */
  readonly primitive?: IrType;
  /** For any other value type: its layout. */
  readonly struct?: StructLayout;
  readonly isValueType: boolean;
  /**
   * For `Nullable<T>`: the class library's static helpers `box` and `unbox.any` call instead of
   * copying the value (a boxed Nullable is the boxed T or null; shared/mono-bcl-contract.md §1.4).
   */
  readonly nullable?: { readonly box: IrCallee; readonly unbox: IrCallee };
}

/** An array element type with what allocation needs. */
export interface IrArrayType {
  readonly name: string;
  /** The element type: a primitive or reference storage type, or a struct layout. */
  readonly elem: JitType;
  /** Opaque handle the allocation helper takes (the array's MethodTable address). */
  readonly typeHandle: bigint;
}

/** One non-terminator operation. */
export interface Inst {
  readonly op: Op;
  readonly dst: VReg | null;
  readonly args: readonly VReg[];
  /** IL offset of the CIL instruction this came from (for errors, traces and GC/EH maps). */
  readonly ilOffset: number;
  readonly value?: bigint | number;
  readonly cond?: CondKind;
  readonly conv?: ConvInfo;
  readonly callee?: IrCallee;
  readonly field?: IrStaticField;
  /** The array type `NewArr` allocates. */
  readonly array?: IrArrayType;
  /** Element storage type of `LdElem`/`StElem`, or the accessed type of `LdInd`/`StInd` (`Struct`: see `layout`). */
  readonly elem?: IrType;
  /** The struct an `LdInd`/`StInd`/`InitObj`/`NewValue`/`Box`/`Unbox` works on. */
  readonly layout?: StructLayout;
  readonly ifield?: IrInstanceField;
  readonly type?: IrTypeRef;
  readonly newobj?: IrNewObject;
  /** `Call` from `callvirt`: null-check `this`, dispatch through the vtable when the callee is virtual. */
  readonly virtual?: boolean;
  /** `Call`/`CallIndirect` with the `tail.` prefix: leave this frame and jump to the callee. */
  readonly tail?: boolean;
  /** `#US` token and the host's handle address for `LdStr`. */
  readonly str?: { readonly token: number; readonly handle: bigint; readonly text: string };
}

/** How a block ends. */
export type Terminator =
  | { readonly kind: 'jump'; readonly target: Block; readonly ilOffset: number }
  | {
      readonly kind: 'branch';
      readonly cond: CondKind;
      readonly a: VReg;
      /** Null: compare `a` with zero / null (brtrue, brfalse). */
      readonly b: VReg | null;
      readonly ifTrue: Block;
      readonly ifFalse: Block;
      readonly ilOffset: number;
    }
  | { readonly kind: 'switch'; readonly value: VReg; readonly targets: readonly Block[]; readonly fallthrough: Block; readonly ilOffset: number }
  | { readonly kind: 'return'; readonly value: VReg | null; readonly ilOffset: number }
  /** `throw` (or `rethrow` of the caught object): hands it to the runtime's throw helper; never falls through. */
  | { readonly kind: 'throw'; readonly value: VReg; readonly ilOffset: number; readonly rethrow?: boolean }
  /** End of a finally run by the runtime during unwinding: jump to the address it left in `returnAddress`. */
  | { readonly kind: 'resume'; readonly returnAddress: VReg; readonly ilOffset: number };

/** A basic block: straight-line operations, then one terminator. */
export class Block {
  readonly insts: Inst[] = [];
  term: Terminator | null = null;
  /** Block-entry temporaries, bottom of the stack first (the stack shape on entry). */
  entryStack: VReg[] = [];

  constructor(
    /** Dense id (printing, and the order blocks are laid out in). */
    readonly id: number,
    /** IL offset of the first instruction. */
    readonly ilStart: number,
  ) {}

  toString(): string {
    return `b${this.id}`;
  }

  /** Successor blocks in terminator order. */
  successors(): Block[] {
    const t = this.term;
    if (!t) return [];
    switch (t.kind) {
      case 'jump':
        return [t.target];
      case 'branch':
        return [t.ifTrue, t.ifFalse];
      case 'switch':
        return [...t.targets, t.fallthrough];
      case 'return':
      case 'throw':
      case 'resume':
        return [];
    }
  }
}

/**
 * An exception-handling clause (ECMA-335 §II.19) as the IR keeps it. Handlers are compiled
 * inline, in the method's own frame (no funclets): the runtime enters a handler with RBP and RSP
 * restored to this frame and the callee-saved registers as the unwinder recovered them.
 *  - catch: the runtime stores the exception object in `exception`'s frame slot, then jumps to
 *    the handler;
 *  - finally: reached normally through `leave` (which sets `continuation` to a non-zero number
 *    saying where to go afterwards), or by the runtime during unwinding with `continuation` = 0
 *    and its own return address in `returnAddress`; `endfinally` dispatches on `continuation`;
 *  - fault: a finally that only the runtime runs (exceptions only);
 *  - filter: the runtime stores the exception object in `exception`, its return address in
 *    `returnAddress` and runs the filter block, whose `endfilter` leaves the verdict in
 *    `filterResult` and jumps back; if it is non-zero the handler is entered like a catch.
 */
export interface IrEhClause {
  readonly kind: 'catch' | 'finally' | 'fault' | 'filter';
  readonly tryStart: number;
  readonly tryEnd: number;
  readonly handlerStart: number;
  readonly handlerEnd: number;
  /** The caught type's token (catch). */
  readonly classToken: number;
  /** The handler's first block. */
  readonly handler: Block;
  /** catch: the exception object (the handler's entry stack slot). */
  readonly exception: VReg | null;
  /** finally: which continuation to take at `endfinally` (0: return to the runtime). */
  readonly continuation: VReg | null;
  /** finally: where to return to the runtime. */
  readonly returnAddress: VReg | null;
  /** finally: the blocks `endfinally` continues at, by continuation number − 1. */
  readonly continuations: Block[];
  /** filter: the filter block, its IL start, and the int32 verdict `endfilter` stores. */
  readonly filter: Block | null;
  readonly filterStart: number;
  readonly filterResult: VReg | null;
}

/** A function being compiled. */
export class IrFunction {
  readonly vregs: VReg[] = [];
  readonly params: VReg[];
  readonly locals: VReg[];
  /** Blocks in layout order (IL order, then blocks the importer synthesised); `blocks[0]` is the entry. */
  blocks: Block[] = [];
  /** Exception clauses, innermost first (the order of the method's EH table). */
  eh: IrEhClause[] = [];
  /**
   * A vararg method's hidden signature-cookie parameter (its last `params` entry; see
   * `JitMethodInfo.varargs`): the prologue homes the integer registers of the positions after it,
   * so the variadic arguments lie in memory right after the cookie's home slot.
   */
  varargCookie: VReg | null = null;
  /**
   * A method with localloc and catch handlers: the frame slot holding RSP after the latest
   * localloc (RSP after the prologue until then). The runtime enters a catch handler with RSP at
   * the fixed frame's bottom, which would let the handler's calls overwrite the allocated blocks;
   * the handler reloads RSP from here first.
   */
  stackPointerSlot: VReg | null = null;

  constructor(
    /** Display name (`Type::Method`). */
    readonly name: string,
    paramTypes: readonly JitType[],
    localTypes: readonly JitType[],
    /** Return type, null for void. */
    readonly returnType: JitType | null,
    /** Zero locals in the prologue (CIL `localsinit`); the baseline code generator always does. */
    readonly initLocals: boolean = true,
    /** An instance method: `params[0]` is `this`. */
    readonly hasThis: boolean = false,
  ) {
    this.params = paramTypes.map((t, i) => this.newVReg(t, VRegKind.Arg, i));
    this.locals = localTypes.map((t, i) => this.newVReg(t, VRegKind.Local, i));
  }

  newVReg(type: JitType, kind: VRegKind = VRegKind.Temp, index = -1): VReg {
    const v = new VReg(this.vregs.length, irTypeOf(type), kind, index, isStruct(type) ? type : null);
    this.vregs.push(v);
    return v;
  }

  get entry(): Block {
    const b = this.blocks[0];
    if (!b) throw new IrValidationError('function has no blocks', this.name);
    return b;
  }
}
