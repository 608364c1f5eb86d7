/**
 * A JitHost over any assembly's metadata, for compiling methods without running them (corpus
 * tests): signatures of primitive types, classes, arrays and pointers map to IrTypes; value
 * types, generics and typed references are `UnsupportedOpcodeError`s, as the JIT itself would
 * report them. Addresses are placeholders: the code is generated, never executed.
 */
import { UnsupportedOpcodeError } from '../../../src/jit/errors';
import { ConstrainedCall, IrArrayType, IrCallee, IrInstanceField, IrNewObject, IrStaticField, IrTypeRef, JitHost, JitMethodInfo } from '../../../src/jit/host';
import { isStruct, IrType, JitType, sizeOf, StructLayout } from '../../../src/jit/ir/types';
import { MetadataReader, MethodSignature, SignatureDecoder, TableId } from '../../../src/metadata';
import { makeSigProvider, unsupported, type SigType } from './sig-types';


export class MetadataJitHost implements JitHost {
  constructor(readonly md: MetadataReader) {}

  private ir(t: SigType, method: string, what: string): JitType {
    if (t === 'void') throw new UnsupportedOpcodeError('(signature)', { method }, `${what}: void`);
    if (typeof t === 'object' && 'unsupported' in t) throw new UnsupportedOpcodeError('(signature)', { method }, `${what}: ${t.unsupported}`);
    return t;
  }

  private readonly provider = makeSigProvider((row) => this.valueType(row), true);
  private readonly structs = new Map<number, StructLayout | 'busy'>();

  /**
   * A toy layout for value type TypeDef `row` (fields in order, natural alignment): good enough
   * to compile against, since the code is never run. An enum is its underlying primitive.
   */
  private valueType(row: number): SigType {
    const td = this.md.row.typeDef(row);
    const ext = td.extends;
    const baseName = ext >>> 24 === TableId.TypeRef ? this.md.row.typeRef(ext & 0xffffff).name
      : ext >>> 24 === TableId.TypeDef && (ext & 0xffffff) !== 0 ? this.md.row.typeDef(ext & 0xffffff).name : '';
    if (baseName === 'Enum' && td.name !== 'Enum') {
      const value = td.fields.find((f) => this.md.row.field(f).name === 'value__');
      return value ? this.md.fieldSignature(value, this.provider, null) : unsupported('enum without value__');
    }
    const known = this.structs.get(row);
    if (known === 'busy') return unsupported('recursive value type');
    if (known) return known;
    this.structs.set(row, 'busy');
    let size = 0;
    const refOffsets: number[] = [];
    for (const f of td.fields) {
      if (this.md.row.field(f).flags & 0x10) continue;
      const sig: SigType = this.md.fieldSignature(f, this.provider, null);
      if (sig === 'void' || (typeof sig === 'object' && 'unsupported' in sig)) {
        this.structs.delete(row);
        return unsupported('value type with an unsupported field');
      }
      const t: JitType = sig;
      const n = isStruct(t) ? t.size : t === IrType.Ref || t === IrType.ByRef ? 8 : sizeOf(t);
      const align = Math.min(8, n >= 8 ? 8 : n >= 4 ? 4 : n >= 2 ? 2 : 1);
      size = (size + align - 1) & ~(align - 1);
      if (t === IrType.Ref || t === IrType.ByRef) refOffsets.push(size);
      if (isStruct(t)) for (const r of t.refOffsets) refOffsets.push(size + r);
      size += n;
    }
    const layout: StructLayout = { name: td.name, size: Math.max(1, (size + 7) & ~7), refOffsets, typeHandle: 0x9000n + BigInt(row) };
    this.structs.set(row, layout);
    return layout;
  }

  private isValueType(typeRow: number): boolean {
    const td = this.md.row.typeDef(typeRow);
    if (td.namespace === 'System' && (td.name === 'Enum' || td.name === 'ValueType')) return false; // these two are classes
    const ext = td.extends;
    if ((ext & 0xffffff) === 0) return false;
    if (ext >>> 24 !== TableId.TypeRef && ext >>> 24 !== TableId.TypeDef) return false;
    const name = ext >>> 24 === TableId.TypeRef ? this.md.row.typeRef(ext & 0xffffff).name : this.md.row.typeDef(ext & 0xffffff).name;
    return name === 'ValueType' || name === 'Enum';
  }

  methodName(row: number): string {
    const m = this.md.row.methodDef(row);
    const t = this.md.row.typeDef(m.declaringType);
    return `${t.namespace ? t.namespace + '.' : ''}${t.name}::${m.name}`;
  }

  private signature(sig: MethodSignature<SigType>, name: string, thisType: IrType | null): { params: JitType[]; ret: JitType | null; hasThis: boolean } {
    if (sig.genericParameterCount) throw new UnsupportedOpcodeError('(signature)', { method: name }, 'generic method');
    const params = sig.parameterTypes.map((p, i) => this.ir(p, name, `parameter ${i}`));
    const hasThis = (sig.header & 0x20) !== 0 && !(sig.header & 0x40);
    if (hasThis) params.unshift(thisType ?? IrType.Ref);
    const ret = sig.returnType === 'void' ? null : this.ir(sig.returnType, name, 'return type');
    return { params, ret, hasThis };
  }

  /** JitMethodInfo of MethodDef `row`, or null when it has no IL body. */
  methodInfo(row: number): JitMethodInfo | null {
    const name = this.methodName(row);
    const body = this.md.methodBody(row);
    if (!body) return null;
    const m = this.md.row.methodDef(row);
    const thisType = this.isValueType(m.declaringType) ? IrType.ByRef : IrType.Ref;
    const { params, ret, hasThis } = this.signature(this.md.methodDefSignature(row, this.provider, null), name, thisType);
    const locals = body.localSignature ? this.md.localSignature(body.localSignature & 0xffffff, this.provider, null).map((t, i) => this.ir(t, name, `local ${i}`)) : [];
    return {
      name, il: body.code, params, locals, ret, hasThis, maxStack: body.maxStack, initLocals: body.initLocals,
      ehClauses: body.exceptionRegions.map((r) => ({
        kind: (['catch', 'filter', 'finally', 'finally', 'fault'] as const)[r.kind]!,
        tryOffset: r.tryOffset, tryLength: r.tryLength, handlerOffset: r.handlerOffset, handlerLength: r.handlerLength,
        classToken: r.classToken,
        ...(r.kind === 1 ? { filterOffset: r.filterOffset } : {}),
      })),
    };
  }

  resolveCall(token: number): IrCallee {
    const table = token >>> 24;
    const row = token & 0xffffff;
    if (table === TableId.MethodDef) {
      const m = this.md.row.methodDef(row);
      const name = this.methodName(row);
      const thisType = this.isValueType(m.declaringType) ? IrType.ByRef : IrType.Ref;
      return { name, entry: 0x1000n + BigInt(row), ...this.signature(this.md.methodDefSignature(row, this.provider, null), name, thisType) };
    }
    if (table === TableId.MemberRef) {
      const mr = this.md.row.memberRef(row);
      const s = this.md.memberRefSignature(row, this.provider, null);
      if (s.kind !== 'method') throw new UnsupportedOpcodeError('call', { method: mr.name }, 'field reference');
      if (mr.parent >>> 24 !== TableId.TypeRef) throw new UnsupportedOpcodeError('call', { method: mr.name }, 'member of a type spec');
      return { name: mr.name, entry: 0x2000n + BigInt(row), ...this.signature(s.signature, mr.name, IrType.Ref) };
    }
    throw new UnsupportedOpcodeError('call', { method: `token 0x${token.toString(16)}` }, 'method spec');
  }

  private fieldType(token: number): { name: string; type: JitType } {
    if (token >>> 24 !== TableId.Field) throw new UnsupportedOpcodeError('ldfld', { method: `token 0x${token.toString(16)}` }, 'field reference');
    const row = token & 0xffffff;
    const name = this.md.row.field(row).name;
    return { name, type: this.ir(this.md.fieldSignature(row, this.provider, null), name, 'field type') };
  }

  resolveStaticField(token: number): IrStaticField {
    return { ...this.fieldType(token), address: 0x3000n, cctorTrigger: 0x3100n };
  }
  resolveInstanceField(token: number): IrInstanceField {
    return { ...this.fieldType(token), offset: 16 };
  }
  resolveString(token: number): { text: string; handle: bigint } {
    return { text: this.md.userStrings.get(token & 0xffffff), handle: 0x4000n };
  }
  resolveArrayType(token: number): IrArrayType {
    if (token >>> 24 === TableId.TypeSpec) throw new UnsupportedOpcodeError('newarr', { method: `token 0x${token.toString(16)}` }, 'type spec element');
    const name = token >>> 24 === TableId.TypeRef ? this.md.row.typeRef(token & 0xffffff).name : this.md.row.typeDef(token & 0xffffff).name;
    const prims: Record<string, IrType> = {
      SByte: IrType.I1, Byte: IrType.U1, Boolean: IrType.U1, Int16: IrType.I2, UInt16: IrType.U2, Char: IrType.U2, Int32: IrType.I4,
      UInt32: IrType.U4, Int64: IrType.I8, UInt64: IrType.U8, Single: IrType.R4, Double: IrType.R8, IntPtr: IrType.I, UIntPtr: IrType.U,
    };
    if (token >>> 24 === TableId.TypeDef && this.isValueType(token & 0xffffff) && !(name in prims)) {
      const vt = this.valueType(token & 0xffffff);
      if (typeof vt === 'object' && 'unsupported' in vt) throw new UnsupportedOpcodeError('newarr', { method: name }, vt.unsupported);
      if (vt === 'void') throw new UnsupportedOpcodeError('newarr', { method: name }, 'void element');
      return { name, elem: vt, typeHandle: 0x5000n };
    }
    return { name, elem: prims[name] ?? IrType.Ref, typeHandle: 0x5000n };
  }
  resolveType(token: number): IrTypeRef {
    if (token >>> 24 === TableId.TypeSpec) throw new UnsupportedOpcodeError('(type)', { method: `token 0x${token.toString(16)}` }, 'type spec');
    const isDef = token >>> 24 === TableId.TypeDef;
    const row = isDef ? this.md.row.typeDef(token & 0xffffff) : this.md.row.typeRef(token & 0xffffff);
    const prims: Record<string, IrType> = {
      SByte: IrType.I1, Byte: IrType.U1, Boolean: IrType.U1, Int16: IrType.I2, UInt16: IrType.U2, Char: IrType.U2, Int32: IrType.I4,
      UInt32: IrType.U4, Int64: IrType.I8, UInt64: IrType.U8, Single: IrType.R4, Double: IrType.R8, IntPtr: IrType.I, UIntPtr: IrType.U,
    };
    const primitive = row.namespace === 'System' ? prims[row.name] : undefined;
    const isValueType = primitive !== undefined || (isDef && this.isValueType(token & 0xffffff));
    return { name: row.name, typeHandle: 0x8000n, isValueType, ...(primitive === undefined ? {} : { primitive }) };
  }
  resolveSignature(token: number): IrCallee {
    const sig = new SignatureDecoder(this.provider, null).decodeMethodSignature(this.md.blobCursor(TableId.StandAloneSig, token & 0xffffff, 0));
    return { name: `calli 0x${token.toString(16)}`, entry: 0n, ...this.signature(sig, 'calli', IrType.Ref) };
  }

  /** Constrained calls: reference types dispatch normally, value types are boxed (compile-only: exact enough). */
  resolveConstrainedCall(typeToken: number): ConstrainedCall {
    const type = this.resolveType(typeToken);
    return type.isValueType ? { kind: 'box', type } : { kind: 'reference' };
  }

  /** `ldtoken`: the handle struct the token kind calls for, looked up in this assembly (mscorlib defines them). */
  resolveToken(token: number): { handle: bigint; type: StructLayout } {
    const table = token >>> 24;
    let kind = 'RuntimeTypeHandle';
    if (table === TableId.MethodDef || table === TableId.MethodSpec) kind = 'RuntimeMethodHandle';
    if (table === TableId.Field) kind = 'RuntimeFieldHandle';
    if (table === TableId.MemberRef) {
      kind = (this.md.row.memberRef(token & 0xffffff).signature[0]! & 0x0f) === 0x06 ? 'RuntimeFieldHandle' : 'RuntimeMethodHandle';
    }
    const n = this.md.rowCount(TableId.TypeDef);
    for (let r = 1; r <= n; r++) {
      const td = this.md.row.typeDef(r);
      if (td.name !== kind || td.namespace !== 'System') continue;
      const t = this.valueType(r);
      if (typeof t === 'object' && 'size' in t) return { handle: 0xa000_0000n + BigInt(token >>> 0), type: t };
    }
    throw new UnsupportedOpcodeError('ldtoken', { method: `token 0x${token.toString(16)}` }, `${kind} is not defined in this assembly`);
  }
  resolveNewObject(token: number): IrNewObject {
    const ctor = this.resolveCall(token);
    if (ctor.params[0] !== IrType.Ref) throw new UnsupportedOpcodeError('newobj', { method: ctor.name }, 'value type constructor');
    return { ctor, typeHandle: 0x6000n };
  }
  helper(): bigint {
    return 0x7000n;
  }
}
