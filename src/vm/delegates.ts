/**
 * Delegates (ECMA-335 §II.14.6): the runtime implements a delegate type's `.ctor(object, native
 * int)` and `Invoke`; the object layout is Mono's (shared/mono-bcl-contract.md §1.5), with the
 * field offsets read from the loaded System.Delegate/MulticastDelegate rather than assumed.
 *
 *  - `.ctor` (a leaf gate): stores `m_target`, the function pointer in `method_ptr`, and in
 *    `method` the MethodDesc the pointer leads to (the value a RuntimeMethodHandle holds), found
 *    by following the pointer: a precode names its MethodDesc, a patched precode or an unboxing
 *    stub jumps to code whose owner the code manager knows.
 *  - `Invoke` (one gate per delegate type): with `delegates` (@120, filled by Combine) null, a
 *    single target: a non-null `m_target` replaces `this` (closed instance, or a static method
 *    closed over its first argument); a null one means a static or open-instance target, so every
 *    argument moves down one ABI position (registers, XMM registers by parameter type, then the
 *    stack slots) and the gate continues at `method_ptr`. With `delegates` set, each element is
 *    invoked in order through the same gate with the same arguments (XMM arguments restored
 *    before each call) and the last result is returned; that gate is non-leaf.
 * A value type's instance method bound to a boxed target is entered through its unboxing stub.
 * A delegate created by `ldvirtftn` already holds the resolved override (or a dispatch stub for
 * interface and generic virtual methods, which dispatch on the `this` the invocation supplies).
 */
import { Reg, type GateCall } from '../../emu';
import { abiLayout } from '../jit/abi';
import { type IrCallee } from '../jit/host';
import { IrType, isStruct } from '../jit/ir/types';
import { NotSupportedYetError, VmError } from './errors';
import { methodShape } from './jit-host';
import type { MethodDesc } from './method-desc';
import type { Runtime } from './runtime';
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, type TypeDesc } from './type-desc';

/** Offsets of the delegate fields the runtime reads and writes. */
interface DelegateLayout {
  readonly methodPtr: number;
  readonly target: number;
  readonly method: number;
  readonly delegates: number;
}

const INT_REGS = [Reg.RCX, Reg.RDX, Reg.R8, Reg.R9] as const;

class DelegateRuntime {
  private layoutCache: DelegateLayout | null = null;
  private ctorGate = 0n;
  private readonly invokeGates = new Map<TypeDesc, bigint>();

  constructor(private readonly rt: Runtime) {}

  private get layout(): DelegateLayout {
    if (this.layoutCache) return this.layoutCache;
    const types = this.rt.types;
    const mc = types.ensureLoaded(types.corlibType('System.MulticastDelegate'));
    const find = (name: string): number => {
      for (let t: TypeDesc | null = mc; t; t = t.parent) {
        const f = t.instanceFields.find((x) => x.name === name);
        if (f) return f.offset;
      }
      throw new VmError(`System.MulticastDelegate has no field ${name} (Mono's Delegate layout expected)`);
    };
    this.layoutCache = { methodPtr: find('method_ptr'), target: find('m_target'), method: find('method'), delegates: find('delegates') };
    return this.layoutCache;
  }

  /** The runtime `.ctor(object, native int)` of every delegate type. */
  get constructorEntry(): bigint {
    if (this.ctorGate === 0n) {
      this.ctorGate = this.rt.machine.gates.define('clr!DelegateCtor', (call) => this.bind(call.arg(0), call.arg(1), call.arg(2)), { leaf: true });
    }
    return this.ctorGate;
  }

  /** What `.ctor(object, native int)` does: delegate `self` over `target` and function pointer `fn`. */
  bind(self: bigint, target: bigint, fn: bigint): void {
    const mem = this.rt.machine.memory;
    const l = this.layout;
    const md = this.methodBehind(fn);
    // A value type's method over a boxed target takes the value's address: go through its unboxing stub.
    if (target !== 0n && md && md.declaringType.isValueType && !md.isStatic && this.rt.types.typeOfMethodTable(mem.u64(target))?.isValueType) {
      fn = this.rt.types.unboxingStub(md);
    }
    mem.setU64(self + BigInt(l.target), target);
    mem.setU64(self + BigInt(l.methodPtr), fn);
    mem.setU64(self + BigInt(l.method), md?.address ?? 0n);
  }

  /** The MethodDesc a function pointer leads to, following precode and stub jumps. */
  methodBehind(fn: bigint): MethodDesc | undefined {
    const mem = this.rt.machine.memory;
    for (let hops = 0; hops < 4 && fn !== 0n; hops++) {
      const owner = this.rt.code.methodAt(fn);
      if (owner) return owner;
      const b = mem.read(fn, 10);
      if (b[0] === 0x49 && b[1] === 0xba) return this.rt.code.methodByDescAddress(mem.u64(fn + 2n)); // precode: mov r10, MethodDesc
      if (b[0] === 0xe9) fn = fn + 5n + BigInt(new DataView(b.buffer, b.byteOffset).getInt32(1, true)); // patched precode
      else if (b[0] === 0x48 && b[1] === 0x83 && b[2] === 0xc1 && b[4] === 0xe9) fn = fn + 9n + BigInt(new DataView(b.buffer, b.byteOffset).getInt32(5, true)); // unboxing stub
      else return undefined;
    }
    return undefined;
  }

  /** The runtime `Invoke` of delegate type `t` (its `invoke` MethodDesc gives the signature). */
  invokeEntry(t: TypeDesc, invoke: MethodDesc): bigint {
    let at = this.invokeGates.get(t);
    if (at !== undefined) return at;
    const shape = methodShape(this.rt, invoke);
    const abi = abiLayout(shape.params, shape.ret, true);
    // Which ABI positions carry a float (XMM) rather than an integer register.
    const isFloat: boolean[] = new Array<boolean>(abi.count).fill(false);
    shape.params.forEach((p, i) => { isFloat[abi.positions[i]!] = !isStruct(p) && (p === IrType.R4 || p === IrType.R8); });
    at = this.rt.machine.gates.define(`clr!DelegateInvoke:${t.fullName}`, (call) => this.invoke(call, abi.count, isFloat, at!));
    this.invokeGates.set(t, at);
    return at;
  }

  private invoke(call: GateCall, count: number, isFloat: readonly boolean[], self: bigint): bigint | void {
    const m = this.rt.machine;
    const mem = m.memory;
    const l = this.layout;
    const d = m.reg(Reg.RCX);
    if (d === 0n) return this.rt.helpers.raise('System.NullReferenceException', 'Object reference not set to an instance of an object.', call);
    const list = mem.u64(d + BigInt(l.delegates));
    if (list !== 0n) return this.invokeList(call, list, count, self);
    const target = mem.u64(d + BigInt(l.target));
    const fn = mem.u64(d + BigInt(l.methodPtr));
    if (target !== 0n) {
      m.setReg(Reg.RCX, target);
    } else {
      // Static or open-instance target: argument k+1 becomes argument k.
      for (let p = 0; p + 1 < count; p++) {
        const from = p + 1;
        if (p < 4) {
          if (isFloat[from]) m.setXmm(p, from < 4 ? m.xmm(from) : u64Xmm(mem.u64(call.entryRsp + 0x28n + 8n * BigInt(from - 4))));
          else m.setReg(INT_REGS[p]!, from < 4 ? m.reg(INT_REGS[from]!) : mem.u64(call.entryRsp + 0x28n + 8n * BigInt(from - 4)));
        } else {
          mem.setU64(call.entryRsp + 0x28n + 8n * BigInt(p - 4), mem.u64(call.entryRsp + 0x28n + 8n * BigInt(from - 4)));
        }
      }
    }
    call.jump(fn);
  }

  /** A multicast invocation: each element in order, the last result returned. */
  private invokeList(call: GateCall, list: bigint, count: number, self: bigint): bigint {
    const m = this.rt.machine;
    const mem = m.memory;
    const n = mem.u32(list + BigInt(ARRAY_LENGTH_OFFSET));
    const args: bigint[] = [];
    for (let p = 0; p < count; p++) args.push(p < 4 ? m.reg(INT_REGS[p]!) : mem.u64(call.entryRsp + 0x28n + 8n * BigInt(p - 4)));
    const xmms = [0, 1, 2, 3].map((i) => m.xmm(i));
    let result = 0n;
    for (let i = 0; i < n; i++) {
      const element = mem.u64(list + BigInt(ARRAY_DATA_OFFSET) + 8n * BigInt(i));
      xmms.forEach((x, k) => m.setXmm(k, x));
      result = this.rt.callGuest(self, [element, ...args.slice(1)]);
    }
    return result;
  }
}

function u64Xmm(v: bigint): Uint8Array {
  const x = new Uint8Array(16);
  new DataView(x.buffer).setBigUint64(0, v, true);
  return x;
}

const runtimes = new WeakMap<Runtime, DelegateRuntime>();

function delegatesOf(rt: Runtime): DelegateRuntime {
  let d = runtimes.get(rt);
  if (!d) runtimes.set(rt, (d = new DelegateRuntime(rt)));
  return d;
}

/** Whether `md` is one of a delegate type's runtime-implemented members that this file provides. */
export function isRuntimeDelegateMember(rt: Runtime, md: MethodDesc): boolean {
  return (md.implAttributes & 3) === 3 && rt.types.isDelegate(rt.types.ensureLoaded(md.declaringType)) && (md.name === '.ctor' || md.name === 'Invoke');
}

/** The callee for a call to runtime-implemented delegate member `md` (`.ctor` or `Invoke`). */
export function delegateMemberCallee(rt: Runtime, md: MethodDesc): IrCallee {
  const shape = methodShape(rt, md);
  const d = delegatesOf(rt);
  let entry: bigint;
  if (md.name === '.ctor') {
    if (shape.params.length !== 3) throw new NotSupportedYetError(`delegate constructor with ${shape.params.length - 1} parameter(s)`, md.fullName);
    entry = d.constructorEntry;
  } else {
    entry = d.invokeEntry(md.declaringType, md);
  }
  return { name: md.fullName, entry, params: shape.params, ret: shape.ret, hasThis: true };
}

/** Initialises delegate object `self` over `target` and function pointer `fn`, as its `.ctor` does. */
export function bindDelegate(rt: Runtime, self: bigint, target: bigint, fn: bigint): void {
  delegatesOf(rt).bind(self, target, fn);
}

/** The MethodDesc behind a delegate function pointer (for reflection icalls and tests). */
export function methodBehindPointer(rt: Runtime, fn: bigint): MethodDesc | undefined {
  return delegatesOf(rt).methodBehind(fn);
}
