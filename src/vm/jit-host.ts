/**
 * `JitHost` (src/jit/host.ts) implemented by the runtime, one instance per method compile.
 *
 * Tokens are resolved in the compiled method's assembly through the type loader: MethodDef and
 * MemberRef calls (the latter matched by name and signature text in the parent type, then its
 * parents), static fields, `newarr` element types, string literals (interned; the handle is a
 * loader-heap slot holding the String reference) and helper gate addresses.
 *
 * Class-constructor policy (ECMA-335 §II.10.5.3):
 *  - a `beforefieldinit` type's pending .cctor is run by the prestub before the compiled method
 *    first runs (the type is added to `typesToInitialize`); the field access needs no check;
 *  - a precise type accessed from another type gets the trigger stub (`cctorTrigger`), which tests
 *    a flag and reaches the runtime only until the .cctor has run;
 *  - the method's own type needs nothing: its prestub already ran the precise .cctor.
 * A call's `entry` is the callee's code when it is compiled, else its precode (recorded in
 * `calleesByPrecode` so the code manager can patch the call site later).
 */
import { type ConstrainedCall, type IrArrayType, type IrCallee, type IrInstanceField, type IrNewObject, type IrStaticField, type IrTypeRef, type JitEhClause, JitHelper, type JitHost, type JitMethodInfo } from '../jit/host';
import { IrType, type JitType, type StructLayout } from '../jit/ir/types';
import { SignatureDecoder, TableId, tokenRow, tokenTable } from '../metadata';
import type { Assembly } from './assembly';
import { MissingFieldError, MissingMethodError, NotSupportedYetError, TypeLoadError } from './errors';
import { arrayIntrinsicEntry, isArrayIntrinsic } from './array-intrinsics';
import { BlockHelpers } from './block-helpers';
import { CastHelpers, isNullable } from './casting';
import { delegateMemberCallee, isRuntimeDelegateMember } from './delegates';
import { findInterfaceImplementation, genericVirtualDispatchStub, interfaceDispatchStub } from './interfaces';
import { MethodAttr, type MethodDesc } from './method-desc';
import { generalArrayMethod } from './general-arrays';
import { findMethod, resolveMethodToken } from './method-resolution';
import type { Runtime } from './runtime';
import { CctorState, FieldDesc, MethodTableOffset, TypeDesc, TypeKind } from './type-desc';
import { type GenericContext, methodContext } from './type-loader';
import { typedReferenceHelpers } from './typed-references';
import { CallingConvention, isVarargHeader, varargCallSite, varargs } from './varargs';
import { jitTypeFor, primitiveStorage, structLayoutOf } from './value-types';

/** Parameter, return and local types of a method, as the JIT sees them. */
export interface MethodShape {
  readonly params: JitType[];
  readonly ret: JitType | null;
  readonly hasThis: boolean;
  /** A vararg method: the last parameter is the hidden signature cookie (varargs.ts). */
  readonly varargs: boolean;
}

/** The signature of `md` in JIT storage types (`this` first for an instance method). */
export function methodShape(rt: Runtime, md: MethodDesc): MethodShape {
  const asm = md.assembly;
  const sig = asm.md.methodDefSignature(md.row, rt.types.provider(asm), methodContext(md));
  const where = md.fullName;
  if (sig.genericParameterCount > 0 && md.methodArgs.length === 0) throw new NotSupportedYetError('open generic methods (only instantiations are compiled)', where);
  const types = rt.types;
  const params: JitType[] = sig.parameterTypes.map((p, i) => jitTypeFor(types, p, `${where} parameter ${i}`));
  const hasThis = (sig.header & 0x20) !== 0;
  if (hasThis) params.unshift(md.declaringType.isValueType ? IrType.ByRef : IrType.Ref);
  const ret = sig.returnType.fullName === 'System.Void' && sig.returnType.kind === TypeKind.ValueType ? null : jitTypeFor(types, sig.returnType, `${where} return type`);
  const varargs = isVarargHeader(sig.header);
  if (varargs) params.push(IrType.I);
  return { params, ret, hasThis, varargs };
}

const EH_KINDS: readonly JitEhClause['kind'][] = ['catch', 'filter', 'finally', 'finally', 'fault'];

/** Everything the JIT needs about `md`'s body. */
export function methodInfo(rt: Runtime, md: MethodDesc): JitMethodInfo {
  const asm = md.assembly;
  const body = asm.md.methodBody(md.row);
  if (!body) throw new MissingMethodError(md.fullName, 'no IL body');
  const shape = methodShape(rt, md);
  const locals = body.localSignature
    ? asm.md.localSignature(tokenRow(body.localSignature), rt.types.provider(asm), methodContext(md)).map((t, i) => jitTypeFor(rt.types, t, `${md.fullName} local ${i}`))
    : [];
  return {
    name: md.fullName, il: body.code, params: shape.params, hasThis: shape.hasThis, locals, ret: shape.ret,
    ...(shape.varargs ? { varargs: true } : {}),
    maxStack: body.maxStack, initLocals: body.initLocals,
    ehClauses: body.exceptionRegions.map((r) => ({
      kind: EH_KINDS[r.kind] ?? 'fault', tryOffset: r.tryOffset, tryLength: r.tryLength,
      handlerOffset: r.handlerOffset, handlerLength: r.handlerLength,
      ...(EH_KINDS[r.kind] === 'filter' ? { filterOffset: r.filterOffset } : {}),
      // The exception dispatcher matches a catch clause by this token (resolved in the method's module).
      ...(EH_KINDS[r.kind] === 'catch' ? { classToken: r.classToken as number } : {}),
    })),
  };
}

export class RuntimeJitHost implements JitHost {
  /** Types whose `beforefieldinit` .cctor must run before the compiled method does. */
  readonly typesToInitialize = new Set<TypeDesc>();
  /** Callees the code refers to by precode address (for call-site backpatching). */
  readonly calleesByPrecode = new Map<bigint, MethodDesc>();
  private readonly asm: Assembly;
  /** The generic arguments of the method being compiled (each instantiation is compiled on its own). */
  private readonly ctx: GenericContext | null;

  constructor(private readonly rt: Runtime, private readonly method: MethodDesc) {
    this.asm = method.assembly;
    this.ctx = methodContext(method);
  }

  /** The callee description of `callee` with its current entry (code, or precode recorded for backpatching). */
  private callee(callee: MethodDesc, extra: { vtableSlotOffset?: number; entry?: bigint } = {}): IrCallee {
    const shape = methodShape(this.rt, callee);
    let entry = extra.entry ?? callee.code;
    if (entry === 0n) {
      entry = this.rt.code.ensurePrecode(callee);
      this.calleesByPrecode.set(entry, callee);
    }
    return {
      name: callee.fullName, entry, params: shape.params, ret: shape.ret, hasThis: shape.hasThis,
      ...(extra.vtableSlotOffset !== undefined ? { vtableSlotOffset: extra.vtableSlotOffset } : {}),
    };
  }

  /** A MemberRef to a runtime method of a general array type (`int32[,]::Get`), if `token` is one. */
  private generalArrayMember(token: number): IrCallee | undefined {
    if (tokenTable(token) !== TableId.MemberRef) return undefined;
    const ref = this.asm.md.row.memberRef(tokenRow(token));
    if (tokenTable(ref.parent) !== TableId.TypeSpec) return undefined;
    const type = this.rt.types.resolveType(this.asm, ref.parent, this.ctx);
    if (type.kind !== TypeKind.SzArray || type.arrayRank === 0) return undefined;
    const sig = this.asm.md.memberRefSignature(tokenRow(token), this.rt.types.provider(this.asm), this.ctx);
    if (sig.kind !== 'method') throw new MissingFieldError(`${type.fullName}::${ref.name} (arrays have no fields)`);
    return generalArrayMethod(this.rt, type, ref.name, sig.signature.parameterTypes.length, `${this.method.fullName} calling ${type.fullName}::${ref.name}`);
  }

  resolveCall(token: number): IrCallee {
    return this.resolveCallSite(token, false);
  }

  resolveDirectCall(token: number): IrCallee {
    return this.resolveCallSite(token, true);
  }

  /** A call site's callee: dispatched on the object (`callvirt`) or the named method itself (`direct`). */
  private resolveCallSite(token: number, direct: boolean): IrCallee {
    const variadic = this.callSiteVariadicTypes(token);
    const target = this.resolveCallTarget(token, direct);
    return variadic ? varargCallSite(this.rt, target, variadic, `${this.method.fullName} calling ${target.name}`) : target;
  }

  /**
   * The variadic argument types a call site passes to a vararg method (after the sentinel of a
   * MemberRef's signature; none through a MethodDef token), or null when the callee is not vararg.
   */
  private callSiteVariadicTypes(token: number): TypeDesc[] | null {
    const provider = this.rt.types.provider(this.asm);
    switch (tokenTable(token)) {
      case TableId.MemberRef: {
        const ref = this.asm.md.memberRefSignature(tokenRow(token), provider, this.ctx);
        if (ref.kind !== 'method' || !isVarargHeader(ref.signature.header)) return null;
        return ref.signature.parameterTypes.slice(ref.signature.requiredParameterCount);
      }
      case TableId.MethodDef:
        return isVarargHeader(this.asm.md.methodDefSignature(tokenRow(token), provider, this.ctx).header) ? [] : null;
      case TableId.MethodSpec:
        // A generic vararg method: the call site's signature is that of the instantiated method's token.
        return this.callSiteVariadicTypes(this.asm.md.row.methodSpec(tokenRow(token)).method);
      default:
        return null;
    }
  }

  /**
   * The method a call token names, as a callee (a vararg one with its cookie parameter but no
   * variadic ones); `direct`: interface and generic virtual methods are the named method's own
   * body (a base call), not a dispatch stub.
   */
  private resolveCallTarget(token: number, direct: boolean): IrCallee {
    const arrayMember = this.generalArrayMember(token);
    if (arrayMember) return arrayMember;
    const callee = this.resolveMethodToken(token);
    if (isRuntimeDelegateMember(this.rt, callee)) return delegateMemberCallee(this.rt, callee);
    if (isArrayIntrinsic(this.rt, callee)) return this.callee(callee, { entry: arrayIntrinsicEntry(this.rt, callee) });
    if (callee.declaringType.isInterface && !callee.isStatic) {
      this.rt.types.ensureLoaded(callee.declaringType);
      // A non-virtual instance method of an interface has one body: call it with the object as this.
      if (!callee.isVirtual) return this.callee(callee);
      if (direct) {
        if (callee.attributes & MethodAttr.Abstract) throw new MissingMethodError(callee.fullName, 'an abstract interface method called non-virtually has no body');
        return this.callee(callee);
      }
      return this.callee(callee, { entry: interfaceDispatchStub(this.rt, callee) });
    }
    const sealed = (callee.attributes & MethodAttr.Final) !== 0 || (callee.declaringType.flags & 0x100) !== 0;
    if (callee.isVirtual && !sealed && callee.genericMethodDefinition && !direct) {
      this.rt.types.ensureLoaded(callee.declaringType);
      return this.callee(callee, { entry: genericVirtualDispatchStub(this.rt, callee) });
    }
    if (callee.isVirtual && !sealed) {
      this.rt.types.ensureLoaded(callee.declaringType);
      if (callee.slot >= 0) return this.callee(callee, { vtableSlotOffset: MethodTableOffset.Vtable + 8 * callee.slot });
    }
    return this.callee(callee);
  }

  resolveInstanceField(token: number): IrInstanceField {
    const field = this.resolveFieldToken(token);
    if (field.isStatic) throw new MissingFieldError(`${field.fullName} is a static field, used as an instance field`);
    // In a value type, offsets count from the value; on a boxed or class instance, from the object.
    return { name: field.fullName, type: jitTypeFor(this.rt.types, field.type, `field ${field.fullName}`), offset: field.offset };
  }

  resolveNewObject(token: number): IrNewObject {
    const arrayCtor = this.generalArrayMember(token);
    if (arrayCtor) {
      const t = this.rt.types.resolveType(this.asm, this.asm.md.row.memberRef(tokenRow(token)).parent, this.ctx);
      return { ctor: arrayCtor, typeHandle: t.methodTable, factory: arrayCtor };
    }
    const ctor = this.resolveMethodToken(token);
    const type = this.rt.types.ensureLoaded(ctor.declaringType);
    const where = `newobj ${ctor.fullName} in ${this.method.fullName}`;
    if (type.assembly === this.rt.binder.corlib && type.fullName === 'System.String') {
      // String's constructors are internal calls; the class library builds strings in the instance
      // method CreateString with the same parameters, called with a null this (contract §1.2).
      const sig = ctor.assembly.methodDefSigText(ctor.row).replace(/^instance System\.Void\(/, 'instance System.String(');
      const factory = findMethod(this.rt, type, 'CreateString', sig);
      return { ctor: this.callee(ctor), typeHandle: type.methodTable, factory: this.callee(factory) };
    }
    if (type.flags & 0x80) throw new NotSupportedYetError(`creating an instance of abstract class ${type.fullName}`, where);
    if (isRuntimeDelegateMember(this.rt, ctor)) return { ctor: delegateMemberCallee(this.rt, ctor), typeHandle: type.methodTable };
    // A vararg constructor: the call site's variadic types follow its cookie (varargs.ts).
    const variadic = this.callSiteVariadicTypes(token);
    const callee = variadic ? varargCallSite(this.rt, this.callee(ctor), variadic, where) : this.callee(ctor);
    if (type.isValueType) return { ctor: callee, typeHandle: type.methodTable, valueType: jitTypeFor(this.rt.types, type, where) };
    return { ctor: callee, typeHandle: type.methodTable };
  }

  /** A MethodDef or MemberRef token of the compiled method's assembly → MethodDesc. */
  resolveMethodToken(token: number): MethodDesc {
    return resolveMethodToken(this.rt, this.asm, token, this.method.fullName, this.ctx, this.method.declaringType);
  }

  resolveString(token: number): { readonly text: string; readonly handle: bigint } {
    const text = this.asm.md.userStrings.get(token & 0xffffff);
    return { text, handle: this.rt.objects.literalSlot(text) };
  }

  resolveStaticField(token: number): IrStaticField {
    const field = this.resolveFieldToken(token);
    if (!field.isStatic) throw new MissingFieldError(`${field.fullName} is an instance field, used as static`);
    if (field.address === 0n) throw new MissingFieldError(`${field.fullName} is a literal (const) field and has no storage`);
    const type = field.declaringType;
    const storage = jitTypeFor(this.rt.types, field.type, `static field ${field.fullName}`);
    let cctorTrigger: bigint | null = null;
    if (type.cctorState === CctorState.Pending && type !== this.method.declaringType) {
      if (type.beforeFieldInit) this.typesToInitialize.add(type);
      else cctorTrigger = this.rt.cctorTriggerFor(type);
    }
    if (type.cctorState === CctorState.Pending && type === this.method.declaringType && type.beforeFieldInit && this.method.name !== '.cctor') {
      this.typesToInitialize.add(type);
    }
    return { name: field.fullName, type: storage, address: field.address, cctorTrigger };
  }

  private resolveFieldToken(token: number): FieldDesc {
    const asm = this.asm;
    const row = tokenRow(token);
    let type: TypeDesc;
    let name: string;
    if (tokenTable(token) === TableId.Field) {
      type = this.rt.types.typeFromDef(asm, asm.md.declaringTypeOfField(row));
      // A FieldDef of a generic definition, used inside one of its instantiations, means that instantiation's field.
      for (let t: TypeDesc | null = this.method.declaringType; t; t = t.parent) if (t.genericDefinition === type) { type = t; break; }
      name = asm.md.row.field(row).name;
    } else if (tokenTable(token) === TableId.MemberRef) {
      const ref = asm.md.row.memberRef(row);
      name = ref.name;
      type = this.rt.types.resolveType(asm, ref.parent, this.ctx);
    } else {
      throw new MissingFieldError(`token 0x${(token >>> 0).toString(16)} is not a field token`);
    }
    for (let t: TypeDesc | null = type; t; t = t.parent) {
      this.rt.types.ensureLoaded(t);
      const f = t.staticFields.find((x) => x.name === name) ?? t.instanceFields.find((x) => x.name === name);
      if (f) return f;
    }
    throw new MissingFieldError(`${type.fullName}::${name}`);
  }

  resolveArrayType(token: number): IrArrayType {
    const elem = this.rt.types.resolveType(this.asm, token, this.ctx);
    if (elem.kind === TypeKind.Unsupported) throw new NotSupportedYetError(elem.unsupportedReason, `newarr in ${this.method.fullName}`);
    const storage = jitTypeFor(this.rt.types, elem, `newarr ${elem.fullName}[] in ${this.method.fullName}`);
    const arr = this.rt.types.ensureLoaded(this.rt.types.arrayOf(elem));
    if (arr.methodTable === 0n) throw new TypeLoadError(arr.fullName, this.asm.name, 'array type has no MethodTable');
    return { name: arr.fullName, elem: storage, typeHandle: arr.methodTable };
  }

  /** A castclass/isinst/box/unbox/ldobj/… token: the loaded type's MethodTable and value-type shape. */
  resolveType(token: number): IrTypeRef {
    const t = this.rt.types.resolveType(this.asm, token, this.ctx);
    return this.typeRef(t, `type token in ${this.method.fullName}`);
  }

  private typeRef(t: TypeDesc, where: string): IrTypeRef {
    if (t.kind === TypeKind.Unsupported) throw new NotSupportedYetError(t.unsupportedReason, where);
    this.rt.types.ensureLoaded(t);
    if (!t.isValueType) return { name: t.fullName, typeHandle: t.methodTable, isValueType: false };
    const primitive = primitiveStorage(t);
    if (primitive !== undefined) return { name: t.fullName, typeHandle: t.methodTable, isValueType: true, primitive };
    const struct = structLayoutOf(this.rt.types, t);
    if (isNullable(this.rt, t)) {
      const helper = (name: string): IrCallee => {
        const row = t.assembly!.md.methodsOf(t.row).find((r) => t.assembly!.md.row.methodDef(r).name === name);
        if (row === undefined) throw new MissingMethodError(`${t.fullName}::${name}`, 'the class library lacks the Nullable helper box/unbox.any need');
        return this.callee(this.rt.types.methodOf(t, row));
      };
      return { name: t.fullName, typeHandle: t.methodTable, isValueType: true, struct, nullable: { box: helper('Box'), unbox: helper('Unbox') } };
    }
    return { name: t.fullName, typeHandle: t.methodTable, isValueType: true, struct };
  }

  /**
   * `constrained. T callvirt M` (§III.2.1): a reference T dereferences the pointer; a value type
   * that provides M itself (an override of a virtual method of Object/ValueType, or its interface
   * implementation) is called directly with the pointer as `this`; otherwise the value is boxed.
   */
  resolveConstrainedCall(typeToken: number, methodToken: number): ConstrainedCall {
    const t = this.rt.types.resolveType(this.asm, typeToken, this.ctx);
    const where = `constrained. ${t.fullName} in ${this.method.fullName}`;
    if (t.kind === TypeKind.Unsupported) throw new NotSupportedYetError(t.unsupportedReason, where);
    if (!t.isValueType) return { kind: 'reference' };
    this.rt.types.ensureLoaded(t);
    const m = this.resolveMethodToken(methodToken);
    let impl: MethodDesc | undefined;
    if (m.declaringType.isInterface) impl = findInterfaceImplementation(this.rt, t, m);
    else if (m.isVirtual && m.slot >= 0 && m.slot < t.vtable.length) impl = t.vtable[m.slot];
    else if (m.declaringType === t) impl = m;
    if (impl && impl.declaringType === t) return { kind: 'direct', callee: this.callee(impl) };
    return { kind: 'box', type: this.typeRef(t, where) };
  }

  /**
   * `ldtoken` (§III.4.17): a type's handle is its MethodTable, a method's its MethodDesc, a field's
   * the cell the icalls hand out for RuntimeFieldHandle (InitializeArray reads it); each travels
   * in the corlib's one-field handle struct. An open generic definition (`ldtoken List`1`) gets
   * a definition-only MethodTable (TypeLoader.definitionHandle).
   */
  resolveToken(token: number): { readonly handle: bigint; readonly type: StructLayout } {
    const where = `ldtoken in ${this.method.fullName}`;
    const types = this.rt.types;
    const handleType = (name: string): StructLayout => structLayoutOf(types, types.corlibType(name));
    switch (tokenTable(token)) {
      case TableId.TypeDef:
      case TableId.TypeRef:
      case TableId.TypeSpec: {
        const t = types.resolveType(this.asm, token, this.ctx);
        if (t.kind === TypeKind.Unsupported) throw new NotSupportedYetError(t.unsupportedReason, where);
        if (t.kind === TypeKind.Pointer || t.kind === TypeKind.ByRef) throw new NotSupportedYetError(`type handles of ${t.fullName}`, where);
        const gp = t.assembly && t.typeArgs.length === 0 ? t.assembly.md.genericParamsOf((0x02 << 24) | t.row) : null;
        const open = gp !== null && gp.end > gp.start;
        return { handle: open ? types.definitionHandle(t) : types.ensureLoaded(t).methodTable, type: handleType('System.RuntimeTypeHandle') };
      }
      case TableId.MethodDef:
      case TableId.MethodSpec:
        return { handle: this.resolveMethodToken(token).address, type: handleType('System.RuntimeMethodHandle') };
      case TableId.MemberRef:
        if (this.asm.memberRefSigText(tokenRow(token)) !== undefined) return { handle: this.resolveMethodToken(token).address, type: handleType('System.RuntimeMethodHandle') };
        return { handle: this.rt.icalls.fieldHandle(this.resolveFieldToken(token)), type: handleType('System.RuntimeFieldHandle') };
      case TableId.Field:
        return { handle: this.rt.icalls.fieldHandle(this.resolveFieldToken(token)), type: handleType('System.RuntimeFieldHandle') };
      default:
        throw new MissingMethodError(`token 0x${(token >>> 0).toString(16)}`, 'ldtoken needs a type, method or field token');
    }
  }

  /**
   * `calli`'s call-site signature (a StandAloneSig, §II.23.2.3): parameter and return types in the
   * compiled method's generic context, `this` first for a HASTHIS signature. The managed default,
   * the unmanaged conventions (all one ABI on x64) and vararg (with the signature's variadic
   * types after the sentinel: varargs.ts) are taken; EXPLICITTHIS is a named error.
   */
  resolveSignature(token: number): IrCallee {
    const where = `calli in ${this.method.fullName}`;
    if (tokenTable(token) !== TableId.StandAloneSig) throw new MissingMethodError(`token 0x${(token >>> 0).toString(16)}`, 'calli needs a StandAloneSig token');
    const sig = new SignatureDecoder(this.rt.types.provider(this.asm), this.ctx).decodeMethodSignature(this.asm.md.blobCursor(TableId.StandAloneSig, tokenRow(token), 0));
    const conv = sig.header & 0x0f;
    // On x64 the unmanaged conventions (C, stdcall, thiscall, fastcall) are all the Windows x64
    // ABI, which managed code here uses too: `this` of thiscall is simply the first argument.
    if (conv > CallingConvention.VarArg) throw new NotSupportedYetError(`calli with calling convention ${conv}`, where);
    if (sig.header & 0x40) throw new NotSupportedYetError('calli with an explicit this', where);
    const types = this.rt.types;
    const fixed = isVarargHeader(sig.header) ? sig.parameterTypes.slice(0, sig.requiredParameterCount) : sig.parameterTypes;
    const params: JitType[] = fixed.map((p, i) => jitTypeFor(types, p, `${where} parameter ${i}`));
    const hasThis = (sig.header & 0x20) !== 0;
    if (hasThis) params.unshift(IrType.Ref);
    const ret = sig.returnType.fullName === 'System.Void' && sig.returnType.kind === TypeKind.ValueType ? null : jitTypeFor(types, sig.returnType, `${where} return type`);
    const callee: IrCallee = { name: `calli ${sig.returnType.fullName}(${sig.parameterTypes.map(String).join(',')})`, entry: 0n, params, ret, hasThis };
    if (!isVarargHeader(sig.header)) return callee;
    return varargCallSite(this.rt, { ...callee, params: [...params, IrType.I] }, sig.parameterTypes.slice(sig.requiredParameterCount), where);
  }

  typedReferenceHelpers(): { make: IrCallee; value: IrCallee; type: IrCallee } {
    return typedReferenceHelpers(this.rt);
  }

  argumentHandleHelper(): IrCallee {
    return varargs(this.rt).argumentHandleHelper();
  }

  helper(h: JitHelper): bigint {
    switch (h) {
      case JitHelper.CastClass: return casts(this.rt).castClass;
      case JitHelper.IsInstanceOf: return casts(this.rt).isInstanceOf;
      case JitHelper.Unbox: return casts(this.rt).unbox;
      case JitHelper.StoreElementRef: return casts(this.rt).storeElementRef;
      case JitHelper.MemoryCopy: return blocks(this.rt).memoryCopy;
      case JitHelper.MemorySet: return blocks(this.rt).memorySet;
      default: return this.rt.helpers.address(h);
    }
  }
}

const castHelpers = new WeakMap<Runtime, CastHelpers>();
const blockHelpers = new WeakMap<Runtime, BlockHelpers>();

/** The runtime's cpblk/initblk helpers (block-helpers.ts), created on first use. */
function blocks(rt: Runtime): BlockHelpers {
  let b = blockHelpers.get(rt);
  if (!b) blockHelpers.set(rt, (b = new BlockHelpers(rt.machine)));
  return b;
}

/** The runtime's cast helpers (casting.ts), created on first use. */
export function casts(rt: Runtime): CastHelpers {
  let c = castHelpers.get(rt);
  if (!c) castHelpers.set(rt, (c = new CastHelpers(rt)));
  return c;
}
