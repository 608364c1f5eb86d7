/**
 * Stack traces as .NET Framework prints them: one `at Namespace.Type.Method(ParamType name, …)`
 * line per managed frame, innermost first, from the frames the dispatcher walked (the same
 * unwinder the crash reports use). Native frames and stubs have no managed name and are skipped,
 * as the CLR skips them in `Exception.StackTrace`.
 */
import type { MethodDesc } from '../method-desc';
import type { Runtime } from '../runtime';

/** `Namespace.Type.Method(String[] args)` for one managed frame. */
export function formatFrame(rt: Runtime, md: MethodDesc): string {
  const type = md.declaringType.fullName.replace(/\//g, '+');
  return `${type}.${md.name}(${parameterList(rt, md)})`;
}

/** `Int32 x, String s`: parameter type short names and names, as .NET's StackTrace prints them. */
function parameterList(rt: Runtime, md: MethodDesc): string {
  const asm = md.assembly;
  let types: string[];
  try {
    types = asm.md.methodDefSignature(md.row, rt.types.provider(asm), null).parameterTypes.map((t) => shortName(t.fullName));
  } catch {
    // A signature the type loader cannot decode still names the frame; its parameters are left out.
    return '';
  }
  const names = new Map<number, string>();
  try {
    for (const row of asm.md.paramsOf(md.row)) {
      const p = asm.md.row.param(row);
      names.set(p.sequence, p.name);
    }
  } catch {
    // Parameter names are optional metadata (§II.22.33): without them only the types are printed.
  }
  return types.map((t, i) => (names.has(i + 1) ? `${t} ${names.get(i + 1)}` : t)).join(', ');
}

/** The name after the last namespace dot (`System.String[]` → `String[]`), nested types with `+`. */
function shortName(fullName: string): string {
  const plain = fullName.replace(/\//g, '+');
  const generic = plain.indexOf('<');
  const head = generic < 0 ? plain : plain.slice(0, generic);
  const dot = head.lastIndexOf('.');
  return dot < 0 ? plain : plain.slice(dot + 1);
}

/** The trace lines (without the leading `   at `) of the managed frames at these IPs. */
export function formatTrace(rt: Runtime, ips: readonly bigint[]): string[] {
  const out: string[] = [];
  for (const ip of ips) {
    const md = rt.code.methodAt(ip);
    if (md) out.push(formatFrame(rt, md));
  }
  return out;
}
