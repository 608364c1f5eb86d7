/**
 * Type identity for reflection (shared/mono-bcl-contract.md §1.7): exactly one
 * `System.RuntimeType` object per type, whose `_impl` field (the RuntimeTypeHandle, @16) holds
 * the type's handle — in this runtime the type's MethodTable address, the same value `ldtoken`
 * pushes. `Type.op_Equality` is `ReferenceEquals`, so `typeof(T)` (`Type.internal_from_handle`)
 * and `obj.GetType()` must hand out the very same object: the cache below is the only place that
 * allocates RuntimeType objects.
 *
 * Invariants: the collector never moves objects, so cached addresses stay valid; every cached
 * RuntimeType is a GC root for the runtime's lifetime (Mono keeps them in the domain's type hash).
 */
import { VmError } from '../errors';
import type { Runtime } from '../runtime';
import type { TypeDesc } from '../type-desc';
import { runtimeField } from './fields';
import { AssemblyObjects } from './assemblies';
import { CustomAttributes } from './custom-attributes';
import { MemberObjects } from './members';
import { PropertyObjects } from './properties';

export { MissingRuntimeFieldError, runtimeField } from './fields';

/** A handle value that names no type this runtime built. */
export class UnknownTypeHandleError extends VmError {
  override name = 'UnknownTypeHandleError';
  constructor(readonly handle: bigint, readonly where: string) {
    super(`${where}: 0x${handle.toString(16)} is not a RuntimeTypeHandle (MethodTable) of this runtime`);
  }
}

export class RuntimeTypes {
  private readonly byType = new Map<TypeDesc, bigint>();
  private readonly typeByObject = new Map<bigint, TypeDesc>();
  /** RuntimeConstructorInfo/RuntimeMethodInfo/ParameterInfo objects (members.ts). */
  readonly members: MemberObjects;
  /** RuntimeAssembly objects (assemblies.ts). */
  readonly assemblies: AssemblyObjects;
  /** Property handles and RuntimePropertyInfo objects (properties.ts). */
  readonly properties: PropertyObjects;
  /** Custom attribute rows and the attribute objects built from them (custom-attributes.ts). */
  readonly customAttributes: CustomAttributes;

  constructor(private readonly rt: Runtime) {
    rt.gc.addRootProvider(() => this.byType.values());
    this.members = new MemberObjects(rt, this);
    this.assemblies = new AssemblyObjects(rt);
    this.properties = new PropertyObjects(rt);
    this.customAttributes = new CustomAttributes(rt);
  }

  /** The one RuntimeType object of `t` (loaded first, or given a definition handle when it is an open generic). */
  typeObject(t: TypeDesc): bigint {
    const cached = this.byType.get(t);
    if (cached !== undefined) return cached;
    const handle = this.handleOf(t);
    const types = this.rt.types;
    const runtimeType = types.ensureLoaded(types.corlibType('System.RuntimeType'));
    const obj = this.rt.objects.allocObject(runtimeType);
    this.rt.machine.memory.setU64(obj + BigInt(runtimeField(runtimeType, '_impl').offset), handle);
    this.byType.set(t, obj);
    this.typeByObject.set(obj, t);
    return obj;
  }

  /** The RuntimeType object for a RuntimeTypeHandle value. */
  fromHandle(handle: bigint, where: string): bigint {
    return this.typeObject(this.typeOfHandle(handle, where));
  }

  /** The type behind a handle value, or a named error. */
  typeOfHandle(handle: bigint, where: string): TypeDesc {
    const t = this.rt.types.typeOfMethodTable(handle);
    if (!t) throw new UnknownTypeHandleError(handle, where);
    return t;
  }

  /** The type a RuntimeType object stands for, or undefined when `obj` is not one of ours. */
  typeOfObject(obj: bigint): TypeDesc | undefined {
    return this.typeByObject.get(obj);
  }

  /** The handle of `t`: its MethodTable (an open generic definition's comes from `ldtoken`). */
  handleOf(t: TypeDesc): bigint {
    if (t.methodTable !== 0n) return t.methodTable;
    // An open generic definition (typeof(List<>), GetGenericTypeDefinition) never loads: it gets
    // the definition-only MethodTable that `ldtoken List`1` pushes.
    if (!t.element && t.typeArgs.length === 0 && t.assembly) {
      const gp = t.assembly.md.genericParamsOf((0x02 << 24) | t.row);
      if (gp.end > gp.start) return this.rt.types.definitionHandle(t);
    }
    this.rt.types.ensureLoaded(t);
    if (t.methodTable === 0n) throw new VmError(`type ${t.fullName} has no RuntimeTypeHandle in this runtime (pointer and byref types are not supported by reflection yet)`);
    return t.methodTable;
  }
}
