/**
 * Binding a method marked `internalcall` (or `runtime`, for the methods Mono treats as icalls) to
 * its implementation: the prestub calls `bindInternalCall` on the method's first call.
 *
 *  1. decode the method's signature (signature.ts) into Mono's full name and argument kinds;
 *  2. look the name up in the runtime's registry (full name, then short name);
 *  3. check the declaration's kinds against the signature (IcallSignatureMismatchError);
 *  4. define one gate per method that decodes the arguments, runs the implementation and puts
 *     the result in RAX or XMM0.
 * A guest pointer that is not mapped (a bad `byte*`, a dangling byref) becomes the managed
 * NullReferenceException or AccessViolationException the CLR raises for a fault in native code.
 * A method with no implementation gets a gate that raises MissingMethodError naming it when it is
 * called — binding never fails for a missing icall, calling does (as Mono's
 * `mono_lookup_internal_call` raises MissingMethodException at the call).
 */
import { MemoryError, type GateCall } from '../../../emu';
import { MissingMethodError } from '../errors';
import type { MethodDesc } from '../method-desc';
import type { Runtime } from '../runtime';
import { IcallSignatureMismatchError } from './errors';
import { IcallContext, type IcallDefinition } from './registry';
import { icallSignature, kindsText, type IcallKind, type IcallRetKind, type IcallSignature } from './signature';

/** The gate address implementing `md`. */
export function bindInternalCall(rt: Runtime, md: MethodDesc): bigint {
  const sig = icallSignature(rt, md);
  const def = rt.icalls.registry.lookup(sig.fullName, sig.shortName);
  const gates = rt.machine.gates;
  if (!def) {
    rt.trace('jit', `icall ${sig.fullName}: not implemented (MissingMethodError when called)`);
    return gates.define(`icall!${sig.fullName}`, () => {
      throw new MissingMethodError(sig.fullName, 'internal call (icall) not implemented by the runtime');
    });
  }
  checkDeclaration(def, sig);
  // Guarded: a managed exception an icall raises (ArgumentNullException …) is dispatched from the
  // call site, catchable by the caller.
  const handler = (call: GateCall): bigint | void =>
    rt.exceptions.guard(call, () => (rt.profile ? rt.profile.measure('internal calls', () => invoke(rt, md, def, sig.fullName, call)) : invoke(rt, md, def, sig.fullName, call)));
  const gate = gates.define(`icall!${sig.fullName}`, handler, { leaf: def.leaf });
  rt.trace('jit', `icall ${sig.fullName} -> gate 0x${gate.toString(16)}${def.leaf ? ' (leaf)' : ''}`);
  return gate;
}

function checkDeclaration(def: IcallDefinition, sig: IcallSignature): void {
  const actual = sig.params.map((p) => p.kind);
  const declared: (IcallKind | IcallRetKind)[] = [...def.args, def.ret];
  const decoded = [...actual, sig.ret.kind];
  const same = actual.length === def.args.length && decoded.every((k, i) => k === declared[i]);
  if (!same) throw new IcallSignatureMismatchError(sig.fullName, kindsText(declared), kindsText(decoded));
}

/** Reads argument position `i` as `kind` (Windows x64: RCX/RDX/R8/R9 or XMM0–3, then stack slots). */
export function readArgument(call: GateCall, i: number, kind: IcallKind): unknown {
  switch (kind) {
    case 'f64': return call.argF64(i);
    case 'f32': {
      if (i < 4) {
        const x = call.machine.xmm(i);
        return new DataView(x.buffer, x.byteOffset, 16).getFloat32(0, true);
      }
      return call.machine.memory.f32(call.entryRsp + 0x28n + 8n * BigInt(i - 4));
    }
    case 'bool': return (call.arg(i) & 0xffn) !== 0n;
    case 'char': return Number(call.arg(i) & 0xffffn);
    case 'i32': return Number(BigInt.asIntN(32, call.arg(i)));
    case 'u32': return Number(call.arg(i) & 0xffff_ffffn);
    default: return call.arg(i);
  }
}

/** Puts `value` where the caller expects a `kind` result; returns the RAX value for integer kinds. */
export function writeResult(call: GateCall, kind: IcallRetKind, value: unknown): bigint | void {
  switch (kind) {
    case 'void': return undefined;
    case 'f64': call.returnF64(value as number); return undefined;
    case 'f32': {
      const x = new Uint8Array(16);
      new DataView(x.buffer).setFloat32(0, value as number, true);
      call.machine.setXmm(0, x);
      return undefined;
    }
    case 'bool': return value ? 1n : 0n;
    case 'char': return BigInt((value as number) & 0xffff);
    // int32 results sign-extend and uint32 results zero-extend into RAX (the ABI leaves the upper half
    // undefined; a defined value keeps traces and tests exact).
    case 'i32': return BigInt.asUintN(64, BigInt.asIntN(32, BigInt(Math.trunc(value as number))));
    case 'u32': return BigInt.asUintN(32, BigInt(Math.trunc(value as number)));
    default: return BigInt.asUintN(64, value as bigint);
  }
}

/** Addresses below this are the null page: a bad pointer there is a null dereference. */
const NULL_REGION_END = 0x1_0000n;

function invoke(rt: Runtime, md: MethodDesc, def: IcallDefinition, name: string, call: GateCall): bigint | void {
  const args = def.args.map((k, i) => readArgument(call, i, k));
  let result: unknown;
  try {
    result = (def.impl as (ctx: IcallContext, ...a: unknown[]) => unknown)(new IcallContext(rt, call, md, name), ...args);
  } catch (e) {
    // A bad pointer handed to an icall faults inside the runtime, as it would in Mono's C code;
    // the CLR reports such faults as these exceptions rather than crashing the host.
    if (!(e instanceof MemoryError)) throw e;
    if (e.address < NULL_REGION_END) return rt.helpers.raise('System.NullReferenceException', 'Object reference not set to an instance of an object.', call);
    return rt.helpers.raise('System.AccessViolationException', 'Attempted to read or write protected memory. This is often an indication that other memory is corrupt.', call);
  }
  return writeResult(call, def.ret, result);
}
