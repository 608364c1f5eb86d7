/**
 * The type loader: metadata types → `TypeDesc`s with MethodTables in guest memory, on demand.
 *
 * Two steps, so that naming a type never loads it:
 *  1. `typeFromDef` / `resolveType` create a TypeDesc from its TypeDef alone: kind (class, value
 *     type by its parent's *name*: System.ValueType or System.Enum), storage type for the JIT
 *     (corlib primitives by name, enums by their `value__` field, references), nothing else;
 *  2. `ensureLoaded` loads the parent first, lays out instance fields (field-layout.ts), allocates
 *     the static field block, builds the vtable (§II.10.3: a parent's slots are inherited; a
 *     virtual method takes a new slot when it is `newslot` or matches no inherited slot by name
 *     and signature, otherwise it overrides) and writes the MethodTable (type-desc.ts).
 *
 * Types load lazily from Mono's mscorlib as signatures, tokens and the runtime name them; nothing
 * walks the corlib's TypeDef table beyond the name index.
 *
 * Generics (§II.9): a closed instantiation `G<A,B>` is a TypeDesc of its own (`typeArgs`,
 * `genericDefinition`) with its own layout, statics, vtable and MethodDescs, so every
 * instantiation is compiled separately (no code sharing). Signatures decode with a
 * `GenericContext` (the type arguments of the type and method being looked at); a generic
 * parameter with no argument in context (an open definition) stays a `TypeKind.Unsupported`
 * placeholder, as do multi-dimensional arrays: they may be named (a reference-typed field still
 * has size 8) but loading one is a NotSupportedYetError. Loading an instantiation (type or
 * method) checks its arguments against the definition's constraints (generic-constraints.ts). Signatures compare across the vtable
 * and interface maps by `signatureKey`: the instantiated types' names, not the metadata text.
 */
import { type Memory } from '../../emu';
import { IrType } from '../jit/ir/types';
import { ElementType, SignatureTypeProvider, TableId, Token, tokenRow, tokenTable } from '../metadata';
import { Assembly, primitiveTypeName } from './assembly';
import type { StartupProfile } from './startup-profile';
import type { AssemblyBinder } from './binder';
import { NotSupportedYetError, TypeLoadError } from './errors';
import { LayoutError, LayoutKind, layoutFields } from './field-layout';
import { checkGenericConstraints } from './generic-constraints';
import type { RuntimeHeaps } from './heaps';
import { MethodAttr, MethodDesc, METHOD_DESC_SIZE, MethodDescOffset } from './method-desc';
import {
  ARRAY_DATA_OFFSET, CctorState, FieldDesc, MethodTableFlags, MethodTableOffset, OBJECT_HEADER_SIZE,
  STRING_DATA_OFFSET, TypeDesc, TypeKind,
} from './type-desc';

/** Corlib value types with a fixed storage type and size. */
const PRIMITIVES: ReadonlyMap<string, { storage: IrType; size: number }> = new Map([
  ['System.Boolean', { storage: IrType.U1, size: 1 }], ['System.Char', { storage: IrType.U2, size: 2 }],
  ['System.SByte', { storage: IrType.I1, size: 1 }], ['System.Byte', { storage: IrType.U1, size: 1 }],
  ['System.Int16', { storage: IrType.I2, size: 2 }], ['System.UInt16', { storage: IrType.U2, size: 2 }],
  ['System.Int32', { storage: IrType.I4, size: 4 }], ['System.UInt32', { storage: IrType.U4, size: 4 }],
  ['System.Int64', { storage: IrType.I8, size: 8 }], ['System.UInt64', { storage: IrType.U8, size: 8 }],
  ['System.Single', { storage: IrType.R4, size: 4 }], ['System.Double', { storage: IrType.R8, size: 8 }],
  ['System.IntPtr', { storage: IrType.I, size: 8 }], ['System.UIntPtr', { storage: IrType.U, size: 8 }],
]);

const STORAGE_SIZE: Record<number, number> = {
  [IrType.I1]: 1, [IrType.U1]: 1, [IrType.I2]: 2, [IrType.U2]: 2, [IrType.I4]: 4, [IrType.U4]: 4,
  [IrType.I8]: 8, [IrType.U8]: 8, [IrType.I]: 8, [IrType.U]: 8, [IrType.R4]: 4, [IrType.R8]: 8, [IrType.Ref]: 8, [IrType.ByRef]: 8,
};

/** FieldAttributes bits (§II.23.1.5). */
const enum FieldAttr {
  /** `static`. */
  Static = 0x0010,
  /** `literal`: a compile-time constant with no storage. */
  Literal = 0x0040,
}

/** The type and method arguments generic parameters in a signature stand for (§II.9.4). */
export interface GenericContext {
  readonly typeArgs: readonly TypeDesc[];
  readonly methodArgs: readonly TypeDesc[];
}

/** The context of the members of type `t` (its own type arguments). */
export function typeContext(t: TypeDesc): GenericContext | null {
  return t.typeArgs.length ? { typeArgs: t.typeArgs, methodArgs: [] } : null;
}

/** The context inside method `md` (its type's and its own arguments). */
export function methodContext(md: MethodDesc): GenericContext | null {
  const typeArgs = md.declaringType.typeArgs;
  return typeArgs.length || md.methodArgs.length ? { typeArgs, methodArgs: md.methodArgs } : null;
}

/** Called for every MethodDesc that needs an entry address (vtable slots): creates its precode. */
export type PrecodeFactory = (md: MethodDesc) => void;

export class TypeLoader {
  private readonly defs = new Map<Assembly, Map<number, TypeDesc>>();
  private readonly arrays = new Map<TypeDesc, TypeDesc>();
  private readonly pointers = new Map<TypeDesc, TypeDesc>();
  private readonly byRefs = new Map<TypeDesc, TypeDesc>();
  private readonly methods = new Map<Assembly, Map<number, MethodDesc>>();
  private readonly providers = new Map<Assembly, SignatureTypeProvider<TypeDesc, GenericContext | null>>();
  private readonly instantiations = new Map<TypeDesc, Map<string, TypeDesc>>();
  private readonly instanceMethods = new Map<TypeDesc, Map<number, MethodDesc>>();
  private readonly methodInstantiations = new Map<MethodDesc, Map<string, MethodDesc>>();
  private readonly sigKeys = new Map<MethodDesc, string>();
  private readonly ids = new WeakMap<TypeDesc, number>();
  private nextId = 1;
  private readonly byMethodTable = new Map<bigint, TypeDesc>();
  private readonly genericParameters = new Map<string, { type: TypeDesc; owner: TypeDesc; position: number }>();
  private readonly parameterInfo = new Map<TypeDesc, { owner: TypeDesc; position: number }>();
  /** Told about each type once its MethodTable exists (for traces). */
  onTypeLoaded?: (t: TypeDesc) => void;
  /** Told about each type whose static block needs initial contents (String.Empty). */
  onStaticsAllocated?: (t: TypeDesc) => void;
  /** Times type loading (`--startup-profile`). */
  profile: StartupProfile | null = null;

  constructor(
    readonly binder: AssemblyBinder,
    private readonly memory: Memory,
    private readonly heaps: RuntimeHeaps,
    private readonly createPrecode: PrecodeFactory,
  ) {}

  // ---- naming types ---------------------------------------------------------------------------

  /** A corlib type by full name (`System.String`). */
  corlibType(fullName: string): TypeDesc {
    const corlib = this.binder.corlib;
    const loc = corlib.locateType(fullName);
    if (!loc) throw new TypeLoadError(fullName, corlib.name, 'no such type in the corlib');
    return this.typeFromDef(loc.assembly, loc.row);
  }

  /** The TypeDesc of TypeDef `row` of `asm` (not loaded). */
  typeFromDef(asm: Assembly, row: number): TypeDesc {
    let perAsm = this.defs.get(asm);
    if (!perAsm) this.defs.set(asm, (perAsm = new Map()));
    const hit = perAsm.get(row);
    if (hit) return hit;
    if (row < 1 || row > asm.md.rowCount(TableId.TypeDef)) throw new TypeLoadError(`TypeDef[${row}]`, asm.name, 'row out of range');
    const td = asm.md.row.typeDef(row);
    const name = asm.typeDefName(row);
    const parentName = this.parentName(asm, td.extends);
    const isValueType = (parentName === 'System.ValueType' || parentName === 'System.Enum') && name !== 'System.Enum';
    const t = new TypeDesc(isValueType ? TypeKind.ValueType : TypeKind.Class, name, asm, row, td.flags);
    perAsm.set(row, t);
    if (isValueType) {
      const prim = asm === this.binder.corlib ? PRIMITIVES.get(name) : undefined;
      if (prim) t.storage = prim.storage;
      else if (parentName === 'System.Enum') t.storage = this.enumStorage(t);
      else t.storage = null;
    }
    return t;
  }

  private parentName(asm: Assembly, ext: Token): string | undefined {
    if (tokenRow(ext) === 0) return undefined;
    switch (tokenTable(ext)) {
      case TableId.TypeDef: return asm.typeDefName(tokenRow(ext));
      case TableId.TypeRef: return asm.typeRefName(tokenRow(ext));
      default: return undefined; // a TypeSpec parent (generic base) is never ValueType/Enum
    }
  }

  private enumStorage(t: TypeDesc): IrType {
    const asm = t.assembly!;
    for (const f of asm.md.fieldsOf(t.row)) {
      if (asm.md.row.field(f).flags & FieldAttr.Static) continue;
      const ft = asm.md.fieldSignature(f, this.provider(asm), null);
      if (ft.storage === null || ft.storage === IrType.Ref) break;
      return ft.storage;
    }
    throw new TypeLoadError(t.fullName, asm.name, 'an enum needs one primitive instance field (value__)');
  }

  /** A TypeDef, TypeRef or TypeSpec token of `asm`, generic parameters taken from `ctx`. */
  resolveType(asm: Assembly, token: number, ctx: GenericContext | null = null): TypeDesc {
    const row = tokenRow(token);
    switch (tokenTable(token)) {
      case TableId.TypeDef: return this.typeFromDef(asm, row);
      case TableId.TypeRef: return this.resolveTypeRef(asm, row);
      case TableId.TypeSpec: return asm.md.typeSpecSignature(row, this.provider(asm), ctx);
      default: throw new TypeLoadError(`token 0x${(token >>> 0).toString(16)}`, asm.name, 'not a TypeDef, TypeRef or TypeSpec');
    }
  }

  resolveTypeRef(asm: Assembly, row: number): TypeDesc {
    const fullName = asm.typeRefName(row);
    let scope = asm.md.row.typeRef(row).resolutionScope;
    // A nested TypeRef resolves in the scope of its outermost enclosing TypeRef.
    while (tokenTable(scope) === TableId.TypeRef && tokenRow(scope) !== 0) scope = asm.md.row.typeRef(tokenRow(scope)).resolutionScope;
    let target: Assembly;
    switch (tokenTable(scope)) {
      case TableId.AssemblyRef: target = this.binder.bind(asm.md.row.assemblyRef(tokenRow(scope)).name); break;
      case TableId.Module: target = asm; break;
      default: throw new TypeLoadError(fullName, asm.name, `resolution scope table 0x${tokenTable(scope).toString(16)} is not supported`);
    }
    const loc = target.locateType(fullName);
    if (!loc) throw new TypeLoadError(fullName, target.name, `referenced from ${asm.name} but not defined there`);
    return this.typeFromDef(loc.assembly, loc.row);
  }

  arrayOf(element: TypeDesc): TypeDesc {
    let t = this.arrays.get(element);
    if (!t) {
      t = new TypeDesc(TypeKind.SzArray, `${element.fullName}[]`, null, 0, 0x1 | 0x100 /* public sealed */, element);
      this.arrays.set(element, t);
    }
    return t;
  }

  /**
   * The general array type of `element` with `rank` dimensions (§II.14.2): `T[,]`…, or `T[*]` for
   * rank 1. Declared sizes and lower bounds in a signature do not make distinct types (§I.8.9.1).
   */
  generalArrayOf(element: TypeDesc, rank: number): TypeDesc {
    if (element.kind === TypeKind.Unsupported) return this.unsupported(`${element.fullName}[${rank === 1 ? '*' : ','.repeat(rank - 1)}]`, element.unsupportedReason);
    if (rank < 1 || rank > 32) throw new TypeLoadError(`${element.fullName}[rank ${rank}]`, element.assembly?.name ?? '?', 'array rank must be 1 to 32');
    let perElem = this.generalArrays.get(element);
    if (!perElem) this.generalArrays.set(element, (perElem = new Map()));
    let t = perElem.get(rank);
    if (!t) {
      t = new TypeDesc(TypeKind.SzArray, `${element.fullName}[${rank === 1 ? '*' : ','.repeat(rank - 1)}]`, null, 0, 0x1 | 0x100 /* public sealed */, element);
      t.arrayRank = rank;
      perElem.set(rank, t);
    }
    return t;
  }

  private readonly generalArrays = new Map<TypeDesc, Map<number, TypeDesc>>();

  /**
   * A MethodTable standing for open generic definition `t` (what `ldtoken G`1` pushes; reflection
   * instantiates it through icalls): parent, flags and token only — no layout, statics or vtable,
   * since an open type is never instantiated. The type stays not loaded.
   */
  definitionHandle(t: TypeDesc): bigint {
    if (t.methodTable !== 0n) return t.methodTable;
    if (!t.assembly || t.typeArgs.length || this.genericArity(t.assembly, (0x02 << 24) | t.row) === 0) {
      throw new TypeLoadError(t.fullName, t.assembly?.name ?? '?', 'is not an open generic type definition');
    }
    const mt = this.heaps.loader.alloc(MethodTableOffset.Vtable, 16);
    this.memory.setU32(mt + BigInt(MethodTableOffset.Flags), (t.isValueType ? MethodTableFlags.ValueType : 0) | (t.isInterface ? MethodTableFlags.Interface : 0));
    this.memory.setU32(mt + BigInt(MethodTableOffset.Token), (0x02 << 24) | t.row);
    t.methodTable = mt;
    this.byMethodTable.set(mt, t);
    return mt;
  }

  /**
   * The placeholder type of generic parameter `position` of open definition `owner` (reflection's
   * `typeof(List<>).GetGenericArguments()[0]`): an Unsupported type (nothing loads or allocates
   * it) with a handle of its own, so that a RuntimeType can stand for it. One per parameter.
   */
  genericParameterOf(owner: TypeDesc, position: number): TypeDesc {
    return this.parameterPlaceholder(owner.assembly!, (0x02 << 24) | owner.row, owner.fullName, position, owner);
  }

  /** The placeholder type of generic parameter `position` of generic method definition `md` (`!!0`). */
  methodGenericParameterOf(md: MethodDesc, position: number): TypeDesc {
    return this.parameterPlaceholder(md.assembly, (0x06 << 24) | md.row, md.fullName, position, md.declaringType);
  }

  private parameterPlaceholder(asm: Assembly, ownerToken: number, ownerName: string, position: number, owner: TypeDesc): TypeDesc {
    const key = `${asm.name}|${ownerToken}|${position}`;
    const hit = this.genericParameters.get(key);
    if (hit) return hit.type;
    const range = asm.md.genericParamsOf(ownerToken);
    const row = range.start + position;
    if (row >= range.end) throw new TypeLoadError(ownerName, asm.name, `has no generic parameter ${position}`);
    const name = asm.md.row.genericParam(row).name;
    const t = new TypeDesc(TypeKind.Unsupported, name, null, 0, 0, null, `${name} is a generic parameter of ${ownerName}`);
    const mt = this.heaps.loader.alloc(MethodTableOffset.Vtable, 16);
    t.methodTable = mt;
    this.byMethodTable.set(mt, t);
    this.genericParameters.set(key, { type: t, owner, position });
    this.parameterInfo.set(t, { owner, position });
    return t;
  }

  /** The open definition and position of a generic parameter placeholder, or undefined. */
  genericParameterInfo(t: TypeDesc): { readonly owner: TypeDesc; readonly position: number } | undefined {
    return this.parameterInfo.get(t);
  }

  pointerTo(element: TypeDesc): TypeDesc {
    let t = this.pointers.get(element);
    if (!t) {
      t = new TypeDesc(TypeKind.Pointer, `${element.fullName}*`, null, 0, 0, element);
      t.storage = IrType.I;
      this.pointers.set(element, t);
    }
    return t;
  }

  byRefTo(element: TypeDesc): TypeDesc {
    let t = this.byRefs.get(element);
    if (!t) {
      t = new TypeDesc(TypeKind.ByRef, `${element.fullName}&`, null, 0, 0, element);
      t.storage = IrType.ByRef;
      this.byRefs.set(element, t);
    }
    return t;
  }

  private unsupported(name: string, reason: string, like?: TypeDesc): TypeDesc {
    const t = new TypeDesc(TypeKind.Unsupported, name, like?.assembly ?? null, like?.row ?? 0, like?.flags ?? 0, like ?? null, reason);
    t.storage = like && like.kind === TypeKind.ValueType ? null : IrType.Ref;
    return t;
  }

  private idOf(t: TypeDesc): number {
    let id = this.ids.get(t);
    if (id === undefined) this.ids.set(t, (id = this.nextId++));
    return id;
  }

  /**
   * The closed instantiation `def<args>` (not loaded). An argument that is itself an open
   * generic parameter gives an Unsupported placeholder: code over open types is never compiled.
   */
  instantiate(def: TypeDesc, args: readonly TypeDesc[]): TypeDesc {
    const name = `${def.fullName}<${args.map((a) => a.fullName).join(',')}>`;
    const open = args.find((a) => a.kind === TypeKind.Unsupported);
    if (def.kind === TypeKind.Unsupported || open) return this.unsupported(name, open?.unsupportedReason || def.unsupportedReason || 'generic instantiations', def);
    if (def.typeArgs.length || !def.assembly) throw new TypeLoadError(name, def.assembly?.name ?? '?', `${def.fullName} is not a generic type definition`);
    const arity = this.genericArity(def.assembly, (0x02 << 24) | def.row);
    if (arity !== args.length) throw new TypeLoadError(name, def.assembly.name, `${def.fullName} takes ${arity} type argument(s), given ${args.length}`);
    let perDef = this.instantiations.get(def);
    if (!perDef) this.instantiations.set(def, (perDef = new Map()));
    const key = args.map((a) => this.idOf(a)).join(',');
    let t = perDef.get(key);
    if (t) return t;
    t = new TypeDesc(def.kind, name, def.assembly, def.row, def.flags);
    t.typeArgs = args.slice();
    t.genericDefinition = def;
    t.storage = def.kind === TypeKind.ValueType ? def.storage : IrType.Ref;
    perDef.set(key, t);
    return t;
  }

  private genericArity(asm: Assembly, owner: number): number {
    const gp = asm.md.genericParamsOf(owner);
    return gp.end - gp.start;
  }

  /** The generic method instantiation `md<args>` (one MethodDesc, compiled on its own, per argument list). */
  instantiateMethod(md: MethodDesc, args: readonly TypeDesc[]): MethodDesc {
    if (md.genericMethodDefinition) throw new TypeLoadError(md.fullName, md.assembly.name, 'is already a generic method instantiation');
    const arity = this.genericArity(md.assembly, md.token);
    if (arity !== args.length) throw new TypeLoadError(md.fullName, md.assembly.name, `takes ${arity} method type argument(s), given ${args.length}`);
    let perMd = this.methodInstantiations.get(md);
    if (!perMd) this.methodInstantiations.set(md, (perMd = new Map()));
    const key = args.map((a) => this.idOf(a)).join(',');
    let inst = perMd.get(key);
    if (inst) return inst;
    checkGenericConstraints(this, md.assembly, md.token, md.fullName, args, { typeArgs: md.declaringType.typeArgs, methodArgs: args });
    inst = this.newMethodDesc(md.assembly, md.row, md.declaringType);
    inst.methodArgs = args.slice();
    inst.genericMethodDefinition = md;
    perMd.set(key, inst);
    return inst;
  }

  /** The MethodDesc of MethodDef `row` as a member of `t` (an instantiation has its own). */
  methodOf(t: TypeDesc, row: number): MethodDesc {
    if (!t.typeArgs.length) return this.methodDesc(t.assembly!, row);
    let perType = this.instanceMethods.get(t);
    if (!perType) this.instanceMethods.set(t, (perType = new Map()));
    let md = perType.get(row);
    if (!md) perType.set(row, (md = this.newMethodDesc(t.assembly!, row, t)));
    return md;
  }

  /**
   * A method's signature with its generic parameters substituted, as text: what an override or
   * an interface implementation must match (`Base<int>::F(!0)` is overridden by `F(int32)`).
   */
  signatureKey(md: MethodDesc): string {
    let key = this.sigKeys.get(md);
    if (key === undefined) {
      const sig = md.assembly.md.methodDefSignature(md.row, this.provider(md.assembly), methodContext(md));
      const name = (t: TypeDesc): string => (t.assembly ? `${t.fullName}` : t.fullName);
      key = `${sig.header & 0x20 ? 'instance ' : ''}${sig.genericParameterCount ? `<${sig.genericParameterCount}>` : ''}${name(sig.returnType)}(${sig.parameterTypes.map(name).join(',')})`;
      this.sigKeys.set(md, key);
    }
    return key;
  }

  /** Signature types of `asm` as TypeDescs (no loading happens here). */
  provider(asm: Assembly): SignatureTypeProvider<TypeDesc, GenericContext | null> {
    let p = this.providers.get(asm);
    if (p) return p;
    p = {
      primitive: (code: ElementType) => {
        const name = primitiveTypeName(code);
        if (!name) throw new TypeLoadError(`element type 0x${code.toString(16)}`, asm.name, 'not a primitive type');
        return this.corlibType(name);
      },
      typeFromDefinition: (h) => this.typeFromDef(asm, tokenRow(h)),
      typeFromReference: (h) => this.resolveTypeRef(asm, tokenRow(h)),
      typeFromSpecification: (h, _kind, ctx) => asm.md.typeSpecSignature(tokenRow(h), p!, ctx),
      szArray: (e) => this.arrayOf(e),
      array: (e, s) => this.generalArrayOf(e, s.rank),
      byReference: (e) => this.byRefTo(e),
      pointer: (e) => this.pointerTo(e),
      pinned: (e) => e,
      genericInstantiation: (g, args) => this.instantiate(g, args),
      genericTypeParameter: (i, ctx) => ctx?.typeArgs[i] ?? this.unsupported(`!${i}`, 'open generic type parameters'),
      genericMethodParameter: (i, ctx) => ctx?.methodArgs[i] ?? this.unsupported(`!!${i}`, 'open generic method parameters'),
      functionPointer: () => this.pointerTo(this.corlibType('System.Void')),
      modified: (_m, t) => t,
    };
    this.providers.set(asm, p);
    return p;
  }

  // ---- methods --------------------------------------------------------------------------------

  /** The MethodDesc of MethodDef `row` of `asm` (its declaring type is named, not loaded). */
  methodDesc(asm: Assembly, row: number): MethodDesc {
    let perAsm = this.methods.get(asm);
    if (!perAsm) this.methods.set(asm, (perAsm = new Map()));
    const hit = perAsm.get(row);
    if (hit) return hit;
    if (row < 1 || row > asm.md.rowCount(TableId.MethodDef)) throw new TypeLoadError(`MethodDef[${row}]`, asm.name, 'row out of range');
    const md = this.newMethodDesc(asm, row, this.typeFromDef(asm, asm.md.declaringTypeOfMethod(row)));
    perAsm.set(row, md);
    return md;
  }

  private newMethodDesc(asm: Assembly, row: number, owner: TypeDesc): MethodDesc {
    const m = asm.md.row.methodDef(row);
    const md = new MethodDesc(asm, row, owner, m.name, m.flags, m.implFlags);
    md.address = this.heaps.loader.alloc(METHOD_DESC_SIZE, 8);
    this.memory.setU32(md.address + BigInt(MethodDescOffset.Token), md.token);
    this.memory.setU16(md.address + BigInt(MethodDescOffset.Slot), 0xffff);
    this.memory.setU16(md.address + BigInt(MethodDescOffset.Flags), md.guestFlags());
    return md;
  }

  /** True for classes derived from System.MulticastDelegate (runtime-implemented members). */
  isDelegate(t: TypeDesc): boolean {
    for (let p = t.parent; p; p = p.parent) if (p.fullName === 'System.MulticastDelegate' && p.assembly === this.binder.corlib) return true;
    return false;
  }

  /** Every loaded type with a vtable (to update slots after a method is compiled). */
  readonly loadedTypes: TypeDesc[] = [];

  /**
   * The unboxing stub of value-type method `m`: `add rcx, 16; jmp <precode>` in the code heap, so a
   * virtual or interface call on a boxed value reaches the method with `this` = the value's address
   * (§II.13.3: methods of value types receive a managed pointer). The precode is backpatched to the
   * compiled code later, so the stub never needs patching.
   */
  unboxingStub(m: MethodDesc): bigint {
    let at = this.unboxingStubs.get(m);
    if (at !== undefined) return at;
    this.createPrecode(m);
    at = this.heaps.code.alloc(16, 16);
    const rel = m.entry - (at + 9n);
    if (rel < -(1n << 31n) || rel >= 1n << 31n) throw new TypeLoadError(m.declaringType.fullName, m.assembly.name, `unboxing stub for ${m.name} out of jmp rel32 range`);
    const bytes = Uint8Array.of(0x48, 0x83, 0xc1, 0x10, 0xe9, 0, 0, 0, 0);
    new DataView(bytes.buffer).setInt32(5, Number(rel), true);
    this.memory.write(at, bytes);
    this.unboxingStubs.set(m, at);
    return at;
  }

  private readonly unboxingStubs = new Map<MethodDesc, bigint>();

  // ---- loading --------------------------------------------------------------------------------

  /** The type behind a MethodTable address, if this loader built it. */
  typeOfMethodTable(mt: bigint): TypeDesc | undefined {
    return this.byMethodTable.get(mt);
  }

  /** Lays out `t`, allocates its statics, builds its vtable and MethodTable (parents first). */
  ensureLoaded(t: TypeDesc): TypeDesc {
    if (t.loaded || t.loading) return t;
    if (t.kind === TypeKind.Unsupported) throw new NotSupportedYetError(t.unsupportedReason, `type ${t.fullName}`);
    if (t.kind === TypeKind.Pointer || t.kind === TypeKind.ByRef) {
      t.loaded = true;
      return t;
    }
    t.loading = true;
    const load = (): void => {
      if (t.kind === TypeKind.SzArray) this.loadArray(t);
      else this.loadDefinition(t);
    };
    try {
      if (this.profile) this.profile.measure('type loading', load);
      else load();
      t.loaded = true;
    } finally {
      t.loading = false;
    }
    this.onTypeLoaded?.(t);
    return t;
  }

  private loadArray(t: TypeDesc): void {
    const elem = t.element!;
    if (elem.kind === TypeKind.Unsupported) throw new NotSupportedYetError(elem.unsupportedReason, `array type ${t.fullName}`);
    if (elem.kind === TypeKind.ValueType) this.ensureLoaded(elem);
    t.parent = this.ensureLoaded(this.corlibType('System.Array'));
    t.instanceSize = ARRAY_DATA_OFFSET;
    t.vtable = t.parent.vtable.slice();
    const refElems = elem.kind !== TypeKind.ValueType && elem.kind !== TypeKind.Pointer;
    const elemMt = elem.kind === TypeKind.Pointer || elem.kind === TypeKind.ByRef ? 0n : this.ensureLoaded(elem).methodTable;
    this.writeMethodTable(t, {
      componentSize: elem.valueSize,
      flags: MethodTableFlags.Array | (refElems ? MethodTableFlags.ReferenceElements : 0),
      elementMt: elemMt,
    });
  }

  private loadDefinition(t: TypeDesc): void {
    const asm = t.assembly!;
    const md = asm.md;
    const td = md.row.typeDef(t.row);
    const gp = md.genericParamsOf((0x02 << 24) | t.row);
    if (gp.end > gp.start && t.typeArgs.length === 0) throw new NotSupportedYetError('open generic type definitions (only closed instantiations load)', `type ${t.fullName}`);
    if (t.typeArgs.length) checkGenericConstraints(this, asm, (0x02 << 24) | t.row, t.genericDefinition!.fullName, t.typeArgs, typeContext(t)!);
    const ext = td.extends;
    if (tokenRow(ext) !== 0) {
      const parent = this.resolveType(asm, ext, typeContext(t));
      if (parent.kind === TypeKind.Unsupported) throw new NotSupportedYetError(parent.unsupportedReason, `base type of ${t.fullName}`);
      t.parent = this.ensureLoaded(parent);
      if (t.parent.loading) throw new TypeLoadError(t.fullName, asm.name, `circular base type ${t.parent.fullName}`);
    }
    this.layoutInstance(t);
    this.allocateStatics(t);
    this.buildVtable(t);
    let flags = t.isValueType ? MethodTableFlags.ValueType : 0;
    if (t.isInterface) flags |= MethodTableFlags.Interface;
    const isString = asm === this.binder.corlib && t.fullName === 'System.String';
    if (isString) {
      flags |= MethodTableFlags.String;
      t.instanceSize = STRING_DATA_OFFSET;
    }
    if (t.cctor) flags |= MethodTableFlags.HasCctor;
    this.writeMethodTable(t, { componentSize: isString ? 2 : 0, flags, elementMt: 0n });
    if (t.staticsBase !== 0n) this.onStaticsAllocated?.(t);
  }

  /** Size and alignment of a value of type `ft` stored in a field or element. */
  private fieldShape(ft: TypeDesc, where: string): { size: number; alignment: number; isReference: boolean } {
    if (ft.storage !== null && ft.storage !== IrType.Ref) {
      const size = STORAGE_SIZE[ft.storage]!;
      return { size, alignment: size, isReference: false };
    }
    if (ft.kind === TypeKind.ValueType) {
      if (ft.loading) throw new TypeLoadError(ft.fullName, ft.assembly?.name ?? '?', `value type contains itself (${where})`);
      this.ensureLoaded(ft);
      return { size: ft.instanceSize, alignment: ft.alignment, isReference: false };
    }
    if (ft.kind === TypeKind.Unsupported && ft.storage === null) throw new NotSupportedYetError(ft.unsupportedReason, where);
    return { size: 8, alignment: 8, isReference: true };
  }

  private layoutInstance(t: TypeDesc): void {
    const asm = t.assembly!;
    const md = asm.md;
    const prim = asm === this.binder.corlib ? PRIMITIVES.get(t.fullName) : undefined;
    const rows = md.fieldsOf(t.row).filter((f) => !(md.row.field(f).flags & FieldAttr.Static));
    const types = rows.map((f) => md.fieldSignature(f, this.provider(asm), typeContext(t)));
    const classLayout = md.classLayoutOf(t.row);
    const cl = classLayout ? md.row.classLayout(classLayout) : undefined;
    const kind = (t.flags & 0x18) >> 3 as LayoutKind;
    const start = t.isValueType ? 0 : (t.parent?.instanceSize ?? OBJECT_HEADER_SIZE);
    const shapes = rows.map((f, i) => {
      const where = `field ${t.fullName}::${md.row.field(f).name}`;
      // A primitive's own value field (Int32.m_value is an Int32) has the primitive's size.
      const shape = prim && types[i] === t ? { size: prim.size, alignment: prim.size, isReference: false } : this.fieldShape(types[i]!, where);
      const fl = kind === LayoutKind.Explicit ? md.fieldLayoutOf(f) : 0;
      return { ...shape, explicitOffset: fl ? md.row.fieldLayout(fl).offset : undefined };
    });
    let result;
    try {
      result = layoutFields({
        kind, fields: shapes, start, explicitBase: t.isValueType ? 0 : start,
        packing: cl?.packingSize ?? 0, classSize: cl?.classSize ?? 0, isValueType: t.isValueType,
      });
    } catch (err) {
      if (err instanceof LayoutError) throw new TypeLoadError(t.fullName, asm.name, `field ${md.row.field(rows[err.fieldIndex]!).name}: ${err.reason}`);
      throw err;
    }
    t.instanceFields = rows.map((f, i) => new FieldDesc(t, f, md.row.field(f).name, types[i]!, false, result.offsets[i]!, 0n));
    if (t.isValueType) {
      t.instanceSize = prim ? prim.size : result.size;
      t.alignment = prim ? prim.size : result.alignment;
    } else {
      t.instanceSize = result.size;
      t.alignment = 8;
    }
  }

  private allocateStatics(t: TypeDesc): void {
    const asm = t.assembly!;
    const md = asm.md;
    const rows = md.fieldsOf(t.row).filter((f) => md.row.field(f).flags & FieldAttr.Static);
    const placed: { row: number; type: TypeDesc; offset: number; literal: boolean }[] = [];
    let end = 0;
    for (const f of rows) {
      const type = md.fieldSignature(f, this.provider(asm), typeContext(t));
      const literal = (md.row.field(f).flags & FieldAttr.Literal) !== 0;
      if (literal) {
        placed.push({ row: f, type, offset: -1, literal });
        continue;
      }
      const shape = type === t ? { size: t.instanceSize, alignment: t.alignment } : this.fieldShape(type, `static field ${t.fullName}::${md.row.field(f).name}`);
      const at = Math.ceil(end / Math.max(shape.alignment, 1)) * Math.max(shape.alignment, 1);
      placed.push({ row: f, type, offset: at, literal });
      end = at + shape.size;
    }
    if (end > 0) t.staticsBase = this.heaps.loader.alloc(end, 16);
    t.staticFields = placed.map((p) => new FieldDesc(t, p.row, md.row.field(p.row).name, p.type, true, p.offset, p.literal ? 0n : t.staticsBase + BigInt(p.offset)));
    // FieldRVA statics (§II.16.3.2) start with their data from the image.
    for (const f of t.staticFields) {
      const rvaRow = f.address !== 0n ? md.fieldRvaOf(f.row) : 0;
      if (rvaRow) this.memory.write(f.address, md.fieldRvaData(f.row, this.fieldShape(f.type, f.fullName).size));
    }
  }

  private buildVtable(t: TypeDesc): void {
    const asm = t.assembly!;
    const md = asm.md;
    const slots = t.parent && !t.isInterface ? t.parent.vtable.slice() : [];
    const keys = slots.map((m) => `${m.name}:${this.signatureKey(m)}`);
    for (const row of md.methodsOf(t.row)) {
      const m = this.methodOf(t, row);
      if (m.name === '.cctor') {
        t.cctor = m;
        t.cctorState = CctorState.Pending;
      }
      if (!m.isVirtual) continue;
      const key = `${m.name}:${this.signatureKey(m)}`;
      let slot = m.attributes & MethodAttr.NewSlot ? -1 : keys.lastIndexOf(key);
      if (slot < 0) {
        slot = slots.length;
        slots.push(m);
        keys.push(key);
      } else {
        slots[slot] = m;
      }
      m.slot = slot;
      this.memory.setU16(m.address + BigInt(MethodDescOffset.Slot), slot);
    }
    this.applyMethodImpls(t, slots);
    t.vtable = slots;
  }

  /**
   * `.override` of a base class's virtual method by a method of another name (§II.22.27): the
   * body takes over the declaration's slot. MethodImpls of interface methods are interface-map
   * entries (interfaces.ts) and are skipped here; the declaration is matched among the slots by
   * name and declared signature text, the most derived first.
   */
  private applyMethodImpls(t: TypeDesc, slots: MethodDesc[]): void {
    const asm = t.assembly!;
    const range = asm.md.methodImplsOf(t.row);
    for (let r = range.start; r < range.end; r++) {
      const row = asm.md.row.methodImpl(r);
      const decl = row.declaration;
      let name: string;
      let sig: string | undefined;
      let declType: TypeDesc;
      if (tokenTable(decl) === TableId.MethodDef) {
        const declRow = tokenRow(decl);
        name = asm.md.row.methodDef(declRow).name;
        sig = asm.methodDefSigText(declRow);
        declType = this.typeFromDef(asm, asm.md.declaringTypeOfMethod(declRow));
      } else if (tokenTable(decl) === TableId.MemberRef) {
        const ref = asm.md.row.memberRef(tokenRow(decl));
        name = ref.name;
        sig = asm.memberRefSigText(tokenRow(decl));
        declType = this.resolveType(asm, ref.parent, typeContext(t));
      } else continue;
      if (declType.isInterface || sig === undefined || tokenTable(row.body) !== TableId.MethodDef) continue;
      const body = this.methodOf(t, tokenRow(row.body));
      let slot = -1;
      for (let i = slots.length - 1; i >= 0 && slot < 0; i--) if (slots[i]!.name === name && slots[i]!.assembly.methodDefSigText(slots[i]!.row) === sig) slot = i;
      if (slot < 0) throw new TypeLoadError(t.fullName, asm.name, `.override of ${declType.fullName}::${name}, which has no inherited virtual slot`);
      slots[slot] = body;
      if (body.slot < 0) {
        body.slot = slot;
        this.memory.setU16(body.address + BigInt(MethodDescOffset.Slot), slot);
      }
    }
  }

  private writeMethodTable(t: TypeDesc, extra: { componentSize: number; flags: number; elementMt: bigint }): void {
    const n = t.vtable.length;
    const mt = this.heaps.loader.alloc(MethodTableOffset.Vtable + 8 * n, 16);
    const mem = this.memory;
    mem.setU64(mt + BigInt(MethodTableOffset.Parent), t.parent?.methodTable ?? 0n);
    mem.setU32(mt + BigInt(MethodTableOffset.BaseSize), t.isValueType ? OBJECT_HEADER_SIZE + t.instanceSize : t.instanceSize);
    mem.setU32(mt + BigInt(MethodTableOffset.ComponentSize), extra.componentSize);
    mem.setU32(mt + BigInt(MethodTableOffset.Flags), extra.flags);
    mem.setU32(mt + BigInt(MethodTableOffset.NumVirtuals), n);
    mem.setU64(mt + BigInt(MethodTableOffset.ElementType), extra.elementMt);
    mem.setU64(mt + BigInt(MethodTableOffset.Statics), t.staticsBase);
    mem.setU32(mt + BigInt(MethodTableOffset.Token), t.assembly ? (0x02 << 24) | t.row : 0);
    t.methodTable = mt;
    this.byMethodTable.set(mt, t);
    if (n > 0) this.loadedTypes.push(t);
    t.vtable.forEach((m, i) => {
      if (m.attributes & MethodAttr.Abstract) return; // no body: the slot stays 0 until a call through it faults
      this.createPrecode(m);
      // A value type's own methods take a pointer to the value; a call through the vtable has the box.
      const entry = t.isValueType && m.declaringType.isValueType ? this.unboxingStub(m) : m.entry;
      mem.setU64(mt + BigInt(MethodTableOffset.Vtable) + BigInt(8 * i), entry);
    });
    if (t.assembly) {
      for (const row of t.assembly.md.methodsOf(t.row)) {
        mem.setU64(this.methodOf(t, row).address + BigInt(MethodDescOffset.MethodTable), mt);
      }
    }
  }
}
