/**
 * Type compatibility and the cast helpers: `castclass`/`isinst` (ECMA-335 §III.4.3, §III.4.6),
 * `unbox` (§III.4.32) and the `stelem.ref` store check (§III.4.26).
 *
 * An object of exact type S may be cast to T (§I.8.7.1, "assignment compatible" for references) when
 *  - T is S, or one of S's base classes (System.Object ends every chain; boxed values reach
 *    System.ValueType/System.Enum this way);
 *  - T is an interface S implements, directly, through a base class, or through another interface
 *    (interfaces.ts collects that closure);
 *  - S and T are one-dimensional arrays whose element types are both references and the element
 *    of S is castable to the element of T (array covariance), or both are value types of the same
 *    size that the CLR treats as interchangeable (an enum and its underlying type, signed and
 *    unsigned integers of one width: `int[]` ↔ `uint[]`, §I.8.7.1's "underlying type" rule).
 *  - T is a variant generic interface or delegate `G<…>` and S is, or implements, a `G<…>` whose
 *    arguments are compatible parameter by parameter (`out`: covariant, `in`: contravariant).
 * A boxed T is also an instance of `Nullable<T>` (boxing a Nullable gives the boxed T).
 * `unbox` to T accepts a boxed T, or — T being a primitive or an enum — a boxed value whose
 * underlying type is the same primitive (Mono and the CLR both allow unboxing an enum as its
 * underlying type and the reverse).
 *
 * The helper gates are non-leaf: a failed cast raises a managed exception, which may run guest code.
 */
import type { GateCall } from '../../emu';
import { IrType } from '../jit/ir/types';
import { VmError } from './errors';
import { ARRAY_GENERIC_INTERFACES, implementsInterface, interfacesOf } from './interfaces';
import type { Runtime } from './runtime';
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, type TypeDesc, TypeKind } from './type-desc';

/** Storage types that the CLR treats as the same when comparing element or underlying types. */
function reducedStorage(t: IrType): IrType {
  switch (t) {
    case IrType.U1: return IrType.I1;
    case IrType.U2: return IrType.I2;
    case IrType.U4: return IrType.I4;
    case IrType.U8: return IrType.I8;
    case IrType.U: return IrType.I;
    default: return t;
  }
}

/** The primitive a value type reduces to (an enum's underlying type, bool as int8), else undefined. */
function underlyingPrimitive(t: TypeDesc): IrType | undefined {
  if (t.kind !== TypeKind.ValueType || t.storage === null) return undefined;
  return reducedStorage(t.storage);
}

/** Whether `t` is an instantiation of the corlib's System.Nullable`1. */
export function isNullable(rt: Runtime, t: TypeDesc): boolean {
  const def = t.genericDefinition;
  return def !== null && def.fullName === 'System.Nullable`1' && def.assembly === rt.binder.corlib;
}

/** Whether a value of exact type `s` is an instance of `t` (§I.8.7.1). */
export function isCastable(rt: Runtime, s: TypeDesc, t: TypeDesc): boolean {
  if (s === t) return true;
  // A boxed T is an instance of Nullable<T> for isinst/castclass (a Nullable never stays boxed).
  if (isNullable(rt, t)) return s === t.typeArgs[0];
  // Every object is a System.Object, interfaces included (their metadata names no parent).
  if (t.parent === null && !t.isInterface && t.kind === TypeKind.Class && t.assembly === rt.binder.corlib && t.fullName === 'System.Object') return true;
  if (t.isInterface) {
    if (implementsInterface(rt, s, t)) return true;
    if (!t.genericDefinition) return false;
    // string[] is an IList<object> (array covariance carried to the collection interfaces).
    if (s.kind === TypeKind.SzArray && s.arrayRank === 0 && ARRAY_GENERIC_INTERFACES.includes(t.genericDefinition.fullName)) return elementCompatible(rt, s.element!, t.typeArgs[0]!);
    if (s.genericDefinition === t.genericDefinition && variantCompatible(rt, s, t)) return true;
    for (const i of interfacesOf(rt, s)) if (i.genericDefinition === t.genericDefinition && variantCompatible(rt, i, t)) return true;
    return false;
  }
  for (let p = s.parent; p; p = p.parent) if (p === t) return true;
  // Generic delegates are variant too (§II.9.5): D<string> is a D<object> when D's T is `out`.
  if (t.genericDefinition && s.genericDefinition === t.genericDefinition && rt.types.isDelegate(t)) return variantCompatible(rt, s, t);
  if (s.kind === TypeKind.SzArray && t.kind === TypeKind.SzArray) return s.arrayRank === t.arrayRank && elementCompatible(rt, s.element!, t.element!);
  return false;
}

/** GenericParamAttributes.VarianceMask values (§II.23.1.7). */
const enum Variance {
  /** Invariant: the arguments must be identical. */
  None = 0,
  /** `out` (+): a more derived argument is compatible. */
  Covariant = 1,
  /** `in` (-): a less derived argument is compatible. */
  Contravariant = 2,
}

/**
 * Whether instantiation `s` of a variant generic interface or delegate is compatible with `t`,
 * an instantiation of the same definition (§II.9.5, §I.8.7.1): per parameter, identical
 * arguments, or for `out` a reference argument castable to t's, for `in` the reverse.
 */
function variantCompatible(rt: Runtime, s: TypeDesc, t: TypeDesc): boolean {
  const def = t.genericDefinition!;
  const asm = def.assembly!;
  const gp = asm.md.genericParamsOf((0x02 << 24) | def.row);
  for (let r = gp.start; r < gp.end; r++) {
    const param = asm.md.row.genericParam(r);
    const a = s.typeArgs[param.number]!;
    const b = t.typeArgs[param.number]!;
    if (a === b) continue;
    const variance = (param.flags & 3) as Variance;
    if (variance === Variance.None || a.isValueType || b.isValueType) return false;
    rt.types.ensureLoaded(a);
    rt.types.ensureLoaded(b);
    if (variance === Variance.Covariant ? !isCastable(rt, a, b) : !isCastable(rt, b, a)) return false;
  }
  return true;
}

/** The interface of `t` (exact or variant-compatible) that a call to an interface method of `iface` dispatches through. */
export function variantInterfaceOf(rt: Runtime, t: TypeDesc, iface: TypeDesc): TypeDesc | undefined {
  if (!iface.genericDefinition) return undefined;
  for (const i of interfacesOf(rt, t)) if (i.genericDefinition === iface.genericDefinition && variantCompatible(rt, i, iface)) return i;
  return undefined;
}

/** Array covariance for `S[]` → `T[]`. */
function elementCompatible(rt: Runtime, s: TypeDesc, t: TypeDesc): boolean {
  if (s === t) return true;
  const sv = s.kind === TypeKind.ValueType || s.kind === TypeKind.Pointer;
  const tv = t.kind === TypeKind.ValueType || t.kind === TypeKind.Pointer;
  if (sv || tv) {
    if (!sv || !tv) return false;
    const a = underlyingPrimitive(s);
    return a !== undefined && a === underlyingPrimitive(t);
  }
  rt.types.ensureLoaded(s);
  rt.types.ensureLoaded(t);
  return isCastable(rt, s, t);
}

/** Whether a boxed `s` may be unboxed as `t`. */
export function isUnboxable(s: TypeDesc, t: TypeDesc): boolean {
  if (s === t) return true;
  const a = underlyingPrimitive(s);
  return a !== undefined && a === underlyingPrimitive(t) && (s.storage !== IrType.R4 && s.storage !== IrType.R8);
}

const CAST_MESSAGE = (s: TypeDesc, t: TypeDesc): string =>
  `Unable to cast object of type '${s.fullName.replace(/\//g, '+')}' to type '${t.fullName.replace(/\//g, '+')}'.`;

/** The runtime's cast helper gates, one set per runtime. */
export class CastHelpers {
  private castClassGate = 0n;
  private isInstGate = 0n;
  private unboxGate = 0n;
  private storeRefGate = 0n;

  constructor(private readonly rt: Runtime) {}

  get castClass(): bigint {
    if (this.castClassGate === 0n) this.castClassGate = this.rt.machine.gates.define('clr!CastClass', (c) => this.cast(c, true));
    return this.castClassGate;
  }

  get isInstanceOf(): bigint {
    if (this.isInstGate === 0n) this.isInstGate = this.rt.machine.gates.define('clr!IsInstanceOf', (c) => this.cast(c, false));
    return this.isInstGate;
  }

  get unbox(): bigint {
    if (this.unboxGate === 0n) this.unboxGate = this.rt.machine.gates.define('clr!Unbox', (c) => this.unboxValue(c));
    return this.unboxGate;
  }

  get storeElementRef(): bigint {
    if (this.storeRefGate === 0n) this.storeRefGate = this.rt.machine.gates.define('clr!StoreElementRef', (c) => this.storeRef(c));
    return this.storeRefGate;
  }

  /** The exact type of a non-null object. */
  typeOfObject(obj: bigint, what: string): TypeDesc {
    const mt = this.rt.machine.memory.u64(obj);
    const t = this.rt.types.typeOfMethodTable(mt);
    if (!t) throw new VmError(`${what}: object 0x${obj.toString(16)} has no MethodTable of this runtime (0x${mt.toString(16)})`);
    return t;
  }

  private target(handle: bigint, what: string): TypeDesc {
    const t = this.rt.types.typeOfMethodTable(handle);
    if (!t) throw new VmError(`${what}: 0x${handle.toString(16)} is not a MethodTable of this runtime`);
    return t;
  }

  private cast(call: GateCall, throwing: boolean): bigint {
    const t = this.target(call.arg(0), throwing ? 'castclass' : 'isinst');
    const obj = call.arg(1);
    if (obj === 0n) return 0n;
    const s = this.typeOfObject(obj, throwing ? 'castclass' : 'isinst');
    if (isCastable(this.rt, s, t)) return obj;
    if (!throwing) return 0n;
    return this.rt.helpers.raise('System.InvalidCastException', CAST_MESSAGE(s, t), call);
  }

  private unboxValue(call: GateCall): bigint {
    const t = this.target(call.arg(0), 'unbox');
    const obj = call.arg(1);
    if (obj === 0n) return this.rt.helpers.raise('System.NullReferenceException', 'Object reference not set to an instance of an object.', call);
    const s = this.typeOfObject(obj, 'unbox');
    if (!isUnboxable(s, t)) return this.rt.helpers.raise('System.InvalidCastException', 'Specified cast is not valid.', call);
    return obj + 16n;
  }

  private storeRef(call: GateCall): void {
    const arr = call.arg(0);
    const index = BigInt.asIntN(64, call.arg(1));
    const value = call.arg(2);
    const mem = this.rt.machine.memory;
    if (arr === 0n) return this.rt.helpers.raise('System.NullReferenceException', 'Object reference not set to an instance of an object.', call);
    const length = BigInt(mem.u32(arr + BigInt(ARRAY_LENGTH_OFFSET)));
    if (index < 0n || index >= length) return this.rt.helpers.raise('System.IndexOutOfRangeException', 'Index was outside the bounds of the array.', call);
    if (value !== 0n) {
      const arrayType = this.typeOfObject(arr, 'stelem.ref');
      const valueType = this.typeOfObject(value, 'stelem.ref');
      if (!arrayType.element) throw new VmError(`stelem.ref: 0x${arr.toString(16)} (${arrayType.fullName}) is not an array`);
      if (!isCastable(this.rt, valueType, arrayType.element)) {
        return this.rt.helpers.raise('System.ArrayTypeMismatchException', 'Attempted to access an element as a type incompatible with the array.', call);
      }
    }
    mem.setU64(arr + BigInt(ARRAY_DATA_OFFSET) + 8n * index, value);
  }
}
