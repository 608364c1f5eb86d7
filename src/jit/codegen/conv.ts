/**
 * Lowering of `conv.*`, `conv.ovf.*`, `conv.ovf.*.un` and `conv.r.un` (ECMA-335 §III.3.27–3.29,
 * Table III.8). Integer sources are first brought to a 64-bit value in RAX — sign-extended, or
 * zero-extended when the instruction reads its source as unsigned (`.un`, and the non-checked
 * `conv.u8`/`conv.u` of an int32, which zero-extend) — then range-checked and truncated. Float
 * sources are widened to float64 (exact) and checked against the target's bounds as doubles; NaN
 * fails every checked conversion (`ucomisd` reports unordered as "below").
 *
 * SSE2 has no unsigned 64-bit conversions, so uint64 ↔ double use the usual split at 2^63.
 */
import { JitHelper } from '../host';
import { Inst } from '../ir/ir';
import { isFloat, IrType } from '../ir/types';
import { imm } from '../x64/operands';
import { gpr16, gpr32, gpr64, gpr8, RegNum } from '../x64/registers';
import { EmitContext, widthOf } from './emit-context';

const RAX = RegNum.RAX, RCX = RegNum.RCX;

function doubleBits(x: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x, true);
  return dv.getBigUint64(0, true);
}

/** Checked-conversion bounds as doubles: the value (before truncation) must satisfy low < x < high (or low <= x). */
const FLOAT_BOUNDS: Partial<Record<IrType, { low: number; lowInclusive: boolean; high: number }>> = {
  [IrType.I1]: { low: -129, lowInclusive: false, high: 128 },
  [IrType.U1]: { low: -1, lowInclusive: false, high: 256 },
  [IrType.I2]: { low: -32769, lowInclusive: false, high: 32768 },
  [IrType.U2]: { low: -1, lowInclusive: false, high: 65536 },
  [IrType.I4]: { low: -2147483649, lowInclusive: false, high: 2147483648 },
  [IrType.U4]: { low: -1, lowInclusive: false, high: 4294967296 },
  // -2^63 - 1 is not a double; every double above -2^63 - 1 is >= -2^63.
  [IrType.I8]: { low: -9223372036854775808, lowInclusive: true, high: 9223372036854775808 },
  [IrType.I]: { low: -9223372036854775808, lowInclusive: true, high: 9223372036854775808 },
  [IrType.U8]: { low: -1, lowInclusive: false, high: 18446744073709551616 },
  [IrType.U]: { low: -1, lowInclusive: false, high: 18446744073709551616 },
};

export function lowerConv(cx: EmitContext, i: Inst): void {
  if (isFloat(i.args[0]!.type)) fromFloat(cx, i);
  else fromInt(cx, i);
}

/** xmm0 (a double) → RAX as uint64, splitting at 2^63. Leaves garbage in xmm1 and RCX. */
function doubleToUint64(cx: EmitContext): void {
  const a = cx.asm;
  const big = a.newLabel();
  const done = a.newLabel();
  cx.loadConst(RCX, doubleBits(2 ** 63));
  a.emit('movq', cx.x(1), gpr64(RCX));
  a.emit('ucomisd', cx.x(0), cx.x(1));
  a.emit('jae', big);
  a.emit('cvttsd2si', gpr64(RAX), cx.x(0));
  a.emit('jmp', done);
  a.bind(big);
  a.emit('subsd', cx.x(0), cx.x(1));
  a.emit('cvttsd2si', gpr64(RAX), cx.x(0));
  a.emit('btc', gpr64(RAX), imm(63));
  a.bind(done);
}

function fromFloat(cx: EmitContext, i: Inst): void {
  const a = cx.asm;
  const c = i.conv!;
  const dst = i.dst!;
  cx.loadFloat(i.args[0]!, 0, IrType.R8);
  if (isFloat(c.to)) {
    cx.storeFloat(dst, 0, IrType.R8);
    return;
  }
  if (c.ovf) {
    const b = FLOAT_BOUNDS[c.to];
    if (!b) cx.fail(`no bounds for a checked conversion to type ${c.to}`);
    const ovf = cx.throwLabel(JitHelper.ThrowOverflow, i.ilOffset);
    cx.loadConst(RCX, doubleBits(b.low));
    a.emit('movq', cx.x(1), gpr64(RCX));
    a.emit('ucomisd', cx.x(0), cx.x(1));
    a.emit(b.lowInclusive ? 'jb' : 'jbe', ovf); // unordered sets CF and ZF: NaN fails here
    cx.loadConst(RCX, doubleBits(b.high));
    a.emit('movq', cx.x(1), gpr64(RCX));
    a.emit('ucomisd', cx.x(0), cx.x(1));
    a.emit('jae', ovf);
  }
  if (c.to === IrType.U8 || c.to === IrType.U) {
    doubleToUint64(cx);
  } else if (c.to === IrType.I4 && !c.ovf) {
    // The 32-bit form yields 0x80000000 for out-of-range values, as other CLI implementations on x64 do.
    a.emit('cvttsd2si', gpr32(RAX), cx.x(0));
  } else {
    a.emit('cvttsd2si', gpr64(RAX), cx.x(0));
  }
  cx.normaliseSmall(c.to, RAX);
  cx.storeInt(dst, RAX);
}

function fromInt(cx: EmitContext, i: Inst): void {
  const a = cx.asm;
  const c = i.conv!;
  const src = i.args[0]!;
  const dst = i.dst!;
  const srcW = widthOf(src.type);
  // Bring the source to a 64-bit value in RAX.
  const zeroExtend = c.srcUnsigned || (!c.ovf && (c.to === IrType.U8 || c.to === IrType.U));
  if (srcW === 32 && zeroExtend) cx.loadInt(src, RAX, 32); // a 32-bit load clears the upper half
  else cx.loadInt(src, RAX, 64);

  if (isFloat(c.to)) {
    const single = c.to === IrType.R4;
    const cvt = single ? 'cvtsi2ss' : 'cvtsi2sd';
    if (c.srcUnsigned && srcW === 64) {
      const big = a.newLabel();
      const done = a.newLabel();
      a.emit('test', gpr64(RAX), gpr64(RAX));
      a.emit('js', big);
      a.emit(cvt, cx.x(0), gpr64(RAX));
      a.emit('jmp', done);
      a.bind(big);
      // Halve with the lost bit folded in (round-to-odd), convert, double: correctly rounded.
      a.emit('mov', gpr64(RCX), gpr64(RAX));
      a.emit('shr', gpr64(RCX), imm(1));
      a.emit('and', gpr32(RAX), imm(1));
      a.emit('or', gpr64(RCX), gpr64(RAX));
      a.emit(cvt, cx.x(0), gpr64(RCX));
      a.emit(single ? 'addss' : 'addsd', cx.x(0), cx.x(0));
      a.bind(done);
    } else {
      a.emit(cvt, cx.x(0), gpr64(RAX));
    }
    cx.storeFloat(dst, 0, single ? IrType.R4 : IrType.R8);
    return;
  }

  if (c.ovf) {
    const ovf = cx.throwLabel(JitHelper.ThrowOverflow, i.ilOffset);
    const rax = gpr64(RAX), rcx = gpr64(RCX);
    // Compare RAX with its own truncation (sign- or zero-extended back): equal iff the value fits.
    const roundTrip = (extend: () => void): void => {
      extend();
      a.emit('cmp', rcx, rax);
      a.emit('jne', ovf);
    };
    const upTo = (max: number): void => {
      a.emit('cmp', rax, imm(max));
      a.emit('ja', ovf);
    };
    const nonNegative = (): void => {
      a.emit('test', rax, rax);
      a.emit('js', ovf);
    };
    if (!c.srcUnsigned) {
      switch (c.to) {
        case IrType.I1: roundTrip(() => a.emit('movsx', rcx, gpr8(RAX))); break;
        case IrType.I2: roundTrip(() => a.emit('movsx', rcx, gpr16(RAX))); break;
        case IrType.I4: roundTrip(() => a.emit('movsxd', rcx, gpr32(RAX))); break;
        case IrType.U1: roundTrip(() => a.emit('movzx', gpr32(RCX), gpr8(RAX))); break;
        case IrType.U2: roundTrip(() => a.emit('movzx', gpr32(RCX), gpr16(RAX))); break;
        case IrType.U4: roundTrip(() => a.emit('mov', gpr32(RCX), gpr32(RAX))); break;
        case IrType.U8: case IrType.U: nonNegative(); break;
        case IrType.I8: case IrType.I: break;
        default: cx.fail(`checked conversion to type ${c.to}`);
      }
    } else {
      switch (c.to) {
        case IrType.I1: upTo(0x7f); break;
        case IrType.U1: upTo(0xff); break;
        case IrType.I2: upTo(0x7fff); break;
        case IrType.U2: upTo(0xffff); break;
        case IrType.I4: upTo(0x7fff_ffff); break;
        case IrType.U4: roundTrip(() => a.emit('mov', gpr32(RCX), gpr32(RAX))); break;
        case IrType.I8: case IrType.I: nonNegative(); break;
        case IrType.U8: case IrType.U: break;
        default: cx.fail(`checked conversion to type ${c.to}`);
      }
    }
  }
  cx.normaliseSmall(c.to, RAX);
  cx.storeInt(dst, RAX);
}

