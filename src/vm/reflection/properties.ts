/**
 * Properties for reflection (ECMA-335 §II.22.34 Property, §II.22.35 PropertyMap, §II.22.28
 * MethodSemantics; Mono's icall.c `ves_icall_RuntimeType_GetPropertiesByName_native` and
 * `ves_icall_RuntimePropertyInfo_get_property_info`):
 *  - a property handle (Mono's MonoProperty*) is a runtime-owned native cell, one per (declaring
 *    type, Property row), mapped back here;
 *  - `propertiesByName` walks the type and, unless DeclaredOnly, its base classes, keeping the
 *    most derived property of each name, and filters by the accessors' access and staticness as
 *    BindingFlags say (public when either accessor is; static members of base classes only with
 *    FlattenHierarchy);
 *  - `RuntimePropertyInfo` objects `{IntPtr klass; IntPtr prop; …}` are one per (property,
 *    reflected type), cached as GC roots.
 */
import { TableId, tokenRow } from '../../metadata';
import { VmError } from '../errors';
import type { MethodDesc } from '../method-desc';
import type { Runtime } from '../runtime';
import type { TypeDesc } from '../type-desc';
import { runtimeField } from './fields';
import { BindingFlags } from './members';

/** A handle value that names no property this runtime handed out. */
export class UnknownPropertyHandleError extends VmError {
  override name = 'UnknownPropertyHandleError';
  constructor(readonly handle: bigint, readonly where: string) {
    super(`${where}: 0x${handle.toString(16)} is not a property handle of this runtime`);
  }
}

/** One property of a loaded type. */
export interface PropertyDesc {
  readonly declaringType: TypeDesc;
  readonly row: number;
  readonly name: string;
  readonly flags: number;
  readonly getter: MethodDesc | null;
  readonly setter: MethodDesc | null;
  /** The native cell that is this property's handle. */
  readonly handle: bigint;
}

/** MethodSemanticsAttributes (§II.23.1.12) of property accessors. */
const enum Semantics {
  /** The setter. */
  Setter = 0x1,
  /** The getter. */
  Getter = 0x2,
}

/** BindingFlags bits used only here. */
const enum MoreBindingFlags {
  /** Only members the type itself declares. */
  DeclaredOnly = 0x2,
  /** Public and protected static members of base classes too. */
  FlattenHierarchy = 0x40,
}

/** RuntimeType.MemberListType: how `name` is matched. */
export const enum MemberListType {
  /** Every member; the name is ignored. */
  All = 0,
  /** Names equal by ordinal comparison. */
  CaseSensitive = 1,
  /** Names equal ignoring case. */
  CaseInsensitive = 2,
}

export class PropertyObjects {
  private readonly byType = new Map<TypeDesc, PropertyDesc[]>();
  private readonly byHandle = new Map<bigint, PropertyDesc>();
  private readonly objects = new Map<PropertyDesc, Map<TypeDesc, bigint>>();
  private readonly all: bigint[] = [];

  constructor(private readonly rt: Runtime) {
    rt.gc.addRootProvider(() => this.all);
  }

  /** The properties `t` itself declares (loaded once). */
  declaredProperties(t: TypeDesc): PropertyDesc[] {
    let list = this.byType.get(t);
    if (list) return list;
    list = [];
    const asm = t.assembly;
    if (asm && !t.element) {
      const md = asm.md;
      const map = md.propertyMapOf(t.row);
      for (const row of map ? md.propertiesOfMap(map) : []) {
        const p = md.row.property(row);
        let getter: MethodDesc | null = null;
        let setter: MethodDesc | null = null;
        const sem = md.semanticsOf((TableId.Property << 24) | row);
        for (let r = sem.start; r < sem.end; r++) {
          const s = md.row.methodSemantics(r);
          const m = this.rt.types.methodOf(t, tokenRow(s.method));
          if (s.semantics & Semantics.Getter) getter = m;
          else if (s.semantics & Semantics.Setter) setter = m;
        }
        const handle = this.rt.heaps.loader.alloc(8, 8);
        const desc: PropertyDesc = { declaringType: t, row, name: p.name, flags: p.flags, getter, setter, handle };
        this.byHandle.set(handle, desc);
        list.push(desc);
      }
    }
    this.byType.set(t, list);
    return list;
  }

  /** The property behind a handle, or a named error. */
  propertyOfHandle(handle: bigint, where: string): PropertyDesc {
    const p = this.byHandle.get(handle);
    if (!p) throw new UnknownPropertyHandleError(handle, where);
    return p;
  }

  /** The properties of `t` (and its bases) that `flags`, `name` and `listType` select, most derived first. */
  propertiesByName(t: TypeDesc, name: string | null, flags: number, listType: MemberListType): PropertyDesc[] {
    const out: PropertyDesc[] = [];
    const seen = new Set<string>();
    for (let c: TypeDesc | null = t; c; c = c.parent) {
      if (c !== t && flags & MoreBindingFlags.DeclaredOnly) break;
      for (const p of this.declaredProperties(c)) {
        if (listType === MemberListType.CaseSensitive && p.name !== name) continue;
        if (listType === MemberListType.CaseInsensitive && p.name.toLowerCase() !== (name ?? '').toLowerCase()) continue;
        const accessor = p.getter ?? p.setter;
        if (!accessor) continue;
        // Public when either accessor is (Mono's GetPropertiesByName_native): `{ private get; set; }` is public.
        const isPublic = [p.getter, p.setter].some((m) => m !== null && (m.attributes & 0x7) === 0x6);
        const isStatic = accessor.isStatic;
        if (!(flags & (isPublic ? BindingFlags.Public : BindingFlags.NonPublic))) continue;
        if (!(flags & (isStatic ? BindingFlags.Static : BindingFlags.Instance))) continue;
        if (isStatic && c !== t && !(flags & MoreBindingFlags.FlattenHierarchy)) continue;
        if (!isPublic && c !== t && (accessor.attributes & 0x7) === 0x1) continue; // private members of bases are not visible
        if (seen.has(p.name)) continue;
        seen.add(p.name);
        out.push(p);
      }
    }
    return out;
  }

  /** The one RuntimePropertyInfo of `p` as seen from `reflected`. */
  propertyObject(p: PropertyDesc, reflected: TypeDesc): bigint {
    let perType = this.objects.get(p);
    const hit = perType?.get(reflected);
    if (hit !== undefined) return hit;
    const types = this.rt.types;
    const cls = types.ensureLoaded(types.corlibType('System.Reflection.RuntimePropertyInfo'));
    const obj = this.rt.objects.allocObject(cls);
    this.all.push(obj);
    const mem = this.rt.machine.memory;
    mem.setU64(obj + BigInt(runtimeField(cls, 'klass').offset), types.ensureLoaded(reflected).methodTable);
    mem.setU64(obj + BigInt(runtimeField(cls, 'prop').offset), p.handle);
    if (!perType) this.objects.set(p, (perType = new Map()));
    perType.set(reflected, obj);
    return obj;
  }
}
