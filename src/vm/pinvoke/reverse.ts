/**
 * Reverse P/Invoke: a delegate marshalled to native code as a function pointer (ECMA-335
 * §II.15.5.3 and the CLR's Marshal.GetFunctionPointerForDelegate). Each delegate gets one thunk in
 * the code heap that native code calls like any C function:
 *
 *   mov r9, r8; mov r8, rdx; mov rdx, rcx    ; the native arguments move up one position
 *   mov rcx, <delegate>                      ; the delegate becomes Invoke's `this`
 *   mov rax, <Invoke>; jmp rax               ; the delegate type's runtime Invoke (src/vm/delegates.ts)
 *
 * The thunk has no frame of its own (it jumps), so the managed target's caller is the native
 * frame that called the pointer: a managed exception thrown in the callback unwinds straight into
 * the native frames above it (src/vm/exceptions/dispatcher.ts walks through them), and a normal
 * return goes straight back to native code.
 *
 * Invariants and limits:
 *  - signatures of at most three integer-class parameters (integers, native ints, pointers) and
 *    an integer-class or void result: they are the same in the native
 *    and managed Windows x64 conventions, so no marshalling happens; anything else is a
 *    NotSupportedYetError naming the delegate type;
 *  - one thunk per delegate object, kept for the process's life with a strong handle on the
 *    delegate (the CLR frees the thunk when the delegate is collected; here both live on), so a
 *    pointer native code keeps stays valid. The handle is a pinned one: the delegate's address
 *    is an immediate in the thunk.
 */
import { NotSupportedYetError } from '../errors';
import { GcHandleType } from '../gc/handles';
import { delegateMemberCallee } from '../delegates';
import { icallSignature, type IcallKind } from '../icalls/signature';
import type { Runtime } from '../runtime';
import type { TypeDesc } from '../type-desc';

/** Parameter and result kinds a thunk passes through unchanged. */
const PASS_THROUGH: ReadonlySet<IcallKind> = new Set(['i32', 'u32', 'i64', 'u64', 'ptr']);

/** Native arguments a thunk can take (the delegate itself takes the fourth register). */
const MAX_ARGUMENTS = 3;

const thunksOf = new WeakMap<Runtime, Map<bigint, bigint>>();

/** The thunk bytes for `delegate` and the delegate type's Invoke entry. */
export function reverseThunkBytes(delegate: bigint, invoke: bigint): Uint8Array {
  const out = new Uint8Array(36).fill(0xcc);
  const dv = new DataView(out.buffer);
  out.set([0x4d, 0x89, 0xc1, 0x49, 0x89, 0xd0, 0x48, 0x89, 0xca], 0); // mov r9,r8; mov r8,rdx; mov rdx,rcx
  out.set([0x48, 0xb9], 9); // mov rcx, imm64
  dv.setBigUint64(11, delegate, true);
  out.set([0x48, 0xb8], 19); // mov rax, imm64
  dv.setBigUint64(21, invoke, true);
  out.set([0xff, 0xe0], 29); // jmp rax
  return out;
}

/** Checks that delegate type `t`'s Invoke passes through a thunk unchanged; its Invoke entry. */
function invokeEntryFor(rt: Runtime, t: TypeDesc): bigint {
  const invoke = t.vtable.find((m) => m.name === 'Invoke' && m.declaringType === t);
  if (!invoke) throw new NotSupportedYetError('a delegate type without its own Invoke', t.fullName);
  const sig = icallSignature(rt, invoke);
  const params = sig.params.filter((p) => p.name !== 'this');
  if (params.length > MAX_ARGUMENTS) {
    throw new NotSupportedYetError(`a delegate with ${params.length} parameters as a function pointer (at most ${MAX_ARGUMENTS})`, t.fullName);
  }
  params.forEach((p, i) => {
    if (typeof p.kind !== 'string' || !PASS_THROUGH.has(p.kind)) {
      throw new NotSupportedYetError(`a ${p.type?.fullName ?? 'parameter'} (parameter ${i + 1}) in a delegate marshalled as a function pointer`, t.fullName);
    }
  });
  const ret = sig.ret.kind;
  if (ret !== 'void' && (typeof ret !== 'string' || !PASS_THROUGH.has(ret as IcallKind))) {
    throw new NotSupportedYetError(`a ${sig.ret.type.fullName} result in a delegate marshalled as a function pointer`, t.fullName);
  }
  return delegateMemberCallee(rt, invoke).entry;
}

/** The native function pointer for delegate object `delegate` (0 for null), made on first use. */
export function functionPointerForDelegate(rt: Runtime, delegate: bigint): bigint {
  if (delegate === 0n) return 0n;
  let thunks = thunksOf.get(rt);
  if (!thunks) thunksOf.set(rt, (thunks = new Map()));
  const known = thunks.get(delegate);
  if (known !== undefined) return known;
  const type = rt.types.typeOfMethodTable(rt.machine.memory.u64(delegate));
  if (!type || !rt.types.isDelegate(type)) throw new NotSupportedYetError('marshalling a non-delegate object as a function pointer', type?.fullName ?? `0x${delegate.toString(16)}`);
  const thunk = rt.code.writeStub(reverseThunkBytes(delegate, invokeEntryFor(rt, type)));
  rt.gc.handles.alloc(Number(delegate), GcHandleType.Pinned); // its address is an immediate in the thunk
  thunks.set(delegate, thunk);
  rt.trace('jit', `reverse pinvoke thunk 0x${thunk.toString(16)} for a ${type.fullName} delegate`);
  return thunk;
}
