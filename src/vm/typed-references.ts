/**
 * Typed references (ECMA-335 §I.8.2.1.1, §III.4.19/4.23/4.24): `System.TypedReference` is Mono's
 * sequential struct `{RuntimeTypeHandle type @0; IntPtr Value @8; IntPtr Type @16}`
 * (shared/mono-bcl-contract.md §1.7). The runtime side of mkrefany/refanyval/refanytype is three
 * leaf gates the JIT calls like static methods:
 *  - make(typeHandle, address) → TypedReference (24 bytes: returned through the hidden buffer in
 *    RCX), with `type` and `Type` both the MethodTable (the value `ldtoken` gives a type handle);
 *  - value(TypedReference*, typeHandle) → the address, when the type matches exactly; otherwise
 *    InvalidCastException (that path re-enters the guest, so this gate is non-leaf);
 *  - type(TypedReference*) → RuntimeTypeHandle (8 bytes: in RAX).
 */
import type { IrCallee } from '../jit/host';
import { IrType } from '../jit/ir/types';
import type { Runtime } from './runtime';
import { structLayoutOf } from './value-types';

const TYPE_OFFSET = 0n;
const VALUE_OFFSET = 8n;
const KLASS_OFFSET = 16n;

const helpers = new WeakMap<Runtime, { make: IrCallee; value: IrCallee; type: IrCallee }>();

/** The typed-reference helper callees of `rt` (gates created on first use). */
export function typedReferenceHelpers(rt: Runtime): { make: IrCallee; value: IrCallee; type: IrCallee } {
  let h = helpers.get(rt);
  if (h) return h;
  const types = rt.types;
  const typedRef = structLayoutOf(types, types.corlibType('System.TypedReference'));
  const typeHandle = structLayoutOf(types, types.corlibType('System.RuntimeTypeHandle'));
  const mem = rt.machine.memory;
  const gates = rt.machine.gates;
  const make = gates.define('clr!MakeTypedReference', (call) => {
    const buffer = call.arg(0);
    mem.setU64(buffer + TYPE_OFFSET, call.arg(1));
    mem.setU64(buffer + VALUE_OFFSET, call.arg(2));
    mem.setU64(buffer + KLASS_OFFSET, call.arg(1));
    return buffer;
  }, { leaf: true });
  const value = gates.define('clr!TypedReferenceValue', (call) => {
    const ref = call.arg(0);
    if (mem.u64(ref + TYPE_OFFSET) !== call.arg(1)) return rt.helpers.raise('System.InvalidCastException', 'Specified cast is not valid.', call);
    return mem.u64(ref + VALUE_OFFSET);
  });
  const type = gates.define('clr!TypedReferenceType', (call) => mem.u64(call.arg(0) + TYPE_OFFSET), { leaf: true });
  h = {
    make: { name: 'clr!MakeTypedReference', entry: make, params: [IrType.I, IrType.ByRef], ret: typedRef },
    value: { name: 'clr!TypedReferenceValue', entry: value, params: [typedRef, IrType.I], ret: IrType.ByRef },
    type: { name: 'clr!TypedReferenceType', entry: type, params: [typedRef], ret: typeHandle },
  };
  helpers.set(rt, h);
  return h;
}
