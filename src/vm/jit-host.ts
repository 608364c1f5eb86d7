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
import type { IrArrayType, IrCallee, IrInstanceField, IrNewObject, IrStaticField, JitEhClause, JitHelper, JitHost, JitMethodInfo } from '../jit/host';
import { IrType } from '../jit/ir/types';
import { TableId, tokenRow, tokenTable } from '../metadata';
import type { Assembly } from './assembly';
import { MissingFieldError, MissingMethodError, NotSupportedYetError, TypeLoadError } from './errors';
import { MethodAttr, type MethodDesc } from './method-desc';
import type { Runtime } from './runtime';
import { CctorState, FieldDesc, MethodTableOffset, TypeDesc, TypeKind } from './type-desc';

/** The storage type of `t` for the JIT, or a named error for what it cannot take yet. */
export function storageFor(t: TypeDesc, where: string): IrType {
  if (t.kind === TypeKind.Unsupported) throw new NotSupportedYetError(t.unsupportedReason, where);
  if (t.storage === null) throw new NotSupportedYetError(`value type ${t.fullName} (structs in locals, arguments, fields or elements)`, where);
  return t.storage;
}

/** Parameter, return and local types of a method, as the JIT sees them. */
export interface MethodShape {
  readonly params: IrType[];
  readonly ret: IrType | null;
}

/** The signature of `md` in JIT storage types (`this` first for an instance method). */
export function methodShape(rt: Runtime, md: MethodDesc): MethodShape {
  const asm = md.assembly;
  const sig = asm.md.methodDefSignature(md.row, rt.types.provider(asm), null);
  const where = md.fullName;
  if (sig.genericParameterCount > 0) throw new NotSupportedYetError('generic methods', where);
  const params = sig.parameterTypes.map((p, i) => storageFor(p, `${where} parameter ${i}`));
  if (sig.header & 0x20) params.unshift(md.declaringType.isValueType ? IrType.ByRef : IrType.Ref);
  const ret = sig.returnType.fullName === 'System.Void' && sig.returnType.kind === TypeKind.ValueType ? null : storageFor(sig.returnType, `${where} return type`);
  return { params, ret };
}

const EH_KINDS: readonly JitEhClause['kind'][] = ['catch', 'filter', 'finally', 'finally', 'fault'];

/** Everything the JIT needs about `md`'s body. */
export function methodInfo(rt: Runtime, md: MethodDesc): JitMethodInfo {
  const asm = md.assembly;
  const body = asm.md.methodBody(md.row);
  if (!body) throw new MissingMethodError(md.fullName, 'no IL body');
  const shape = methodShape(rt, md);
  const locals = body.localSignature
    ? asm.md.localSignature(tokenRow(body.localSignature), rt.types.provider(asm), null).map((t, i) => storageFor(t, `${md.fullName} local ${i}`))
    : [];
  return {
    name: md.fullName, il: body.code, params: shape.params, locals, ret: shape.ret,
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

  constructor(private readonly rt: Runtime, private readonly method: MethodDesc) {
    this.asm = method.assembly;
  }

  resolveCall(token: number): IrCallee {
    const callee = this.resolveMethodToken(token);
    const shape = methodShape(this.rt, callee);
    let entry = callee.code;
    if (entry === 0n) {
      entry = this.rt.code.ensurePrecode(callee);
      this.calleesByPrecode.set(entry, callee);
    }
    if (callee.declaringType.isInterface) throw new NotSupportedYetError('interface method calls', `${this.method.fullName} calling ${callee.fullName}`);
    const sealed = (callee.attributes & MethodAttr.Final) !== 0 || (callee.declaringType.flags & 0x100) !== 0;
    if (callee.isVirtual && !sealed) {
      this.rt.types.ensureLoaded(callee.declaringType);
      if (callee.slot >= 0) {
        return { name: callee.fullName, entry, params: shape.params, ret: shape.ret, vtableSlotOffset: MethodTableOffset.Vtable + 8 * callee.slot };
      }
    }
    return { name: callee.fullName, entry, params: shape.params, ret: shape.ret };
  }

  resolveInstanceField(token: number): IrInstanceField {
    const field = this.resolveFieldToken(token);
    if (field.isStatic) throw new MissingFieldError(`${field.fullName} is a static field, used as an instance field`);
    return { name: field.fullName, type: storageFor(field.type, `field ${field.fullName}`), offset: field.offset };
  }

  resolveNewObject(token: number): IrNewObject {
    const ctor = this.resolveMethodToken(token);
    const type = this.rt.types.ensureLoaded(ctor.declaringType);
    const where = `newobj ${ctor.fullName} in ${this.method.fullName}`;
    if (type.isValueType) throw new NotSupportedYetError('newobj of a value type', where);
    if (type.assembly === this.rt.binder.corlib && type.fullName === 'System.String') throw new NotSupportedYetError('string constructors (String.CreateString redirect)', where);
    if (type.flags & 0x80) throw new NotSupportedYetError(`creating an instance of abstract class ${type.fullName}`, where);
    if (this.rt.types.isDelegate(type)) throw new NotSupportedYetError('delegates', where);
    const shape = methodShape(this.rt, ctor);
    let entry = ctor.code;
    if (entry === 0n) {
      entry = this.rt.code.ensurePrecode(ctor);
      this.calleesByPrecode.set(entry, ctor);
    }
    return { ctor: { name: ctor.fullName, entry, params: shape.params, ret: shape.ret }, typeHandle: type.methodTable };
  }

  /** A MethodDef or MemberRef token of the compiled method's assembly → MethodDesc. */
  resolveMethodToken(token: number): MethodDesc {
    const asm = this.asm;
    const row = tokenRow(token);
    switch (tokenTable(token)) {
      case TableId.MethodDef:
        return this.rt.types.methodDesc(asm, row);
      case TableId.MemberRef: {
        const ref = asm.md.row.memberRef(row);
        const parent = ref.parent;
        const sigText = asm.memberRefSigText(row);
        if (sigText === undefined) throw new MissingMethodError(`${ref.name} (MemberRef ${row})`, 'the reference is to a field, not a method');
        if (tokenTable(parent) === TableId.MethodDef) return this.rt.types.methodDesc(asm, tokenRow(parent));
        if (tokenTable(parent) === TableId.ModuleRef) throw new NotSupportedYetError('global methods of other modules', `${this.method.fullName} calling ${ref.name}`);
        const type = this.rt.types.resolveType(asm, parent);
        if (type.kind === TypeKind.Unsupported) throw new NotSupportedYetError(type.unsupportedReason, `${this.method.fullName} calling ${type.fullName}::${ref.name}`);
        if (type.kind === TypeKind.SzArray) throw new NotSupportedYetError('array methods', `${this.method.fullName} calling ${type.fullName}::${ref.name}`);
        return this.findMethod(type, ref.name, sigText);
      }
      case TableId.MethodSpec:
        throw new NotSupportedYetError('generic method instantiations', `${this.method.fullName} (MethodSpec ${row})`);
      default:
        throw new MissingMethodError(`token 0x${(token >>> 0).toString(16)}`, 'not a method token');
    }
  }

  private findMethod(type: TypeDesc, name: string, sigText: string): MethodDesc {
    for (let t: TypeDesc | null = type; t; t = this.rt.types.ensureLoaded(t).parent) {
      const asm = t.assembly!;
      for (const row of asm.md.methodsOf(t.row)) {
        if (asm.md.row.methodDef(row).name === name && asm.methodDefSigText(row) === sigText) return this.rt.types.methodDesc(asm, row);
      }
    }
    throw new MissingMethodError(`${type.fullName}::${name} ${sigText}`);
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
    const storage = storageFor(field.type, `static field ${field.fullName}`);
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
      name = asm.md.row.field(row).name;
    } else if (tokenTable(token) === TableId.MemberRef) {
      const ref = asm.md.row.memberRef(row);
      name = ref.name;
      type = this.rt.types.resolveType(asm, ref.parent);
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
    const elem = this.rt.types.resolveType(this.asm, token);
    if (elem.kind === TypeKind.Unsupported) throw new NotSupportedYetError(elem.unsupportedReason, `newarr in ${this.method.fullName}`);
    const storage = storageFor(elem, `newarr ${elem.fullName}[] in ${this.method.fullName}`);
    const arr = this.rt.types.ensureLoaded(this.rt.types.arrayOf(elem));
    if (arr.methodTable === 0n) throw new TypeLoadError(arr.fullName, this.asm.name, 'array type has no MethodTable');
    return { name: arr.fullName, elem: storage, typeHandle: arr.methodTable };
  }

  /** A castclass/isinst/box/unbox token: the loaded type's MethodTable and value-type shape. */
  resolveType(token: number): { name: string; typeHandle: bigint; primitive?: IrType; isValueType: boolean } {
    const t = this.rt.types.resolveType(this.asm, token);
    if (t.kind === TypeKind.Unsupported) throw new NotSupportedYetError(t.unsupportedReason, `type token in ${this.method.fullName}`);
    this.rt.types.ensureLoaded(t);
    const primitive = t.isValueType && t.storage !== null ? t.storage : undefined;
    return { name: t.fullName, typeHandle: t.methodTable, isValueType: t.isValueType, ...(primitive !== undefined ? { primitive } : {}) };
  }

  helper(h: JitHelper): bigint {
    return this.rt.helpers.address(h);
  }
}
