/**
 * Builds small single-block IR functions directly, so code generation can be tested without the
 * importer: parameters are copied into temporaries (as `ldarg` does), the body emits operations,
 * and the block returns the value the body gives back.
 */
import { Block, Inst, IrFunction, Op, VReg, VRegKind } from '../../../src/jit/ir/ir';
import { IrType, stackTypeOf } from '../../../src/jit/ir/types';

export interface IrEmitter {
  readonly f: IrFunction;
  /** Temporaries holding the parameters. */
  readonly args: VReg[];
  /** Emits `dst = op args` (dst of stack type `t`, or no result when `t` is null) and returns dst. */
  op(op: Op, t: IrType | null, args: VReg[], extra?: Partial<Inst>): VReg;
  const(t: IrType, value: bigint | number): VReg;
}

export function buildIr(params: readonly IrType[], ret: IrType | null, body: (e: IrEmitter) => VReg | null, name = 'Test::Method'): IrFunction {
  const f = new IrFunction(name, params, [], ret);
  const b = new Block(0, 0);
  f.blocks = [b];
  const op = (o: Op, t: IrType | null, args: VReg[], extra: Partial<Inst> = {}): VReg => {
    const dst = t === null ? null : f.newVReg(stackTypeOf(t), VRegKind.Temp);
    b.insts.push({ op: o, dst, args, ilOffset: b.insts.length, ...extra });
    return dst!;
  };
  const args = f.params.map((p) => op(Op.Mov, p.type, [p]));
  const e: IrEmitter = { f, args, op, const: (t, value) => op(Op.Const, t, [], { value }) };
  const result = body(e);
  b.term = { kind: 'return', value: result, ilOffset: b.insts.length };
  return f;
}
