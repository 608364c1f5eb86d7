/**
 * Method descs and their precode stubs (design.md "Runtime conventions"; CoreCLR's
 * botr/method-descriptor.md is the model).
 *
 * A MethodDesc is a host object with a small guest struct (so generated code and traces can name
 * a method by address) and, once anyone needs the method's address, a precode stub in the code
 * heap. The precode is the method's temporary entry point:
 *
 *     49 BA <MethodDesc>     mov r10, MethodDesc     ; r10 is volatile and never an argument
 *     48 B8 <prestub gate>   mov rax, prestub        ; rax is volatile and never an argument
 *     FF E0                  jmp rax                 ; arguments and [rsp] untouched
 *
 * After the method is compiled the first bytes become `E9 <rel32>` (`jmp code`), a direct jump
 * (the code heap keeps stubs and code within ±2 GiB). Callers compiled after the callee call the
 * code directly; call sites compiled before it are patched in place (see prestub.ts).
 *
 * Guest MethodDesc layout: +0 declaring MethodTable, +8 token (u32), +12 vtable slot (u16,
 * 0xFFFF when not virtual), +14 flags (u16, `MethodDescFlags`), +16 precode, +24 native code.
 */
import type { Assembly } from './assembly';
import { VmError } from './errors';
import type { TypeDesc } from './type-desc';

export const METHOD_DESC_SIZE = 32;
export const PRECODE_SIZE = 32;

/** Bits of the guest MethodDesc flags word. */
export const enum MethodDescFlags {
  /** Static method (no `this`). */
  Static = 1 << 0,
  /** Virtual method (owns or overrides a vtable slot). */
  Virtual = 1 << 1,
  /** Compiled: the native code field is valid. */
  HasCode = 1 << 2,
  /** Implemented by the runtime (InternalCall / runtime-managed). */
  InternalCall = 1 << 3,
}

/** Offsets in the guest MethodDesc. */
export const enum MethodDescOffset {
  /** Declaring type's MethodTable. */
  MethodTable = 0,
  /** MethodDef token. */
  Token = 8,
  /** Vtable slot or 0xFFFF. */
  Slot = 12,
  /** MethodDescFlags. */
  Flags = 14,
  /** Precode stub address. */
  Precode = 16,
  /** Native code address once compiled. */
  Code = 24,
}

/** MethodAttributes bits this file uses (§II.23.1.10). */
export const enum MethodAttr {
  /** `static`. */
  Static = 0x0010,
  /** `virtual`. */
  Virtual = 0x0040,
  /** `final`: may not be overridden (callvirt may call it directly). */
  Final = 0x0020,
  /** `newslot`: takes a new vtable slot even when a parent method matches. */
  NewSlot = 0x0100,
  /** `abstract`: no body. */
  Abstract = 0x0400,
  /** `pinvokeimpl`. */
  PinvokeImpl = 0x2000,
}

/** MethodImplAttributes bits this file uses (§II.23.1.11). */
export const enum MethodImplAttr {
  /** Implemented by the runtime (delegates, arrays). */
  Runtime = 0x0003,
  /** `internalcall`. */
  InternalCall = 0x1000,
}

export class MethodDesc {
  /** Guest address of the MethodDesc struct. */
  address = 0n;
  /** Precode stub, 0 until first asked for. */
  precode = 0n;
  /** Compiled code, 0 until the prestub has run. */
  code = 0n;
  codeSize = 0;
  /** Vtable slot, -1 when not virtual. */
  slot = -1;
  /** Call sites (addresses of a `mov rax, imm64` immediate) still pointing at the precode. */
  readonly pendingCallSites: bigint[] = [];
  /** A generic method instantiation's method type arguments (§II.9.4); empty otherwise. */
  methodArgs: readonly TypeDesc[] = [];
  /** The generic method definition an instantiation was made from (same row), else null. */
  genericMethodDefinition: MethodDesc | null = null;

  constructor(
    readonly assembly: Assembly,
    readonly row: number,
    readonly declaringType: TypeDesc,
    readonly name: string,
    /** MethodAttributes. */
    readonly attributes: number,
    /** MethodImplAttributes. */
    readonly implAttributes: number,
  ) {}

  get isStatic(): boolean {
    return (this.attributes & MethodAttr.Static) !== 0;
  }

  get isVirtual(): boolean {
    return (this.attributes & MethodAttr.Virtual) !== 0;
  }

  get isInternalCall(): boolean {
    return (this.implAttributes & MethodImplAttr.InternalCall) !== 0 || (this.implAttributes & 3) === MethodImplAttr.Runtime;
  }

  get token(): number {
    return (0x06 << 24) | this.row;
  }

  /** `Namespace.Type::Name`. */
  get fullName(): string {
    const args = this.methodArgs.length ? `<${this.methodArgs.map((a) => a.fullName).join(',')}>` : '';
    return `${this.declaringType.fullName}::${this.name}${args}`;
  }

  /** The address callers should use now: the code once compiled, else the precode. */
  get entry(): bigint {
    return this.code !== 0n ? this.code : this.precode;
  }

  guestFlags(): number {
    return (this.isStatic ? MethodDescFlags.Static : 0) | (this.isVirtual ? MethodDescFlags.Virtual : 0) |
      (this.code !== 0n ? MethodDescFlags.HasCode : 0) | (this.isInternalCall ? MethodDescFlags.InternalCall : 0);
  }
}

/** The precode bytes for `methodDesc` that reach `prestub`. */
export function precodeBytes(methodDesc: bigint, prestub: bigint): Uint8Array {
  const b = new Uint8Array(PRECODE_SIZE).fill(0xcc);
  const dv = new DataView(b.buffer);
  b[0] = 0x49; b[1] = 0xba; dv.setBigUint64(2, methodDesc, true);
  b[10] = 0x48; b[11] = 0xb8; dv.setBigUint64(12, prestub, true);
  b[20] = 0xff; b[21] = 0xe0;
  return b;
}

/** `jmp rel32` from `at` to `target` (both in the code heap). */
export function directJumpBytes(at: bigint, target: bigint): Uint8Array {
  const rel = target - (at + 5n);
  if (rel < -0x8000_0000n || rel > 0x7fff_ffffn) throw new VmError(`jmp rel32 from 0x${at.toString(16)} to 0x${target.toString(16)} is out of range`);
  const b = new Uint8Array(5);
  b[0] = 0xe9;
  new DataView(b.buffer).setInt32(1, Number(rel), true);
  return b;
}
