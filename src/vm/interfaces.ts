/**
 * Interfaces: which interfaces a type implements, which method implements an interface method
 * for a given class (its interface map), and the dispatch stubs `callvirt` on an interface
 * method goes through (ECMA-335 §II.12.2 "Implementing virtual methods on interfaces").
 *
 *  - The interface set of a type is the closure of its InterfaceImpl rows, its base classes'
 *    and those of every interface it reaches (an interface "requires" its own InterfaceImpls).
 *  - The implementation of interface method M for class C: first an explicit MethodImpl whose
 *    declaration is M, in C or, failing that, in the nearest base class that has one; otherwise the
 *    public virtual method of C's vtable with M's name and signature, the last (most derived) slot
 *    first, so an override in a derived class implements the interface for the base class
 *    ("default dispatch through base classes"). A virtual MethodImpl body is looked up again in
 *    C's vtable, so a derived override of that body is what runs.
 *  - Default implementations (the 2019 addendum to ECMA-335 on default interface methods): with
 *    no implementation in the class, the most specific interface wins: one of `t`'s interfaces
 *    that overrides M with a MethodImpl (`.override`) of its own, else M's own body when M is not
 *    abstract. Two unrelated interfaces overriding M is an ambiguity: an interface call raises
 *    System.Runtime.AmbiguousImplementationException, as .NET does. A default body takes the object itself as `this`, so a
 *    boxed value type calls it on the box.
 *  - A call through a variant instantiation the type does not implement exactly
 *    (`IProducer<Animal>` on an `IProducer<Bird>`) uses the compatible one it does implement.
 *  - Generic interface methods are implemented by the generic method that implements their
 *    definition, instantiated with the same method arguments.
 *  - Dispatch: one leaf gate per interface method. Generated code null-checks `this` and calls the
 *    gate with the arguments in place; the gate finds the object's type, resolves (cached per
 *    type) and continues at the implementation (`GateCall.jump`), so the arguments and return
 *    address are untouched. A value type's implementation takes a pointer to the value: the
 *    gate continues at its unboxing stub instead.
 */
import { Reg, type GateCall } from '../../emu';
import { variantInterfaceOf } from './casting';
import { AmbiguousImplementationError, MissingMethodError, NotSupportedYetError, VmError } from './errors';
import { resolveMethodToken } from './method-resolution';
import { MethodAttr, type MethodDesc } from './method-desc';
import type { Runtime } from './runtime';
import { type TypeDesc, TypeKind } from './type-desc';
import { typeContext } from './type-loader';

const interfaceSets = new WeakMap<TypeDesc, ReadonlySet<TypeDesc>>();
const implCache = new WeakMap<TypeDesc, Map<MethodDesc, MethodDesc>>();
const dispatchGates = new WeakMap<Runtime, Map<MethodDesc, bigint>>();

/**
 * The generic interfaces every `T[]` implements (§II.14.1; Mono's class library serves their
 * methods from `System.Array.InternalArray__…` methods).
 */
export const ARRAY_GENERIC_INTERFACES: readonly string[] = [
  'System.Collections.Generic.IList`1', 'System.Collections.Generic.ICollection`1', 'System.Collections.Generic.IEnumerable`1',
  'System.Collections.Generic.IReadOnlyList`1', 'System.Collections.Generic.IReadOnlyCollection`1',
];

/** MethodAttributes.MemberAccessMask value for `public`. */
const PUBLIC = 0x0006;

/** Every interface `t` implements (closure over base classes and required interfaces). */
export function interfacesOf(rt: Runtime, t: TypeDesc): ReadonlySet<TypeDesc> {
  const hit = interfaceSets.get(t);
  if (hit) return hit;
  const out = new Set<TypeDesc>();
  if (t.kind === TypeKind.SzArray) {
    // T[] implements what System.Array does, and the generic collection interfaces over T.
    for (const i of interfacesOf(rt, rt.types.ensureLoaded(rt.types.corlibType('System.Array')))) out.add(i);
    const elem = t.element!;
    if (t.arrayRank === 0 && elem.kind !== TypeKind.Pointer && elem.kind !== TypeKind.ByRef && elem.kind !== TypeKind.Unsupported) {
      for (const name of ARRAY_GENERIC_INTERFACES) {
        const iface = rt.types.ensureLoaded(rt.types.instantiate(rt.types.corlibType(name), [elem]));
        out.add(iface);
      }
    }
  } else if (t.assembly) {
    if (t.parent) for (const i of interfacesOf(rt, t.parent)) out.add(i);
    const asm = t.assembly;
    const range = asm.md.interfacesOf(t.row);
    for (let r = range.start; r < range.end; r++) {
      const iface = rt.types.resolveType(asm, asm.md.row.interfaceImpl(r).interface, typeContext(t));
      // Generic interface instantiations are not built yet; they cannot be cast to either.
      if (iface.kind === TypeKind.Unsupported) continue; // an instantiation over an open parameter: never asked for
      rt.types.ensureLoaded(iface);
      out.add(iface);
      for (const j of interfacesOf(rt, iface)) out.add(j);
    }
  }
  interfaceSets.set(t, out);
  return out;
}

/** Whether `t` is, or implements, interface `iface`. */
export function implementsInterface(rt: Runtime, t: TypeDesc, iface: TypeDesc): boolean {
  return t === iface || interfacesOf(rt, t).has(iface);
}

/** The method of class `t` that implements interface method `m` (§II.12.2). */
export function findInterfaceImplementation(rt: Runtime, t: TypeDesc, m: MethodDesc): MethodDesc {
  let cache = implCache.get(t);
  if (!cache) implCache.set(t, (cache = new Map()));
  const hit = cache.get(m);
  if (hit) return hit;
  rt.types.ensureLoaded(t);
  let impl: MethodDesc | undefined;
  if (m.genericMethodDefinition) {
    // A generic interface method: implement the definition, then instantiate the same way.
    const def = findInterfaceImplementation(rt, t, m.genericMethodDefinition);
    impl = rt.types.instantiateMethod(def.genericMethodDefinition ?? def, m.methodArgs);
  } else if (t.kind === TypeKind.SzArray && t.arrayRank === 0 && m.declaringType.genericDefinition && ARRAY_GENERIC_INTERFACES.includes(m.declaringType.genericDefinition.fullName)) {
    impl = arrayInterfaceImplementation(rt, t, m);
  } else if (!implementsInterface(rt, t, m.declaringType) && variantInterfaceOf(rt, t, m.declaringType)) {
    // Called through a variant-compatible instantiation (IProducer<Animal> on an IProducer<Bird>).
    impl = findInterfaceImplementation(rt, t, rt.types.methodOf(variantInterfaceOf(rt, t, m.declaringType)!, m.row));
  } else {
    impl = explicitImplementation(rt, t, m) ?? implicitImplementation(rt, t, m) ?? defaultImplementation(rt, t, m);
  }
  if (!impl) throw new MissingMethodError(`${t.fullName} implementation of ${m.fullName}`, `${t.fullName} does not implement ${m.declaringType.fullName}`);
  cache.set(m, impl);
  return impl;
}

/**
 * A generic collection interface method on an array: `System.Array.InternalArray__<name>` for
 * IList<T>, `InternalArray__<Interface>_<name>` for the others (the names Mono's class library
 * uses), instantiated over the array's element type when generic.
 */
function arrayInterfaceImplementation(rt: Runtime, t: TypeDesc, m: MethodDesc): MethodDesc {
  const iface = m.declaringType.genericDefinition!.fullName.replace(/^System\.Collections\.Generic\./, '').replace(/`1$/, '');
  const name = iface === 'IList' ? `InternalArray__${m.name}` : `InternalArray__${iface}_${m.name}`;
  const array = rt.types.ensureLoaded(rt.types.corlibType('System.Array'));
  const asm = array.assembly!;
  const row = asm.md.methodsOf(array.row).find((r) => asm.md.row.methodDef(r).name === name);
  if (row === undefined) throw new MissingMethodError(`System.Array::${name}`, `the class library has no array implementation of ${m.fullName}`);
  const md = rt.types.methodDesc(asm, row);
  const gp = asm.md.genericParamsOf(md.token);
  return gp.end > gp.start ? rt.types.instantiateMethod(md, [t.element!]) : md;
}

function explicitImplementation(rt: Runtime, t: TypeDesc, m: MethodDesc): MethodDesc | undefined {
  for (let c: TypeDesc | null = t; c && c.assembly; c = c.parent) {
    const asm = c.assembly;
    const range = asm.md.methodImplsOf(c.row);
    for (let r = range.start; r < range.end; r++) {
      const row = asm.md.row.methodImpl(r);
      const decl = resolveMethodToken(rt, asm, row.declaration, `MethodImpl of ${c.fullName}`, typeContext(c), c);
      if (decl !== m) continue;
      const body = resolveMethodToken(rt, asm, row.body, `MethodImpl of ${c.fullName}`, typeContext(c), c);
      return body.isVirtual && body.slot >= 0 && body.slot < t.vtable.length ? t.vtable[body.slot]! : body;
    }
  }
  return undefined;
}

function defaultImplementation(rt: Runtime, t: TypeDesc, m: MethodDesc): MethodDesc | undefined {
  const overrides: { iface: TypeDesc; body: MethodDesc }[] = [];
  for (const iface of interfacesOf(rt, t)) {
    const asm = iface.assembly;
    if (!asm || iface === m.declaringType) continue;
    const range = asm.md.methodImplsOf(iface.row);
    for (let r = range.start; r < range.end; r++) {
      const row = asm.md.row.methodImpl(r);
      if (resolveMethodToken(rt, asm, row.declaration, `MethodImpl of ${iface.fullName}`, typeContext(iface), iface) !== m) continue;
      overrides.push({ iface, body: resolveMethodToken(rt, asm, row.body, `MethodImpl of ${iface.fullName}`, typeContext(iface), iface) });
    }
  }
  // The most specific: an override whose interface requires every other overriding interface.
  const specific = overrides.filter((o) => overrides.every((p) => p === o || implementsInterface(rt, o.iface, p.iface)));
  if (specific.length === 1) return specific[0]!.body;
  if (overrides.length > 0) throw new AmbiguousImplementationError(t.fullName, m.fullName, overrides.map((o) => o.iface.fullName));
  return m.attributes & MethodAttr.Abstract ? undefined : m;
}

function implicitImplementation(rt: Runtime, t: TypeDesc, m: MethodDesc): MethodDesc | undefined {
  const sig = rt.types.signatureKey(m);
  for (let i = t.vtable.length - 1; i >= 0; i--) {
    const v = t.vtable[i]!;
    if (v.name !== m.name || (v.attributes & 0x7) !== PUBLIC) continue;
    if (rt.types.signatureKey(v) === sig) return v;
  }
  return undefined;
}

/**
 * The dispatch gate of a generic virtual method instantiation `m` (§II.10.3 with §II.9.4): the
 * object's vtable slot of the generic definition names the override, which is instantiated
 * with `m`'s method arguments and compiled on its own.
 */
export function genericVirtualDispatchStub(rt: Runtime, m: MethodDesc): bigint {
  let gates = dispatchGates.get(rt);
  if (!gates) dispatchGates.set(rt, (gates = new Map()));
  let at = gates.get(m);
  if (at !== undefined) return at;
  const def = m.genericMethodDefinition;
  if (!def || def.slot < 0) throw new VmError(`generic virtual dispatch asked for ${m.fullName}, which is not a virtual generic method instantiation`);
  const cache = new Map<TypeDesc, MethodDesc>();
  at = rt.machine.gates.define(`clr!GenericVirtualDispatch:${m.fullName}`, (call: GateCall) => {
    const obj = call.machine.reg(Reg.RCX);
    const t = rt.types.typeOfMethodTable(call.machine.memory.u64(obj));
    if (!t) throw new VmError(`virtual call ${m.fullName}: 0x${obj.toString(16)} has no MethodTable of this runtime`);
    let impl = cache.get(t);
    if (!impl) {
      const override = t.vtable[def.slot];
      if (!override) throw new MissingMethodError(`${t.fullName} override of ${def.fullName}`, 'no vtable slot');
      impl = rt.types.instantiateMethod(override, m.methodArgs);
      cache.set(t, impl);
    }
    call.jump(entryForObject(rt, t, impl));
  }, { leaf: true });
  gates.set(m, at);
  return at;
}

/** Where a call to `impl` on an object of type `t` continues: an unboxing stub for value types. */
export function entryForObject(rt: Runtime, t: TypeDesc, impl: MethodDesc): bigint {
  if (t.isValueType && impl.declaringType.isValueType) return rt.types.unboxingStub(impl);
  if (impl.code !== 0n) return impl.code;
  return rt.code.ensurePrecode(impl);
}

/** The dispatch gate of interface method `m` (created on first use). */
export function interfaceDispatchStub(rt: Runtime, m: MethodDesc): bigint {
  let gates = dispatchGates.get(rt);
  if (!gates) dispatchGates.set(rt, (gates = new Map()));
  let at = gates.get(m);
  if (at !== undefined) return at;
  if (!m.declaringType.isInterface) throw new VmError(`interface dispatch stub asked for ${m.fullName}, which is not an interface method`);
  if (m.attributes & MethodAttr.Static) throw new NotSupportedYetError('static interface methods', m.fullName);
  at = rt.machine.gates.define(`clr!InterfaceDispatch:${m.fullName}`, (call: GateCall) => {
    const obj = call.machine.reg(Reg.RCX);
    const mt = call.machine.memory.u64(obj);
    const t = rt.types.typeOfMethodTable(mt);
    if (!t) throw new VmError(`interface call ${m.fullName}: 0x${obj.toString(16)} has no MethodTable of this runtime`);
    let impl: MethodDesc;
    try {
      impl = findInterfaceImplementation(rt, t, m);
    } catch (e) {
      if (e instanceof AmbiguousImplementationError) return rt.helpers.raise('System.Runtime.AmbiguousImplementationException', e.message, call);
      throw e;
    }
    call.jump(entryForObject(rt, t, impl));
  }, { leaf: true });
  gates.set(m, at);
  return at;
}

