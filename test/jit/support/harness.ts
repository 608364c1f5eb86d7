/**
 * Runs JIT output on the emulated machine: a fake JitHost whose helpers are host gates (throw
 * helpers raise `ManagedThrow`, the array helper bump-allocates Mono-layout arrays, the float
 * remainder helper is JS `%`, i.e. fmod), a code area, a stack, and `call()` that enters compiled
 * code with the Windows x64 convention (integer and float arguments, stack arguments) and returns
 * RAX or XMM0 read as the method's return type.
 */
import { Machine, Prot, Reg } from '../../../emu';
import { CompiledMethod, NativeEhClause } from '../../../src/jit/codegen/compile';
import { unwindFrame, UnwindContext } from './unwinder';
import { linkCode } from '../../../src/jit/codegen/link';
import { ConstrainedCall, IrArrayType, IrCallee, IrInstanceField, IrNewObject, IrStaticField, IrTypeRef, JIT_HELPER_NAMES, JitHelper, JitHost } from '../../../src/jit/host';
import { IrType } from '../../../src/jit/ir/types';

/** A managed exception raised by a throw helper, with the IL offset the code passed in RCX. */
export class ManagedThrow extends Error {
  constructor(
    readonly helper: string,
    readonly ilOffset: number,
    /** Register state at the helper's entry (RSP points at the return address into the method). */
    readonly registers: ReadonlyMap<Reg, bigint> = new Map(),
    /** The exception object, for `throw`. */
    readonly object?: bigint,
  ) {
    super(object !== undefined ? `${helper} of object 0x${object.toString(16)}` : `${helper} at IL_${ilOffset.toString(16).padStart(4, '0')}`);
    this.name = 'ManagedThrow';
  }
}

/** The layout of RuntimeTypeHandle and friends: one pointer. */
export const RUNTIME_HANDLE = { name: 'RuntimeTypeHandle', size: 8, refOffsets: [], typeHandle: 0x7400n } as const;

/** Registers captured when a throw helper is entered. */
const CAPTURED: readonly Reg[] = [Reg.RSP, Reg.RBP, Reg.RBX, Reg.RSI, Reg.RDI, Reg.R12, Reg.R13, Reg.R14, Reg.R15];

/** A float argument or result: `{ f64 }` goes in an XMM register as a double, `{ f32 }` as a single. */
export type Arg = bigint | number | { f64: number } | { f32: number };

const CODE_SIZE = 0x10_0000;
const STACK_SIZE = 0x10_0000;
const HEAP_SIZE = 0x10_0000;

export class JitMachine {
  readonly machine = Machine.create();
  readonly code: bigint;
  private codeNext: bigint;
  private readonly stackTop: bigint;
  readonly heap: bigint;
  private heapNext: bigint;
  readonly statics: bigint;
  private staticsNext: bigint;
  private readonly helpers = new Map<JitHelper, bigint>();
  readonly calls: Map<number, IrCallee> = new Map();
  readonly fields: Map<number, IrStaticField> = new Map();
  readonly strings: Map<number, { text: string; handle: bigint }> = new Map();
  readonly arrays: Map<number, IrArrayType> = new Map();
  readonly instanceFields: Map<number, IrInstanceField> = new Map();
  readonly newObjects: Map<number, IrNewObject> = new Map();
  readonly types: Map<number, IrTypeRef> = new Map();
  /** calli signatures by StandAloneSig token. */
  readonly signatures: Map<number, IrCallee> = new Map();
  /** Answers to resolveConstrainedCall, keyed `${typeToken}:${methodToken}`. */
  readonly constrained: Map<string, ConstrainedCall> = new Map();
  /** Whether `obj` is an instance of the type `handle` (default: its vtable word is exactly the handle). */
  isInstance: (obj: bigint, handle: bigint) => boolean = (obj, handle) => this.machine.memory.u64(obj) === handle;
  /** Element sizes by array type handle for the array helper (default 8 bytes). */
  readonly arrayElementSizes: Map<bigint, number> = new Map();
  /** Instance sizes by type handle for the allocation helper (default 256 bytes). */
  readonly objectSizes: Map<bigint, number> = new Map();
  /** Every cctor trigger call, in order (the field name). */
  readonly cctorRuns: string[] = [];

  constructor() {
    const mem = this.machine.memory;
    this.code = mem.reserve(CODE_SIZE);
    mem.commit(this.code, CODE_SIZE, Prot.Read | Prot.Execute);
    this.codeNext = this.code + 0x100n; // [code, code+0x100) is the return sentinel, never executed
    mem.write(this.code, new Uint8Array(0x100).fill(0xcc));
    const stack = mem.reserve(STACK_SIZE);
    mem.commit(stack, STACK_SIZE, Prot.Read | Prot.Write);
    this.stackTop = stack + BigInt(STACK_SIZE) - 0x1000n;
    this.heap = mem.reserve(HEAP_SIZE);
    mem.commit(this.heap, HEAP_SIZE, Prot.Read | Prot.Write);
    this.heapNext = this.heap + 0x10n;
    this.statics = this.heap + BigInt(HEAP_SIZE / 2);
    this.staticsNext = this.statics;

    const g = this.machine.gates;
    const thrower = (h: JitHelper) => g.define(JIT_HELPER_NAMES[h]!, (c) => {
      const regs = new Map<Reg, bigint>(CAPTURED.map((r) => [r, c.machine.reg(r)]));
      throw new ManagedThrow(JIT_HELPER_NAMES[h]!, Number(c.arg(0) & 0xffff_ffffn), regs);
    }, { leaf: true });
    for (const h of [JitHelper.ThrowOverflow, JitHelper.ThrowDivideByZero, JitHelper.ThrowIndexOutOfRange, JitHelper.ThrowNullReference, JitHelper.ThrowNotFinite]) {
      this.helpers.set(h, thrower(h));
    }
    this.helpers.set(JitHelper.FloatRemainder, g.define('FloatRemainder', (c) => {
      c.returnF64(c.argF64(0) % c.argF64(1));
    }, { leaf: true }));
    this.helpers.set(JitHelper.NewObject, g.define('NewObject', (c) => {
      const handle = c.arg(0);
      const obj = this.alloc(this.objectSizes.get(handle) ?? 256);
      this.machine.memory.setU64(obj, handle); // the vtable pointer
      return obj;
    }, { leaf: true }));
    const throwGate = g.define('Throw', (c) => {
      const regs = new Map<Reg, bigint>(CAPTURED.map((r) => [r, c.machine.reg(r)]));
      const handler = this.catchMatcher ? this.dispatch(c.arg(0), regs) : undefined;
      if (!handler) throw new ManagedThrow('Throw', -1, regs, c.arg(0));
      c.jump(handler);
    });
    this.helpers.set(JitHelper.Throw, throwGate);
    // This harness keeps no stack traces: a rethrow is a throw of the caught object.
    this.helpers.set(JitHelper.Rethrow, throwGate);
    const castFailed = (c: { arg(i: number): bigint }, what: string): never => {
      throw new ManagedThrow(`InvalidCast(${what})`, -1, new Map(), c.arg(1));
    };
    this.helpers.set(JitHelper.CastClass, g.define('CastClass', (c) => {
      const obj = c.arg(1);
      return obj === 0n || this.isInstance(obj, c.arg(0)) ? obj : castFailed(c, 'castclass');
    }, { leaf: true }));
    this.helpers.set(JitHelper.IsInstanceOf, g.define('IsInstanceOf', (c) => {
      const obj = c.arg(1);
      return obj !== 0n && this.isInstance(obj, c.arg(0)) ? obj : 0n;
    }, { leaf: true }));
    this.helpers.set(JitHelper.Unbox, g.define('Unbox', (c) => {
      const obj = c.arg(1);
      if (obj === 0n) throw new ManagedThrow('ThrowNullReference', -1);
      return this.isInstance(obj, c.arg(0)) ? obj + 16n : castFailed(c, 'unbox');
    }, { leaf: true }));
    this.helpers.set(JitHelper.StoreElementRef, g.define('StoreElementRef', (c) => {
      const [arr, index, value] = [c.arg(0), BigInt.asIntN(64, c.arg(1)), c.arg(2)];
      if (arr === 0n) throw new ManagedThrow('ThrowNullReference', -1);
      if (index < 0n || index >= this.machine.memory.u64(arr + 24n)) throw new ManagedThrow('ThrowIndexOutOfRange', -1);
      // (A runtime also checks that `value` is an instance of the element type: array covariance.)
      this.machine.memory.setU64(arr + 32n + 8n * index, value);
    }, { leaf: true }));
    this.helpers.set(JitHelper.MemoryCopy, g.define('MemoryCopy', (c) => {
      const n = Number(c.arg(2));
      if (n) this.machine.memory.write(c.arg(0), this.machine.memory.read(c.arg(1), n));
    }, { leaf: true }));
    this.helpers.set(JitHelper.MemorySet, g.define('MemorySet', (c) => {
      const n = Number(c.arg(2));
      if (n) this.machine.memory.write(c.arg(0), new Uint8Array(n).fill(Number(c.arg(1) & 0xffn)));
    }, { leaf: true }));
    this.helpers.set(JitHelper.NewArray, g.define('NewArray', (c) => {
      const len = BigInt.asIntN(64, c.arg(1));
      if (len < 0n) throw new ManagedThrow('ThrowOverflow', -1);
      const obj = this.alloc(32 + Number(len) * (this.arrayElementSizes.get(c.arg(0)) ?? 8));
      this.machine.memory.setU64(obj, c.arg(0)); // the type handle stands in for the vtable
      this.machine.memory.setU64(obj + 24n, len);
      return obj;
    }, { leaf: true }));
  }

  /** Decides whether a catch clause catches an exception object; without one, `throw` is never caught. */
  catchMatcher: ((obj: bigint, classToken: number, method: CompiledMethod) => boolean) | undefined;

  /** Where a finally run by the dispatcher returns to (inside the never-executed sentinel area). */
  private get finallySentinel(): bigint {
    return this.code + 0x40n;
  }

  /**
   * A two-pass exception dispatcher over JIT frames, as the runtime will do it: find the first
   * catch clause (innermost frame first) whose try covers the call site and whose type matches,
   * run the finally clauses between, then restore that frame and return the handler address.
   * Undefined when nothing catches (the exception leaves the JIT frames).
   */
  private dispatch(obj: bigint, regs: ReadonlyMap<Reg, bigint>): bigint | undefined {
    const m = this.machine;
    const mem = m.memory;
    const nums: [Reg, number][] = [[Reg.RBP, 5], [Reg.RBX, 3], [Reg.RSI, 6], [Reg.RDI, 7], [Reg.R12, 12], [Reg.R13, 13], [Reg.R14, 14], [Reg.R15, 15]];
    const rsp = regs.get(Reg.RSP)!;
    let ctx: UnwindContext = { rip: mem.u64(rsp), rsp: rsp + 8n, gpr: new Map(nums.map(([r, n]) => [n, regs.get(r)!])) };
    const frames: { ctx: UnwindContext; start: bigint; method: CompiledMethod; offset: number }[] = [];
    let target: { frame: number; clause: NativeEhClause } | undefined;
    const enter = (f: { ctx: UnwindContext }): bigint => {
      for (const [r, n] of nums) m.setReg(r, f.ctx.gpr.get(n)!);
      m.setReg(Reg.RSP, f.ctx.rsp);
      return f.ctx.gpr.get(5)!;
    };
    /** Runs handler code of frame `f` that returns through [rbp + returnSlot]. */
    const runInFrame = (f: { ctx: UnwindContext; start: bigint }, codeOffset: number, returnSlot: number, setup: (rbp: bigint) => void): void => {
      const rbp = enter(f);
      setup(rbp);
      mem.setU64(rbp + BigInt(returnSlot), this.finallySentinel);
      const out = m.run({ begin: f.start + BigInt(codeOffset), until: this.finallySentinel, maxInstructions: 1_000_000 });
      if (out.kind !== 'returned') throw new Error(`handler code did not return: ${out.kind}`);
      // It may have updated variables living in this frame's callee-saved registers.
      for (const [r, n] of nums) f.ctx.gpr.set(n, m.reg(r));
    };
    search: for (;;) {
      const found = this.methodAt(ctx.rip);
      if (!found) return undefined;
      const offset = Number(ctx.rip - found.start) - 1; // inside the call instruction
      const frame = { ctx, start: found.start, method: found.method, offset };
      frames.push(frame);
      for (const cl of found.method.ehTable) {
        if (offset < cl.tryStart || offset >= cl.tryEnd) continue;
        if (cl.kind === 'catch' && this.catchMatcher!(obj, cl.classToken, found.method)) {
          target = { frame: frames.length - 1, clause: cl };
          break search;
        }
        if (cl.kind === 'filter') {
          let verdict = 0;
          runInFrame(frame, cl.filterStart!, cl.returnSlot!, (rbp) => mem.setU64(rbp + BigInt(cl.exceptionSlot!), obj));
          verdict = mem.i32(frame.ctx.gpr.get(5)! + BigInt(cl.filterResultSlot!));
          if (verdict !== 0) {
            target = { frame: frames.length - 1, clause: cl };
            break search;
          }
        }
      }
      ctx = unwindFrame(ctx, found.method, found.start, (a) => mem.u64(a));
    }
    // Second pass: the finally and fault clauses of every frame up to the catching one, innermost first.
    frames.forEach((f, k) => {
      for (const cl of f.method.ehTable) {
        if (k === target!.frame && cl === target!.clause) break;
        if ((cl.kind !== 'finally' && cl.kind !== 'fault') || f.offset < cl.tryStart || f.offset >= cl.tryEnd) continue;
        runInFrame(f, cl.handlerStart, cl.returnSlot!, (rbp) => mem.setU32(rbp + BigInt(cl.continuationSlot!), 0));
      }
    });
    const t = frames[target!.frame]!;
    const rbp = enter(t);
    mem.setU64(rbp + BigInt(target!.clause.exceptionSlot!), obj);
    return t.start + BigInt(target!.clause.handlerStart);
  }

  /** Bump-allocates zeroed heap bytes (8-aligned). */
  alloc(size: number): bigint {
    const at = this.heapNext;
    this.heapNext += BigInt((size + 7) & ~7);
    return at;
  }

  /** Storage for a static field, registered under `token`. */
  addStatic(token: number, name: string, type: IrType, withCctor = false): IrStaticField {
    const address = this.staticsNext;
    this.staticsNext += 8n;
    const cctorTrigger = withCctor
      ? this.machine.gates.define(`cctor:${name}`, () => { this.cctorRuns.push(name); }, { leaf: true })
      : null;
    const f: IrStaticField = { name, type, address, cctorTrigger };
    this.fields.set(token, f);
    return f;
  }

  readonly host: JitHost = {
    resolveCall: (t) => this.calls.get(t) ?? fail(`no method for token 0x${t.toString(16)}`),
    resolveString: (t) => this.strings.get(t) ?? fail(`no string for token 0x${t.toString(16)}`),
    resolveStaticField: (t) => this.fields.get(t) ?? fail(`no field for token 0x${t.toString(16)}`),
    resolveArrayType: (t) => this.arrays.get(t) ?? fail(`no type for token 0x${t.toString(16)}`),
    resolveInstanceField: (t) => this.instanceFields.get(t) ?? fail(`no field for token 0x${t.toString(16)}`),
    resolveNewObject: (t) => this.newObjects.get(t) ?? fail(`no constructor for token 0x${t.toString(16)}`),
    resolveType: (t) => this.types.get(t) ?? fail(`no type for token 0x${t.toString(16)}`),
    resolveToken: (t) => ({ handle: 0x7700_0000_0000n | BigInt(t), type: RUNTIME_HANDLE }),
    resolveSignature: (t) => this.signatures.get(t) ?? fail(`no signature for token 0x${t.toString(16)}`),
    resolveConstrainedCall: (type, method) => this.constrained.get(`${type}:${method}`) ?? fail(`no constrained call for 0x${type.toString(16)}/0x${method.toString(16)}`),
    helper: (h) => this.helpers.get(h) ?? fail(`no helper ${h}`),
  };

  /** Reserves `size` bytes of code space (16-aligned), e.g. for a precode stub. */
  allocCode(size: number): bigint {
    const at = (this.codeNext + 15n) & ~15n;
    this.codeNext = at + BigInt(size);
    return at;
  }

  /** Every installed method with its address, for stack walks. */
  readonly installed: { start: bigint; method: CompiledMethod }[] = [];

  /** The installed method containing `address`, if any. */
  methodAt(address: bigint): { start: bigint; method: CompiledMethod } | undefined {
    return this.installed.find((m) => address >= m.start && address < m.start + BigInt(m.method.code.length));
  }

  /** Links `m` at the next free code address, writes it and returns its entry address. */
  install(m: CompiledMethod): bigint {
    const at = (this.codeNext + 15n) & ~15n;
    this.installed.push({ start: at, method: m });
    const bytes = linkCode(m.code, m.relocations, at);
    this.machine.memory.write(at, bytes);
    this.machine.flushCode(at, bytes.length);
    this.codeNext = at + BigInt(bytes.length);
    return at;
  }

  /** The return address `call` pushes: reaching it ends the call. */
  get sentinel(): bigint {
    return this.code;
  }

  /** RSP just before `call` pushes its return address (16-byte aligned). */
  get callerRsp(): bigint {
    return this.stackTop & ~15n;
  }

  /** Calls `entry` with `args` (Windows x64) and reads the result as `ret`. */
  call(entry: bigint, args: readonly Arg[], ret: IrType | null, preset: ReadonlyMap<Reg, bigint> = new Map()): bigint | number | undefined {
    const m = this.machine;
    const rsp0 = this.callerRsp;
    for (const [r, v] of preset) m.setReg(r, v);
    const intRegs = [Reg.RCX, Reg.RDX, Reg.R8, Reg.R9];
    args.forEach((a, i) => {
      let bits: bigint;
      let isFloat = false;
      if (typeof a === 'object') {
        isFloat = true;
        const dv = new DataView(new ArrayBuffer(16));
        if ('f64' in a) dv.setFloat64(0, a.f64, true);
        else dv.setFloat32(0, a.f32, true);
        bits = dv.getBigUint64(0, true);
        if (i < 4) m.setXmm(i, new Uint8Array(dv.buffer));
      } else {
        bits = BigInt.asUintN(64, BigInt(a));
      }
      if (i >= 4) m.memory.setU64(rsp0 + 8n * BigInt(i), bits);
      else if (!isFloat) m.setReg(intRegs[i]!, bits);
    });
    m.memory.setU64(rsp0 - 8n, this.code);
    m.setReg(Reg.RSP, rsp0 - 8n);
    m.setReg(Reg.RAX, 0xdead_beefn);
    const out = m.run({ begin: entry, until: this.code, maxInstructions: 5_000_000 });
    if (out.kind !== 'returned') throw new Error(`guest did not return: ${JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))}`);
    if (m.reg(Reg.RSP) !== rsp0) throw new Error(`RSP not restored: 0x${m.reg(Reg.RSP).toString(16)}`);
    if (ret === null) return undefined;
    const x = m.xmm(0);
    const dv = new DataView(x.buffer, x.byteOffset, 16);
    const rax = m.reg(Reg.RAX);
    switch (ret) {
      case IrType.R4: return dv.getFloat32(0, true);
      case IrType.R8: return dv.getFloat64(0, true);
      case IrType.I1: return BigInt.asIntN(8, rax);
      case IrType.U1: return BigInt.asUintN(8, rax);
      case IrType.I2: return BigInt.asIntN(16, rax);
      case IrType.U2: return BigInt.asUintN(16, rax);
      case IrType.I4: return BigInt.asIntN(32, rax);
      case IrType.U4: return BigInt.asUintN(32, rax);
      case IrType.U8: case IrType.U: return rax;
      default: return BigInt.asIntN(64, rax);
    }
  }

  close(): void {
    this.machine.close();
  }
}

function fail(msg: string): never {
  throw new Error(msg);
}
