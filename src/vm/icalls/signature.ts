/**
 * A method's signature as the icall layer sees it: Mono's descriptive name for lookup and the
 * kind of each argument for decoding.
 *
 * Names follow Mono's `mono_signature_get_desc(sig, TRUE)` (metadata/debug-helpers.c), which is
 * what icall-def.h overloads are written in: primitives by short name (`int`, `long`, `intptr`,
 * `single`, `double`, `bool`, `char`, `string`, `object` …), other types by full name (nested with
 * `/`), then `&` for a byref, `*` for a pointer, `[]` for an SZ array. So
 * `System.Threading.Interlocked::CompareExchange(int&,int,int)`.
 *
 * Kinds follow the Windows x64 convention the JIT uses (design.md "Runtime conventions"): every
 * argument takes one 8-byte position; integers and references in RCX/RDX/R8/R9 or a stack slot,
 * float32/float64 in XMM0–3 or a stack slot. `this` comes first for an instance method.
 */
import { IrType } from '../../jit/ir/types';
import type { MethodDesc } from '../method-desc';
import type { Runtime } from '../runtime';
import { TypeKind, type TypeDesc } from '../type-desc';

/**
 * How one argument or result is decoded:
 *  - `bool` (a byte, false/true), `char` (a UTF-16 unit), `i32` (int8/16/32 sign-extended),
 *    `u32` (uint8/16/32 zero-extended): JavaScript numbers;
 *  - `i64`, `u64`, `ptr` (native int, unmanaged pointers and managed byrefs), `ref` (an object
 *    reference, 0 for null): bigints;
 *  - `f32`, `f64`: numbers read from (or written to) an XMM register.
 */
export type IcallKind = 'bool' | 'char' | 'i32' | 'u32' | 'i64' | 'u64' | 'ptr' | 'ref' | 'f32' | 'f64';
export type IcallRetKind = IcallKind | 'void';

/** Mono's short names for the corlib primitives. */
const MONO_PRIMITIVE_NAMES: ReadonlyMap<string, string> = new Map([
  ['System.Void', 'void'], ['System.Boolean', 'bool'], ['System.Char', 'char'],
  ['System.SByte', 'sbyte'], ['System.Byte', 'byte'], ['System.Int16', 'int16'], ['System.UInt16', 'uint16'],
  ['System.Int32', 'int'], ['System.UInt32', 'uint'], ['System.Int64', 'long'], ['System.UInt64', 'ulong'],
  ['System.IntPtr', 'intptr'], ['System.UIntPtr', 'uintptr'], ['System.Single', 'single'], ['System.Double', 'double'],
  ['System.String', 'string'], ['System.Object', 'object'], ['System.TypedReference', 'typedbyref'],
]);

/** Mono's descriptive name of one signature type. */
export function monoTypeName(t: TypeDesc): string {
  switch (t.kind) {
    case TypeKind.SzArray: return `${monoTypeName(t.element!)}[]`;
    case TypeKind.ByRef: return `${monoTypeName(t.element!)}&`;
    case TypeKind.Pointer: return `${monoTypeName(t.element!)}*`;
    default: return (t.assembly?.name === 'mscorlib' ? MONO_PRIMITIVE_NAMES.get(t.fullName) : undefined) ?? t.fullName;
  }
}

/** The decoding kind of a value of type `t`, or why it cannot be passed to an icall gate. */
export function kindOf(t: TypeDesc): IcallKind | { unsupported: string } {
  if (t.kind === TypeKind.ByRef || t.kind === TypeKind.Pointer) return 'ptr';
  if (t.kind === TypeKind.SzArray || t.kind === TypeKind.Class) return 'ref';
  if (t.kind === TypeKind.Unsupported) return t.storage === IrType.Ref ? 'ref' : { unsupported: t.unsupportedReason };
  if (t.assembly?.name === 'mscorlib') {
    if (t.fullName === 'System.Boolean') return 'bool';
    if (t.fullName === 'System.Char') return 'char';
  }
  switch (t.storage) {
    case IrType.I1: case IrType.I2: case IrType.I4: return 'i32';
    case IrType.U1: case IrType.U2: case IrType.U4: return 'u32';
    case IrType.I8: return 'i64';
    case IrType.U8: return 'u64';
    case IrType.I: case IrType.U: case IrType.ByRef: return 'ptr';
    case IrType.R4: return 'f32';
    case IrType.R8: return 'f64';
    case IrType.Ref: return 'ref';
    default: return { unsupported: `value type ${t.fullName} passed by value` };
  }
}

export interface IcallSignature {
  /** `Namespace.Type::Name(params)` in Mono's notation. */
  readonly fullName: string;
  /** `Namespace.Type::Name`: the key for an icall registered without a signature. */
  readonly shortName: string;
  /** Each argument position, `this` first for an instance method. */
  readonly params: readonly { readonly name: string; readonly type: TypeDesc | null; readonly kind: IcallKind | { unsupported: string } }[];
  readonly ret: { readonly type: TypeDesc; readonly kind: IcallRetKind | { unsupported: string } };
}

/** Decodes `md`'s MethodDef signature (nothing is loaded: types are only named). */
export function icallSignature(rt: Runtime, md: MethodDesc): IcallSignature {
  const asm = md.assembly;
  const sig = asm.md.methodDefSignature(md.row, rt.types.provider(asm), null);
  const shortName = `${md.declaringType.fullName}::${md.name}`;
  const fullName = `${shortName}(${sig.parameterTypes.map(monoTypeName).join(',')})`;
  const params: IcallSignature['params'][number][] = sig.parameterTypes.map((t, i) => ({ name: `#${i}`, type: t, kind: kindOf(t) }));
  if (sig.header & 0x20) params.unshift({ name: 'this', type: null, kind: md.declaringType.isValueType ? 'ptr' : 'ref' });
  const r = sig.returnType;
  const retKind: IcallRetKind | { unsupported: string } = r.kind === TypeKind.ValueType && r.fullName === 'System.Void' ? 'void' : kindOf(r);
  return { fullName, shortName, params, ret: { type: r, kind: retKind } };
}

/** `a,b,c` for messages. */
export function kindsText(kinds: readonly (IcallKind | IcallRetKind | { unsupported: string })[]): string {
  return kinds.map((k) => (typeof k === 'string' ? k : `unsupported: ${k.unsupported}`)).join(',');
}
