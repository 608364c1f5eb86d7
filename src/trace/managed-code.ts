/**
 * JIT-compiled code as traces, crash reports and `clremu disasm` name it, read from the runtime's
 * one code map (src/vm/code-manager.ts: every installed method body with what the JIT produced for
 * it, including its native → IL map, and every precode), so nothing here keeps a second registry.
 *
 * Names: `Ns.Type::Method+0x1c [IL_0004]` inside a method's code (the offset from the code's start,
 * then the IL instruction the code belongs to, or `[prolog]`, `[epilog]`, `[out-of-line]`), and
 * `Ns.Type::Method [precode]` inside its precode (the stub that reaches the prestub, then, once
 * backpatched, jumps to the code), and runtime stubs by kind and owner: `Ns.Type::Method [native
 * entry]` (an internal call's or P/Invoke's trampoline), `[boot thunk]`, `Ns.Type [cctor trigger]`.
 *
 * Method selectors (`--trace-method`, `disasm`): `Ns.Type::Method`, nested types as `Outer/Inner`,
 * optionally with a parameter list `Ns.Type::Method(int32,string)` written with ILAsm's names for
 * built-in types (§II.7.1) and full names for the rest, which picks one overload.
 */
import type { MethodDesc } from '../vm/method-desc';
import type { Runtime } from '../vm/runtime';
import { ilMapEntryAt, type IlMapEntry } from '../jit/codegen/compile';

/** Where an address falls in managed code. */
export interface ManagedLocation {
  /** `Ns.Type::Method`. */
  readonly method: string;
  readonly kind: 'code' | 'precode' | 'stub';
  /** Start of the method's code (or of its precode). */
  readonly start: bigint;
  readonly offset: bigint;
  /** The IL map entry covering the address (code only). */
  readonly il?: IlMapEntry;
  /** The name a trace or a stack frame shows. */
  readonly text: string;
}

/** What the trace layer needs of the managed runtime's code map. */
export interface ManagedCodeMap {
  /**
   * `returnAddress`: `addr` is a frame's return address, so its IL position is the call's (the
   * instruction before it), as managed stack traces give it; the offset stays the address's own.
   */
  locate(addr: bigint, returnAddress?: boolean): ManagedLocation | undefined;
  /** The compiled method containing `addr`, if it matches `selector` (see `MethodSelector`). */
  inMethod(addr: bigint, selector: MethodSelector): boolean;
  /** Full names of every compiled method (for near-match suggestions). */
  compiledNames(): string[];
}

/** A parsed `Ns.Type::Method[(params)]`. */
export interface MethodSelector {
  readonly text: string;
  readonly type: string;
  readonly method: string;
  /** Parameter types in ILAsm spelling, when the selector gave a list. */
  readonly params?: readonly string[];
}

const SELECTOR = /^([^:\s()]+)::([^:\s()]+)(?:\(([^()]*)\))?$/;

/** Parses a selector; undefined when it is not of the form `Ns.Type::Method[(t1,t2)]`. */
export function parseMethodSelector(text: string): MethodSelector | undefined {
  const m = SELECTOR.exec(text.trim());
  if (!m) return undefined;
  const params = m[3] === undefined ? undefined : m[3].split(',').map((p) => p.trim()).filter((p) => p !== '');
  return { text: text.trim(), type: m[1]!, method: m[2]!, ...(params ? { params } : {}) };
}

/** ILAsm's keywords for the built-in types (§II.7.1). */
const ILASM_NAMES: Readonly<Record<string, string>> = {
  'System.Void': 'void', 'System.Boolean': 'bool', 'System.Char': 'char', 'System.SByte': 'int8', 'System.Byte': 'uint8',
  'System.Int16': 'int16', 'System.UInt16': 'uint16', 'System.Int32': 'int32', 'System.UInt32': 'uint32',
  'System.Int64': 'int64', 'System.UInt64': 'uint64', 'System.Single': 'float32', 'System.Double': 'float64',
  'System.String': 'string', 'System.Object': 'object', 'System.IntPtr': 'native int', 'System.UIntPtr': 'native unsigned int',
  'System.TypedReference': 'typedref',
};

/** A type's full name in ILAsm spelling (`System.Int32[]` → `int32[]`). */
export function ilasmTypeName(fullName: string): string {
  const suffix = /(\[[,\s]*\]|\*|&)+$/.exec(fullName)?.[0] ?? '';
  const element = fullName.slice(0, fullName.length - suffix.length);
  return (ILASM_NAMES[element] ?? element) + suffix;
}

/** The parameter types of `md` in ILAsm spelling; undefined if its signature cannot be decoded. */
export function parameterTypes(rt: Runtime, md: MethodDesc): string[] | undefined {
  try {
    return md.assembly.md.methodDefSignature(md.row, rt.types.provider(md.assembly), null).parameterTypes.map((t) => ilasmTypeName(t.fullName));
  } catch {
    return undefined;
  }
}

/** `Ns.Type::Method(int32,string)`. */
export function methodSignatureText(rt: Runtime, md: MethodDesc): string {
  return `${md.fullName}(${(parameterTypes(rt, md) ?? ['?']).join(',')})`;
}

/** Whether `md` is the method `selector` names (any overload when it gives no parameter list). */
export function selectsMethod(rt: Runtime, md: MethodDesc, selector: MethodSelector): boolean {
  if (md.name !== selector.method || md.declaringType.fullName !== selector.type) return false;
  if (!selector.params) return true;
  const params = parameterTypes(rt, md);
  return params !== undefined && params.length === selector.params.length && params.every((p, i) => p === selector.params![i]!.replace(/\s+/g, ' '));
}

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

/** `IL_000c`, or the region's name. */
export function ilLabel(entry: IlMapEntry | undefined): string {
  if (!entry) return 'prolog';
  return entry.region === 'body' ? `IL_${entry.il.toString(16).padStart(4, '0')}` : entry.region;
}

/** The runtime's code map as the trace layer sees it. */
export function runtimeCodeMap(rt: Runtime): ManagedCodeMap {
  return {
    locate(addr, returnAddress = false) {
      const range = rt.code.rangeAt(addr);
      if (range) {
        const offset = addr - range.start;
        const il = ilMapEntryAt(range.compiled.ilMap ?? [], Number(offset) - (returnAddress && offset > 0n ? 1 : 0));
        const method = range.method.fullName;
        return { method, kind: 'code', start: range.start, offset, il, text: `${method}${offset ? `+${hex(offset)}` : ''} [${ilLabel(il)}]` };
      }
      const md = rt.code.methodByPrecode(addr);
      if (md) {
        const offset = addr - md.precode;
        return { method: md.fullName, kind: 'precode', start: md.precode, offset, text: `${md.fullName} [precode${offset ? `+${hex(offset)}` : ''}]` };
      }
      const stub = rt.code.stubAt(addr);
      if (stub) {
        const offset = addr - stub.start;
        const what = `${stub.name.kind}${offset ? `+${hex(offset)}` : ''}`;
        return { method: stub.name.owner ?? `clr!${stub.name.kind}`, kind: 'stub', start: stub.start, offset, text: stub.name.owner ? `${stub.name.owner} [${what}]` : `clr!${what}` };
      }
      return undefined;
    },
    inMethod(addr, selector) {
      const range = rt.code.rangeAt(addr);
      return range !== undefined && selectsMethod(rt, range.method, selector);
    },
    compiledNames() {
      return [...new Set(rt.code.installed.map((r) => r.method.fullName))];
    },
  };
}

/** Up to `max` of `names` closest to `wanted` (edit distance, case-insensitive), for "did you mean". */
export function nearMatches(wanted: string, names: readonly string[], max = 5): string[] {
  const w = wanted.toLowerCase();
  const scored = names.map((n) => ({ n, d: distance(w, n.toLowerCase()) - (n.toLowerCase().includes(w) || w.includes(n.toLowerCase()) ? w.length : 0) }));
  const limit = Math.max(2, Math.floor(w.length / 4));
  return scored.filter((s) => s.d <= limit).sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1)).slice(0, max).map((s) => s.n);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
