/**
 * `clremu disasm`'s work: the x86-64 the JIT makes for one method, interleaved with the method's IL,
 * in the spirit of the CLR's JitDisasm output (a `;`-comment header naming the method and sizes,
 * then the code).
 *
 * The runtime is booted only as far as the JIT needs: the assembly is bound and the method's type
 * loaded, the method compiled and installed in the code heap (so addresses, call targets and
 * relocations are what a run would have), and nothing runs — no Main, no class constructor.
 *
 * Layout: the prologue first, then for each IL instruction in code order its IL line
 * (`IL_0004  ldarg.0`) followed by the x86-64 generated for it; an IL instruction that produced no
 * code of its own (`ldarg`, `nop`: the JIT folds them into their users) shows just its IL line.
 * Code the JIT placed out of IL order (a loop's condition after its body) repeats the IL line it
 * belongs to, marked `(continued)`. Then the epilogue and out-of-line code (throw stubs, switch
 * tables).
 *
 * Method selection (managed-code.ts selectors): an unknown type or method is an
 * `UnknownManagedMethodError` listing near matches; an overloaded name without a parameter list is
 * one listing the overloads' signatures to choose from.
 */
import type { Disassembler } from '../../emu';
import { compileMethod, type CompiledMethod, type IlMapEntry } from '../jit/codegen/compile';
import { TableId } from '../metadata';
import type { Assembly } from '../vm/assembly';
import { RuntimeJitHost, methodInfo } from '../vm/jit-host';
import { MethodAttr, type MethodDesc } from '../vm/method-desc';
import type { Runtime } from '../vm/runtime';
import { ilLabel, methodSignatureText, nearMatches, parseMethodSelector, runtimeCodeMap, selectsMethod } from './managed-code';
import { bytesHexSpaced } from './trace-format';
import { TraceOptionError, UnknownManagedMethodError } from './trace-errors';

/** One IL instruction as the listing prints it. */
export interface IlLine {
  readonly offset: number;
  /** `ldstr "hello"`, `call void [mscorlib]System.Console::WriteLine(string)` … */
  readonly text: string;
}

export interface JitListing {
  readonly method: MethodDesc;
  readonly signature: string;
  readonly code: bigint;
  readonly compiled: CompiledMethod;
  readonly text: string;
}

/** The one method of `asm` that `selectorText` names (see the overview for the errors). */
export function selectMethod(rt: Runtime, asm: Assembly, selectorText: string): MethodDesc {
  const selector = parseMethodSelector(selectorText);
  if (!selector) throw new TraceOptionError('method', selectorText, 'expected Ns.Type::Method or Ns.Type::Method(int32,string)');
  const typeRow = asm.findTypeDef(selector.type);
  const md = asm.md;
  if (typeRow === 0) {
    const types: string[] = [];
    for (let r = 1; r <= md.rowCount(TableId.TypeDef); r++) types.push(asm.typeDefName(r));
    const near = nearMatches(selector.type, types.filter((t) => t !== '<Module>'));
    throw new UnknownManagedMethodError(selector.text, `${asm.name} defines no type ${selector.type}${near.length ? `; types with similar names: ${near.join(', ')}` : ''}`);
  }
  const type = rt.types.typeFromDef(asm, typeRow);
  const all = md.methodsOf(typeRow).map((row) => rt.types.methodDesc(asm, row));
  const named = all.filter((m) => m.name === selector.method);
  if (named.length === 0) {
    const near = nearMatches(selector.method, [...new Set(all.map((m) => m.name))]);
    throw new UnknownManagedMethodError(selector.text, `type ${type.fullName} has no method ${selector.method}${near.length ? `; methods with similar names: ${near.map((n) => `${type.fullName}::${n}`).join(', ')}` : ''}`);
  }
  const chosen = named.filter((m) => selectsMethod(rt, m, selector));
  if (chosen.length === 1) return chosen[0]!;
  const overloads = named.map((m) => methodSignatureText(rt, m)).join(', ');
  if (chosen.length === 0) throw new UnknownManagedMethodError(selector.text, `no overload has those parameters; the overloads are: ${overloads}`);
  throw new UnknownManagedMethodError(selector.text, `the name is overloaded: add a parameter list to pick one of ${overloads}`);
}

/** Compiles `md` (without running anything) and lists it, IL interleaved with x86-64. */
export function disassembleMethod(rt: Runtime, md: MethodDesc, il: readonly IlLine[], disassembler: Disassembler): JitListing {
  if (md.attributes & MethodAttr.PinvokeImpl) throw new UnknownManagedMethodError(md.fullName, 'it is a P/Invoke method: it has no IL for the JIT to compile');
  if (md.isInternalCall) throw new UnknownManagedMethodError(md.fullName, 'it is an internal call: the runtime implements it, it has no IL');
  if (md.attributes & MethodAttr.Abstract) throw new UnknownManagedMethodError(md.fullName, 'it is abstract: it has no body');
  rt.types.ensureLoaded(md.declaringType);
  const host = new RuntimeJitHost(rt, md);
  const info = methodInfo(rt, md);
  const compiled = compileMethod(info, host, rt.compileOptions);
  const code = rt.code.install(md, compiled, host.calleesByPrecode);
  const bytes = rt.machine.memory.read(code, compiled.code.length);
  const signature = methodSignatureText(rt, md);
  const lines: string[] = [
    `; Assembly listing for method ${signature}`,
    `; clremu JIT, x64, ${rt.compileOptions.registerAllocator === 'none' ? 'no register allocation' : 'linear-scan register allocation'}, RBP frame`,
    `; IL code size ${info.il.length} bytes, native code size ${compiled.code.length} bytes, frame ${compiled.frameSize} bytes, prolog ${compiled.prologSize} bytes`,
    `; ${compiled.ehTable.length} exception clause${compiled.ehTable.length === 1 ? '' : 's'}`,
    '',
  ];
  const codeMap = runtimeCodeMap(rt);
  // Addresses in operands (call targets, precodes, helper gates) get their names as a comment.
  const nameOf = (text: string): string => {
    const names: string[] = [];
    for (const m of text.matchAll(/0x[0-9a-f]{5,}/g)) {
      const addr = BigInt(m[0]);
      const name = codeMap.locate(addr)?.text ?? rt.machine.gates.nameAt(addr);
      if (name) names.push(name);
    }
    return names.length ? `  ; ${names.join(', ')}` : '';
  };
  const nativeLines = (from: number, to: number): void => {
    for (const ins of disassembler.decode(bytes.subarray(from, to), code + BigInt(from))) {
      const off = Number(ins.address - code);
      lines.push(`       ${ins.address.toString(16).padStart(16, '0')} (+0x${off.toString(16).padStart(4, '0')})  ${bytesHexSpaced(ins.bytes).padEnd(30)}  ${ins.text}${nameOf(ins.text)}`);
    }
  };
  const ilByOffset = new Map(il.map((l) => [l.offset, l]));
  const printed = new Set<number>();
  const ilLine = (l: IlLine, continued = false): void => {
    lines.push(`${ilLabel({ native: 0, region: 'body', il: l.offset })}  ${l.text}${continued ? '  (continued)' : ''}`);
  };
  const map: readonly IlMapEntry[] = compiled.ilMap;
  map.forEach((e, k) => {
    const end = map[k + 1]?.native ?? compiled.code.length;
    if (e.native === end) return;
    if (e.region !== 'body') {
      lines.push(`; ${e.region === 'out-of-line' ? 'out-of-line code (throw stubs, switch tables)' : e.region}`);
    } else if (printed.has(e.il)) {
      const l = ilByOffset.get(e.il);
      if (l) ilLine(l, true);
    } else {
      // IL instructions up to this one that produced no code of their own come first, in IL order.
      for (const l of il) {
        if (l.offset > e.il) break;
        if (printed.has(l.offset)) continue;
        printed.add(l.offset);
        ilLine(l);
      }
      if (!ilByOffset.has(e.il)) lines.push(`IL_${e.il.toString(16).padStart(4, '0')}  (no instruction starts here)`);
    }
    nativeLines(e.native, end);
  });
  const rest = il.filter((l) => !printed.has(l.offset));
  if (rest.length) {
    lines.push('; IL without code (unreachable, or folded into code listed above)');
    for (const l of rest) ilLine(l);
  }
  lines.push('', `; Total bytes of code ${compiled.code.length}`);
  return { method: md, signature, code, compiled, text: `${lines.join('\n')}\n` };
}
