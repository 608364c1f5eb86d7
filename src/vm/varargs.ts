/**
 * Vararg methods and call sites (ECMA-335 §II.15.4.1.3 VARARG, §III.3.1 `arglist`, §II.23.2.2
 * the sentinel), with Mono's ArgIterator over them (icalls/arg-iterator.ts).
 *
 * Convention (this runtime's own; the JIT's side is `IrCallee.vararg` and
 * `JitMethodInfo.varargs`): a vararg method takes one hidden native-int argument after its fixed
 * parameters, the *signature cookie*, and the call site's variadic arguments after it, each in
 * its own Windows x64 position (a value type other than 1, 2, 4 or 8 bytes as a pointer to a
 * copy). The callee homes the registers after the cookie, so the cookie's home slot is followed
 * by one 8-byte slot per variadic argument: `arglist` yields that slot's address as the
 * RuntimeArgumentHandle, as Mono's does (a signature pointer followed by the arguments).
 *
 * The cookie is a loader-heap block, one per distinct list of variadic types:
 *     +0  uint32 count      +8  count × the MethodTable of each variadic argument's type
 * (the value `ldtoken` gives a RuntimeTypeHandle, and TypedReference.type holds).
 */
import { passedByReference } from '../jit/abi';
import type { IrCallee } from '../jit/host';
import { IrType, type JitType } from '../jit/ir/types';
import { NotSupportedYetError } from './errors';
import type { Runtime } from './runtime';
import { type TypeDesc, TypeKind } from './type-desc';
import { jitTypeFor, structLayoutOf } from './value-types';

/** The calling-convention nibble of a method signature's first byte (§II.23.2.1). */
export const enum CallingConvention {
  Default = 0x0,
  C = 0x1,
  StdCall = 0x2,
  ThisCall = 0x3,
  FastCall = 0x4,
  VarArg = 0x5,
}

/** Whether a signature header names the vararg convention. */
export function isVarargHeader(header: number): boolean {
  return (header & 0x0f) === CallingConvention.VarArg;
}

/** Bytes before the cookie's first MethodTable. */
const COOKIE_TYPES_OFFSET = 8;

class VarargRuntime {
  private readonly cookies = new Map<string, bigint>();
  private readonly cookieTypes = new Map<bigint, readonly TypeDesc[]>();
  private handleHelper: IrCallee | null = null;

  constructor(private readonly rt: Runtime) {}

  /** The cookie describing `types` (one block per distinct list). */
  cookie(types: readonly TypeDesc[], where: string): bigint {
    const loaded = types.map((t) => {
      const l = t.kind === TypeKind.Unsupported ? t : this.rt.types.ensureLoaded(t);
      if (l.kind === TypeKind.Unsupported || l.methodTable === 0n) throw new NotSupportedYetError(`a variadic argument of type ${t.fullName} (it has no type handle)`, where);
      return l;
    });
    const key = loaded.map((t) => t.methodTable.toString(16)).join(',');
    const known = this.cookies.get(key);
    if (known !== undefined) return known;
    const mem = this.rt.machine.memory;
    const at = this.rt.heaps.loader.alloc(COOKIE_TYPES_OFFSET + 8 * loaded.length);
    mem.setU32(at, loaded.length);
    loaded.forEach((t, i) => mem.setU64(at + BigInt(COOKIE_TYPES_OFFSET + 8 * i), t.methodTable));
    this.cookies.set(key, at);
    this.cookieTypes.set(at, loaded);
    return at;
  }

  /** The variadic types a cookie describes, or undefined for an address that is not a cookie. */
  typesOf(cookie: bigint): readonly TypeDesc[] | undefined {
    return this.cookieTypes.get(cookie);
  }

  /** `arglist`'s routine: (address of the cookie's home) → RuntimeArgumentHandle {IntPtr args}. */
  argumentHandleHelper(): IrCallee {
    if (this.handleHelper) return this.handleHelper;
    const types = this.rt.types;
    const handle = structLayoutOf(types, types.corlibType('System.RuntimeArgumentHandle'));
    if (handle.size !== 8) throw new NotSupportedYetError(`System.RuntimeArgumentHandle of ${handle.size} bytes (one IntPtr expected)`, 'arglist');
    // An 8-byte struct returns in RAX: the routine hands back its argument.
    const entry = this.rt.machine.gates.define('clr!ArgumentHandle', (call) => call.arg(0), { leaf: true });
    this.handleHelper = { name: 'clr!ArgumentHandle', entry, params: [IrType.ByRef], ret: handle };
    return this.handleHelper;
  }
}

const runtimes = new WeakMap<Runtime, VarargRuntime>();

/** The vararg support of `rt` (created on first use). */
export function varargs(rt: Runtime): VarargRuntime {
  let v = runtimes.get(rt);
  if (!v) runtimes.set(rt, (v = new VarargRuntime(rt)));
  return v;
}

/**
 * The call-site form of a vararg callee: `fixed` is its own description (fixed parameters, then
 * the cookie); the call site's variadic types follow, and `vararg` names the cookie.
 */
export function varargCallSite(rt: Runtime, fixed: IrCallee, variadic: readonly TypeDesc[], where: string): IrCallee {
  const extra: JitType[] = variadic.map((t, i) => jitTypeFor(rt.types, t, `${where} variadic argument ${i}`));
  return { ...fixed, params: [...fixed.params, ...extra], vararg: { cookie: varargs(rt).cookie(variadic, where), fixedCount: fixed.params.length - 1 } };
}

/**
 * Where the value of one variadic argument is, given its 8-byte slot: the slot itself, or, for a
 * value type passed by reference, the copy the slot points at.
 */
export function variadicValueAddress(rt: Runtime, type: TypeDesc, slot: bigint): bigint {
  const jit = jitTypeFor(rt.types, type, `variadic argument of type ${type.fullName}`);
  return passedByReference(jit) ? rt.machine.memory.u64(slot) : slot;
}
