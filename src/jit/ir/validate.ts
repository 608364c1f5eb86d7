/**
 * IR validation: the invariants every pass may assume (see `ir.ts`). Run after import and after
 * each pass in tests; a failure is an `IrValidationError` naming the block and operation, which
 * always means a bug in the JIT, never bad user input (bad IL is rejected by the importer with
 * an `InvalidProgramError` first).
 */
import { IrValidationError } from '../errors';
import { Block, Inst, IrFunction, Op, VRegKind } from './ir';
import { formatInst } from './printer';
import { irTypeOf, isFloat, isStackType, IrType, sameStruct, stackTypeOf } from './types';
import { assignable, binaryNumericType, comparable, movCompatible, shiftType, truthTestable, unaryType } from './typing';

function expectedResult(i: Inst): IrType | null | 'any' {
  const [a, b] = i.args;
  switch (i.op) {
    case Op.Const:
      return 'any';
    case Op.Mov:
      if (!a) return null;
      if (i.dst!.type === IrType.Struct || a.type === IrType.Struct) {
        return i.dst!.layout && a.layout && sameStruct(i.dst!.layout, a.layout) ? 'any' : null;
      }
      return movCompatible(i.dst!.type, a.type) ? 'any' : null;
    case Op.Add: case Op.Sub: case Op.Mul: case Op.Div: case Op.DivUn: case Op.Rem: case Op.RemUn:
    case Op.And: case Op.Or: case Op.Xor: case Op.AddOvf: case Op.AddOvfUn: case Op.SubOvf: case Op.SubOvfUn:
    case Op.MulOvf: case Op.MulOvfUn:
      return a && b ? binaryNumericType(i.op, a.type, b.type) : null;
    case Op.Shl: case Op.Shr: case Op.ShrUn:
      return a && b ? shiftType(a.type, b.type) : null;
    case Op.Neg: case Op.Not:
      return a ? unaryType(i.op, a.type) : null;
    case Op.Cmp:
      return a && b && comparable(a.type, b.type) ? IrType.I4 : null;
    case Op.Conv:
      return a && i.conv ? stackTypeOf(i.conv.to) : null;
    case Op.CkFinite:
      return a && isFloat(a.type) ? a.type : null;
    case Op.Call:
      return i.callee && i.callee.ret !== null ? stackTypeOf(irTypeOf(i.callee.ret)) : 'any';
    case Op.LdStr:
    case Op.NewArr:
      return IrType.Ref;
    case Op.LdLen:
      return IrType.I;
    case Op.LdSFld:
      return i.field ? stackTypeOf(irTypeOf(i.field.type)) : null;
    case Op.LdElem:
      return i.elem !== undefined ? stackTypeOf(i.elem) : null;
    case Op.StSFld:
    case Op.StElem:
    case Op.StInd:
    case Op.StFld:
      return 'any';
    case Op.LdElemA:
    case Op.AddrOf:
    case Op.LdFldA:
    case Op.LdSFldA:
      return IrType.ByRef;
    case Op.LdInd:
      return i.elem !== undefined && a && isAddress(a.type) ? stackTypeOf(i.elem) : null;
    case Op.LdFld:
      return i.ifield && a ? stackTypeOf(irTypeOf(i.ifield.type)) : null;
    case Op.NewObj:
      return IrType.Ref;
    case Op.CastClass:
    case Op.IsInst:
      return a && a.type === IrType.Ref ? IrType.Ref : null;
    case Op.Box:
      return a && i.type ? IrType.Ref : null;
    case Op.Unbox:
      return a && a.type === IrType.Ref ? IrType.ByRef : null;
    case Op.CopyBlock:
    case Op.InitBlock:
      return 'any';
    case Op.LdVirtFtn:
      return a && a.type === IrType.Ref ? IrType.I : null;
    case Op.InitObj:
      return a && isAddress(a.type) && i.layout ? 'any' : null;
    case Op.NewValue:
      return i.newobj && i.newobj.valueType !== undefined ? irTypeOf(i.newobj.valueType) : null;
    case Op.CallIndirect:
      return i.callee && i.callee.ret !== null ? stackTypeOf(irTypeOf(i.callee.ret)) : 'any';
    case Op.Break:
      return 'any';
    case Op.LocAlloc:
      return a && (stackTypeOf(a.type) === IrType.I4 || stackTypeOf(a.type) === IrType.I) ? IrType.I : null;
  }
}

function isAddress(t: IrType): boolean {
  return t === IrType.ByRef || t === IrType.I;
}

function arity(op: Op): number {
  switch (op) {
    case Op.Const: case Op.LdStr: case Op.LdSFld: case Op.LdSFldA: case Op.Break:
      return 0;
    case Op.Mov: case Op.Neg: case Op.Not: case Op.Conv: case Op.CkFinite: case Op.StSFld: case Op.NewArr: case Op.LdLen:
    case Op.AddrOf: case Op.LdInd: case Op.LdFld: case Op.LdFldA:
    case Op.CastClass: case Op.IsInst: case Op.Box: case Op.Unbox: case Op.LdVirtFtn: case Op.InitObj: case Op.LocAlloc:
      return 1;
    case Op.StElem: case Op.CopyBlock: case Op.InitBlock:
      return 3;
    case Op.Call: case Op.NewObj: case Op.NewValue: case Op.CallIndirect:
      return -1;
    default:
      return 2;
  }
}

function hasResult(op: Op): boolean | 'maybe' {
  if (op === Op.Call || op === Op.CallIndirect) return 'maybe';
  if (op === Op.Break) return false;
  return op !== Op.StSFld && op !== Op.StElem && op !== Op.StInd && op !== Op.StFld && op !== Op.CopyBlock && op !== Op.InitBlock && op !== Op.InitObj;
}

/** Throws IrValidationError at the first broken invariant. */
export function validateFunction(f: IrFunction): void {
  const fail = (msg: string): never => {
    throw new IrValidationError(msg, f.name);
  };
  const blocks = new Set<Block>(f.blocks);
  if (f.blocks.length === 0) fail('no blocks');
  for (const b of f.blocks) {
    for (const i of b.insts) {
      const where = `${b}: ${formatInst(i)}`;
      const n = arity(i.op);
      if (n >= 0 && i.args.length !== n) fail(`${where}: expects ${n} operands`);
      if (i.op === Op.Call && i.callee && i.args.length !== i.callee.params.length) {
        fail(`${where}: callee takes ${i.callee.params.length} arguments`);
      }
      if (i.op === Op.Call && i.callee) {
        i.args.forEach((a, k) => {
          if (!assignable(i.callee!.params[k]!, a)) fail(`${where}: argument ${k} does not match the callee's parameter`);
        });
      }
      if (i.dst && i.dst.type === IrType.Struct && !i.dst.layout) fail(`${where}: struct without a layout`);
      if ((i.op === Op.NewObj || i.op === Op.NewValue) && i.newobj && i.args.length !== i.newobj.ctor.params.length - 1) {
        fail(`${where}: constructor takes ${i.newobj.ctor.params.length - 1} arguments besides this`);
      }
      if (i.op === Op.AddrOf && i.args[0] && i.args[0].kind !== VRegKind.Arg && i.args[0].kind !== VRegKind.Local) {
        fail(`${where}: address of a temporary`);
      }
      const res = hasResult(i.op);
      if (res === true && !i.dst) fail(`${where}: missing result`);
      if (res === false && i.dst) fail(`${where}: unexpected result`);
      if ((i.op === Op.Call || i.op === Op.CallIndirect) && i.callee && (i.callee.ret === null) !== (i.dst === null)) fail(`${where}: result does not match the callee's return type`);
      if (i.op === Op.CallIndirect && i.callee && i.args.length !== i.callee.params.length + 1) fail(`${where}: calli takes the signature's arguments and a target`);
      if (i.dst && i.dst.kind === VRegKind.Temp && !isStackType(i.dst.type)) fail(`${where}: temporary with storage type`);
      const want = expectedResult(i);
      if (want === null) fail(`${where}: operand types are not valid for ${i.op === Op.Mov ? 'a move' : 'this operation'}`);
      if (want !== 'any' && want !== null && i.dst && stackTypeOf(i.dst.type) !== want) fail(`${where}: result type does not match`);
    }
    const t = b.term;
    if (!t) {
      fail(`${b}: no terminator`);
      return;
    }
    for (const s of b.successors()) if (!blocks.has(s)) fail(`${b}: branch to ${s}, which is not in the function`);
    if (t.kind === 'branch') {
      if (t.b ? !comparable(t.a.type, t.b.type) : !truthTestable(t.a.type)) fail(`${b}: branch operands cannot be compared`);
    }
    if (t.kind === 'switch' && stackTypeOf(t.value.type) !== IrType.I4 && stackTypeOf(t.value.type) !== IrType.I) {
      fail(`${b}: switch on a non-integer`);
    }
    if (t.kind === 'throw' && t.value.type !== IrType.Ref) fail(`${b}: throw of a non-reference`);
    if (t.kind === 'return') {
      if ((t.value === null) !== (f.returnType === null)) fail(`${b}: return does not match the return type`);
      if (t.value && f.returnType !== null && !assignable(f.returnType, t.value)) fail(`${b}: return value type does not match`);
    }
  }
}
