/**
 * Methods the runtime implements itself because their IL cannot do the job
 * (shared/mono-bcl-contract.md §4, "Must replace"). Each gets hand-written machine code in the
 * code heap instead of a JIT compilation:
 *
 *  - `System.ByReference<T>..ctor(ref T)` and `get_Value()`: the IL throws NotSupportedException
 *    and carries [Intrinsic]; the struct's only field `_value` holds the managed pointer. Every
 *    Span<T>/ReadOnlySpan<T> constructor goes through them. `this` (RCX) points at the struct.
 */
import type { MethodDesc } from './method-desc';
import type { Runtime } from './runtime';

/** `mov [rcx], rdx; ret`: store the managed pointer into `_value`. */
const BY_REFERENCE_CTOR = Uint8Array.of(0x48, 0x89, 0x11, 0xc3);
/** `mov rax, [rcx]; ret`: return `_value`. */
const BY_REFERENCE_GET_VALUE = Uint8Array.of(0x48, 0x8b, 0x01, 0xc3);

/** The machine code that replaces `md`'s IL, or undefined when `md` is compiled normally. */
export function intrinsicBody(rt: Runtime, md: MethodDesc): Uint8Array | undefined {
  const type = md.declaringType;
  const definition = type.genericDefinition ?? type;
  if (definition.fullName !== 'System.ByReference`1' || definition.assembly !== rt.binder.corlib) return undefined;
  if (md.name === '.ctor') return BY_REFERENCE_CTOR;
  if (md.name === 'get_Value') return BY_REFERENCE_GET_VALUE;
  return undefined;
}
