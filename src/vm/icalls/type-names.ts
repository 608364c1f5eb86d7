/**
 * Type names and shapes for reflection (icall-def.h groups RTTYPE, RUNTIMETYPEHANDLE, ASSEMBLY),
 * as Mono's icall.c answers them:
 *  - `RuntimeType.getFullName(full_name, assembly_qualified)`: Mono's `mono_type_get_name_full`
 *    forms — nested types joined by `+`, arrays `[]`/`[,]`/`[*]`, pointers `*`, byrefs `&`;
 *    generic instantiations list their arguments in `[…]`, each as `[Name, Assembly…]` when
 *    `full_name` (MONO_TYPE_NAME_FORMAT_FULL_NAME) and by plain name otherwise (ToString's form);
 *    `assembly_qualified` appends `, ` and the assembly's display name;
 *  - `RuntimeAssembly.get_fullname(Assembly)`: `Name, Version=a.b.c.d, Culture=neutral|x,
 *    PublicKeyToken=null|<8 bytes hex>` (the token is the last 8 bytes of the public key's SHA-1,
 *    reversed: ECMA-335 §II.6.2.1.3);
 *  - `RuntimeTypeHandle.GetElementType/GetArrayRank/GetGenericTypeDefinition_impl/
 *    GetMetadataToken/IsByRefLike`, `RuntimeType.GetInterfaces/get_DeclaringType/
 *    GetTypeCodeImplInternal/make_array_type/make_byref_type/MakePointerType`;
 *  - `RuntimeTypeHandle.internal_from_name(name, …, callerAssembly, throwOnError, ignoreCase, …)`
 *    behind Type.GetType(string): `Ns.Outer+Inner` with optional `[]` suffixes and an optional
 *    `, Assembly…` qualification; unqualified names are looked up in the caller's assembly (the
 *    program's, when the class library passes none) and then in the corlib; a miss is null or
 *    TypeLoadException as throwOnError says; generic argument lists are a named error for now;
 *  - `Assembly.GetEntryAssembly()`: the program's assembly;
 *  - `Assembly.GetTypes(exportedOnly)`: every TypeDef but `<Module>`, in table order (only the
 *    visible ones when exportedOnly: public top-level types and public nested types of them).
 */
import { createHash } from 'crypto';
import { TableId } from '../../metadata';
import type { Assembly } from '../assembly';
import { interfacesOf } from '../interfaces';
import { ARRAY_DATA_OFFSET, TypeKind, type TypeDesc } from '../type-desc';
import { NotSupportedYetError } from '../errors';
import { IcallArgumentError } from './errors';
import { icall, type IcallContext, type IcallTable } from './registry';
import { typeOfTypeObject } from './type';

/** The display name of `asm` (`Name, Version=…, Culture=…, PublicKeyToken=…`). */
export function assemblyDisplayName(asm: Assembly): string {
  const row = asm.md.row.assembly(1);
  const key = row.publicKey;
  const token = key.length === 0 ? 'null' : Buffer.from(createHash('sha1').update(key).digest().subarray(-8)).reverse().toString('hex');
  return `${row.name}, Version=${row.version.join('.')}, Culture=${row.culture || 'neutral'}, PublicKeyToken=${token}`;
}

/** `t`'s name in Mono's reflection format (see the file comment). */
export function reflectionName(t: TypeDesc, fullName: boolean): string {
  if (t.kind === TypeKind.Unsupported) return t.fullName; // a generic parameter: its name
  if (t.element) {
    const suffix = t.kind === TypeKind.SzArray ? (t.arrayRank === 0 ? '[]' : t.arrayRank === 1 ? '[*]' : `[${','.repeat(t.arrayRank - 1)}]`) : t.kind === TypeKind.Pointer ? '*' : '&';
    return reflectionName(t.element, fullName) + suffix;
  }
  const def = t.genericDefinition ?? t;
  const base = def.fullName.replace(/\//g, '+');
  if (t.typeArgs.length === 0) return base;
  const args = t.typeArgs.map((a) => (fullName && a.assembly ? `[${reflectionName(a, true)}, ${assemblyDisplayName(a.genericDefinition?.assembly ?? a.assembly)}]` : reflectionName(a, fullName)));
  return `${base}[${args.join(',')}]`;
}

/** The assembly that defines `t` (an array's or pointer's element's). */
function definingAssembly(t: TypeDesc): Assembly | null {
  let e = t;
  while (e.element) e = e.element;
  return (e.genericDefinition ?? e).assembly;
}

/** System.TypeCode values (the order of the enum). */
const TYPE_CODES: Readonly<Record<string, number>> = {
  'System.DBNull': 2, 'System.Boolean': 3, 'System.Char': 4, 'System.SByte': 5, 'System.Byte': 6, 'System.Int16': 7,
  'System.UInt16': 8, 'System.Int32': 9, 'System.UInt32': 10, 'System.Int64': 11, 'System.UInt64': 12, 'System.Single': 13,
  'System.Double': 14, 'System.Decimal': 15, 'System.DateTime': 16, 'System.String': 18,
};

function typeCode(ctx: IcallContext, t: TypeDesc): number {
  if (t.isValueType && t.parent?.fullName === 'System.Enum') {
    const value = ctx.rt.types.ensureLoaded(t).instanceFields.find((f) => f.name === 'value__');
    if (value) return typeCode(ctx, value.type);
  }
  if (t.element || t.typeArgs.length > 0 || t.assembly !== ctx.rt.binder.corlib) return 1; // TypeCode.Object
  return TYPE_CODES[t.fullName] ?? 1;
}

/** A new RuntimeType[] (what Mono answers for a Type[] result) holding the RuntimeType objects of `types`. */
function typeArray(ctx: IcallContext, types: readonly TypeDesc[]): bigint {
  const rt = ctx.rt;
  const objects = types.map((t) => rt.reflection.typeObject(t));
  const array = rt.objects.allocArray(rt.types.ensureLoaded(rt.types.arrayOf(rt.types.corlibType('System.RuntimeType'))), objects.length);
  objects.forEach((o, i) => rt.machine.memory.setU64(array + BigInt(ARRAY_DATA_OFFSET + 8 * i), o));
  return array;
}

/** TypeAttributes visibility (§II.23.1.15): public, and nested public. */
function isVisible(asm: Assembly, row: number): boolean {
  const vis = asm.md.row.typeDef(row).flags & 0x7;
  if (vis === 0x1) return true;
  if (vis !== 0x2) return false;
  const outer = asm.md.enclosingTypeOf(row);
  return outer !== 0 && isVisible(asm, outer);
}

export const typeNameIcalls: IcallTable = [
  icall('System.RuntimeType::getFullName(bool,bool)', ['ref', 'bool', 'bool'], 'ref', (ctx, self, fullName, assemblyQualified) => {
    const t = typeOfTypeObject(ctx, self, 'this');
    let name = reflectionName(t, fullName);
    if (assemblyQualified) {
      const asm = definingAssembly(t);
      if (asm) name += `, ${assemblyDisplayName(asm)}`;
    }
    return ctx.rt.objects.allocString(name);
  }),
  icall('System.Reflection.RuntimeAssembly::get_fullname(System.Reflection.Assembly)', ['ref'], 'ref', (ctx, self) => {
    const asm = ctx.rt.reflection.assemblies.assemblyOfObject(self);
    if (!asm) throw new IcallArgumentError(ctx.icall, 'this', `0x${self.toString(16)} is not a RuntimeAssembly of this runtime`);
    return ctx.rt.objects.allocString(assemblyDisplayName(asm));
  }),
  icall('System.RuntimeTypeHandle::GetElementType(System.RuntimeType)', ['ref'], 'ref', (ctx, type) => {
    const t = typeOfTypeObject(ctx, type, 'type');
    return t.element ? ctx.rt.reflection.typeObject(t.element) : 0n;
  }),
  icall('System.RuntimeTypeHandle::GetArrayRank(System.RuntimeType)', ['ref'], 'i32', (ctx, type) => {
    const t = typeOfTypeObject(ctx, type, 'type');
    if (t.kind !== TypeKind.SzArray) throw new IcallArgumentError(ctx.icall, 'type', `${t.fullName} is not an array type`);
    return Math.max(1, t.arrayRank);
  }),
  icall('System.RuntimeTypeHandle::GetGenericTypeDefinition_impl(System.RuntimeType)', ['ref'], 'ref', (ctx, type) => {
    const t = typeOfTypeObject(ctx, type, 'type');
    if (t.genericDefinition) return ctx.rt.reflection.typeObject(t.genericDefinition);
    if (!t.element && t.assembly) {
      const gp = t.assembly.md.genericParamsOf((0x02 << 24) | t.row);
      if (gp.end > gp.start) return type;
    }
    return 0n;
  }),
  icall('System.RuntimeTypeHandle::GetMetadataToken(System.RuntimeType)', ['ref'], 'i32', (ctx, type) => {
    const t = typeOfTypeObject(ctx, type, 'type');
    const def = t.genericDefinition ?? t;
    return def.element || !def.assembly ? 0x0200_0000 : (0x02 << 24) | def.row;
  }),
  icall('System.RuntimeTypeHandle::IsByRefLike(System.RuntimeType)', ['ref'], 'bool', (ctx, type) => {
    const t = typeOfTypeObject(ctx, type, 'type');
    const def = t.genericDefinition ?? t;
    if (!def.isValueType || !def.assembly) return false;
    const rows = ctx.rt.reflection.customAttributes.rowsOf({ assembly: def.assembly, token: (0x02 << 24) | def.row });
    return rows.some((r) => r.type.fullName === 'System.Runtime.CompilerServices.IsByRefLikeAttribute');
  }),
  icall('System.RuntimeType::GetInterfaces()', ['ref'], 'ref', (ctx, self) => {
    const t = ctx.rt.types.ensureLoaded(typeOfTypeObject(ctx, self, 'this'));
    return typeArray(ctx, [...interfacesOf(ctx.rt, t)]);
  }),
  icall('System.RuntimeType::get_DeclaringType()', ['ref'], 'ref', (ctx, self) => {
    const t = typeOfTypeObject(ctx, self, 'this');
    const def = t.genericDefinition ?? t;
    if (def.element || !def.assembly) return 0n;
    const outer = def.assembly.md.enclosingTypeOf(def.row);
    return outer === 0 ? 0n : ctx.rt.reflection.typeObject(ctx.rt.types.typeFromDef(def.assembly, outer));
  }),
  icall('System.RuntimeType::GetTypeCodeImplInternal(System.Type)', ['ref'], 'i32', (ctx, type) => (type === 0n ? 0 : typeCode(ctx, typeOfTypeObject(ctx, type, 'type')))),
  icall('System.RuntimeType::make_array_type(int)', ['ref', 'i32'], 'ref', (ctx, self, rank) => {
    const rt = ctx.rt;
    const t = typeOfTypeObject(ctx, self, 'this');
    return rt.reflection.typeObject(rank === 0 ? rt.types.arrayOf(t) : rt.types.generalArrayOf(t, rank));
  }),
  icall('System.Reflection.Assembly::GetTypes(bool)', ['ref', 'bool'], 'ref', (ctx, self, exportedOnly) => {
    const rt = ctx.rt;
    const asm = rt.reflection.assemblies.assemblyOfObject(self);
    if (!asm) throw new IcallArgumentError(ctx.icall, 'this', `0x${self.toString(16)} is not a RuntimeAssembly of this runtime`);
    const types: TypeDesc[] = [];
    const count = asm.md.rowCount(TableId.TypeDef);
    // Row 1 is the <Module> pseudo-type (§II.10.8), which reflection does not list.
    for (let row = 2; row <= count; row++) if (!exportedOnly || isVisible(asm, row)) types.push(rt.types.typeFromDef(asm, row));
    return typeArray(ctx, types);
  }, { leaf: false }),
  icall('System.RuntimeTypeHandle::internal_from_name(string,System.Threading.StackCrawlMark&,System.Reflection.Assembly,bool,bool,bool)', ['ref', 'ptr', 'ref', 'bool', 'bool', 'bool'], 'ref', (ctx, name, _mark, caller, throwOnError, ignoreCase) => {
    const rt = ctx.rt;
    if (name === 0n) return rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: typeName', ctx.call);
    const text = rt.objects.readString(name);
    if (text.includes('[[') || /`\d+\[[^\]]/.test(text)) throw new NotSupportedYetError(`Type.GetType of a generic instantiation ('${text}')`, ctx.icall);
    const comma = text.indexOf(',');
    const typePart = (comma >= 0 ? text.slice(0, comma) : text).trim();
    const asmName = comma >= 0 ? text.slice(comma + 1).split(',')[0]!.trim() : null;
    const ranks: number[] = [];
    let base = typePart;
    for (let m = /\[(,*|\*)\]$/.exec(base); m; m = /\[(,*|\*)\]$/.exec(base)) {
      ranks.unshift(m[1] === '' ? 0 : m[1] === '*' ? 1 : m[1]!.length + 1);
      base = base.slice(0, m.index);
    }
    const nested = base.replace(/\+/g, '/');
    const callerAsm = caller !== 0n ? rt.reflection.assemblies.assemblyOfObject(caller) : rt.mainAssembly;
    let scopes: Assembly[];
    if (asmName) {
      try {
        scopes = [rt.binder.bind(asmName)];
      } catch {
        if (throwOnError) return rt.helpers.raise('System.IO.FileNotFoundException', `Could not load file or assembly '${asmName}' or one of its dependencies. The system cannot find the file specified.`, ctx.call);
        return 0n;
      }
    } else {
      scopes = [...(callerAsm ? [callerAsm] : []), rt.binder.corlib];
    }
    for (const scope of scopes) {
      const loc = ignoreCase ? scope.locateTypeIgnoringCase(nested) : scope.locateType(nested);
      if (!loc) continue;
      let t = rt.types.typeFromDef(loc.assembly, loc.row);
      for (const r of ranks.reverse()) t = r === 0 ? rt.types.arrayOf(t) : rt.types.generalArrayOf(t, r);
      return rt.reflection.typeObject(t);
    }
    if (throwOnError) return rt.helpers.raise('System.TypeLoadException', `Could not load type '${typePart}' from assembly '${scopes[0]!.name}'.`, ctx.call);
    return 0n;
  }, { leaf: false }),
  icall('System.Reflection.Assembly::GetEntryAssembly()', [], 'ref', (ctx) => (ctx.rt.mainAssembly ? ctx.rt.reflection.assemblies.assemblyObject(ctx.rt.mainAssembly) : 0n)),
];
