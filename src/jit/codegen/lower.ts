/**
 * Lowering of IR operations and terminators to x86-64 through the encoder: operands are loaded
 * from their homes (a callee-saved register from the allocator, or a frame slot) into scratch
 * registers, the operation runs, the result is stored back to its home. Value types move by
 * copy (`copyMemory`). Checked operations (overflow, division, bounds, ckfinite) branch to
 * out-of-line throw stubs that call the runtime's helpers (`JitHelper`).
 *
 * Semantics follow ECMA-335 Partition III: integer division by zero throws DivideByZeroException
 * and MinValue / -1 (and % -1) throws OverflowException (x86 would raise #DE for both); shift
 * counts are masked to the operand width as x86 does; float comparisons follow §III.1.5 (the
 * `.un` forms are true for unordered operands), using `ucomisd` flags: unordered sets ZF, PF, CF.
 */
import { JitHelper } from '../host';
import { Block, CondKind, Inst, IrCallee, IrFunction, Op, Terminator, VReg } from '../ir/ir';
import { abiLayout, passedByReference } from '../abi';
import { isFloat, IrType, isGcType, isStruct, JitType, stackTypeOf } from '../ir/types';
import { Addr, at, Cond, dword, ExternalSymbol, imm, imm64, Label, qword, ripLabel } from '../x64/operands';
import { gpr32, gpr64, gpr8, RegNum } from '../x64/registers';
import { lowerConv } from './conv';
import { EmitContext, IntWidth, widthOf } from './emit-context';

const RAX = RegNum.RAX, RCX = RegNum.RCX, RDX = RegNum.RDX;
const INT_ARG_REGS: readonly RegNum[] = [RegNum.RCX, RegNum.RDX, RegNum.R8, RegNum.R9];

/** Integer condition codes for each IR condition. */
const INT_COND: Readonly<Record<CondKind, Cond>> = {
  [CondKind.Eq]: Cond.E, [CondKind.NeUn]: Cond.NE, [CondKind.Lt]: Cond.L, [CondKind.Le]: Cond.LE,
  [CondKind.Gt]: Cond.G, [CondKind.Ge]: Cond.GE, [CondKind.LtUn]: Cond.B, [CondKind.LeUn]: Cond.BE,
  [CondKind.GtUn]: Cond.A, [CondKind.GeUn]: Cond.AE,
};

/**
 * How a float condition maps onto `ucomisd`: compare (a, b) or swapped (b, a), then one flag
 * condition; `eq` and `ne.un` need the parity flag as well (unordered sets ZF too).
 */
type FloatCond = { swap: boolean; cc: Cond } | 'eq' | 'ne';
function floatCond(c: CondKind): FloatCond {
  switch (c) {
    case CondKind.Eq:
      return 'eq';
    case CondKind.NeUn:
      return 'ne';
    case CondKind.Gt:
      return { swap: false, cc: Cond.A }; // CF=0 & ZF=0: ordered greater
    case CondKind.Ge:
      return { swap: false, cc: Cond.AE };
    case CondKind.Lt:
      return { swap: true, cc: Cond.A };
    case CondKind.Le:
      return { swap: true, cc: Cond.AE };
    case CondKind.LtUn:
      return { swap: false, cc: Cond.B }; // CF=1: less or unordered
    case CondKind.LeUn:
      return { swap: false, cc: Cond.BE };
    case CondKind.GtUn:
      return { swap: true, cc: Cond.B };
    case CondKind.GeUn:
      return { swap: true, cc: Cond.BE };
  }
}

/** Which x86 mnemonic each simple two-operand integer operation uses. */
const INT_ALU: Partial<Record<Op, string>> = {
  [Op.Add]: 'add', [Op.Sub]: 'sub', [Op.And]: 'and', [Op.Or]: 'or', [Op.Xor]: 'xor', [Op.Mul]: 'imul',
  [Op.AddOvf]: 'add', [Op.AddOvfUn]: 'add', [Op.SubOvf]: 'sub', [Op.SubOvfUn]: 'sub', [Op.MulOvf]: 'imul',
};

/** The flag that signals overflow after each checked operation. */
const OVF_COND: Partial<Record<Op, Cond>> = {
  [Op.AddOvf]: Cond.O, [Op.AddOvfUn]: Cond.B, [Op.SubOvf]: Cond.O, [Op.SubOvfUn]: Cond.B, [Op.MulOvf]: Cond.O,
};

const FLOAT_OPS: Partial<Record<Op, string>> = { [Op.Add]: 'add', [Op.Sub]: 'sub', [Op.Mul]: 'mul', [Op.Div]: 'div' };

export class Lowering {
  constructor(
    private readonly cx: EmitContext,
    private readonly f: IrFunction,
    private readonly blockLabels: Map<Block, Label>,
    private readonly epilogue: Label,
    /** Emit `call rel32` to a `CalleeSymbol` (relocated by the VM) instead of `movabs rax; call rax`. */
    private readonly directCalls: boolean,
    /** Leave zero divisors and `MinValue / -1` to the CPU's divide error (CompileOptions.divideChecks). */
    private readonly hardwareDivide = false,
  ) {}

  private get asm() {
    return this.cx.asm;
  }

  private g(r: RegNum, w: IntWidth) {
    return w === 64 ? gpr64(r) : gpr32(r);
  }

  // ---- operations -----------------------------------------------------------------------------

  inst(i: Inst): void {
    const cx = this.cx;
    const a = this.asm;
    const dst = i.dst;
    switch (i.op) {
      case Op.Const:
        return this.constant(dst!, i.value!);
      case Op.Mov:
        return this.move(dst!, i.args[0]!);
      case Op.Add: case Op.Sub: case Op.Mul: case Op.Div: case Op.DivUn: case Op.Rem: case Op.RemUn:
      case Op.And: case Op.Or: case Op.Xor: case Op.AddOvf: case Op.AddOvfUn: case Op.SubOvf: case Op.SubOvfUn:
      case Op.MulOvf: case Op.MulOvfUn:
        return isFloat(dst!.type) ? this.floatBinary(i) : this.intBinary(i);
      case Op.Shl: case Op.Shr: case Op.ShrUn: {
        const w = widthOf(dst!.type);
        cx.loadInt(i.args[0]!, RAX, w);
        cx.loadInt(i.args[1]!, RCX, 32);
        a.emit(i.op === Op.Shl ? 'shl' : i.op === Op.Shr ? 'sar' : 'shr', this.g(RAX, w), gpr8(RCX));
        cx.storeInt(dst!, RAX);
        return;
      }
      case Op.Neg: case Op.Not: {
        if (isFloat(dst!.type)) {
          // Flip the sign bit: exact for every value including NaN, ±0 and ±∞ (§III.3.50).
          const w: IntWidth = dst!.type === IrType.R4 ? 32 : 64;
          const src = i.args[0]!;
          if (src.type !== dst!.type) cx.fail(`float neg of ${src.typed} into ${dst!.typed}`);
          cx.loadInt(src, RAX, w);
          a.emit('btc', this.g(RAX, w), imm(w - 1));
          cx.storeInt(dst!, RAX);
          return;
        }
        const w = widthOf(dst!.type);
        cx.loadInt(i.args[0]!, RAX, w);
        a.emit(i.op === Op.Neg ? 'neg' : 'not', this.g(RAX, w));
        cx.storeInt(dst!, RAX);
        return;
      }
      case Op.Cmp:
        return this.compareToValue(i);
      case Op.Conv:
        return lowerConv(cx, i);
      case Op.CkFinite: {
        const src = i.args[0]!;
        if (src.type === IrType.R4) {
          cx.loadInt(src, RAX, 32);
          a.emit('and', gpr32(RAX), imm(0x7f80_0000));
          a.emit('cmp', gpr32(RAX), imm(0x7f80_0000));
        } else {
          cx.loadInt(src, RAX, 64);
          cx.loadConst(RCX, 0x7ff0_0000_0000_0000n);
          a.emit('and', gpr64(RAX), gpr64(RCX));
          a.emit('cmp', gpr64(RAX), gpr64(RCX));
        }
        a.emit('je', cx.throwLabel(JitHelper.ThrowNotFinite, i.ilOffset));
        return this.move(dst!, src);
      }
      case Op.Call:
        return this.call(i);
      case Op.CallIndirect:
        return this.call({ ...i, args: i.args.slice(0, -1) }, undefined, i.args[i.args.length - 1]!);
      case Op.Break:
        a.emit('int3');
        return;
      case Op.LdStr:
        cx.loadConst(RAX, i.str!.handle);
        a.emit('mov', gpr64(RAX), qword(at(gpr64(RAX))));
        cx.storeInt(dst!, RAX);
        return;
      case Op.LdSFld:
      case Op.StSFld:
        return this.staticField(i);
      case Op.NewArr:
        cx.loadInt(i.args[0]!, RDX, 64);
        cx.loadConst(RCX, i.array!.typeHandle);
        cx.callAbsolute(cx.host.helper(JitHelper.NewArray));
        cx.storeInt(dst!, RAX);
        return;
      case Op.LdLen:
        cx.loadInt(i.args[0]!, RAX, 64);
        this.nullCheck(RAX, i.ilOffset);
        a.emit('mov', gpr32(RAX), dword(at(gpr64(RAX), 24))); // zero-extends: the length as native int
        cx.storeInt(dst!, RAX);
        return;
      case Op.LdElem:
      case Op.StElem:
      case Op.LdElemA:
        return this.element(i);
      case Op.AddrOf: {
        const loc = cx.frame.locate(i.args[0]!);
        if (loc.kind !== 'frame') return cx.fail(`address of ${i.args[0]} in a register`);
        a.emit('lea', gpr64(RAX), at(gpr64(RegNum.RBP), loc.rbpOffset));
        cx.storeInt(dst!, RAX);
        return;
      }
      case Op.LdInd:
      case Op.StInd:
        // A null or wild pointer faults on the access itself; the runtime maps the fault.
        cx.loadInt(i.args[0]!, RAX, 64);
        return this.memoryAccess(i, at(gpr64(RAX)), i.elem === IrType.Struct ? i.layout! : i.elem!);
      case Op.LdFld:
      case Op.StFld:
      case Op.LdFldA: {
        const base = i.args[0]!;
        let addr: Addr;
        if (base.type === IrType.Struct) {
          // A field of a struct value: it lives in the value's own frame slot.
          const slot = cx.slotAddr(base);
          addr = at(gpr64(RegNum.RBP), slot.disp + i.ifield!.offset);
        } else {
          cx.loadInt(base, RAX, 64);
          if (base.type === IrType.Ref) this.nullCheck(RAX, i.ilOffset);
          addr = at(gpr64(RAX), i.ifield!.offset);
        }
        if (i.op === Op.LdFldA) {
          a.emit('lea', gpr64(RAX), addr);
          cx.storeInt(dst!, RAX);
          return;
        }
        return this.memoryAccess(i, addr, i.ifield!.type);
      }
      case Op.LdSFldA:
        if (i.field!.cctorTrigger !== null) cx.callAbsolute(i.field!.cctorTrigger);
        cx.loadConst(RAX, i.field!.address);
        cx.storeInt(dst!, RAX);
        return;
      case Op.CastClass:
      case Op.IsInst:
      case Op.Unbox:
        cx.loadInt(i.args[0]!, RDX, 64);
        cx.loadConst(RCX, i.type!.typeHandle);
        cx.callAbsolute(cx.host.helper(i.op === Op.CastClass ? JitHelper.CastClass : i.op === Op.IsInst ? JitHelper.IsInstanceOf : JitHelper.Unbox));
        cx.storeInt(dst!, RAX);
        return;
      case Op.Box: {
        const t: JitType = i.layout ?? i.type!.primitive!;
        cx.loadConst(RCX, i.type!.typeHandle);
        cx.callAbsolute(cx.host.helper(JitHelper.NewObject));
        cx.storeInt(dst!, RAX);
        const box: Inst = { op: Op.StInd, dst: null, args: [i.args[0]!, i.args[0]!], ilOffset: i.ilOffset };
        return this.memoryAccess(box, at(gpr64(RAX), 16), t); // the value follows the vtable and sync words
      }
      case Op.InitObj:
        cx.loadInt(i.args[0]!, RAX, 64);
        cx.zeroMemory(at(gpr64(RAX)), i.layout!.size);
        return;
      case Op.NewValue: {
        const n = i.newobj!;
        const value = cx.slotAddr(dst!);
        cx.zeroMemory(value, dst!.layout!.size);
        this.call({ op: Op.Call, dst: null, args: i.args, callee: n.ctor, ilOffset: i.ilOffset }, value);
        return;
      }
      case Op.CopyBlock:
      case Op.InitBlock:
        cx.loadInt(i.args[0]!, RCX, 64);
        cx.loadInt(i.args[1]!, RDX, i.op === Op.CopyBlock ? 64 : 32);
        cx.loadInt(i.args[2]!, RegNum.R8, 32); // the count is unsigned int32: a 32-bit load zero-extends
        cx.callAbsolute(cx.host.helper(i.op === Op.CopyBlock ? JitHelper.MemoryCopy : JitHelper.MemorySet));
        return;
      case Op.LdVirtFtn: {
        cx.loadInt(i.args[0]!, RAX, 64);
        this.nullCheck(RAX, i.ilOffset);
        const slot = i.callee!.vtableSlotOffset;
        if (slot === undefined) cx.loadConst(RAX, i.callee!.entry);
        else {
          a.emit('mov', gpr64(RAX), qword(at(gpr64(RAX))));
          a.emit('mov', gpr64(RAX), qword(at(gpr64(RAX), slot)));
        }
        cx.storeInt(dst!, RAX);
        return;
      }
      case Op.LocAlloc: {
        // RSP moves down by the size rounded to 16; the outgoing-argument area stays at the new
        // bottom, so the block starts above it. Zeroing runs downwards, touching stack pages in
        // order (a guard page below the stack must be met before anything beyond it).
        const rsp = gpr64(RegNum.RSP);
        const zero = a.newLabel();
        const done = a.newLabel();
        cx.loadInt(i.args[0]!, RAX, stackTypeOf(i.args[0]!.type) === IrType.I4 ? 32 : 64); // unsigned: a 32-bit load zero-extends
        a.emit('add', gpr64(RAX), imm(15));
        a.emit('and', gpr64(RAX), imm(-16));
        a.emit('sub', rsp, gpr64(RAX));
        const spSlot = this.f.stackPointerSlot ? cx.frame.locate(this.f.stackPointerSlot) : null;
        if (spSlot?.kind === 'frame') a.emit('mov', qword(at(gpr64(RegNum.RBP), spSlot.rbpOffset)), rsp);
        a.emit('lea', gpr64(RCX), at(rsp, cx.frame.outgoingBytes));
        a.emit('xor', gpr32(RDX), gpr32(RDX));
        a.bind(zero);
        a.emit('test', gpr64(RAX), gpr64(RAX));
        a.emit('je', done);
        a.emit('sub', gpr64(RAX), imm(8));
        a.emit('mov', qword(at(gpr64(RCX), gpr64(RAX), 1)), gpr64(RDX));
        a.emit('jmp', zero);
        a.bind(done);
        cx.storeInt(dst!, RCX);
        return;
      }
      case Op.NewObj: {
        const n = i.newobj!;
        cx.loadConst(RCX, n.typeHandle);
        cx.callAbsolute(cx.host.helper(JitHelper.NewObject));
        cx.storeInt(dst!, RAX);
        this.call({ op: Op.Call, dst: null, args: [dst!, ...i.args], callee: n.ctor, ilOffset: i.ilOffset });
        return;
      }
    }
  }

  /**
   * Loads (dst = [addr]) or stores ([addr] = last argument) a value of storage type `t`; `addr`
   * must not use RDX or XMM0, which carry the value.
   */
  private memoryAccess(i: Inst, addr: Addr, jt: JitType): void {
    const cx = this.cx;
    const a = this.asm;
    if (isStruct(jt)) {
      // Value types move by copy; `addr` must not use R11, the copy's data register.
      if (i.dst !== null) cx.copyMemory(cx.slotAddr(i.dst), addr, jt.size);
      else cx.copyMemory(addr, cx.slotAddr(i.args[i.args.length - 1]!), jt.size);
      return;
    }
    const t = jt;
    const size = t === IrType.I1 || t === IrType.U1 ? 8 : t === IrType.I2 || t === IrType.U2 ? 16 : t === IrType.I4 || t === IrType.U4 || t === IrType.R4 ? 32 : 64;
    const mem = cx.slotMem(addr, size);
    const isLoad = i.dst !== null;
    if (isLoad) {
      if (isFloat(t)) {
        a.emit(t === IrType.R4 ? 'movss' : 'movsd', cx.x(0), mem);
        cx.storeFloat(i.dst!, 0, t as IrType.R4 | IrType.R8);
      } else {
        cx.loadFromMem(t, RDX, mem);
        cx.storeInt(i.dst!, RDX);
      }
      return;
    }
    const v = i.args[i.args.length - 1]!;
    if (isFloat(t)) {
      cx.loadFloat(v, 0, t as IrType.R4 | IrType.R8);
      a.emit(t === IrType.R4 ? 'movss' : 'movsd', mem, cx.x(0));
    } else {
      cx.loadInt(v, RDX, size === 64 ? 64 : 32);
      cx.storeToMem(RDX, mem);
    }
  }

  private constant(dst: VReg, value: bigint | number): void {
    let bits: bigint;
    if (typeof value === 'number') {
      const buf = new DataView(new ArrayBuffer(8));
      if (dst.type === IrType.R4) {
        buf.setFloat32(0, value, true);
        bits = BigInt(buf.getUint32(0, true));
      } else {
        buf.setFloat64(0, value, true);
        bits = buf.getBigUint64(0, true);
      }
    } else {
      bits = value;
    }
    this.cx.storeImm(dst, bits);
  }

  /** `dst = src` with the implicit conversions of §III.1.6 (widen, truncate, float32 ↔ float64). */
  move(dst: VReg, src: VReg): void {
    const cx = this.cx;
    if (dst.type === IrType.Struct) {
      cx.copyMemory(cx.slotAddr(dst), cx.slotAddr(src), dst.layout!.size);
      return;
    }
    if (isFloat(dst.type) || isFloat(src.type)) {
      if (!isFloat(dst.type) || !isFloat(src.type)) cx.fail(`move between ${dst.typed} and ${src.typed}`);
      cx.loadFloat(src, 0, src.type as IrType.R4 | IrType.R8);
      cx.storeFloat(dst, 0, src.type as IrType.R4 | IrType.R8);
      return;
    }
    cx.loadInt(src, RAX, widthOf(dst.type) === 64 || isGcType(dst.type) ? 64 : 32);
    cx.storeInt(dst, RAX);
  }

  private intBinary(i: Inst): void {
    const cx = this.cx;
    const a = this.asm;
    const dst = i.dst!;
    const w = widthOf(dst.type);
    const [x, y] = i.args as [VReg, VReg];
    cx.loadInt(x, RAX, w);
    cx.loadInt(y, RCX, w);
    const alu = INT_ALU[i.op];
    if (alu) {
      a.emit(alu, this.g(RAX, w), this.g(RCX, w));
      const ovf = OVF_COND[i.op];
      if (ovf !== undefined) a.emit(cx.cc('j', ovf), cx.throwLabel(JitHelper.ThrowOverflow, i.ilOffset));
      cx.storeInt(dst, RAX);
      return;
    }
    if (i.op === Op.MulOvfUn) {
      a.emit('mul', this.g(RCX, w)); // rdx:rax = rax * rcx; OF=CF=1 when the high half is not zero
      a.emit('jo', cx.throwLabel(JitHelper.ThrowOverflow, i.ilOffset));
      cx.storeInt(dst, RAX);
      return;
    }
    // Division and remainder.
    if (!this.hardwareDivide) {
      a.emit('test', this.g(RCX, w), this.g(RCX, w));
      a.emit('je', cx.throwLabel(JitHelper.ThrowDivideByZero, i.ilOffset));
    }
    const signed = i.op === Op.Div || i.op === Op.Rem;
    if (signed && this.hardwareDivide) {
      a.emit(w === 64 ? 'cqo' : 'cdq');
      a.emit('idiv', this.g(RCX, w));
    } else if (signed) {
      // MinValue / -1 overflows (x86 raises #DE); the CLI throws OverflowException for div and rem.
      const ok = a.newLabel();
      a.emit('cmp', this.g(RCX, w), imm(-1));
      a.emit('jne', ok);
      a.emit('mov', this.g(RDX, w), this.g(RAX, w));
      a.emit('neg', this.g(RDX, w)); // OF=1 exactly when rax is MinValue
      a.emit('jo', cx.throwLabel(JitHelper.ThrowOverflow, i.ilOffset));
      a.bind(ok);
      a.emit(w === 64 ? 'cqo' : 'cdq');
      a.emit('idiv', this.g(RCX, w));
    } else {
      a.emit('xor', gpr32(RDX), gpr32(RDX));
      a.emit('div', this.g(RCX, w));
    }
    cx.storeInt(dst, i.op === Op.Div || i.op === Op.DivUn ? RAX : RDX);
  }

  private floatBinary(i: Inst): void {
    const cx = this.cx;
    const dst = i.dst!;
    const t = dst.type as IrType.R4 | IrType.R8;
    const [x, y] = i.args as [VReg, VReg];
    if (i.op === Op.Rem) {
      // fmod is exact, so computing a float32 remainder in double precision and rounding gives the float32 result.
      cx.loadFloat(x, 0, IrType.R8);
      cx.loadFloat(y, 1, IrType.R8);
      cx.callAbsolute(cx.host.helper(JitHelper.FloatRemainder));
      cx.storeFloat(dst, 0, IrType.R8);
      return;
    }
    const op = FLOAT_OPS[i.op];
    if (!op) cx.fail(`no float lowering for ${i.op}`);
    cx.loadFloat(x, 0, t);
    cx.loadFloat(y, 1, t);
    this.asm.emit(op + (t === IrType.R4 ? 'ss' : 'sd'), cx.x(0), cx.x(1));
    cx.storeFloat(dst, 0, t);
  }

  /** Sets the flags for comparing `a` with `b` (or with zero when `b` is null); returns the int width used. */
  private compareInts(a: VReg, b: VReg | null): void {
    const cx = this.cx;
    const w: IntWidth = widthOf(a.type) === 64 || (b !== null && widthOf(b.type) === 64) ? 64 : 32;
    cx.loadInt(a, RAX, w);
    if (b === null) {
      this.asm.emit('test', this.g(RAX, w), this.g(RAX, w));
      return;
    }
    cx.loadInt(b, RCX, w);
    this.asm.emit('cmp', this.g(RAX, w), this.g(RCX, w));
  }

  /** Loads two floats (as float64 unless both are float32) and runs ucomis on (a, b) or (b, a). */
  private compareFloats(a: VReg, b: VReg, swap: boolean): void {
    const cx = this.cx;
    const t = a.type === IrType.R4 && b.type === IrType.R4 ? IrType.R4 : IrType.R8;
    cx.loadFloat(a, 0, t);
    cx.loadFloat(b, 1, t);
    this.asm.emit(t === IrType.R4 ? 'ucomiss' : 'ucomisd', cx.x(swap ? 1 : 0), cx.x(swap ? 0 : 1));
  }

  private compareToValue(i: Inst): void {
    const cx = this.cx;
    const a = this.asm;
    const [x, y] = i.args as [VReg, VReg];
    const al = gpr8(RAX), cl = gpr8(RCX);
    if (isFloat(x.type)) {
      const fc = floatCond(i.cond!);
      if (fc === 'eq' || fc === 'ne') {
        this.compareFloats(x, y, false);
        a.emit(fc === 'eq' ? 'sete' : 'setne', al);
        a.emit(fc === 'eq' ? 'setnp' : 'setp', cl);
        a.emit(fc === 'eq' ? 'and' : 'or', al, cl);
      } else {
        this.compareFloats(x, y, fc.swap);
        a.emit(cx.cc('set', fc.cc), al);
      }
    } else {
      this.compareInts(x, y);
      a.emit(cx.cc('set', INT_COND[i.cond!]), al);
    }
    a.emit('movzx', gpr32(RAX), al);
    cx.storeInt(i.dst!, RAX);
  }

  /**
   * A call with the Windows x64 convention (see abi.ts). `thisAddress`, for a value type's
   * constructor run by `newobj`, is the address passed as `this` before `i.args`.
   */
  private call(i: Inst, thisAddress?: Addr, target?: VReg): void {
    const cx = this.cx;
    const a = this.asm;
    const callee = i.callee!;
    if (callee.params.length === 0 && i.virtual) cx.fail('callvirt without this');
    const abi = abiLayout(callee.params, callee.ret, callee.hasThis ?? false);
    // What goes in each position: an argument vreg, the value's address (this of a value type
    // constructor), or the address of the result slot (return buffer).
    type Item = { pos: number; param: JitType; v: VReg } | { pos: number; addr: Addr };
    const items: Item[] = [];
    const args = thisAddress ? [null, ...i.args] : [...i.args];
    args.forEach((v, k) => {
      const pos = abi.positions[k]!;
      if (v === null) items.push({ pos, addr: thisAddress! });
      else items.push({ pos, param: callee.params[k]!, v });
    });
    if (abi.returnBuffer !== null) items.push({ pos: abi.returnBuffer, addr: cx.slotAddr(i.dst!) });
    // Stack positions first (through RAX/XMM4), then the registers, which nothing clobbers after.
    items.sort((p, q) => (p.pos >= 4 ? 0 : 1) - (q.pos >= 4 ? 0 : 1));
    for (const it of items) {
      const onStack = it.pos >= 4;
      const stackSlot = at(gpr64(RegNum.RSP), 8 * it.pos);
      const r = onStack ? RAX : INT_ARG_REGS[it.pos]!;
      if ('addr' in it) {
        a.emit('lea', gpr64(r), it.addr);
      } else if (isStruct(it.param)) {
        if (passedByReference(it.param)) a.emit('lea', gpr64(r), cx.slotAddr(it.v)); // the temporary is the caller's copy
        else cx.loadSmallStruct(it.v, r);
      } else if (isFloat(it.param)) {
        const x = onStack ? 4 : it.pos;
        cx.loadFloat(it.v, x, it.param as IrType.R4 | IrType.R8);
        if (onStack) a.emit(it.param === IrType.R4 ? 'movss' : 'movsd', (it.param === IrType.R4 ? dword : qword)(stackSlot), cx.x(x));
        // A variadic float in a register position also goes in the integer register (IrCallee.vararg).
        else if (callee.vararg && 'param' in it && it.pos > abi.positions[callee.vararg.fixedCount]!) a.emit('movq', gpr64(r), cx.x(x));
        continue;
      } else {
        cx.loadInt(it.v, r, widthOf(it.param) === 64 || isGcType(it.param) ? 64 : 32);
      }
      if (onStack) a.emit('mov', qword(stackSlot), gpr64(r));
    }
    if (i.virtual) {
      // callvirt: `this` (in RCX by now) must not be null, even for a non-virtual callee (§III.4.2).
      a.emit('test', gpr64(RCX), gpr64(RCX));
      a.emit('je', cx.throwLabel(JitHelper.ThrowNullReference, i.ilOffset));
    }
    if (target) cx.loadInt(target, RegNum.R10, 64); // calli: RAX and R10 are free once the arguments are loaded
    if (i.tail) {
      // Stack arguments move from the outgoing area to this method's own incoming ones (the
      // importer checked they fit), after every argument was read: some may come from there.
      for (let pos = 4; pos < abi.count; pos++) {
        a.emit('mov', gpr64(RAX), qword(at(gpr64(RegNum.RSP), 8 * pos)));
        a.emit('mov', qword(at(gpr64(RegNum.RBP), cx.frame.argBase + 8 * pos)), gpr64(RAX));
      }
      // tail.: the arguments are in registers; remove this frame (the epilogue without its ret)
      // and jump, so the callee returns straight to our caller.
      a.emit('lea', gpr64(RegNum.RSP), at(gpr64(RegNum.RBP), 0));
      for (const r of [...cx.frame.saved].reverse()) a.emit('pop', gpr64(r));
      a.emit('pop', gpr64(RegNum.RBP));
    }
    const branch = i.tail ? 'jmp' : 'call';
    if (target) {
      a.emit(branch, gpr64(RegNum.R10));
    } else if (i.virtual && callee.vtableSlotOffset !== undefined) {
      a.emit('mov', gpr64(RAX), qword(at(gpr64(RCX))));
      a.emit(branch, qword(at(gpr64(RAX), callee.vtableSlotOffset)));
    } else if (this.directCalls) {
      // A direct call: cheaper than an indirect one (especially under emulation), and the VM can
      // later retarget the rel32 field from the callee's precode to its code (call-site backpatching).
      a.emit(branch, new ExternalSymbol<IrCallee>(callee.name, callee));
    } else {
      // Always the 10-byte movabs: the runtime finds and patches `48 B8 <entry> FF D0` call sites.
      a.emit('movabs', gpr64(RAX), imm64(callee.entry));
      a.emit(branch, gpr64(RAX));
    }
    if (i.tail) return;
    const dst = i.dst;
    const ret = callee.ret;
    if (!dst || ret === null || abi.returnBuffer !== null) return; // a return buffer is the result slot itself
    if (isStruct(ret)) {
      cx.storeSmallStruct(dst, RAX);
    } else if (isFloat(ret)) {
      cx.storeFloat(dst, 0, ret as IrType.R4 | IrType.R8);
    } else {
      cx.normaliseSmall(ret, RAX); // the ABI leaves the upper bits of small results undefined
      cx.storeInt(dst, RAX);
    }
  }

  private staticField(i: Inst): void {
    const field = i.field!;
    if (field.cctorTrigger !== null) this.cx.callAbsolute(field.cctorTrigger);
    this.cx.loadConst(RAX, field.address);
    this.memoryAccess(i, at(gpr64(RAX)), field.type);
  }

  private nullCheck(r: RegNum, ilOffset: number): void {
    this.asm.emit('test', gpr64(r), gpr64(r));
    this.asm.emit('je', this.cx.throwLabel(JitHelper.ThrowNullReference, ilOffset));
  }

  private element(i: Inst): void {
    const cx = this.cx;
    const a = this.asm;
    const t = i.elem!;
    const [arr, idx] = i.args as [VReg, VReg];
    if (i.op === Op.StElem && t === IrType.Ref) {
      // Storing a reference needs the array covariance check (§III.4.26): the runtime's helper does it all.
      cx.loadInt(arr, RCX, 64);
      cx.loadInt(idx, RDX, 64);
      cx.loadInt(i.args[2]!, RegNum.R8, 64);
      cx.callAbsolute(cx.host.helper(JitHelper.StoreElementRef));
      return;
    }
    cx.loadInt(arr, RAX, 64);
    this.nullCheck(RAX, i.ilOffset);
    cx.loadInt(idx, RCX, 64);
    // Length is a uint32 padded to 8 bytes with zeros, so an unsigned 64-bit compare also rejects negative indexes.
    a.emit('cmp', gpr64(RCX), qword(at(gpr64(RAX), 24)));
    a.emit('jae', cx.throwLabel(JitHelper.ThrowIndexOutOfRange, i.ilOffset));
    if (t === IrType.Struct) {
      // Struct elements: any size, so scale the index by multiplying (elements are packed at +32).
      const layout = i.layout!;
      if (layout.size !== 1) a.emit('imul', gpr64(RCX), gpr64(RCX), imm(layout.size));
      const elemAddrS = at(gpr64(RAX), gpr64(RCX), 1, 32);
      if (i.op === Op.LdElemA) {
        a.emit('lea', gpr64(RAX), elemAddrS);
        cx.storeInt(i.dst!, RAX);
        return;
      }
      a.emit('lea', gpr64(RAX), elemAddrS);
      return this.memoryAccess(i.op === Op.LdElem ? i : { ...i, args: [i.args[2]!] }, at(gpr64(RAX)), layout);
    }
    const size = t === IrType.I1 || t === IrType.U1 ? 1 : t === IrType.I2 || t === IrType.U2 ? 2 : t === IrType.I4 || t === IrType.U4 || t === IrType.R4 ? 4 : 8;
    const elemAddr = at(gpr64(RAX), gpr64(RCX), size, 32);
    if (i.op === Op.LdElemA) {
      a.emit('lea', gpr64(RAX), elemAddr);
      cx.storeInt(i.dst!, RAX);
      return;
    }
    const mem = cx.slotMem(elemAddr, (size * 8) as 8 | 16 | 32 | 64);
    if (i.op === Op.LdElem) {
      if (isFloat(t)) {
        a.emit(t === IrType.R4 ? 'movss' : 'movsd', cx.x(0), mem);
        cx.storeFloat(i.dst!, 0, t as IrType.R4 | IrType.R8);
      } else {
        cx.loadFromMem(t, RDX, mem);
        cx.storeInt(i.dst!, RDX);
      }
      return;
    }
    const v = i.args[2]!;
    if (isFloat(t)) {
      cx.loadFloat(v, 0, t as IrType.R4 | IrType.R8);
      a.emit(t === IrType.R4 ? 'movss' : 'movsd', mem, cx.x(0));
    } else {
      cx.loadInt(v, RDX, size === 8 ? 64 : 32);
      cx.storeToMem(RDX, mem);
    }
  }

  // ---- terminators ----------------------------------------------------------------------------

  term(b: Block, next: Block | null): void {
    const t = b.term as Terminator;
    const a = this.asm;
    const cx = this.cx;
    const jumpTo = (target: Block): void => {
      if (target !== next) a.emit('jmp', this.blockLabels.get(target)!);
    };
    switch (t.kind) {
      case 'jump':
        return jumpTo(t.target);
      case 'return': {
        const ret = this.f.returnType;
        if (t.value && ret !== null && isStruct(ret)) {
          const buffer = cx.frame.returnBufferHome;
          if (buffer === null) {
            cx.loadSmallStruct(t.value, RAX);
          } else {
            // Copy into the caller's buffer and hand its address back in RAX.
            a.emit('mov', gpr64(RAX), qword(at(gpr64(RegNum.RBP), buffer)));
            cx.copyMemory(at(gpr64(RAX)), cx.slotAddr(t.value), ret.size);
          }
        } else if (t.value && ret !== null && !isStruct(ret)) {
          if (isFloat(ret)) {
            cx.loadFloat(t.value, 0, ret as IrType.R4 | IrType.R8);
          } else {
            cx.loadInt(t.value, RAX, widthOf(ret) === 64 || isGcType(ret) ? 64 : 32);
            cx.normaliseSmall(ret, RAX);
          }
        }
        a.emit('jmp', this.epilogue);
        return;
      }
      case 'branch': {
        const yes = this.blockLabels.get(t.ifTrue)!;
        if (isFloat(t.a.type)) {
          const fc = floatCond(t.cond);
          const rhs = t.b ?? cx.fail('float truth test');
          if (fc === 'eq') {
            const no = this.blockLabels.get(t.ifFalse)!;
            this.compareFloats(t.a, rhs, false);
            a.emit('jp', no);
            a.emit('je', yes);
          } else if (fc === 'ne') {
            this.compareFloats(t.a, rhs, false);
            a.emit('jp', yes);
            a.emit('jne', yes);
          } else {
            this.compareFloats(t.a, rhs, fc.swap);
            a.emit(cx.cc('j', fc.cc), yes);
          }
        } else {
          this.compareInts(t.a, t.b);
          a.emit(cx.cc('j', INT_COND[t.cond]), yes);
        }
        return jumpTo(t.ifFalse);
      }
      case 'resume': {
        const loc = cx.frame.locate(t.returnAddress);
        if (loc.kind !== 'frame') return cx.fail('finally return address in a register');
        a.emit('jmp', qword(at(gpr64(RegNum.RBP), loc.rbpOffset)));
        return;
      }
      case 'throw':
        cx.loadInt(t.value, RCX, 64);
        cx.callAbsolute(cx.host.helper(t.rethrow ? JitHelper.Rethrow : JitHelper.Throw));
        a.emit('int3'); // the throw helper never returns
        return;
      case 'switch': {
        // Unsigned bound check (§III.3.66: an out-of-range value falls through), then a table of
        // absolute addresses (CodeAbs64 relocations) placed after the method body.
        const w = widthOf(t.value.type);
        cx.loadInt(t.value, RAX, w);
        if (w === 32) a.emit('mov', gpr32(RAX), gpr32(RAX)); // zero-extend: the index is unsigned
        const n = t.targets.length;
        if (n > 0) {
          a.emit('cmp', gpr64(RAX), imm(n));
          a.emit('jae', this.blockLabels.get(t.fallthrough)!);
          const table = a.newLabel();
          this.switchTables.push({ label: table, targets: t.targets.map((s) => this.blockLabels.get(s)!) });
          a.emit('lea', gpr64(RCX), ripLabel(table));
          a.emit('jmp', qword(at(gpr64(RCX), gpr64(RAX), 8)));
          return;
        }
        return jumpTo(t.fallthrough);
      }
    }
  }

  /** Jump tables collected by `term`, emitted after the code by `emitSwitchTables`. */
  private readonly switchTables: { label: Label; targets: Label[] }[] = [];

  emitSwitchTables(): void {
    for (const t of this.switchTables) {
      this.asm.align(8, 'data');
      this.asm.bind(t.label);
      for (const target of t.targets) this.asm.labelAddress(target);
    }
  }
}
