/**
 * Text form of the IR, for golden tests and `--trace-jit`. One operation per line, definitions
 * typed (`v3:i4 = add a0, a1`), IL offsets as a trailing comment so a line can be traced back to
 * the CIL it came from. The format is stable: golden files depend on it.
 */
import { Block, condName, Inst, IrFunction, Op, opName, Terminator } from './ir';
import { IrType, jitTypeName, typeName } from './types';

function hex(n: number): string {
  return n.toString(16).padStart(4, '0');
}

function formatConst(i: Inst): string {
  const v = i.value;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (Object.is(v, -0)) return '-0.0';
    return Number.isInteger(v) ? `${v}.0` : String(v);
  }
  return String(v);
}

/** The right-hand side of an operation (without `dst =`). */
export function formatInstBody(i: Inst): string {
  const args = i.args.map(String).join(', ');
  switch (i.op) {
    case Op.Const:
      return `const ${formatConst(i)}`;
    case Op.Cmp:
      return `cmp.${condName(i.cond!)} ${args}`;
    case Op.Conv: {
      const c = i.conv!;
      if (!c.ovf && c.srcUnsigned) return `conv.r.un ${args}`; // the only unchecked .un conversion
      return `conv${c.ovf ? '.ovf' : ''}.${typeName(c.to)}${c.srcUnsigned ? '.un' : ''} ${args}`;
    }
    case Op.LdStr:
      return `ldstr ${JSON.stringify(i.str!.text)}`;
    case Op.LdSFld:
      return `ldsfld ${i.field!.name}`;
    case Op.StSFld:
      return `stsfld ${i.field!.name}, ${args}`;
    case Op.NewArr:
      return `newarr ${i.array!.name}[${args}]`;
    case Op.LdElem:
    case Op.StElem:
    case Op.LdElemA:
    case Op.LdInd:
    case Op.StInd:
      return `${opName(i.op)}.${i.elem === IrType.Struct && i.layout ? i.layout.name : typeName(i.elem!)} ${args}`;
    case Op.LdFld:
    case Op.StFld:
    case Op.LdFldA:
      return `${opName(i.op)} ${i.ifield!.name}+${i.ifield!.offset}:${jitTypeName(i.ifield!.type)} ${args}`;
    case Op.LdSFldA:
      return `ldsflda ${i.field!.name}`;
    case Op.CastClass:
    case Op.IsInst:
    case Op.Box:
    case Op.Unbox:
      return `${opName(i.op)} ${i.type!.name} ${args}`;
    case Op.CallIndirect:
      return `calli ${i.callee!.name}(${args})`;
    case Op.LdVirtFtn:
      return `ldvirtftn ${i.callee!.name} ${args}`;
    case Op.InitObj:
      return `initobj ${i.layout!.name} ${args}`;
    case Op.NewValue:
      return `newobj ${i.newobj!.ctor.name}(${args})`;
    case Op.NewObj:
      return `newobj ${i.newobj!.ctor.name}(${args})`;
    case Op.Call:
      return `${i.virtual ? 'callvirt' : 'call'} ${i.callee!.name}(${args})`;
    default:
      return `${opName(i.op)} ${args}`.trimEnd();
  }
}

export function formatInst(i: Inst): string {
  const body = formatInstBody(i);
  return `${i.dst ? `${i.dst.typed} = ` : ''}${body}`;
}

export function formatTerminator(t: Terminator): string {
  switch (t.kind) {
    case 'jump':
      return `jump ${t.target}`;
    case 'branch':
      return `branch.${condName(t.cond)} ${t.a}, ${t.b ?? '0'} ? ${t.ifTrue} : ${t.ifFalse}`;
    case 'switch':
      return `switch ${t.value} [${t.targets.map(String).join(', ')}] else ${t.fallthrough}`;
    case 'return':
      return t.value ? `return ${t.value}` : 'return';
    case 'throw':
      return `${t.rethrow ? 'rethrow' : 'throw'} ${t.value}`;
    case 'resume':
      return `resume [${t.returnAddress}]`;
  }
}

function line(text: string, ilOffset: number): string {
  return `    ${text.padEnd(44)} ; IL_${hex(ilOffset)}`;
}

export function formatBlock(b: Block): string {
  const entry = b.entryStack.length ? ` stack(${b.entryStack.map((v) => v.typed).join(', ')})` : '';
  const out = [`  ${b}: ; IL_${hex(b.ilStart)}${entry}`];
  for (const i of b.insts) out.push(line(formatInst(i), i.ilOffset));
  out.push(b.term ? line(formatTerminator(b.term), b.term.ilOffset) : '    <no terminator>');
  return out.join('\n');
}

/** The whole function; ends with a newline. */
export function formatFunction(f: IrFunction): string {
  const params = f.params.map((p) => p.typed).join(', ');
  const ret = f.returnType === null ? 'void' : jitTypeName(f.returnType);
  const out = [`function ${f.name}(${params}) -> ${ret} {`];
  if (f.locals.length) out.push(`  locals ${f.locals.map((l) => l.typed).join(', ')}`);
  for (const c of f.eh) {
    const hex = (n: number): string => `IL_${n.toString(16).padStart(4, '0')}`;
    const extra = c.kind === 'catch'
      ? ` type 0x${c.classToken.toString(16)} exception ${c.exception}`
      : c.kind === 'filter'
        ? ` filter ${c.filter} ${hex(c.filterStart)} exception ${c.exception} result ${c.filterResult} return ${c.returnAddress}`
        : ` continuation ${c.continuation} return ${c.returnAddress} -> [${c.continuations.map(String).join(', ')}]`;
    out.push(`  .${c.kind} try ${hex(c.tryStart)}..${hex(c.tryEnd)} handler ${c.handler} ${hex(c.handlerStart)}..${hex(c.handlerEnd)}${extra}`);
  }
  for (const b of f.blocks) out.push(formatBlock(b));
  out.push('}');
  return out.join('\n') + '\n';
}
