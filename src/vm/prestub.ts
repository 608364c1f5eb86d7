/**
 * The prestub: where every fresh precode lands (design.md "Lazy JIT"; CoreCLR's prestub.cpp is
 * the model). One shared gate; the precode has put the MethodDesc address in R10 and jumped, so
 * RSP still points at the caller's return address and the argument registers are untouched.
 *
 *   prestub  → find the MethodDesc, load its type
 *   jit      → compile the IL (src/jit) with a RuntimeJitHost, install the code (code-manager.ts)
 *   backpatch→ precode becomes `jmp code`; recorded call sites get the code address
 *   (internal calls and P/Invoke methods are bound to their gate or native target instead of
 *   being compiled: icalls/binder.ts, pinvoke/stub.ts)
 *   then the class constructors the method needs first (its own precise type's, and those of
 *   `beforefieldinit` types whose statics it touches) run through nested guest calls, and the
 *   gate continues at the code (`GateCall.jump`) with the original arguments.
 *
 * The gate is a non-leaf gate: running a .cctor re-enters the guest.
 */
import { intrinsicBody } from './intrinsics';
import { Reg, type GateCall } from '../../emu';
import { compileMethod } from '../jit/codegen/compile';
import { MissingMethodError, VmError } from './errors';
import { bindInternalCall } from './icalls/binder';
import { installNativeEntry } from './icalls/entry';
import { RuntimeJitHost, methodInfo } from './jit-host';
import { MethodAttr, type MethodDesc } from './method-desc';
import { bindPInvoke } from './pinvoke/stub';
import type { Runtime } from './runtime';
import { CctorState } from './type-desc';

const hex = (a: bigint): string => `0x${a.toString(16)}`;

/** The gate handler. */
export function prestubHandler(rt: Runtime, call: GateCall): void {
  const mdAddr = call.machine.reg(Reg.R10);
  const md = rt.code.methodByDescAddress(mdAddr);
  if (!md) throw new VmError(`prestub reached with R10 = ${hex(mdAddr)}, which is not a MethodDesc`);
  rt.trace('jit', `prestub ${md.fullName} (MethodDesc ${hex(md.address)}, precode ${hex(md.precode)})`);
  const code = prepareMethod(rt, md);
  call.jump(code);
}

/** Compiles `md` if needed, runs the class constructors it needs, and returns its code address. */
export function prepareMethod(rt: Runtime, md: MethodDesc): bigint {
  if (md.code !== 0n) return md.code;
  const type = rt.types.ensureLoaded(md.declaringType);
  // Not JIT-compiled: P/Invoke stubs (src/vm/pinvoke) and internal calls (src/vm/icalls) get a
  // trampoline in the code heap to their target, so the precode and call sites backpatch as usual.
  if (md.attributes & MethodAttr.PinvokeImpl) return installNativeEntry(rt, md, bindPInvoke(rt, md));
  if (md.isInternalCall) return installNativeEntry(rt, md, bindInternalCall(rt, md));
  if (md.attributes & MethodAttr.Abstract) throw new MissingMethodError(md.fullName, 'abstract method called');
  const intrinsic = intrinsicBody(rt, md);
  if (intrinsic) {
    rt.trace('jit', `intrinsic ${md.fullName}: runtime-provided code instead of its IL`);
    return installNativeEntry(rt, md, rt.code.writeStub(intrinsic, { kind: 'intrinsic', owner: md.fullName }));
  }

  const host = new RuntimeJitHost(rt, md);
  const info = methodInfo(rt, md);
  const jit = (): { compiled: ReturnType<typeof compileMethod>; code: bigint } => {
    const compiled = compileMethod(info, host, rt.compileOptions);
    return { compiled, code: rt.code.install(md, compiled, host.calleesByPrecode) };
  };
  const { compiled, code } = rt.profile ? rt.profile.measure('JIT compilation', jit) : jit();
  if (rt.profile) {
    rt.profile.extra.ilBytes += info.il.length;
    rt.profile.extra.codeBytes += compiled.code.length;
  }
  rt.trace('jit', `jit ${md.fullName} IL ${info.il.length} bytes -> code ${hex(code)} size ${compiled.code.length}`);
  const sites = rt.code.backpatch(md);
  rt.trace('jit', `backpatch ${md.fullName} precode ${hex(md.precode)} -> ${hex(code)}${sites ? ` (+${sites} call site${sites > 1 ? 's' : ''})` : ''}`);

  // Precise types: the .cctor runs before the first static method or constructor runs, and for a
  // value type before the first instance method too (§II.10.5.3.1: a struct needs no constructor).
  if (type.cctorState === CctorState.Pending && !type.beforeFieldInit && md !== type.cctor && (md.isStatic || md.name === '.ctor' || type.isValueType)) {
    rt.runClassConstructor(type);
  }
  for (const t of host.typesToInitialize) rt.runClassConstructor(t);
  return code;
}
