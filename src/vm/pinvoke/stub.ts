/**
 * The P/Invoke stub of one `pinvokeimpl` method, made by the prestub at the method's first call
 * (so the target is resolved then, not at load).
 *
 *  - Blittable signatures (integers, native ints, pointers and byrefs, float32/float64) with no
 *    SetLastError: the managed and native conventions are the same Windows x64 ABI, so the
 *    method's code is simply a jump to the target — the native function sees the managed
 *    caller's registers and stack and returns straight to it.
 *  - Otherwise a marshalling gate: strings are copied into temporary buffers of the process heap
 *    (LPWStr for Unicode, ANSI bytes for Ansi, or as MarshalAs says; null stays null) and freed
 *    after the call; `bool` travels as a 4-byte BOOL (or one byte for MarshalAs U1/I1, a
 *    VARIANT_BOOL for VariantBool) and a result of that width becomes 0/1; with SetLastError the thread's last
 *    error is cleared before the call and saved after it for Marshal.GetLastWin32Error. Float
 *    arguments stay in XMM0–3 (the gate does not touch them) or go to their stack slots as bits.
 *    Arrays of blittable primitives pass a pointer to their elements (the collector does not move
 *    objects, so this is the CLR's pinning, in and out); a SafeHandle passes its `handle`, after
 *    the CLR's checks (null is ArgumentNullException, a closed handle ObjectDisposedException).
 *    Float results come back through a small thunk (xmmResultThunk).
 *  - Delegates pass a function pointer to a per-delegate thunk that enters the runtime (reverse
 *    P/Invoke, reverse.ts). When every other argument is blittable and nothing is left to do after
 *    the call, the gate swaps the pointers in and jumps to the target (no nested run), so the
 *    native code returns straight to the managed caller and a managed exception thrown by the
 *    callback can cross the native frames.
 *  - Anything else (string results, other arrays and classes, structs by value) is a
 *    NotSupportedYetError naming the method and the parameter, raised at the first call.
 */
import { Reg, type GateCall } from '../../../emu';
import { NotSupportedYetError } from '../errors';
import { readArgument, writeResult } from '../icalls/binder';
import { IcallProcessRequiredError } from '../icalls/errors';
import { icallSignature, type IcallKind, type IcallSignature } from '../icalls/signature';
import { utf16z } from '../icalls/strings';
import type { MethodDesc } from '../method-desc';
import type { Runtime } from '../runtime';
import { ARRAY_DATA_OFFSET, TypeKind, type TypeDesc } from '../type-desc';
import { readPInvokeImport, type CharSet, type PInvokeImport } from './import';
import { resolvePInvokeTarget } from './resolve';
import { functionPointerForDelegate } from './reverse';

const INT_ARG_REGS = [Reg.RCX, Reg.RDX, Reg.R8, Reg.R9] as const;

/** How one argument is marshalled. */
type ArgPlan =
  | { readonly kind: 'blit'; readonly abi: IcallKind }
  | { readonly kind: 'string'; readonly charSet: CharSet }
  | { readonly kind: 'bool'; readonly native: BoolNative }
  | { readonly kind: 'array' }
  | { readonly kind: 'delegate' }
  | { readonly kind: 'safehandle'; readonly handleOffset: number; readonly stateOffset: number };

/** How a managed bool travels: a 4-byte BOOL (the default), one byte (U1/I1) or a VARIANT_BOOL. */
type BoolNative = 'BOOL' | 'BYTE' | 'VARIANT_BOOL';

/** Per-runtime P/Invoke state. */
export class PInvokeRuntime {
  /** The last error saved by a SetLastError=true call (Marshal.GetLastWin32Error). */
  lastError = 0;
}

const BLITTABLE: ReadonlySet<IcallKind> = new Set(['i32', 'u32', 'i64', 'u64', 'ptr', 'f32', 'f64']);

/** Corlib element types whose arrays are passed as a pointer to their data (blittable, §II.23.2 of the CLR's rules). */
const BLITTABLE_ELEMENTS = new Set([
  'System.SByte', 'System.Byte', 'System.Int16', 'System.UInt16', 'System.Int32', 'System.UInt32', 'System.Int64', 'System.UInt64',
  'System.Single', 'System.Double', 'System.IntPtr', 'System.UIntPtr',
]);

const SAFE_HANDLE = 'System.Runtime.InteropServices.SafeHandle';
/** SafeHandle._state: bit 0 = closed (the CLR's StateBits.Closed). */
const SAFE_HANDLE_CLOSED = 1;

/** For a SafeHandle-derived class, the offsets of `handle` and `_state`; null for other types. */
function safeHandleLayout(rt: Runtime, t: TypeDesc): { handleOffset: number; stateOffset: number } | null {
  for (let c: TypeDesc | null = rt.types.ensureLoaded(t); c; c = c.parent) {
    if (c.assembly !== rt.binder.corlib || c.fullName !== SAFE_HANDLE) continue;
    const handle = c.instanceFields.find((f) => f.name === 'handle');
    const state = c.instanceFields.find((f) => f.name === '_state');
    if (!handle || !state) throw new NotSupportedYetError('a SafeHandle without handle/_state fields', t.fullName);
    return { handleOffset: handle.offset, stateOffset: state.offset };
  }
  return null;
}

/** NativeType codes (§II.23.4) of the MarshalAs forms the stub understands. */
const enum MarshalNativeType {
  /** Boolean: a 4-byte BOOL. */
  Boolean = 0x02,
  /** I1: one signed byte. */
  I1 = 0x03,
  /** U1: one unsigned byte. */
  U1 = 0x04,
  /** LPStr: ANSI. */
  LPStr = 0x14,
  /** LPWStr: UTF-16. */
  LPWStr = 0x15,
  /** VariantBool: 2 bytes, -1 for true. */
  VariantBool = 0x25,
}

/** The MarshalAs native type of parameter `sequence` (0 = the return value), if it has one. */
function marshalAs(md: MethodDesc, sequence: number): number | undefined {
  const meta = md.assembly.md;
  for (const p of meta.paramsOf(md.row)) {
    if (meta.row.param(p).sequence !== sequence) continue;
    const fm = meta.fieldMarshalOf((0x08 << 24) | p);
    return fm ? meta.row.fieldMarshal(fm).nativeType[0] : undefined;
  }
  return undefined;
}

function stringCharSet(md: MethodDesc, sequence: number, imp: PInvokeImport): CharSet {
  const nt = marshalAs(md, sequence);
  if (nt === undefined) return imp.charSet;
  if (nt === MarshalNativeType.LPStr) return 'ansi';
  if (nt === MarshalNativeType.LPWStr) return 'unicode';
  throw new NotSupportedYetError(`marshalling a string as native type 0x${nt.toString(16)}`, `${md.fullName} parameter ${sequence}`);
}

function boolNative(md: MethodDesc, sequence: number): BoolNative {
  const nt = marshalAs(md, sequence);
  if (nt === undefined || nt === MarshalNativeType.Boolean) return 'BOOL';
  if (nt === MarshalNativeType.I1 || nt === MarshalNativeType.U1) return 'BYTE';
  if (nt === MarshalNativeType.VariantBool) return 'VARIANT_BOOL';
  throw new NotSupportedYetError(`marshalling a bool as native type 0x${nt.toString(16)}`, `${md.fullName} ${sequence === 0 ? 'return value' : `parameter ${sequence}`}`);
}

/** A managed bool as its native form. */
function boolToNative(v: boolean, native: BoolNative): bigint {
  if (!v) return 0n;
  return native === 'VARIANT_BOOL' ? 0xffffn : 1n;
}

/** A native result as a managed bool (any non-zero bit of its width is true). */
function boolFromNative(raw: bigint, native: BoolNative): boolean {
  const mask = native === 'BYTE' ? 0xffn : native === 'VARIANT_BOOL' ? 0xffffn : 0xffff_ffffn;
  return (raw & mask) !== 0n;
}

/** Plans each argument, or raises a named error for what cannot be marshalled yet. */
function planArguments(rt: Runtime, md: MethodDesc, imp: PInvokeImport, sig: IcallSignature): ArgPlan[] {
  if (sig.params.length > 0 && sig.params[0]!.name === 'this') throw new NotSupportedYetError('instance P/Invoke methods', md.fullName);
  return sig.params.map((p, i): ArgPlan => {
    const where = `${md.fullName} parameter ${i + 1}`;
    const k = p.kind;
    if (typeof k !== 'string') throw new NotSupportedYetError(`marshalling ${k.unsupported}`, where);
    if (BLITTABLE.has(k)) return { kind: 'blit', abi: k };
    if (k === 'bool') return { kind: 'bool', native: boolNative(md, i + 1) };
    if (k === 'ref' && p.type && p.type.fullName === 'System.String' && p.type.assembly === rt.binder.corlib) return { kind: 'string', charSet: stringCharSet(md, i + 1, imp) };
    if (k === 'ref' && p.type?.kind === TypeKind.SzArray && p.type.element!.assembly === rt.binder.corlib && BLITTABLE_ELEMENTS.has(p.type.element!.fullName)) return { kind: 'array' };
    if (k === 'ref' && p.type?.kind === TypeKind.Class && rt.types.isDelegate(rt.types.ensureLoaded(p.type))) return { kind: 'delegate' };
    const sh = k === 'ref' && p.type?.kind === TypeKind.Class ? safeHandleLayout(rt, p.type) : null;
    if (sh) return { kind: 'safehandle', ...sh };
    throw new NotSupportedYetError(`marshalling a ${p.type?.fullName ?? k} argument`, where);
  });
}

/** Bytes of a string in the ANSI code page (characters outside it become '?', as WideCharToMultiByte's default). */
function ansiz(s: string): Uint8Array {
  const out = new Uint8Array(s.length + 1);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = c < 0x100 ? c : 0x3f;
  }
  return out;
}

/**
 * `pop rbx; mov rax, target; call rax; movq rax, xmm0; push rbx; ret`: calls `target` with the
 * caller's arguments in place (popping the return address first keeps RSP's alignment and the
 * stack arguments where the target expects them; RBX is restored by callGuest) and returns the
 * XMM0 result's bits in RAX.
 */
export function xmmResultThunk(target: bigint): Uint8Array {
  const b = new Uint8Array(32).fill(0xcc);
  b.set([0x5b, 0x48, 0xb8], 0);
  new DataView(b.buffer).setBigUint64(3, target, true);
  b.set([0xff, 0xd0, 0x66, 0x48, 0x0f, 0x7e, 0xc0, 0x53, 0xc3], 11);
  return b;
}

/** The address the method's code should jump to: the target itself or a marshalling gate. */
export function bindPInvoke(rt: Runtime, md: MethodDesc): bigint {
  const os = rt.os;
  if (!os) throw new IcallProcessRequiredError(md.fullName, 'the module manager, to resolve a P/Invoke');
  const imp = readPInvokeImport(md);
  const target = resolvePInvokeTarget(os, md.fullName, imp);
  const sig = icallSignature(rt, md);
  const plans = planArguments(rt, md, imp, sig);
  const ret = sig.ret.kind;
  if (typeof ret !== 'string') throw new NotSupportedYetError(`marshalling a ${ret.unsupported} result`, md.fullName);
  const direct = !imp.setLastError && plans.every((p) => p.kind === 'blit') && ret !== 'bool' && ret !== 'char' && ret !== 'ref';
  rt.trace('jit', `pinvoke ${md.fullName} -> ${target.module.name}!${target.name} at 0x${target.address.toString(16)}${direct ? ' (direct)' : ' (marshalling stub)'}`);
  if (direct) return target.address;
  if (ret === 'ref' || ret === 'char') throw new NotSupportedYetError(`marshalling a ${sig.ret.type.fullName} result`, md.fullName);
  // Machine.callGuest restores every register after the call, XMM0 included: a float result is
  // fetched through a thunk that copies it to RAX, and the gate puts it back in XMM0 afterwards.
  const callee = ret === 'f32' || ret === 'f64' ? rt.code.writeStub(xmmResultThunk(target.address), { kind: 'float result thunk', owner: md.fullName }) : target.address;
  const retBool = ret === 'bool' ? boolNative(md, 0) : null;

  // Delegates (and blittable values) only, nothing to do after the call: the gate puts the
  // function pointers in place and jumps to the target, which returns straight to the managed
  // caller. No host frame sits between them, so a managed exception thrown in a callback can
  // unwind through the native frames to the caller (src/vm/exceptions/dispatcher.ts).
  const integerResult = ret === 'void' || (BLITTABLE.has(ret as IcallKind) && ret !== 'f32' && ret !== 'f64');
  if (!imp.setLastError && integerResult && plans.every((p) => p.kind === 'blit' || p.kind === 'delegate')) {
    return rt.machine.gates.define(`pinvoke!${md.fullName}`, (call: GateCall) => {
      const mem = rt.machine.memory;
      plans.forEach((p, i) => {
        if (p.kind !== 'delegate') return;
        const fp = functionPointerForDelegate(rt, call.arg(i));
        if (i < 4) rt.machine.setReg(INT_ARG_REGS[i]!, fp);
        else mem.setU64(call.entryRsp + 0x28n + 8n * BigInt(i - 4), fp);
      });
      call.jump(target.address);
    });
  }

  // Guarded: exceptions the marshalling raises (null SafeHandle …) are catchable by the caller.
  return rt.machine.gates.define(`pinvoke!${md.fullName}`, (call: GateCall) => rt.exceptions.guard(call, () => {
    const heap = os.heaps.processHeap;
    const mem = rt.machine.memory;
    const temps: bigint[] = [];
    try {
      const args = plans.map((p, i): bigint => {
        if (p.kind === 'bool') return boolToNative(readArgument(call, i, 'bool') as boolean, p.native);
        if (p.kind === 'blit') {
          if (p.abi === 'f32' || p.abi === 'f64') {
            // Stays in XMM i for the callee; the integer copy is what a stack slot needs.
            if (i < 4) return new DataView(call.machine.xmm(i).buffer).getBigUint64(0, true);
            return call.arg(i);
          }
          return call.arg(i);
        }
        const obj = call.arg(i);
        if (p.kind === 'array') return obj === 0n ? 0n : obj + BigInt(ARRAY_DATA_OFFSET);
        if (p.kind === 'delegate') return functionPointerForDelegate(rt, obj);
        if (p.kind === 'safehandle') {
          if (obj === 0n) return rt.helpers.raise('System.ArgumentNullException', 'SafeHandle cannot be null.', call);
          if (mem.u32(obj + BigInt(p.stateOffset)) & SAFE_HANDLE_CLOSED) return rt.helpers.raise('System.ObjectDisposedException', 'Safe handle has been closed', call);
          return mem.u64(obj + BigInt(p.handleOffset));
        }
        if (obj === 0n) return 0n;
        const text = rt.objects.readString(obj);
        const bytes = p.charSet === 'unicode' ? utf16z(text) : ansiz(text);
        const buf = heap.alloc(bytes.length, false);
        if (buf === 0n) return rt.helpers.raise('System.OutOfMemoryException', 'Insufficient memory to continue the execution of the program.', call);
        temps.push(buf);
        rt.machine.memory.write(buf, bytes);
        return buf;
      });
      if (imp.setLastError) os.thread.lastError = 0;
      const result = os.callGuest(callee, args);
      if (imp.setLastError) rt.pinvoke.lastError = os.thread.lastError;
      if (retBool) return boolFromNative(result, retBool) ? 1n : 0n;
      if (ret === 'f64' || ret === 'f32') {
        const dv = new DataView(new ArrayBuffer(8));
        dv.setBigUint64(0, result, true);
        return writeResult(call, ret, ret === 'f64' ? dv.getFloat64(0, true) : dv.getFloat32(0, true));
      }
      return ret === 'void' ? undefined : result;
    } finally {
      for (const t of temps) heap.free(t);
    }
  }));
}
