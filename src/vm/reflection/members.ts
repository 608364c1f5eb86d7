/**
 * Reflection member objects (shared/mono-bcl-contract.md §1.7): `RuntimeConstructorInfo` and
 * `RuntimeMethodInfo` are sequential `{IntPtr mhandle @16; string name @24; Type reftype @32}`,
 * one object per (method, reflected type), made by the runtime and cached (Mono's
 * `mono_method_get_object` keeps them in the domain's refobject hash); `ParameterInfo[]` as
 * `MonoMethodInfo.get_parameter_info` builds it (`RuntimeParameterInfo` objects filled field by
 * field: AttrsImpl, ClassImpl, MemberImpl, NameImpl, PositionImpl; DefaultValueImpl left null).
 *
 * A method handle (RuntimeMethodHandle value) is the MethodDesc's guest address, as `ldtoken`
 * pushes it; the code manager maps it back once the method has a precode, which handing it out
 * here guarantees. Cached objects are GC roots (the collector never moves objects).
 */
import type { MethodSignature } from '../../metadata';
import { VmError } from '../errors';
import type { MethodDesc } from '../method-desc';
import type { Runtime } from '../runtime';
import type { TypeDesc } from '../type-desc';
import { methodContext } from '../type-loader';
import { runtimeField } from './fields';
import type { RuntimeTypes } from './runtime-types';

/** A handle value that names no method this runtime knows. */
export class UnknownMethodHandleError extends VmError {
  override name = 'UnknownMethodHandleError';
  constructor(readonly handle: bigint, readonly where: string) {
    super(`${where}: 0x${handle.toString(16)} is not a RuntimeMethodHandle (MethodDesc) of this runtime`);
  }
}

/** §II.23.1.10 MethodAttributes bits reflection filters on. */
const enum MethodAttributes {
  /** The member-access mask; `Public` is 6. */
  MemberAccessMask = 0x7,
  Public = 0x6,
  Static = 0x10,
}

/** System.Reflection.BindingFlags members the constructor queries use. */
export const enum BindingFlags {
  /** Instance members. */
  Instance = 0x4,
  /** Static members. */
  Static = 0x8,
  /** Public members. */
  Public = 0x10,
  /** Non-public members. */
  NonPublic = 0x20,
}

export class MemberObjects {
  private readonly methodObjects = new Map<MethodDesc, Map<TypeDesc, bigint>>();
  private readonly all: bigint[] = [];

  constructor(private readonly rt: Runtime, private readonly types: RuntimeTypes) {
    rt.gc.addRootProvider(() => this.all);
  }

  /** The handle of `md` (its MethodDesc address, given a precode so it maps back). */
  handleOf(md: MethodDesc): bigint {
    this.rt.code.ensurePrecode(md);
    return md.address;
  }

  /** The method behind a RuntimeMethodHandle value, or a named error. */
  methodOfHandle(handle: bigint, where: string): MethodDesc {
    const md = this.rt.code.methodByDescAddress(handle);
    if (!md) throw new UnknownMethodHandleError(handle, where);
    return md;
  }

  /** `.ctor`/`.cctor` of `t` itself (constructors are never inherited) that `flags` selects. */
  constructorsOf(t: TypeDesc, flags: number): MethodDesc[] {
    const asm = t.assembly;
    if (!asm) return [];
    const out: MethodDesc[] = [];
    for (const row of asm.md.methodsOf(t.row)) {
      const md = this.rt.types.methodOf(t, row);
      if (md.name !== '.ctor' && md.name !== '.cctor') continue;
      const isStatic = (md.attributes & MethodAttributes.Static) !== 0;
      const isPublic = (md.attributes & MethodAttributes.MemberAccessMask) === MethodAttributes.Public;
      if (!(flags & (isStatic ? BindingFlags.Static : BindingFlags.Instance))) continue;
      if (!(flags & (isPublic ? BindingFlags.Public : BindingFlags.NonPublic))) continue;
      out.push(md);
    }
    return out;
  }

  /**
   * The methods (constructors excluded) of `t` and, unless DeclaredOnly, its base classes that
   * `flags` and the name select (`name` null: every name; `ignoreCase`), most derived first; a
   * base virtual that `t` overrides (same vtable slot) appears once, as the override. Private
   * members of base classes are not visible, nor base statics without FlattenHierarchy.
   */
  methodsByName(t: TypeDesc, name: string | null, ignoreCase: boolean, flags: number): MethodDesc[] {
    const out: MethodDesc[] = [];
    const taken = new Set<MethodDesc>();
    for (let c: TypeDesc | null = t; c; c = c.parent) {
      if (c !== t && flags & 0x2) break;
      const asm = c.assembly;
      if (!asm || c.element) continue;
      this.rt.types.ensureLoaded(c);
      for (const row of asm.md.methodsOf(c.row)) {
        const md = this.rt.types.methodOf(c, row);
        if (md.name === '.ctor' || md.name === '.cctor') continue;
        if (name !== null && (ignoreCase ? md.name.toLowerCase() !== name.toLowerCase() : md.name !== name)) continue;
        const access = md.attributes & MethodAttributes.MemberAccessMask;
        const isPublic = access === MethodAttributes.Public;
        const isStatic = (md.attributes & MethodAttributes.Static) !== 0;
        if (!(flags & (isPublic ? BindingFlags.Public : BindingFlags.NonPublic))) continue;
        if (!(flags & (isStatic ? BindingFlags.Static : BindingFlags.Instance))) continue;
        if (c !== t && (access === 0x1 || (isStatic && !(flags & 0x40)))) continue;
        // The most derived implementation of a slot stands for every method in it.
        const slot = md.isVirtual ? c.vtable.indexOf(md) : -1;
        const impl = slot >= 0 && t.vtable[slot] ? t.vtable[slot]! : md;
        if (taken.has(impl) || (impl !== md && taken.has(md))) continue;
        taken.add(impl);
        taken.add(md);
        out.push(impl);
      }
    }
    return out;
  }

  /** The one RuntimeConstructorInfo/RuntimeMethodInfo of `md` as seen from `reflected`. */
  methodObject(md: MethodDesc, reflected: TypeDesc): bigint {
    let perType = this.methodObjects.get(md);
    const hit = perType?.get(reflected);
    if (hit !== undefined) return hit;
    const types = this.rt.types;
    const isCtor = md.name === '.ctor' || md.name === '.cctor';
    const cls = types.ensureLoaded(types.corlibType(isCtor ? 'System.Reflection.RuntimeConstructorInfo' : 'System.Reflection.RuntimeMethodInfo'));
    const handle = this.handleOf(md);
    const reftype = this.types.typeObject(reflected);
    const obj = this.rt.objects.allocObject(cls);
    this.all.push(obj);
    const mem = this.rt.machine.memory;
    mem.setU64(obj + BigInt(runtimeField(cls, 'mhandle').offset), handle);
    mem.setU64(obj + BigInt(runtimeField(cls, 'reftype').offset), reftype);
    const name = this.rt.objects.allocString(md.name);
    mem.setU64(obj + BigInt(runtimeField(cls, 'name').offset), name);
    if (!perType) this.methodObjects.set(md, (perType = new Map()));
    perType.set(reflected, obj);
    return obj;
  }

  /** The parameter types of `md` (its signature with the generic context substituted). */
  parameterTypes(md: MethodDesc): TypeDesc[] {
    return this.signature(md).parameterTypes;
  }

  /** `md`'s decoded signature (generic context substituted). */
  signature(md: MethodDesc): MethodSignature<TypeDesc> {
    return md.assembly.md.methodDefSignature(md.row, this.rt.types.provider(md.assembly), methodContext(md));
  }

  /** A new `ParameterInfo[]` of RuntimeParameterInfo objects for `md`, owned by `member`. */
  parameterInfos(md: MethodDesc, member: bigint): bigint {
    const types = this.rt.types;
    const mem = this.rt.machine.memory;
    const params = this.parameterTypes(md);
    const infoType = types.ensureLoaded(types.corlibType('System.Reflection.ParameterInfo'));
    const array = this.rt.objects.allocArray(types.ensureLoaded(types.arrayOf(infoType)), params.length);
    if (params.length === 0) return array;
    // The array is kept alive by a temporary root while its elements are allocated.
    this.all.push(array);
    try {
      const cls = types.ensureLoaded(types.corlibType('System.Reflection.RuntimeParameterInfo'));
      const names = this.parameterNames(md, params.length);
      params.forEach((p, i) => {
        const info = this.rt.objects.allocObject(cls);
        mem.setU64(array + 32n + BigInt(8 * i), info);
        mem.setU64(info + BigInt(runtimeField(cls, 'ClassImpl').offset), this.types.typeObject(p));
        mem.setU64(info + BigInt(runtimeField(cls, 'MemberImpl').offset), member);
        mem.setU32(info + BigInt(runtimeField(cls, 'PositionImpl').offset), i);
        mem.setU32(info + BigInt(runtimeField(cls, 'AttrsImpl').offset), names[i]!.flags);
        if (names[i]!.name !== null) mem.setU64(info + BigInt(runtimeField(cls, 'NameImpl').offset), this.rt.objects.allocString(names[i]!.name!));
      });
    } finally {
      this.all.splice(this.all.lastIndexOf(array), 1);
    }
    return array;
  }

  /** Names and ParamAttributes of `md`'s parameters 1..count from its Param rows (§II.22.33). */
  private parameterNames(md: MethodDesc, count: number): { name: string | null; flags: number }[] {
    const out = Array.from({ length: count }, () => ({ name: null as string | null, flags: 0 }));
    const meta = md.assembly.md;
    for (const r of meta.paramsOf(md.row)) {
      const p = meta.row.param(r);
      if (p.sequence >= 1 && p.sequence <= count) out[p.sequence - 1] = { name: p.name, flags: p.flags };
    }
    return out;
  }
}
