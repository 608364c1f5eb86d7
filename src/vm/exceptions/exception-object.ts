/**
 * Exception objects as Mono's class library lays them out (shared/mono-bcl-contract.md §1.6):
 * runtime-raised exceptions are allocated and run their managed constructor — `(string message)`,
 * `(string, Exception inner)` when there is an inner exception, TypeInitializationException's
 * `(string typeName, string message, Exception inner)` — and every thrown exception
 * gets `_stackTrace`, an `IntPtr[]` of the frame IPs the dispatcher walked, which
 * `StackTrace.get_trace` turns into frames. Fields are found by name up the class chain, not by
 * the offsets the contract lists, so a class library with a different layout still works.
 */
import type { FieldDesc, TypeDesc } from '../type-desc';
import { TypeKind } from '../type-desc';
import type { MethodDesc } from '../method-desc';
import type { Runtime } from '../runtime';
import { ExceptionDispatchError } from './errors';

/** Where an instance field named `name` lives in `type` or its bases. */
export function findInstanceField(type: TypeDesc, name: string): FieldDesc | undefined {
  for (let t: TypeDesc | null = type; t; t = t.parent) {
    const f = t.instanceFields.find((x) => x.name === name);
    if (f) return f;
  }
  return undefined;
}

/** The runtime type of the object at `obj`. */
export function typeOfObject(rt: Runtime, obj: bigint): TypeDesc {
  const type = rt.types.typeOfMethodTable(rt.machine.memory.u64(obj));
  if (!type) throw new ExceptionDispatchError(`object 0x${obj.toString(16)} has no MethodTable of this runtime`, 'exception object');
  return type;
}

/** `Namespace.Outer+Nested`, as .NET prints type names. */
export function displayTypeName(type: TypeDesc): string {
  return type.fullName.replace(/\//g, '+');
}

/** The exception's `_message` (empty when null or when the class has no such field). */
export function exceptionMessage(rt: Runtime, obj: bigint): string {
  const f = findInstanceField(typeOfObject(rt, obj), '_message');
  if (!f) return '';
  const s = rt.machine.memory.u64(obj + BigInt(f.offset));
  return s === 0n ? '' : rt.objects.readString(s);
}

/** The exception's `_innerException`, or 0. */
export function innerException(rt: Runtime, obj: bigint): bigint {
  const f = findInstanceField(typeOfObject(rt, obj), '_innerException');
  return f ? rt.machine.memory.u64(obj + BigInt(f.offset)) : 0n;
}

/** The instance constructor of `type` whose parameters have exactly these full type names. */
function constructorOf(rt: Runtime, type: TypeDesc, params: readonly string[]): MethodDesc | undefined {
  const asm = type.assembly;
  if (!asm) return undefined;
  for (const row of asm.md.methodsOf(type.row)) {
    if (asm.md.row.methodDef(row).name !== '.ctor') continue;
    const sig = asm.md.methodDefSignature(row, rt.types.provider(asm), null);
    if (sig.parameterTypes.length === params.length && sig.parameterTypes.every((p, i) => p.fullName === params[i])) {
      return rt.types.methodDesc(asm, row);
    }
  }
  return undefined;
}

/**
 * A new exception of the class-library type `typeName`, built by its managed constructor with
 * `message` (and `inner`; with `innerTypeName`, the (type name, message, inner) constructor). The objects live across the constructor call under GC protection.
 */
/**
 * Exceptions whose one-string constructor takes a parameter or object name, not the message: the
 * runtime builds them with `(null, message)`, as the CLR's own throws do, so `Message` is the text
 * given.
 */
const NAME_FIRST_CONSTRUCTORS = new Set(['System.ArgumentNullException', 'System.ArgumentOutOfRangeException', 'System.ObjectDisposedException']);

export function createException(rt: Runtime, typeName: string, message: string, inner = 0n, innerTypeName?: string): bigint {
  const type = rt.types.ensureLoaded(rt.types.corlibType(typeName));
  if (type.kind !== TypeKind.Class) throw new ExceptionDispatchError(`${typeName} is not a class`, 'runtime-raised exception');
  const nameFirst = innerTypeName === undefined && inner === 0n && NAME_FIRST_CONSTRUCTORS.has(typeName);
  const params = innerTypeName !== undefined ? ['System.String', 'System.String', 'System.Exception']
    : inner !== 0n ? ['System.String', 'System.Exception'] : nameFirst ? ['System.String', 'System.String'] : ['System.String'];
  const ctor = constructorOf(rt, type, params);
  if (!ctor) throw new ExceptionDispatchError(`${typeName} has no constructor (${params.join(', ')})`, 'runtime-raised exception');
  return rt.gc.protect(inner !== 0n ? [inner] : [], () => {
    const obj = rt.objects.allocObject(type);
    return rt.gc.protect([obj], () => {
      const text = rt.objects.allocString(message);
      rt.gc.protect([text], () => {
        if (nameFirst) return rt.callGuest(rt.entryOf(ctor), [obj, 0n, text]);
        if (innerTypeName === undefined) return rt.callGuest(rt.entryOf(ctor), inner !== 0n ? [obj, text, inner] : [obj, text]);
        const name = rt.objects.allocString(innerTypeName);
        return rt.gc.protect([name], () => rt.callGuest(rt.entryOf(ctor), [obj, name, text, inner]));
      });
      return obj;
    });
  });
}

/** Stores the frame IPs as the exception's `_stackTrace` (an `IntPtr[]`), as Mono does at throw. */
export function recordStackTrace(rt: Runtime, obj: bigint, ips: readonly bigint[]): void {
  const type = typeOfObject(rt, obj);
  const field = findInstanceField(type, '_stackTrace');
  if (!field) return; // Not an Exception-derived object (ECMA allows throwing any object): nothing to fill.
  const arrType = rt.types.ensureLoaded(rt.types.arrayOf(rt.types.corlibType('System.IntPtr')));
  const arr = rt.gc.protect([obj], () => rt.objects.allocArray(arrType, ips.length));
  const mem = rt.machine.memory;
  ips.forEach((ip, i) => mem.setU64(arr + 32n + 8n * BigInt(i), ip));
  mem.setU64(obj + BigInt(field.offset), arr);
}

/** The IPs in the exception's `_stackTrace` (none when it was never thrown or has no such field). */
export function recordedStackTrace(rt: Runtime, obj: bigint): bigint[] {
  const field = findInstanceField(typeOfObject(rt, obj), '_stackTrace');
  if (!field) return [];
  const mem = rt.machine.memory;
  const arr = mem.u64(obj + BigInt(field.offset));
  if (arr === 0n) return [];
  const count = mem.u32(arr + 24n);
  return Array.from({ length: count }, (_, i) => mem.u64(arr + 32n + 8n * BigInt(i)));
}
