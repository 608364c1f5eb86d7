/**
 * A miniature runtime for end-to-end JIT tests over a real assembly: reads methods with the
 * metadata reader, maps signatures of primitive types to IrTypes, gives every method a precode
 * stub (`movabs rax, target; jmp rax`) that first points at a prestub gate; the gate compiles
 * the method, backpatches the stub and continues in the new code — the same
 * prestub → jit → backpatch sequence the VM performs. Direct call sites (`call rel32` to a
 * precode) are backpatched too once their callee is compiled, so calls between compiled methods
 * stop going through the stub. Static fields get storage, string
 * literals become Mono-layout string objects, `newarr` element types come from TypeRef names.
 *
 * Classes get a toy layout: a 16-byte header (vtable pointer, sync word), then every instance
 * field in an 8-byte slot; the vtable starts with System.Object's four virtual slots (which trap)
 * and adds a slot per new virtual method, overrides reusing the base slot of the same name.
 * Constructors of types from other assemblies (System.Object, System.Exception) are no-ops.
 */
import * as fs from 'fs';
import { calleeRelocations, CompileOptions, compileMethod, CompiledMethod } from '../../../src/jit/codegen/compile';
import { ConstrainedCall, IrArrayType, IrCallee, IrInstanceField, IrNewObject, IrStaticField, IrTypeRef, JitHelper, JitHost, JitMethodInfo } from '../../../src/jit/host';
import { isStruct, IrType, JitType, sizeOf, StructLayout } from '../../../src/jit/ir/types';
import { MetadataReader, openAssembly, TableId } from '../../../src/metadata';
import { JitMachine } from './harness';
import { makeSigProvider, type SigType } from './sig-types';


function ir(t: SigType, what: string): JitType {
  if (typeof t === 'object' && 'unsupported' in t) throw new Error(`${what}: ${t.unsupported} is not supported by the test host`);
  if (t === 'void') throw new Error(`${what}: void is not a value type`);
  return t;
}

/** Size and alignment of a field of type `t` in the toy layouts. */
function fieldSize(t: JitType): { size: number; align: number } {
  if (isStruct(t)) return { size: t.size, align: Math.min(8, t.size >= 8 ? 8 : t.size >= 4 ? 4 : t.size >= 2 ? 2 : 1) };
  const n = t === IrType.Ref || t === IrType.ByRef ? 8 : sizeOf(t);
  return { size: n, align: n };
}

/** Element types of `newarr` by the TypeRef's full name. */
const ARRAY_ELEMENTS: Record<string, IrType> = {
  'System.SByte': IrType.I1, 'System.Byte': IrType.U1, 'System.Boolean': IrType.U1, 'System.Int16': IrType.I2,
  'System.UInt16': IrType.U2, 'System.Char': IrType.U2, 'System.Int32': IrType.I4, 'System.UInt32': IrType.U4,
  'System.Int64': IrType.I8, 'System.UInt64': IrType.U8, 'System.Single': IrType.R4, 'System.Double': IrType.R8,
  'System.IntPtr': IrType.I, 'System.UIntPtr': IrType.U, 'System.String': IrType.Ref, 'System.Object': IrType.Ref,
};

export class AssemblyJit {
  readonly md: MetadataReader;
  /** prestub / jit / backpatch events, in order. */
  readonly events: string[] = [];
  readonly compiled = new Map<number, CompiledMethod>();
  private readonly precodes = new Map<number, bigint>();
  /** Code address of each compiled method. */
  private readonly code = new Map<number, bigint>();
  /** MethodDef row of each precode address. */
  private readonly rowOfPrecode = new Map<bigint, number>();
  /** rel32 call fields (absolute address, addend) still aimed at a method's precode. */
  private readonly pendingSites = new Map<number, { field: bigint; addend: number }[]>();
  private readonly statics = new Map<number, IrStaticField>();
  private readonly strings = new Map<number, { text: string; handle: bigint }>();
  private readonly layouts = new Map<number, { fields: Map<number, number>; size: number; slots: string[]; vtable: bigint; slotOf: Map<number, number> }>();
  private noopCtor: bigint | undefined;
  /** Base class vtable of each vtable (null at the root). */
  private readonly parents = new Map<bigint, bigint | null>();
  private objectSlotTrap: bigint | undefined;

  private readonly provider = makeSigProvider((row) => this.valueType(row), false);
  private readonly structs = new Map<number, { layout: StructLayout; offsets: Map<number, number> }>();

  /** Whether TypeDef `row` is a value type (or an enum). */
  private isValueTypeDef(row: number): boolean {
    const ext = this.md.row.typeDef(row).extends;
    if (ext >>> 24 !== TableId.TypeRef) return false;
    const name = this.md.row.typeRef(ext & 0xffffff).name;
    return name === 'ValueType' || name === 'Enum';
  }

  /** The JitType of value type TypeDef `row`: an enum's underlying primitive, or a struct layout. */
  private valueType(row: number): JitType {
    const td = this.md.row.typeDef(row);
    const ext = td.extends;
    if (ext >>> 24 === TableId.TypeRef && this.md.row.typeRef(ext & 0xffffff).name === 'Enum') {
      const value = td.fields.find((f) => this.md.row.field(f).name === 'value__')!;
      return ir(this.md.fieldSignature(value, this.provider, null), `${td.name}.value__`);
    }
    return this.struct(row).layout;
  }

  /** Sequential layout with natural alignment (ECMA-335 §II.10.7's default for C# structs). */
  private struct(row: number): { layout: StructLayout; offsets: Map<number, number> } {
    let s = this.structs.get(row);
    if (s) return s;
    const td = this.md.row.typeDef(row);
    const offsets = new Map<number, number>();
    const refOffsets: number[] = [];
    let size = 0;
    let align = 1;
    for (const f of td.fields) {
      if (this.md.row.field(f).flags & 0x10) continue; // static
      const t = ir(this.md.fieldSignature(f, this.provider, null), `field ${this.md.row.field(f).name}`);
      const fs = fieldSize(t);
      size = (size + fs.align - 1) & ~(fs.align - 1);
      offsets.set(f, size);
      if (t === IrType.Ref || t === IrType.ByRef) refOffsets.push(size);
      if (isStruct(t)) for (const r of t.refOffsets) refOffsets.push(size + r);
      size += fs.size;
      align = Math.max(align, fs.align);
    }
    size = Math.max(1, (size + align - 1) & ~(align - 1));
    s = { layout: { name: td.name, size, refOffsets, typeHandle: 0n }, offsets };
    this.structs.set(row, s);
    // The boxed form's handle is the class layout's vtable (computed after, so it can see the struct).
    s = { layout: { ...s.layout, typeHandle: this.layout(row).vtable }, offsets };
    this.structs.set(row, s);
    return s;
  }

  constructor(readonly jm: JitMachine, file: string, readonly options: CompileOptions = {}) {
    this.md = openAssembly(new Uint8Array(fs.readFileSync(file)));
    if (jm) {
      jm.catchMatcher = (obj, token) => this.isInstance(obj, token);
      jm.isInstance = (obj, handle) => {
        for (let vt: bigint | null | undefined = jm.machine.memory.u64(obj); vt; vt = this.parents.get(vt)) if (vt === handle) return true;
        return handle === this.externalClassHandle('Object');
      };
    }
  }

  private readonly externalHandles = new Map<string, bigint>();

  /** A stand-in type handle for a type of another assembly (System.Int32, System.Object …). */
  private externalClassHandle(name: string): bigint {
    let h = this.externalHandles.get(name);
    if (h === undefined) {
      h = this.jm.alloc(8);
      this.externalHandles.set(name, h);
    }
    return h;
  }

  /** Whether `obj` is an instance of the class `token` names (a TypeRef, e.g. System.Exception, catches everything here). */
  private isInstance(obj: bigint, token: number): boolean {
    if (token >>> 24 !== TableId.TypeDef) return true;
    const want = this.layout(token & 0xffffff).vtable;
    for (let vt: bigint | null | undefined = this.jm.machine.memory.u64(obj); vt; vt = this.parents.get(vt)) if (vt === want) return true;
    return false;
  }

  methodName(row: number): string {
    const m = this.md.row.methodDef(row);
    const t = this.md.row.typeDef(m.declaringType);
    return `${t.namespace ? t.namespace + '.' : ''}${t.name}::${m.name}`;
  }

  /** MethodDef rows of type `typeName`, by method name. */
  methodsOf(typeName: string): Map<string, number> {
    const out = new Map<string, number>();
    const n = this.md.rowCount(TableId.TypeDef);
    for (let t = 1; t <= n; t++) {
      const td = this.md.row.typeDef(t);
      if (td.name !== typeName) continue;
      for (const m of td.methods) out.set(this.md.row.methodDef(m).name, m);
    }
    return out;
  }

  methodInfo(row: number): JitMethodInfo {
    const name = this.methodName(row);
    const sig = this.md.methodDefSignature(row, this.provider, null);
    const body = this.md.methodBody(row);
    if (!body) throw new Error(`${name} has no IL body`);
    const params = sig.parameterTypes.map((p, i) => ir(p, `${name} parameter ${i}`));
    const hasThis = (sig.header & 0x20) !== 0;
    // `this` of a value type's method is a managed pointer to the value (§II.13.3).
    if (hasThis) params.unshift(this.isValueTypeDef(this.md.row.methodDef(row).declaringType) ? IrType.ByRef : IrType.Ref);
    const locals = body.localSignature ? this.md.localSignature(body.localSignature & 0xffffff, this.provider, null).map((t, i) => ir(t, `${name} local ${i}`)) : [];
    return {
      name, il: body.code, params, locals, hasThis,
      ret: sig.returnType === 'void' ? null : ir(sig.returnType, `${name} return`),
      maxStack: body.maxStack, initLocals: body.initLocals,
      ehClauses: body.exceptionRegions.map((r) => ({
        kind: (['catch', 'filter', 'finally', 'finally', 'fault'] as const)[r.kind]!,
        tryOffset: r.tryOffset, tryLength: r.tryLength, handlerOffset: r.handlerOffset, handlerLength: r.handlerLength,
        classToken: r.classToken,
        ...(r.kind === 1 ? { filterOffset: r.filterOffset } : {}),
      })),
    };
  }

  /** The precode stub of MethodDef `row`, created on first use. */
  entry(row: number): bigint {
    let stub = this.precodes.get(row);
    if (stub !== undefined) return stub;
    const name = this.methodName(row);
    stub = this.jm.allocCode(16);
    const at = stub;
    const prestub = this.jm.machine.gates.define(`prestub:${name}`, (call) => {
      this.events.push(`prestub ${name}`);
      const compiled = compileMethod(this.methodInfo(row), this.host, this.options);
      const code = this.jm.install(compiled);
      this.compiled.set(row, compiled);
      this.code.set(row, code);
      this.events.push(`jit ${name} il=${this.methodInfo(row).il.length} size=${compiled.code.length}`);
      this.writeStub(at, code);
      // This method's own call sites: aim at compiled callees now, remember the others.
      for (const site of calleeRelocations(compiled)) {
        const callee = this.rowOfPrecode.get(site.callee.entry);
        if (callee === undefined) continue;
        const field = { field: code + BigInt(site.offset), addend: site.addend };
        const target = this.code.get(callee);
        if (target !== undefined) this.patchSite(field, target);
        else this.pendingSites.set(callee, [...(this.pendingSites.get(callee) ?? []), field]);
      }
      // Call sites elsewhere that still go through this method's stub.
      for (const site of this.pendingSites.get(row) ?? []) this.patchSite(site, code);
      this.pendingSites.delete(row);
      this.events.push(`backpatch ${name}`);
      call.jump(code);
    });
    this.writeStub(at, prestub);
    this.precodes.set(row, stub);
    this.rowOfPrecode.set(stub, row);
    return stub;
  }

  /** Rewrites a rel32 call field to reach `target` directly. */
  private patchSite(site: { field: bigint; addend: number }, target: bigint): void {
    const rel = target + BigInt(site.addend) - site.field;
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, Number(rel), true);
    this.jm.machine.memory.write(site.field, b);
    this.jm.machine.flushCode(site.field, 4);
  }

  private writeStub(at: bigint, target: bigint): void {
    const b = new Uint8Array(16).fill(0xcc);
    const dv = new DataView(b.buffer);
    b[0] = 0x48; b[1] = 0xb8; // movabs rax, imm64
    dv.setBigUint64(2, target, true);
    b[10] = 0xff; b[11] = 0xe0; // jmp rax
    this.jm.machine.memory.write(at, b);
    this.jm.machine.flushCode(at, 16);
  }

  /** Runs static method `row` with integer arguments; returns RAX. */
  run(row: number, args: bigint[] = []): bigint {
    return this.jm.call(this.entry(row), args, IrType.I8) as bigint;
  }

  /** The TypeDef row a TypeDefOrRef token names, or 0 for a type of another assembly. */
  private typeDefOf(token: number): number {
    return token >>> 24 === TableId.TypeDef ? token & 0xffffff : 0;
  }

  /** Field offsets, size and vtable of TypeDef `row` (built on first use, base classes first). */
  private layout(row: number): { fields: Map<number, number>; size: number; slots: string[]; vtable: bigint; slotOf: Map<number, number> } {
    let l = this.layouts.get(row);
    if (l) return l;
    const td = this.md.row.typeDef(row);
    const baseRow = this.typeDefOf(td.extends);
    const base = baseRow ? this.layout(baseRow) : null;
    const fields = new Map<number, number>(base ? base.fields : []);
    let size = base ? base.size : 16;
    for (const f of td.fields) {
      if (this.md.row.field(f).flags & 0x10) continue; // static
      fields.set(f, size);
      const t = ir(this.md.fieldSignature(f, this.provider, null), `field ${this.md.row.field(f).name}`);
      size += isStruct(t) ? (t.size + 7) & ~7 : 8;
    }
    if (!base && td.extends >>> 24 === TableId.TypeRef && this.md.row.typeRef(td.extends & 0xffffff).name !== 'Object') size += 256; // room for an external base's fields
    const slots = base ? [...base.slots] : ['Equals', 'Finalize', 'GetHashCode', 'ToString'];
    const slotOf = new Map<number, number>();
    for (const m of td.methods) {
      const md = this.md.row.methodDef(m);
      if (!(md.flags & 0x40)) continue; // not virtual
      const inherited = slots.lastIndexOf(md.name);
      const slot = md.flags & 0x100 || inherited < 0 ? slots.push(md.name) - 1 : inherited;
      slotOf.set(m, slot);
    }
    const vtable = this.jm.alloc(8 * slots.length);
    l = { fields, size, slots, vtable, slotOf };
    this.layouts.set(row, l);
    this.parents.set(vtable, base ? base.vtable : null);
    // Fill the vtable: this type's methods, else the base's entries, else a trap.
    this.objectSlotTrap ??= this.jm.machine.gates.define('System.Object virtual (not compiled here)', () => {
      throw new Error('a System.Object virtual method was called');
    });
    const mem = this.jm.machine.memory;
    for (let k = 0; k < slots.length; k++) {
      const own = [...slotOf.entries()].find(([, s]) => s === k);
      const entry = own ? this.entry(own[0]) : base && k < base.slots.length ? mem.u64(base.vtable + BigInt(8 * k)) : this.objectSlotTrap;
      mem.setU64(vtable + BigInt(8 * k), entry);
    }
    this.jm.objectSizes.set(vtable, size);
    return l;
  }

  readonly host: JitHost = {
    resolveCall: (token): IrCallee => {
      if (token >>> 24 === TableId.MemberRef) {
        const mr = this.md.row.memberRef(token & 0xffffff);
        if (mr.name === '.ctor' && mr.parent >>> 24 === TableId.TypeRef) {
          if (this.noopCtor === undefined) {
            // A `ret` in the code area, within rel32 reach of every compiled method.
            this.noopCtor = this.jm.allocCode(16);
            this.jm.machine.memory.write(this.noopCtor, Uint8Array.of(0xc3));
          }
          return { name: `${this.md.row.typeRef(mr.parent & 0xffffff).name}::.ctor`, entry: this.noopCtor, params: [IrType.Ref], ret: null };
        }
      }
      if (token >>> 24 !== TableId.MethodDef) throw new Error(`call to token 0x${token.toString(16)}: only MethodDefs of this assembly are supported here`);
      const row = token & 0xffffff;
      const info = this.methodInfo(row);
      const slot = this.layout(this.md.row.methodDef(row).declaringType).slotOf.get(row);
      return {
        name: info.name, entry: this.entry(row), params: info.params, ret: info.ret, hasThis: info.hasThis ?? false,
        ...(slot === undefined ? {} : { vtableSlotOffset: 8 * slot }),
      };
    },
    resolveInstanceField: (token): IrInstanceField => {
      const row = token & 0xffffff;
      const owner = this.md.declaringTypeOfField(row);
      const offset = this.isValueTypeDef(owner) ? this.struct(owner).offsets.get(row) : this.layout(owner).fields.get(row);
      if (offset === undefined) throw new Error(`field ${row} is not an instance field`);
      return { name: this.md.row.field(row).name, type: ir(this.md.fieldSignature(row, this.provider, null), `field ${row}`), offset };
    },
    resolveToken: (token) => this.jm.host.resolveToken!(token),
    resolveSignature: (token) => {
      throw new Error(`calli signature 0x${token.toString(16)}: not needed by the C# samples`);
    },
    resolveConstrainedCall: (typeToken, methodToken): ConstrainedCall => {
      const type = this.host.resolveType(typeToken);
      if (!type.isValueType) return { kind: 'reference' };
      // A value type of this assembly implementing the method itself: call it directly.
      const name = methodToken >>> 24 === TableId.MemberRef ? this.md.row.memberRef(methodToken & 0xffffff).name : this.md.row.methodDef(methodToken & 0xffffff).name;
      if (typeToken >>> 24 === TableId.TypeDef) {
        const own = this.md.row.typeDef(typeToken & 0xffffff).methods.find((m) => this.md.row.methodDef(m).name === name);
        if (own !== undefined) return { kind: 'direct', callee: this.host.resolveCall(0x06000000 | own) };
      }
      return { kind: 'box', type };
    },
    resolveType: (token): IrTypeRef => {
      if (token >>> 24 === TableId.TypeDef) {
        const row = token & 0xffffff;
        const name = this.md.row.typeDef(row).name;
        if (!this.isValueTypeDef(row)) return { name, typeHandle: this.layout(row).vtable, isValueType: false };
        const vt = this.valueType(row);
        return { name, typeHandle: this.layout(row).vtable, isValueType: true, ...(isStruct(vt) ? { struct: vt } : { primitive: vt }) };
      }
      if (token >>> 24 !== TableId.TypeRef) throw new Error(`type token 0x${token.toString(16)} is not supported here`);
      const tr = this.md.row.typeRef(token & 0xffffff);
      const primitive = ARRAY_ELEMENTS[`${tr.namespace}.${tr.name}`];
      const isValueType = primitive !== undefined && primitive !== IrType.Ref;
      return { name: tr.name, typeHandle: this.externalClassHandle(tr.name), isValueType, ...(isValueType ? { primitive } : {}) };
    },
    resolveNewObject: (token): IrNewObject => {
      const ctor = this.host.resolveCall(token);
      if (token >>> 24 !== TableId.MethodDef) throw new Error('newobj of another assembly\'s type is not supported here');
      const type = this.md.row.methodDef(token & 0xffffff).declaringType;
      if (this.isValueTypeDef(type)) return { ctor, typeHandle: this.layout(type).vtable, valueType: this.valueType(type) };
      return { ctor, typeHandle: this.layout(type).vtable };
    },
    resolveStaticField: (token): IrStaticField => {
      const row = token & 0xffffff;
      let f = this.statics.get(row);
      if (!f) {
        const type = ir(this.md.fieldSignature(row, this.provider, null), `field ${row}`);
        const address = this.jm.alloc(8);
        f = { name: this.md.row.field(row).name, type, address, cctorTrigger: null };
        this.statics.set(row, f);
      }
      return f;
    },
    resolveString: (token) => {
      let s = this.strings.get(token);
      if (!s) {
        const text = this.md.userStrings.get(token & 0xffffff);
        const obj = this.jm.alloc(20 + 2 * text.length + 2);
        const mem = this.jm.machine.memory;
        mem.setU32(obj + 16n, text.length);
        for (let i = 0; i < text.length; i++) mem.setU16(obj + 20n + BigInt(2 * i), text.charCodeAt(i));
        const handle = this.jm.alloc(8);
        mem.setU64(handle, obj);
        s = { text, handle };
        this.strings.set(token, s);
      }
      return s;
    },
    resolveArrayType: (token): IrArrayType => {
      if (token >>> 24 === TableId.TypeDef) {
        const row = token & 0xffffff;
        const td = this.md.row.typeDef(row);
        const elem: JitType = this.isValueTypeDef(row) ? this.valueType(row) : IrType.Ref;
        const typeHandle = this.externalClassHandle(`${td.name}[]`);
        this.jm.arrayElementSizes.set(typeHandle, isStruct(elem) ? elem.size : 8);
        return { name: td.name, elem, typeHandle };
      }
      if (token >>> 24 !== TableId.TypeRef) throw new Error(`newarr of token 0x${token.toString(16)}: only TypeDefs and TypeRefs are supported here`);
      const tr = this.md.row.typeRef(token & 0xffffff);
      const name = `${tr.namespace}.${tr.name}`;
      const elem = ARRAY_ELEMENTS[name];
      if (elem === undefined) throw new Error(`newarr ${name} is not supported here`);
      return { name, elem, typeHandle: 0x7000n + BigInt(elem) };
    },
    helper: (h: JitHelper) => this.jm.host.helper(h),
  };
}
