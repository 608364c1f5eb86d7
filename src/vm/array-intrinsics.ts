/**
 * `System.Array.GetGenericValueImpl<T>(int, ref T)` and `SetGenericValueImpl<T>(int, ref T)`:
 * generic internal calls that Mono's JIT expands inline (mini/intrinsics.c). Here each
 * instantiation is a leaf gate that copies one element (the element type's size, from the array's
 * MethodTable) between the array's data (@32, row-major) and the managed pointer. Callers in the
 * class library (`InternalArray__get_Item<T>` …) have checked the index already.
 */
import type { MethodDesc } from './method-desc';
import type { Runtime } from './runtime';
import { ARRAY_DATA_OFFSET } from './type-desc';

const gates = new WeakMap<Runtime, Map<string, bigint>>();

/** Whether `md` is one of the generic array intrinsics this file provides. */
export function isArrayIntrinsic(rt: Runtime, md: MethodDesc): boolean {
  return md.methodArgs.length === 1 && md.declaringType.fullName === 'System.Array' && md.declaringType.assembly === rt.binder.corlib
    && (md.name === 'GetGenericValueImpl' || md.name === 'SetGenericValueImpl');
}

/** The gate implementing array intrinsic `md` (one per element size and direction). */
export function arrayIntrinsicEntry(rt: Runtime, md: MethodDesc): bigint {
  const elem = md.methodArgs[0]!;
  rt.types.ensureLoaded(elem);
  const size = elem.valueSize;
  const get = md.name === 'GetGenericValueImpl';
  let perRt = gates.get(rt);
  if (!perRt) gates.set(rt, (perRt = new Map()));
  const key = `${md.name}:${size}`;
  let at = perRt.get(key);
  if (at !== undefined) return at;
  const mem = rt.machine.memory;
  at = rt.machine.gates.define(`clr!Array.${md.name}:${size}`, (call) => {
    const element = call.arg(0) + BigInt(ARRAY_DATA_OFFSET) + BigInt(size) * BigInt.asIntN(32, call.arg(1));
    const ref = call.arg(2);
    if (get) mem.write(ref, mem.read(element, size));
    else mem.write(element, mem.read(ref, size));
  }, { leaf: true });
  perRt.set(key, at);
  return at;
}
