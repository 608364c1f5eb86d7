/**
 * Custom attributes as reflection sees them (ECMA-335 §II.21, §II.22.10, the value blob of
 * §II.23.3; Mono's `MonoCustomAttrs` icalls): which CustomAttribute rows a provider owns, their
 * attribute types, and attribute objects built the way the CLR builds them — allocate the
 * attribute class, run the constructor with the blob's fixed arguments, then store each named
 * field directly and call each named property's setter, in blob order.
 *
 * Providers: a RuntimeType (its TypeDef; an instantiation answers its definition's rows), a
 * RuntimeMethodInfo/RuntimeConstructorInfo (its MethodDef) and a RuntimeAssembly (its Assembly
 * row). Any other provider is a named NotSupportedYetError until reflection hands it out.
 *
 * Invariants: objects made here stay reachable through `pending` until they are stored in the
 * result array the caller gets, so a collection during a constructor cannot free them.
 */
import { CustomAttributeDecoder, ElementType, TableId, type CaType, type CaValue, type CustomAttributeTypeProvider, type MetadataReader } from '../../metadata';
import type { Assembly } from '../assembly';
import { NotSupportedYetError, VmError } from '../errors';
import type { MethodDesc } from '../method-desc';
import { resolveMethodToken } from '../method-resolution';
import type { Runtime } from '../runtime';
import { ARRAY_DATA_OFFSET, OBJECT_HEADER_SIZE, type FieldDesc, type TypeDesc } from '../type-desc';

/** The CustomAttribute rows of one metadata owner. */
export interface AttributeOwner {
  readonly assembly: Assembly;
  /** The owner's metadata token (TypeDef, MethodDef, Assembly …). */
  readonly token: number;
}

/** One CustomAttribute row with its constructor resolved. */
export interface AttributeRow {
  readonly assembly: Assembly;
  readonly row: number;
  readonly ctor: MethodDesc;
  readonly type: TypeDesc;
}

/** A custom attribute value this runtime cannot turn into an argument. */
export class CustomAttributeValueError extends VmError {
  override name = 'CustomAttributeValueError';
  constructor(readonly attribute: string, detail: string) {
    super(`custom attribute ${attribute}: ${detail}`);
  }
}

/** ELEMENT_TYPE codes of the primitive types an enum can sit on (§II.14.3). */
const PRIMITIVE_CODES: Readonly<Record<string, ElementType>> = {
  'System.Boolean': ElementType.Boolean,
  'System.Char': ElementType.Char,
  'System.SByte': ElementType.I1,
  'System.Byte': ElementType.U1,
  'System.Int16': ElementType.I2,
  'System.UInt16': ElementType.U2,
  'System.Int32': ElementType.I4,
  'System.UInt32': ElementType.U4,
  'System.Int64': ElementType.I8,
  'System.UInt64': ElementType.U8,
  'System.Single': ElementType.R4,
  'System.Double': ElementType.R8,
  'System.String': ElementType.String,
  'System.Object': ElementType.Object,
};

export class CustomAttributes {
  private readonly pending: bigint[] = [];
  private readonly rowsCache = new Map<string, AttributeRow[]>();

  constructor(private readonly rt: Runtime) {
    rt.gc.addRootProvider(() => this.pending);
  }

  /** The attribute rows of `owner`, constructors resolved (cached per owner). */
  rowsOf(owner: AttributeOwner): AttributeRow[] {
    const key = `${owner.assembly.name}|${owner.token}`;
    const hit = this.rowsCache.get(key);
    if (hit) return hit;
    const md = owner.assembly.md;
    const range = md.customAttributesOf(owner.token);
    const rows: AttributeRow[] = [];
    for (let r = range.start; r < range.end; r++) {
      const ctorToken = md.coded(TableId.CustomAttribute, r, 1, 10);
      const ctor = resolveMethodToken(this.rt, owner.assembly, ctorToken, `custom attribute ${r} of token 0x${owner.token.toString(16)}`);
      rows.push({ assembly: owner.assembly, row: r, ctor, type: this.rt.types.ensureLoaded(ctor.declaringType) });
    }
    this.rowsCache.set(key, rows);
    return rows;
  }

  /** A new attribute object for `row`: constructor, then named fields and properties. */
  construct(row: AttributeRow): bigint {
    const rt = this.rt;
    const decoder = new CustomAttributeDecoder(row.assembly.md, this.typeProvider(row.assembly));
    const value = decoder.decode(row.row);
    rt.runClassConstructor(row.type);
    const obj = rt.objects.allocObject(row.type);
    this.pending.push(obj);
    try {
      const params = rt.reflection.members.parameterTypes(row.ctor);
      const args = value.fixed.map((v, i) => this.argument(row, v, params[i]!));
      this.callGuest(row.ctor, [obj, ...args]);
      for (const named of value.named) {
        if (named.kind === 'field') {
          const f = this.fieldOf(row.type, named.name, row);
          this.store(obj + BigInt(f.offset), rt.types.ensureLoaded(f.type), named.value, row);
        } else {
          const setter = this.setterOf(row.type, named.name, row);
          const p = rt.reflection.members.parameterTypes(setter)[0]!;
          this.callGuest(setter, [obj, this.argument(row, named.value, p)]);
        }
      }
      return obj;
    } finally {
      this.pending.splice(this.pending.lastIndexOf(obj), 1);
    }
  }

  /** Keeps `obj` reachable while `fn` allocates or runs guest code. */
  keepAlive<T>(obj: bigint, fn: () => T): T {
    this.pending.push(obj);
    try {
      return fn();
    } finally {
      this.pending.splice(this.pending.lastIndexOf(obj), 1);
    }
  }

  private callGuest(md: MethodDesc, args: bigint[]): void {
    const rt = this.rt;
    rt.exceptions.hostCatches(() => rt.callGuest(rt.entryOf(md), args));
  }

  /** The 64-bit register value passing `v` to a parameter of type `p` (references kept alive). */
  private argument(row: AttributeRow, v: CaValue, p: TypeDesc): bigint {
    const t = this.rt.types.ensureLoaded(p);
    if (t.isValueType) {
      if (t.storage === null || t.fullName === 'System.Single' || t.fullName === 'System.Double') {
        throw new NotSupportedYetError(`a ${t.fullName} argument of custom attribute ${row.type.fullName}`, 'custom attribute construction');
      }
      return this.scalarBits(v, row);
    }
    const ref = this.objectValue(v, row);
    if (ref !== 0n) this.pending.push(ref);
    return ref;
  }

  /** Writes `v` into storage of type `t` at `at` (a field of the attribute). */
  private store(at: bigint, t: TypeDesc, v: CaValue, row: AttributeRow): void {
    const mem = this.rt.machine.memory;
    if (!t.isValueType) {
      mem.setU64(at, this.objectValue(v, row));
      return;
    }
    if (t.storage === null) throw new NotSupportedYetError(`a ${t.fullName} field of custom attribute ${row.type.fullName}`, 'custom attribute construction');
    this.writeScalar(at, t.valueSize, v, row);
  }

  private writeScalar(at: bigint, size: number, v: CaValue, row: AttributeRow): void {
    const mem = this.rt.machine.memory;
    if (typeof v.value === 'number' && !Number.isInteger(v.value)) {
      const b = Buffer.alloc(8);
      if (size === 4) b.writeFloatLE(v.value);
      else b.writeDoubleLE(v.value);
      mem.write(at, b.subarray(0, size));
      return;
    }
    const bits = this.scalarBits(v, row);
    switch (size) {
      case 1: mem.setU8(at, Number(bits & 0xffn)); break;
      case 2: mem.setU16(at, Number(bits & 0xffffn)); break;
      case 4: mem.setU32(at, Number(bits & 0xffff_ffffn)); break;
      default: mem.setU64(at, bits);
    }
  }

  /** The integer bits of a scalar blob value. */
  private scalarBits(v: CaValue, row: AttributeRow): bigint {
    const x = v.value;
    if (typeof x === 'boolean') return x ? 1n : 0n;
    if (typeof x === 'bigint') return BigInt.asUintN(64, x);
    if (typeof x === 'number') {
      if (v.type.kind === 'primitive' && (v.type.code === ElementType.R4 || v.type.code === ElementType.R8)) {
        const b = Buffer.alloc(8);
        if (v.type.code === ElementType.R4) b.writeFloatLE(x);
        else b.writeDoubleLE(x);
        return v.type.code === ElementType.R4 ? BigInt(b.readUInt32LE(0)) : b.readBigUInt64LE(0);
      }
      return BigInt.asUintN(64, BigInt(x));
    }
    throw new CustomAttributeValueError(row.type.fullName, `a ${describe(v.type)} value where a scalar is expected`);
  }

  /** A guest reference for `v`: a string, a RuntimeType, a boxed scalar or a new array. */
  private objectValue(v: CaValue, row: AttributeRow): bigint {
    const rt = this.rt;
    if (v.value === null) return 0n;
    switch (v.type.kind) {
      case 'type':
        return rt.reflection.typeObject(this.typeByName(String(v.value), row.assembly, row));
      case 'primitive':
        if (v.type.code === ElementType.String) return rt.objects.allocString(String(v.value));
        return this.box(this.primitiveType(v.type.code), v, row);
      case 'enum':
        return this.box(this.typeByName(v.type.name, row.assembly, row), v, row);
      case 'object':
        throw new CustomAttributeValueError(row.type.fullName, 'a boxed value without its type');
      case 'array': {
        const items = v.value as CaValue[];
        const element = this.elementType(v.type.element, row);
        const array = rt.objects.allocArray(rt.types.ensureLoaded(rt.types.arrayOf(element)), items.length);
        this.keepAlive(array, () => {
          const size = element.isValueType ? element.valueSize : 8;
          items.forEach((item, i) => this.store(array + BigInt(ARRAY_DATA_OFFSET + i * size), element, item, row));
        });
        return array;
      }
    }
  }

  private box(t: TypeDesc, v: CaValue, row: AttributeRow): bigint {
    const loaded = this.rt.types.ensureLoaded(t);
    const obj = this.rt.objects.allocObject(loaded);
    this.writeScalar(obj + BigInt(OBJECT_HEADER_SIZE), loaded.valueSize, v, row);
    return obj;
  }

  private elementType(t: CaType, row: AttributeRow): TypeDesc {
    switch (t.kind) {
      case 'primitive': return this.primitiveType(t.code);
      case 'type': return this.rt.types.corlibType('System.Type');
      case 'object': return this.rt.types.corlibType('System.Object');
      case 'enum': return this.typeByName(t.name, row.assembly, row);
      case 'array': throw new CustomAttributeValueError(row.type.fullName, 'an array of arrays');
    }
  }

  private primitiveType(code: ElementType): TypeDesc {
    const name = Object.keys(PRIMITIVE_CODES).find((k) => PRIMITIVE_CODES[k] === code);
    if (!name) throw new VmError(`ELEMENT_TYPE 0x${(code as number).toString(16)} is not a custom attribute primitive`);
    return this.rt.types.corlibType(name);
  }

  /** A type named as §II.23.3 serializes it (`Ns.Outer+Inner[, Assembly, …]`), seen from `from`. */
  typeByName(serialized: string, from: Assembly, row: AttributeRow | null): TypeDesc {
    const comma = serialized.indexOf(',');
    const name = (comma >= 0 ? serialized.slice(0, comma) : serialized).trim().replace(/\+/g, '/');
    const asmName = comma >= 0 ? serialized.slice(comma + 1).split(',')[0]!.trim() : null;
    const scopes = asmName ? [this.rt.binder.bind(asmName)] : [from, this.rt.binder.corlib];
    for (const scope of scopes) {
      const loc = scope.locateType(name);
      if (loc) return this.rt.types.typeFromDef(loc.assembly, loc.row);
    }
    throw new CustomAttributeValueError(row?.type.fullName ?? 'value', `type '${serialized}' is not found`);
  }

  private fieldOf(t: TypeDesc, name: string, row: AttributeRow): FieldDesc {
    for (let c: TypeDesc | null = t; c; c = c.parent) {
      const f = this.rt.types.ensureLoaded(c).instanceFields.find((x) => x.name === name);
      if (f) return f;
    }
    throw new CustomAttributeValueError(row.type.fullName, `named field ${name} does not exist`);
  }

  private setterOf(t: TypeDesc, name: string, row: AttributeRow): MethodDesc {
    const setter = this.rt.reflection.members.methodsByName(t, `set_${name}`, false, 0x4 | 0x10 | 0x20).find((m) => !m.isStatic);
    if (!setter) throw new CustomAttributeValueError(row.type.fullName, `named property ${name} has no setter`);
    return setter;
  }

  /** Enum and System.Type classification for the blob decoder, through this runtime's types. */
  private typeProvider(asm: Assembly): CustomAttributeTypeProvider {
    const rt = this.rt;
    const underlying = (t: TypeDesc): ElementType | null => {
      const loaded = rt.types.ensureLoaded(t);
      if (loaded.parent?.fullName !== 'System.Enum' || loaded.parent.assembly !== rt.binder.corlib) return null;
      const f = loaded.instanceFields[0];
      return f ? PRIMITIVE_CODES[f.type.fullName] ?? null : null;
    };
    return {
      classify: (_md: MetadataReader, token: number) => {
        const t = rt.types.resolveType(asm, token);
        if (t.fullName === 'System.Type' && t.assembly === rt.binder.corlib) return { kind: 'type' };
        const u = underlying(t);
        if (u !== null) return { kind: 'enum', name: t.fullName, underlying: u };
        return { kind: 'other', name: t.fullName };
      },
      enumUnderlyingByName: (_md: MetadataReader, name: string) => {
        try {
          return underlying(this.typeByName(name, asm, null));
        } catch (e) {
          if (e instanceof CustomAttributeValueError) return null;
          throw e;
        }
      },
    };
  }
}

function describe(t: CaType): string {
  return t.kind === 'primitive' ? `ELEMENT_TYPE 0x${(t.code as number).toString(16)}` : t.kind;
}
