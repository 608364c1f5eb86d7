/**
 * The CIL importer: turns a method body into IR (ECMA-335 Partition III). It walks the blocks
 * found by `walker.ts` with a worklist, simulating the evaluation stack with typed virtual
 * registers: each push creates a temporary, each pop consumes one, so the IR never mentions the
 * stack. Values live across a block boundary move into the successor's block-entry temporaries;
 * the first predecessor fixes the stack shape, later ones must match it (§III.1.7.5) up to the
 * widening joins of §III.1.8.1.3 (int32/native int, float32/float64), which re-import the block.
 *
 * Every instruction is checked against the operand types Partition III allows; a violation is an
 * `InvalidProgramError`, and valid CIL this JIT does not compile yet is an
 * `UnsupportedOpcodeError` — both with the method name and IL offset.
 *
 * Value types travel as struct-typed vregs carrying their `StructLayout` (stack values, locals,
 * arguments); everything the runtime must decide — tokens, layouts, dispatch of constrained calls —
 * comes from the `JitHost`.
 *
 * Exception handling (catch, filter, finally and fault clauses; see `IrEhClause`): handler and
 * filter entry blocks are extra roots of the worklist (a catch handler or filter starts with the
 * exception object on the stack); `leave` runs the finally handlers it exits, innermost first,
 * by setting each one's continuation number and jumping to it; `endfinally` becomes a switch
 * over those continuations once the whole method has been imported (number 0 returns to the
 * runtime); `endfilter` stores its verdict and returns to the runtime.
 */
import { InvalidProgramError, UnsupportedOpcodeError } from '../errors';
import { JitHost, JitMethodInfo } from '../host';
import { Block, CondKind, ConvInfo, Inst, IrCallee, IrEhClause, IrFunction, Op, VReg, VRegKind } from '../ir/ir';
import { isFloat, isStruct, IrType, JitType, jitTypeName, sameStruct, sizeOf, stackTypeOf, StructLayout } from '../ir/types';
import { assignable, binaryNumericType, comparable, mergeStackTypes, movCompatible, shiftType, truthTestable, unaryType } from '../ir/typing';
import { CilInstr } from './decode';
import { BINARY_OPS, BRANCH_CONDS, COMPARE_OPS, CONV_TARGETS, ELEM_TYPES, jitLabel, label, longForm, SHIFT_OPS, typeLabel } from './semantics';
import { abiLayout, passedByReference, returnsViaBuffer } from '../abi';
import { buildCilMethod, CilBlock, CilMethod, walkBlocks } from './walker';

class Importer {
  readonly f: IrFunction;
  private readonly cil: CilMethod;
  private readonly blocks = new Map<CilBlock, Block>();
  private readonly visited = new Set<CilBlock>();
  /** Blocks whose entry stack shape a predecessor has fixed (possibly empty). */
  private readonly shaped = new Set<CilBlock>();
  private readonly clauses: IrEhClause[] = [];
  /** Blocks ending in `endfinally`, with their clause; their switch is built after import. */
  private readonly endfinallies = new Map<Block, IrEhClause>();
  /** Blocks the importer adds (leave chains, finally returns), laid out after the IL blocks. */
  private readonly synthetic: Block[] = [];
  /** The type token of a `constrained.` prefix waiting for its callvirt. */
  private constrainedType: number | null = null;
  /** A `tail.` prefix waiting for its call; then the IL offset the tail call's `ret` must be at. */
  private tailPrefix = false;
  private tailRetAt: number | null = null;
  /** The parameters IL names by number: all of them but a vararg method's hidden cookie. */
  private readonly ilParams: VReg[];
  /** Continuation numbers already given to a (leave instruction, clause) pair: re-imports reuse them. */
  private readonly leaveChains = new Map<string, Block>();
  // Per-visit state.
  private block!: Block;
  private stack: VReg[] = [];
  private ins!: CilInstr;

  constructor(
    private readonly info: JitMethodInfo,
    private readonly host: JitHost,
  ) {
    this.f = new IrFunction(info.name, info.params, info.locals, info.ret, info.initLocals, info.hasThis ?? false);
    if (info.varargs) {
      if (info.params.length === 0 || info.params[info.params.length - 1] !== IrType.I) this.invalidAt('a vararg method without its signature-cookie parameter', 0);
      this.f.varargCookie = this.f.params[this.f.params.length - 1]!;
    }
    this.ilParams = info.varargs ? this.f.params.slice(0, -1) : this.f.params;
    this.cil = buildCilMethod(info.name, info.il, info.ehClauses);
    for (const cb of this.cil.blocks) this.blocks.set(cb, new Block(cb.index, cb.start));
    for (const c of info.ehClauses) {
      const handlerCil = this.cil.blockAt(c.handlerOffset);
      const handler = this.blocks.get(handlerCil)!;
      const catching = c.kind === 'catch' || c.kind === 'filter';
      const finallyLike = c.kind === 'finally' || c.kind === 'fault';
      if (c.kind === 'filter' && c.filterOffset === undefined) this.invalidAt('filter clause without a filter', c.tryOffset);
      const filterCil = c.kind === 'filter' ? this.cil.blockAt(c.filterOffset!) : null;
      const clause: IrEhClause = {
        kind: c.kind, tryStart: c.tryOffset, tryEnd: c.tryOffset + c.tryLength,
        handlerStart: c.handlerOffset, handlerEnd: c.handlerOffset + c.handlerLength, classToken: c.classToken ?? 0, handler,
        exception: catching ? this.f.newVReg(IrType.Ref, VRegKind.Var) : null,
        continuation: finallyLike ? this.f.newVReg(IrType.I4, VRegKind.Var) : null,
        returnAddress: c.kind !== 'catch' ? this.f.newVReg(IrType.I, VRegKind.Var) : null,
        continuations: [],
        filter: filterCil ? this.blocks.get(filterCil)! : null,
        filterStart: c.filterOffset ?? 0,
        filterResult: c.kind === 'filter' ? this.f.newVReg(IrType.I4, VRegKind.Var) : null,
      };
      // The runtime enters a catch handler (and a filter) with the exception object as the whole stack.
      for (const entry of filterCil ? [handlerCil, filterCil] : [handlerCil]) {
        if (this.shaped.has(entry)) this.invalidAt('two clauses share a handler', entry.start);
        this.blocks.get(entry)!.entryStack = clause.exception ? [clause.exception] : [];
        this.shaped.add(entry);
      }
      this.clauses.push(clause);
    }
    this.f.eh = this.clauses;
  }

  run(): IrFunction {
    const first = this.cil.blocks[0]!;
    const roots = [first, ...this.info.ehClauses.flatMap((c) =>
      c.kind === 'filter' ? [this.cil.blockAt(c.filterOffset!), this.cil.blockAt(c.handlerOffset)] : [this.cil.blockAt(c.handlerOffset)])];
    walkBlocks(roots, (cb) => this.visit(cb));
    for (const [block, clause] of this.endfinallies) this.finishEndfinally(block, clause);
    // Keep reachable blocks only, in IL order, then the synthetic ones; ids stay stable for traces.
    this.f.blocks = [...this.cil.blocks.filter((cb) => this.visited.has(cb)).map((cb) => this.blocks.get(cb)!), ...this.synthetic];
    return this.f;
  }

  private invalidAt(reason: string, ilOffset: number): never {
    throw new InvalidProgramError(reason, { method: this.info.name, ilOffset });
  }

  private newSyntheticBlock(): Block {
    const b = new Block(this.cil.blocks.length + this.synthetic.length, this.info.il.length);
    this.synthetic.push(b);
    return b;
  }

  /** `leave`: empty the stack, run the finally handlers exited (innermost first), then go to the target. */
  private leave(target: number): void {
    this.stack.length = 0;
    const from = this.ins.offset;
    const inside = (c: IrEhClause, at: number): boolean => at >= c.tryStart && at < c.tryEnd;
    const crossed = this.clauses.filter((c) => c.kind === 'finally' && inside(c, from) && !inside(c, target));
    let next: Block = this.blockAt(target);
    for (let k = crossed.length - 1; k >= 0; k--) {
      const c = crossed[k]!;
      const key = `${from}:${this.clauses.indexOf(c)}`;
      let number = c.continuations.indexOf(next) + 1;
      if (number === 0) number = c.continuations.push(next);
      if (k === 0) {
        this.emit({ op: Op.Const, dst: c.continuation, args: [], value: BigInt(number) });
        this.block.term = { kind: 'jump', target: c.handler, ilOffset: from };
      } else {
        let chain = this.leaveChains.get(key);
        if (!chain) {
          chain = this.newSyntheticBlock();
          chain.insts.push({ op: Op.Const, dst: c.continuation, args: [], value: BigInt(number), ilOffset: from });
          chain.term = { kind: 'jump', target: c.handler, ilOffset: from };
          this.leaveChains.set(key, chain);
        }
        next = chain;
      }
    }
    if (!crossed.length) this.block.term = { kind: 'jump', target: next, ilOffset: from };
  }

  /** `endfinally` of `clause`: switch on the continuation; 0 (or anything unknown) returns to the runtime. */
  private finishEndfinally(block: Block, clause: IrEhClause): void {
    const resume = this.newSyntheticBlock();
    resume.term = { kind: 'resume', returnAddress: clause.returnAddress!, ilOffset: block.term!.ilOffset };
    const v = this.f.newVReg(IrType.I4, VRegKind.Temp);
    const ilOffset = block.term!.ilOffset;
    block.insts.push({ op: Op.Mov, dst: v, args: [clause.continuation!], ilOffset });
    block.term = { kind: 'switch', value: v, targets: [resume, ...clause.continuations], fallthrough: resume, ilOffset };
  }

  /** The innermost clause of one of `kinds` whose handler contains the current instruction. */
  private enclosingHandler(...kinds: IrEhClause['kind'][]): IrEhClause {
    const at = this.ins.offset;
    const c = this.clauses.find((c) => kinds.includes(c.kind) && at >= c.handlerStart && at < c.handlerEnd);
    return c ?? this.invalid(`${this.ins.name} outside a ${kinds.join(' or ')} handler`);
  }

  // ---- errors -------------------------------------------------------------------------------

  private invalid(reason: string): never {
    throw new InvalidProgramError(reason, { method: this.info.name, ilOffset: this.ins.offset });
  }

  private unsupported(detail?: string): never {
    throw new UnsupportedOpcodeError(this.ins.name, { method: this.info.name, ilOffset: this.ins.offset }, detail);
  }

  // ---- stack and emission -------------------------------------------------------------------

  private pop(): VReg {
    const v = this.stack.pop();
    if (!v) this.invalid(`stack underflow in ${this.ins.name}`);
    return v;
  }

  private push(v: VReg): void {
    if (this.stack.length >= this.info.maxStack) this.invalid(`stack overflow: more than MaxStack ${this.info.maxStack} values`);
    this.stack.push(v);
  }

  private temp(t: JitType): VReg {
    return this.f.newVReg(isStruct(t) ? t : stackTypeOf(t), VRegKind.Temp);
  }

  private emit(fields: Omit<Inst, 'ilOffset'>): void {
    this.block.insts.push({ ...fields, ilOffset: this.ins.offset });
  }

  /** Emits `dst = op args` with a fresh temporary of type `t` and pushes it. */
  private emitPush(op: Op, t: JitType, args: VReg[], extra: Partial<Inst> = {}): VReg {
    const dst = this.temp(t);
    this.emit({ op, dst, args, ...extra });
    this.push(dst);
    return dst;
  }

  // ---- the block visit ----------------------------------------------------------------------

  private visit(cb: CilBlock): CilBlock[] {
    this.visited.add(cb);
    const block = this.blocks.get(cb)!;
    this.block = block;
    block.insts.length = 0;
    block.term = null;
    this.constrainedType = null;
    this.tailPrefix = false;
    this.tailRetAt = null;
    this.ins = cb.instrs[0]!;
    // Copy entry temporaries so this block's own back edge can overwrite them while its stack
    // values are still pending (a parallel move would need a cycle breaker otherwise).
    this.stack = block.entryStack.map((e) => {
      const v = this.temp(e.jitType);
      this.emit({ op: Op.Mov, dst: v, args: [e] });
      return v;
    });
    for (const ins of cb.instrs) {
      this.ins = ins;
      this.instruction(ins, cb);
    }
    if (!block.term) {
      // The block ended because the next instruction starts a block: fall through.
      const next = cb.successors[0]!;
      block.term = { kind: 'jump', target: this.blocks.get(next)!, ilOffset: this.ins.offset };
    }
    return this.flowInto(cb);
  }

  /** Moves the remaining stack into each successor's entry temporaries; returns the successors to (re)visit. */
  private flowInto(cb: CilBlock): CilBlock[] {
    const again: CilBlock[] = [];
    const moves: Inst[] = [];
    for (const s of new Set(cb.successors)) {
      const target = this.blocks.get(s)!;
      let changed = !this.visited.has(s);
      if (!this.shaped.has(s)) {
        this.shaped.add(s);
        target.entryStack = this.stack.map((v, depth) => this.f.newVReg(v.jitType, VRegKind.Entry, depth));
      } else {
        if (target.entryStack.length !== this.stack.length) {
          this.invalid(`stack depth ${this.stack.length} does not match depth ${target.entryStack.length} at the join IL_${s.start.toString(16).padStart(4, '0')}`);
        }
        target.entryStack.forEach((e, i) => {
          const v = this.stack[i]!;
          const sameShape = e.type !== IrType.Struct || (v.layout !== null && sameStruct(e.layout!, v.layout));
          const merged = sameShape ? mergeStackTypes(e.type, v.type) : null;
          if (merged === null) {
            this.invalid(`stack slot ${i} has incompatible types at the join IL_${s.start.toString(16).padStart(4, '0')} (${typeLabel(e.type)} and ${typeLabel(v.type)})`);
          }
          if (merged !== e.type) {
            e.type = merged;
            changed = true;
          }
        });
      }
      target.entryStack.forEach((e, i) => moves.push({ op: Op.Mov, dst: e, args: [this.stack[i]!], ilOffset: this.ins.offset }));
      if (changed) again.push(s);
    }
    this.block.insts.push(...moves);
    return again;
  }

  private blockAt(offset: number): Block {
    return this.blocks.get(this.cil.blockAt(offset))!;
  }

  // ---- instructions -------------------------------------------------------------------------

  private instruction(ins: CilInstr, cb: CilBlock): void {
    const name = ins.name;
    if (this.constrainedType !== null && name !== 'callvirt') this.invalid('constrained. not followed by callvirt');
    if (this.tailPrefix && name !== 'call' && name !== 'callvirt' && name !== 'calli') this.invalid('tail. not followed by a call');
    if (this.tailRetAt !== null) {
      if (ins.offset !== this.tailRetAt || name !== 'ret') this.invalid('a tail call must be followed by ret');
      this.tailRetAt = null;
    }
    if (name === 'constrained.') {
      this.constrainedType = this.tokenOperand();
      return;
    }
    if (name === 'tail.') {
      this.tailPrefix = true;
      return;
    }
    const op = BINARY_OPS[name];
    if (op !== undefined) return this.binary(op);
    const shift = SHIFT_OPS[name];
    if (shift !== undefined) return this.shift(shift);
    const cmp = COMPARE_OPS[name];
    if (cmp !== undefined) return this.compare(cmp);
    const long = longForm(name);
    const bc = BRANCH_CONDS[long];
    if (bc !== undefined) return this.branch2(bc, cb);
    if (name.startsWith('conv.')) return this.conv(name);
    if (name.startsWith('ldc.')) return this.constant(name);

    const dot = name.lastIndexOf('.');
    const suffix = dot >= 0 ? name.slice(dot + 1) : '';
    const short = /^[0-3]$/.test(suffix) ? Number(suffix) : null;
    switch (long) {
      case 'nop':
      // Prefixes with nothing to do on x86-64: plain loads and stores already have acquire and
      // release ordering (volatile.), unaligned accesses are allowed (unaligned.), and readonly.
      // only relaxes the type check of a following ldelema.
      case 'volatile.':
      case 'unaligned.':
      case 'readonly.':
      // no. only allows leaving out checks; performing them anyway is always correct.
      case 'no.':
        return;
      case 'break':
        this.emit({ op: Op.Break, dst: null, args: [] });
        return;
      case 'calli': {
        if (!this.host.resolveSignature) this.unsupported('the runtime does not resolve call-site signatures yet');
        const sig = this.host.resolveSignature(this.tokenOperand());
        const target = this.pop();
        if (stackTypeOf(target.type) !== IrType.I) this.invalid(`calli target is a ${label(target)}, expected native int`);
        const args = this.popArguments(sig, 'calli argument');
        args.push(target);
        const tail = this.takeTailPrefix(sig) ? { tail: true } : {};
        if (sig.ret === null) this.emit({ op: Op.CallIndirect, dst: null, args, callee: sig, ...tail });
        else this.emitPush(Op.CallIndirect, sig.ret, args, { callee: sig, ...tail });
        return;
      }
      case 'ldarg':
        return this.loadVar(this.ilParams, this.varOperand(), 'argument');
      case 'starg':
        return this.storeVar(this.ilParams, this.varOperand(), 'argument');
      case 'ldloc':
        return this.loadVar(this.f.locals, this.varOperand(), 'local');
      case 'stloc':
        return this.storeVar(this.f.locals, this.varOperand(), 'local');
      case 'ldnull':
        this.emitPush(Op.Const, IrType.Ref, [], { value: 0n });
        return;
      case 'dup': {
        const v = this.pop();
        this.push(v);
        // A copy, so a later store through one does not alias the other in a register tier.
        this.emitPush(Op.Mov, v.jitType, [v]);
        return;
      }
      case 'pop':
        this.pop();
        return;
      case 'neg':
      case 'not': {
        const a = this.pop();
        const o = long === 'neg' ? Op.Neg : Op.Not;
        const t = unaryType(o, a.type) ?? this.invalid(`${name} on a ${typeLabel(a.type)}`);
        this.emitPush(o, t, [a]);
        return;
      }
      case 'ckfinite': {
        const a = this.pop();
        if (!isFloat(a.type)) this.invalid(`ckfinite on a ${typeLabel(a.type)}`);
        this.emitPush(Op.CkFinite, a.type, [a]);
        return;
      }
      case 'br':
        this.block.term = { kind: 'jump', target: this.blockAt(ins.targets[0]!), ilOffset: ins.offset };
        return;
      case 'brtrue':
      case 'brfalse':
      case 'brinst':
      case 'brzero':
      case 'brnull': {
        const a = this.pop();
        if (!truthTestable(a.type)) this.invalid(`${name} on a ${typeLabel(a.type)}`);
        const onTrue = long === 'brtrue' || long === 'brinst';
        this.block.term = {
          kind: 'branch', cond: onTrue ? CondKind.NeUn : CondKind.Eq, a, b: null,
          ifTrue: this.blockAt(ins.targets[0]!), ifFalse: this.blockAt(cb.end), ilOffset: ins.offset,
        };
        return;
      }
      case 'switch': {
        const v = this.pop();
        const t = stackTypeOf(v.type);
        if (t !== IrType.I4 && t !== IrType.I) this.invalid(`switch on a ${typeLabel(v.type)}`);
        this.block.term = {
          kind: 'switch', value: v, targets: ins.targets.map((o) => this.blockAt(o)),
          fallthrough: this.blockAt(cb.end), ilOffset: ins.offset,
        };
        return;
      }
      case 'ret':
        return this.ret();
      case 'call':
        return this.call();
      case 'ldstr': {
        const token = this.tokenOperand();
        const s = this.host.resolveString(token);
        this.emitPush(Op.LdStr, IrType.Ref, [], { str: { token, handle: s.handle, text: s.text } });
        return;
      }
      case 'ldsfld': {
        const field = this.host.resolveStaticField(this.tokenOperand());
        this.emitPush(Op.LdSFld, field.type, [], { field });
        return;
      }
      case 'stsfld': {
        const field = this.host.resolveStaticField(this.tokenOperand());
        const v = this.pop();
        if (!assignable(field.type, v)) this.invalid(`stsfld of a ${label(v)} into a ${jitTypeName(field.type)} field`);
        this.emit({ op: Op.StSFld, dst: null, args: [v], field });
        return;
      }
      case 'newarr': {
        const array = this.host.resolveArrayType(this.tokenOperand());
        const n = this.pop();
        this.index(n, 'newarr length');
        this.emitPush(Op.NewArr, IrType.Ref, [n], { array });
        return;
      }
      case 'ldlen': {
        const a = this.pop();
        if (a.type !== IrType.Ref) this.invalid(`ldlen on a ${typeLabel(a.type)}`);
        this.emitPush(Op.LdLen, IrType.I, [a]);
        return;
      }
    }
    if (name.startsWith('ldelem.') || name.startsWith('stelem.')) return this.element(name);
    if (name.startsWith('ldind.') || name.startsWith('stind.')) return this.indirect(name);
    switch (long) {
      case 'ldarga':
        return this.addressOf(this.ilParams, this.varOperand(), 'argument');
      case 'ldloca':
        return this.addressOf(this.f.locals, this.varOperand(), 'local');
      case 'ldfld':
      case 'ldflda':
      case 'stfld':
        return this.instanceField(long);
      case 'ldsflda': {
        const field = this.host.resolveStaticField(this.tokenOperand());
        this.emitPush(Op.LdSFldA, IrType.ByRef, [], { field });
        return;
      }
      case 'ldelem':
      case 'stelem':
      case 'ldelema':
        return this.elementWithToken(long);
      case 'callvirt':
        return this.call(true);
      case 'leave':
        return this.leave(this.ins.targets[0]!);
      case 'endfinally': {
        const clause = this.enclosingHandler('finally', 'fault');
        this.stack.length = 0;
        // Placeholder; the switch over the continuations is built once every leave is known.
        this.block.term = { kind: 'jump', target: clause.handler, ilOffset: this.ins.offset };
        this.endfinallies.set(this.block, clause);
        return;
      }
      case 'endfilter': {
        const at = this.ins.offset;
        const clause = this.clauses.find((c) => c.kind === 'filter' && at >= c.filterStart && at < c.handlerStart);
        if (!clause) this.invalid('endfilter outside a filter');
        const v = this.pop();
        if (stackTypeOf(v.type) !== IrType.I4) this.invalid(`endfilter of a ${label(v)}`);
        if (this.stack.length) this.invalid('endfilter with other values on the stack');
        this.emit({ op: Op.Mov, dst: clause.filterResult, args: [v] });
        this.block.term = { kind: 'resume', returnAddress: clause.returnAddress!, ilOffset: at };
        return;
      }
      case 'rethrow': {
        const clause = this.enclosingHandler('catch', 'filter');
        const v = this.temp(IrType.Ref);
        this.emit({ op: Op.Mov, dst: v, args: [clause.exception!] });
        this.block.term = { kind: 'throw', value: v, ilOffset: this.ins.offset, rethrow: true };
        return;
      }
      case 'newobj':
        return this.newObject();
      case 'castclass':
      case 'isinst': {
        const type = this.host.resolveType(this.tokenOperand());
        const v = this.pop();
        if (v.type !== IrType.Ref) this.invalid(`${long} of a ${typeLabel(v.type)}`);
        this.emitPush(long === 'castclass' ? Op.CastClass : Op.IsInst, IrType.Ref, [v], { type });
        return;
      }
      case 'box': {
        const type = this.host.resolveType(this.tokenOperand());
        const v = this.pop();
        if (!type.isValueType) {
          // box of a reference type leaves the reference as it is (§III.4.1).
          if (v.type !== IrType.Ref) this.invalid(`box ${type.name} of a ${label(v)}`);
          this.push(v);
          return;
        }
        const vt = this.valueTypeOf(type);
        if (!assignable(vt, v)) this.invalid(`box ${type.name} of a ${label(v)}`);
        if (type.nullable) {
          // §III.4.1: a Nullable boxes to its value's box, or null; the class library's helper does it.
          this.push(v);
          this.finishCall(type.nullable.box, false);
          return;
        }
        this.emitPush(Op.Box, IrType.Ref, [v], { type, ...(isStruct(vt) ? { layout: vt } : {}) });
        return;
      }
      case 'unbox':
      case 'unbox.any': {
        const type = this.host.resolveType(this.tokenOperand());
        const v = this.pop();
        if (v.type !== IrType.Ref) this.invalid(`${long} of a ${label(v)}`);
        if (long === 'unbox.any' && !type.isValueType) {
          this.emitPush(Op.CastClass, IrType.Ref, [v], { type }); // unbox.any of a reference type is castclass
          return;
        }
        if (!type.isValueType) this.invalid(`unbox of the reference type ${type.name}`);
        if (type.nullable) {
          // unbox.any Nullable<T> (§III.4.33) accepts null and a boxed T: the class library's helper.
          this.push(v);
          this.finishCall(type.nullable.unbox, false);
          if (long === 'unbox') {
            // §III.4.32: a boxed T has no Nullable<T> inside it to point at, so the address is
            // that of a copy: a hidden local of this instruction (one per site, as the CLR's).
            const value = this.pop();
            const copy = this.f.newVReg(this.valueTypeOf(type), VRegKind.Local, this.f.locals.length);
            this.f.locals.push(copy);
            this.emit({ op: Op.Mov, dst: copy, args: [value] });
            this.emitPush(Op.AddrOf, IrType.ByRef, [copy]);
          }
          return;
        }
        const vt = this.valueTypeOf(type);
        const addr = this.temp(IrType.ByRef);
        this.emit({ op: Op.Unbox, dst: addr, args: [v], type });
        if (long === 'unbox') this.push(addr);
        else this.loadIndirect(addr, vt);
        return;
      }
      case 'ldobj': {
        const t = this.typeOperandAsJitType();
        const addr = this.pop();
        this.address(addr, 'ldobj address');
        this.loadIndirect(addr, t);
        return;
      }
      case 'stobj': {
        const t = this.typeOperandAsJitType();
        const v = this.pop();
        const addr = this.pop();
        this.address(addr, 'stobj address');
        if (!assignable(t, v)) this.invalid(`stobj ${jitLabel(t)} of a ${label(v)}`);
        this.storeIndirect(addr, v, t);
        return;
      }
      case 'cpobj': {
        const t = this.typeOperandAsJitType();
        const src = this.pop();
        const dst = this.pop();
        this.address(src, 'cpobj source');
        this.address(dst, 'cpobj destination');
        this.loadIndirect(src, t);
        this.storeIndirect(dst, this.pop(), t);
        return;
      }
      case 'initobj': {
        const t = this.typeOperandAsJitType();
        const addr = this.pop();
        this.address(addr, 'initobj address');
        if (isStruct(t)) {
          this.emit({ op: Op.InitObj, dst: null, args: [addr], layout: t });
        } else {
          const zero = this.temp(t === IrType.R4 || t === IrType.R8 ? t : stackTypeOf(t));
          this.emit({ op: Op.Const, dst: zero, args: [], value: t === IrType.R4 || t === IrType.R8 ? 0 : 0n });
          this.emit({ op: Op.StInd, dst: null, args: [addr, zero], elem: t });
        }
        return;
      }
      case 'ldvirtftn': {
        const callee = this.host.resolveCall(this.tokenOperand());
        const obj = this.pop();
        if (obj.type !== IrType.Ref) this.invalid(`ldvirtftn on a ${typeLabel(obj.type)}`);
        this.emitPush(Op.LdVirtFtn, IrType.I, [obj], { callee });
        return;
      }
      case 'mkrefany': {
        const type = this.host.resolveType(this.tokenOperand());
        const addr = this.pop();
        this.address(addr, 'mkrefany address');
        this.helperCall(this.typedReferenceHelpers().make, [this.nativeConstant(type.typeHandle), addr]);
        return;
      }
      case 'refanyval': {
        const type = this.host.resolveType(this.tokenOperand());
        const ref = this.pop();
        this.helperCall(this.typedReferenceHelpers().value, [ref, this.nativeConstant(type.typeHandle)]);
        return;
      }
      case 'refanytype':
        this.helperCall(this.typedReferenceHelpers().type, [this.pop()]);
        return;
      case 'sizeof': {
        const type = this.host.resolveType(this.tokenOperand());
        const t = type.isValueType ? this.valueTypeOf(type) : IrType.Ref;
        this.emitPush(Op.Const, IrType.I4, [], { value: BigInt(isStruct(t) ? t.size : sizeOf(t)) });
        return;
      }
      case 'cpblk':
      case 'initblk': {
        const n = this.pop();
        const src = this.pop();
        const dst = this.pop();
        this.address(dst, `${long} destination`);
        if (long === 'cpblk') this.address(src, 'cpblk source');
        else if (stackTypeOf(src.type) !== IrType.I4) this.invalid(`initblk value is a ${typeLabel(src.type)}`);
        if (stackTypeOf(n.type) !== IrType.I4) this.invalid(`${long} size is a ${typeLabel(n.type)}, expected unsigned int32`);
        this.emit({ op: long === 'cpblk' ? Op.CopyBlock : Op.InitBlock, dst: null, args: [dst, src, n] });
        return;
      }
      case 'localloc': {
        const at = this.ins.offset;
        // §III.3.47: not within a handler or filter.
        if (this.clauses.some((c) => (at >= c.handlerStart && at < c.handlerEnd) || (c.kind === 'filter' && at >= c.filterStart && at < c.handlerStart))) {
          this.invalid('localloc in an exception handler or filter');
        }
        // Catch handlers are entered with RSP at the fixed frame; they reload it from this slot.
        if (this.clauses.length && !this.f.stackPointerSlot) this.f.stackPointerSlot = this.f.newVReg(IrType.I, VRegKind.Var);
        if (this.stack.length !== 1) this.invalid('localloc with other values on the stack');
        const n = this.pop();
        this.index(n, 'localloc size');
        this.emitPush(Op.LocAlloc, IrType.I, [n]);
        return;
      }
      case 'jmp': {
        // Leave this method for another with the same signature and the current arguments (§III.3.37).
        const callee = this.directCallee(this.tokenOperand());
        if (this.stack.length) this.invalid('jmp with values on the stack');
        if (this.info.varargs || callee.vararg) this.unsupported('jmp from or to a vararg method');
        const same = callee.params.length === this.f.params.length &&
          callee.params.every((p, k) => assignable(p, this.f.params[k]!)) && (callee.ret === null) === (this.f.returnType === null);
        if (!same) this.invalid(`jmp to ${callee.name}, whose signature differs`);
        this.tailPrefix = true;
        const tail = this.takeTailPrefix(callee);
        this.tailRetAt = null; // jmp is its own terminator
        const dst = callee.ret === null ? null : this.temp(callee.ret);
        this.emit({ op: Op.Call, dst, args: [...this.f.params], callee, tail });
        this.block.term = { kind: 'return', value: dst, ilOffset: this.ins.offset };
        return;
      }
      case 'arglist': {
        // §III.3.1: only in a vararg method; the handle is the cookie's home address, which the
        // variadic arguments follow (the prologue homes their registers).
        if (!this.f.varargCookie) this.invalid('arglist in a method that is not vararg');
        if (!this.host.argumentHandleHelper) this.unsupported('the runtime does not build argument handles');
        const home = this.temp(IrType.ByRef);
        this.emit({ op: Op.AddrOf, dst: home, args: [this.f.varargCookie] });
        this.helperCall(this.host.argumentHandleHelper(), [home]);
        return;
      }
      case 'ldtoken': {
        if (!this.host.resolveToken) this.unsupported('the runtime does not resolve ldtoken handles yet');
        const t = this.host.resolveToken(this.tokenOperand());
        if (t.type.size !== 8) this.invalid(`ldtoken's handle type ${t.type.name} is not pointer-sized`);
        this.emitPush(Op.Const, t.type, [], { value: t.handle });
        return;
      }
      case 'ldftn': {
        const callee = this.directCallee(this.tokenOperand());
        this.emitPush(Op.Const, IrType.I, [], { value: callee.entry });
        return;
      }
      case 'throw': {
        const v = this.pop();
        if (v.type !== IrType.Ref) this.invalid(`throw of a ${typeLabel(v.type)}`);
        this.block.term = { kind: 'throw', value: v, ilOffset: this.ins.offset };
        return;
      }
    }
    if (short !== null) {
      if (name.startsWith('ldarg.')) return this.loadVar(this.ilParams, short, 'argument');
      if (name.startsWith('ldloc.')) return this.loadVar(this.f.locals, short, 'local');
      if (name.startsWith('stloc.')) return this.storeVar(this.f.locals, short, 'local');
    }
    this.unsupported();
  }

  /** A native-int constant in a temporary that never occupies an evaluation-stack slot. */
  private nativeConstant(value: bigint): VReg {
    const c = this.temp(IrType.I);
    this.emit({ op: Op.Const, dst: c, args: [], value });
    return c;
  }

  /** Calls a runtime routine with `args` (checked against its parameters) and pushes its result. */
  private helperCall(callee: IrCallee, args: VReg[]): void {
    args.forEach((a, i) => {
      if (!assignable(callee.params[i]!, a)) this.invalid(`argument ${i} of ${callee.name} is a ${label(a)}, expected ${jitLabel(callee.params[i]!)}`);
    });
    if (callee.ret === null) this.emit({ op: Op.Call, dst: null, args, callee });
    else this.emitPush(Op.Call, callee.ret, args, { callee });
  }

  /** The method a `call`, `ldftn` or `jmp` token names, not dispatched on the object. */
  private directCallee(token: number): IrCallee {
    return this.host.resolveDirectCall ? this.host.resolveDirectCall(token) : this.host.resolveCall(token);
  }

  private typedReferenceHelpers(): { make: IrCallee; value: IrCallee; type: IrCallee } {
    if (!this.host.typedReferenceHelpers) this.unsupported('the runtime provides no typed-reference helpers');
    return this.host.typedReferenceHelpers();
  }

  private varOperand(): number {
    const v = this.ins.operand;
    if (typeof v !== 'number') this.invalid(`${this.ins.name} without a variable number`);
    return v;
  }

  private tokenOperand(): number {
    const v = this.ins.operand;
    if (typeof v !== 'number') this.invalid(`${this.ins.name} without a token`);
    return v >>> 0;
  }

  private loadVar(vars: VReg[], n: number, what: string): void {
    const v = vars[n] ?? this.invalid(`${what} ${n} does not exist (the method has ${vars.length})`);
    this.emitPush(Op.Mov, v.jitType, [v]);
  }

  private storeVar(vars: VReg[], n: number, what: string): void {
    const v = vars[n] ?? this.invalid(`${what} ${n} does not exist (the method has ${vars.length})`);
    const x = this.pop();
    if (!assignable(v.jitType, x)) this.invalid(`storing a ${label(x)} into ${what} ${n} of type ${label(v)}`);
    this.emit({ op: Op.Mov, dst: v, args: [x] });
  }

  private constant(name: string): void {
    const v = this.ins.operand;
    switch (name) {
      case 'ldc.i4':
      case 'ldc.i4.s':
        if (typeof v !== 'number') this.invalid(`${name} without an immediate`);
        this.emitPush(Op.Const, IrType.I4, [], { value: BigInt(v | 0) });
        return;
      case 'ldc.i4.m1':
      case 'ldc.i4.M1':
        this.emitPush(Op.Const, IrType.I4, [], { value: -1n });
        return;
      case 'ldc.i8':
        if (typeof v !== 'bigint') this.invalid(`${name} without an immediate`);
        this.emitPush(Op.Const, IrType.I8, [], { value: BigInt.asIntN(64, v) });
        return;
      case 'ldc.r4':
      case 'ldc.r8':
        if (typeof v !== 'number') this.invalid(`${name} without an immediate`);
        this.emitPush(Op.Const, name === 'ldc.r4' ? IrType.R4 : IrType.R8, [], { value: name === 'ldc.r4' ? Math.fround(v) : v });
        return;
    }
    const m = /^ldc\.i4\.([0-8])$/.exec(name);
    if (!m) this.unsupported();
    this.emitPush(Op.Const, IrType.I4, [], { value: BigInt(m[1]!) });
  }

  private binary(op: Op): void {
    const b = this.pop();
    const a = this.pop();
    const t = binaryNumericType(op, a.type, b.type) ?? this.invalid(`${this.ins.name} on ${typeLabel(a.type)} and ${typeLabel(b.type)}`);
    this.emitPush(op, t, [a, b]);
  }

  private shift(op: Op): void {
    const n = this.pop();
    const v = this.pop();
    const t = shiftType(v.type, n.type) ?? this.invalid(`${this.ins.name} of a ${typeLabel(v.type)} by a ${typeLabel(n.type)}`);
    this.emitPush(op, t, [v, n]);
  }

  private compare(cond: CondKind): void {
    const b = this.pop();
    const a = this.pop();
    if (!comparable(a.type, b.type)) this.invalid(`${this.ins.name} of ${typeLabel(a.type)} and ${typeLabel(b.type)}`);
    this.emitPush(Op.Cmp, IrType.I4, [a, b], { cond });
  }

  private branch2(cond: CondKind, cb: CilBlock): void {
    const b = this.pop();
    const a = this.pop();
    if (!comparable(a.type, b.type)) this.invalid(`${this.ins.name} on ${typeLabel(a.type)} and ${typeLabel(b.type)}`);
    this.block.term = {
      kind: 'branch', cond, a, b, ifTrue: this.blockAt(this.ins.targets[0]!), ifFalse: this.blockAt(cb.end), ilOffset: this.ins.offset,
    };
  }

  private conv(name: string): void {
    // conv.<t>, conv.ovf.<t>, conv.ovf.<t>.un, conv.r.un
    const parts = name.split('.').slice(1);
    const ovf = parts[0] === 'ovf';
    if (ovf) parts.shift();
    const srcUnsigned = parts[parts.length - 1] === 'un';
    if (srcUnsigned) parts.pop();
    const target = parts.length === 1 ? (parts[0] === 'r' && srcUnsigned && !ovf ? IrType.R8 : CONV_TARGETS[parts[0]!]) : undefined;
    if (target === undefined || (ovf && isFloat(target)) || (!ovf && srcUnsigned && target !== IrType.R8)) this.unsupported();
    const a = this.pop();
    const src = stackTypeOf(a.type);
    if ((src === IrType.ByRef || src === IrType.Ref) && isFloat(target)) this.invalid(`${name} of a ${typeLabel(a.type)}`);
    if (src === IrType.Struct) this.invalid(`${name} of a ${label(a)}`);
    // A managed pointer or (pinned) object reference converts to an integer: unverifiable, but
    // C# compilers emit `conv.i`/`conv.u` of a pinned string for `fixed (char* p = s)`.
    const conv: ConvInfo = { to: target, ovf, srcUnsigned };
    this.emitPush(Op.Conv, target, [a], { conv });
  }

  private ret(): void {
    const want = this.info.ret;
    let value: VReg | null = null;
    if (want !== null) {
      value = this.pop();
      if (!assignable(want, value)) this.invalid(`returning a ${label(value)} from a method returning ${isStruct(want) ? want.name : typeLabel(want)}`);
    }
    if (this.stack.length) this.invalid(`ret with ${this.stack.length} extra value(s) on the stack`);
    this.block.term = { kind: 'return', value, ilOffset: this.ins.offset };
  }

  private call(virtual = false): void {
    if (this.constrainedType !== null) return this.constrainedCall();
    const callee = virtual ? this.host.resolveCall(this.tokenOperand()) : this.directCallee(this.tokenOperand());
    if (virtual && callee.params.length === 0) this.invalid(`callvirt to ${callee.name}, which has no this`);
    this.finishCall(callee, virtual);
  }

  /** Whether the body uses localloc anywhere (a pointer into the frame might reach the tail call). */
  private hasLocallocOpcode(): boolean {
    return this.cil.instrs.some((i) => i.name === 'localloc');
  }

  /**
   * Pops the arguments of `callee` and checks them; at a vararg call site the signature cookie
   * is not on the stack: it is the call site's constant, placed between the fixed and the
   * variadic arguments.
   */
  private popArguments(callee: IrCallee, what: string): VReg[] {
    const args: VReg[] = [];
    const cookieAt = callee.vararg ? callee.vararg.fixedCount : -1;
    for (let i = callee.params.length - 1; i >= 0; i--) {
      if (i === cookieAt) continue;
      const a = this.pop();
      if (!assignable(callee.params[i]!, a)) {
        this.invalid(`${what} ${i} of ${callee.name} is a ${label(a)}, expected ${jitLabel(callee.params[i]!)}`);
      }
      args.unshift(a);
    }
    if (callee.vararg) {
      if (cookieAt < 0 || cookieAt >= callee.params.length || callee.params[cookieAt] !== IrType.I) this.invalid(`vararg call site of ${callee.name} without its cookie parameter`);
      args.splice(cookieAt, 0, this.nativeConstant(callee.vararg.cookie));
    }
    return args;
  }

  /** Pops `callee`'s arguments, checks them and emits the call. */
  private finishCall(callee: IrCallee, virtual: boolean): void {
    const args = this.popArguments(callee, 'argument');
    if (virtual && stackTypeOf(args[0]!.type) !== IrType.Ref) this.unsupported(`callvirt on a ${typeLabel(args[0]!.type)} this`);
    const tail = this.takeTailPrefix(callee);
    const extra = { callee, ...(virtual ? { virtual } : {}), ...(tail ? { tail } : {}) };
    if (callee.ret === null) this.emit({ op: Op.Call, dst: null, args, ...extra });
    else this.emitPush(Op.Call, callee.ret, args, extra);
  }

  /**
   * Consumes a pending `tail.` prefix (§III.2.4) for a call to `callee`. The frame is removed
   * before the jump, so the call may take no value type passed by reference and no return
   * buffer (those would point into the frame being removed), its stack arguments must fit in
   * the stack-argument area this method itself received (they are moved there), and it cannot
   * sit inside a protected region or follow a localloc.
   */
  private takeTailPrefix(callee: IrCallee): boolean {
    if (!this.tailPrefix) return false;
    this.tailPrefix = false;
    if (callee.vararg) this.unsupported('tail call to a vararg method');
    this.tailRetAt = this.ins.offset + this.ins.size;
    const at = this.ins.offset;
    const positions = abiLayout(callee.params, callee.ret, callee.hasThis ?? false).count;
    const own = Math.max(4, abiLayout(this.info.params, this.info.ret, this.info.hasThis ?? false).count);
    const why =
      positions > own ? 'more stack arguments than the method receives'
        : callee.params.some((p) => passedByReference(p)) || returnsViaBuffer(callee.ret) ? 'value types passed by reference'
          : this.clauses.some((c) => (at >= c.tryStart && at < c.tryEnd) || (at >= c.handlerStart && at < c.handlerEnd)) ? 'inside a protected region or handler'
            : this.hasLocallocOpcode() ? 'localloc in the method' : null;
    if (why) this.unsupported(`tail call with ${why}`);
    return true;
  }

  /** `constrained. T callvirt M`: the stack's `this` is a managed pointer to a T (§III.2.1). */
  private constrainedCall(): void {
    const typeToken = this.constrainedType!;
    this.constrainedType = null;
    const methodToken = this.tokenOperand();
    if (!this.host.resolveConstrainedCall) this.unsupported('the runtime does not resolve constrained calls yet');
    const how = this.host.resolveConstrainedCall(typeToken, methodToken);
    // The direct case calls the value type's own method; only the others need the declared one.
    const declared = how.kind === 'direct' ? how.callee : this.host.resolveCall(methodToken);
    const n = declared.params.length;
    if (n === 0) this.invalid(`constrained callvirt to ${declared.name}, which has no this`);
    // Set the receiver aside, rewrite it, put it back under the other arguments.
    const rest: VReg[] = [];
    for (let k = 1; k < n; k++) rest.unshift(this.pop());
    const ptr = this.pop();
    this.address(ptr, 'constrained. this');
    let virtual = true;
    let callee = declared;
    if (how.kind === 'reference') {
      this.emitPush(Op.LdInd, IrType.Ref, [ptr], { elem: IrType.Ref });
    } else if (how.kind === 'direct') {
      this.push(ptr);
      callee = how.callee;
      virtual = false;
    } else {
      const vt = this.valueTypeOf(how.type);
      this.loadIndirect(ptr, vt);
      const value = this.pop();
      this.emitPush(Op.Box, IrType.Ref, [value], { type: how.type, ...(isStruct(vt) ? { layout: vt } : {}) });
    }
    for (const v of rest) this.push(v);
    this.finishCall(callee, virtual);
  }

  private newObject(): void {
    const newobj = this.host.resolveNewObject(this.tokenOperand());
    const ctor = newobj.ctor;
    const params = ctor.params;
    if (params.length === 0) this.invalid(`newobj of ${ctor.name}, which has no this`);
    // The arguments after `this`, which newobj supplies (a vararg constructor's cookie among them).
    const vararg = ctor.vararg ? { vararg: { ...ctor.vararg, fixedCount: ctor.vararg.fixedCount - 1 } } : {};
    const args = this.popArguments({ name: ctor.name, entry: ctor.entry, params: params.slice(1), ret: null, ...vararg }, 'constructor argument');
    if (newobj.factory) {
      const f = newobj.factory;
      if (f.ret !== IrType.Ref || f.params.length !== params.length) this.invalid(`factory ${f.name} for ${newobj.ctor.name} does not match the constructor`);
      const none = this.temp(IrType.Ref);
      this.emit({ op: Op.Const, dst: none, args: [], value: 0n });
      this.emitPush(Op.Call, IrType.Ref, [none, ...args], { callee: f });
      return;
    }
    if (newobj.valueType === undefined) {
      this.emitPush(Op.NewObj, IrType.Ref, args, { newobj });
      return;
    }
    if (!isStruct(newobj.valueType)) {
      // A primitive's constructor (`new IntPtr(int)`, §III.4.21 on a value type) runs on a frame
      // slot of the primitive's size; the built value then loads as the primitive itself.
      const prim = newobj.valueType;
      if (params[0] !== IrType.ByRef) this.invalid(`the constructor ${newobj.ctor.name} of a value type does not take a managed pointer`);
      const layout: StructLayout = { name: jitLabel(prim), size: sizeOf(prim), refOffsets: [], typeHandle: newobj.typeHandle };
      this.emitPush(Op.NewValue, layout, args, { newobj: { ...newobj, valueType: layout } });
      this.emitPush(Op.LdFld, prim, [this.pop()], { ifield: { name: `${newobj.ctor.name} value`, type: prim, offset: 0 } });
      return;
    }
    if (params[0] !== IrType.ByRef) this.invalid(`the constructor ${newobj.ctor.name} of a value type does not take a managed pointer`);
    this.emitPush(Op.NewValue, newobj.valueType, args, { newobj });
  }

  /** The JitType of a value type token: its primitive storage type or its struct layout. */
  private valueTypeOf(type: { name: string; primitive?: IrType; struct?: JitType }): JitType {
    const t = type.primitive ?? type.struct;
    return t ?? this.unsupported(`the value type ${type.name}, which the host gave no layout for`);
  }

  /** The type a ldobj/stobj/cpobj/initobj token names: a primitive, a struct, or a reference type. */
  private typeOperandAsJitType(): JitType {
    const type = this.host.resolveType(this.tokenOperand());
    return type.isValueType ? this.valueTypeOf(type) : IrType.Ref;
  }

  private loadIndirect(addr: VReg, t: JitType): void {
    if (isStruct(t)) this.emitPush(Op.LdInd, t, [addr], { elem: IrType.Struct, layout: t });
    else this.emitPush(Op.LdInd, t, [addr], { elem: t });
  }

  private storeIndirect(addr: VReg, v: VReg, t: JitType): void {
    if (isStruct(t)) this.emit({ op: Op.StInd, dst: null, args: [addr, v], elem: IrType.Struct, layout: t });
    else this.emit({ op: Op.StInd, dst: null, args: [addr, v], elem: t });
  }

  private addressOf(vars: VReg[], n: number, what: string): void {
    const v = vars[n] ?? this.invalid(`${what} ${n} does not exist (the method has ${vars.length})`);
    this.emitPush(Op.AddrOf, IrType.ByRef, [v]);
  }

  private address(v: VReg, what: string): void {
    const t = stackTypeOf(v.type);
    if (t !== IrType.ByRef && t !== IrType.I) this.invalid(`${what} is a ${typeLabel(v.type)}, expected a managed pointer or native int`);
  }

  private indirect(name: string): void {
    const [kind, suffix] = name.split('.') as [string, string];
    const elem = ELEM_TYPES[suffix];
    if (elem === undefined) this.unsupported();
    if (kind === 'stind') {
      const v = this.pop();
      const addr = this.pop();
      this.address(addr, `${name} address`);
      if (!movCompatible(elem, v.type)) this.invalid(`${name} of a ${typeLabel(v.type)}`);
      this.emit({ op: Op.StInd, dst: null, args: [addr, v], elem });
      return;
    }
    const addr = this.pop();
    this.address(addr, `${name} address`);
    this.emitPush(Op.LdInd, elem, [addr], { elem });
  }

  private instanceField(kind: 'ldfld' | 'ldflda' | 'stfld'): void {
    const ifield = this.host.resolveInstanceField(this.tokenOperand());
    const value = kind === 'stfld' ? this.pop() : null;
    const obj = this.pop();
    const t = stackTypeOf(obj.type);
    const valueBase = t === IrType.Struct && kind === 'ldfld'; // ldfld also reads a field of a struct value
    if (t !== IrType.Ref && t !== IrType.ByRef && t !== IrType.I && !valueBase) this.invalid(`${kind} on a ${label(obj)}`);
    if (kind === 'ldfld') this.emitPush(Op.LdFld, ifield.type, [obj], { ifield });
    else if (kind === 'ldflda') this.emitPush(Op.LdFldA, IrType.ByRef, [obj], { ifield });
    else {
      if (!assignable(ifield.type, value!)) this.invalid(`stfld of a ${label(value!)} into ${ifield.name}`);
      this.emit({ op: Op.StFld, dst: null, args: [obj, value!], ifield });
    }
  }

  private elementWithToken(kind: 'ldelem' | 'stelem' | 'ldelema'): void {
    const elemType = this.host.resolveArrayType(this.tokenOperand()).elem;
    const elem = isStruct(elemType) ? IrType.Struct : elemType;
    const layout = isStruct(elemType) ? { layout: elemType } : {};
    if (kind === 'stelem') {
      const v = this.pop();
      const i = this.pop();
      const a = this.pop();
      this.index(i, 'array index');
      if (a.type !== IrType.Ref) this.invalid(`stelem on a ${typeLabel(a.type)}`);
      if (!assignable(elemType, v)) this.invalid(`stelem of a ${label(v)}`);
      this.emit({ op: Op.StElem, dst: null, args: [a, i, v], elem, ...layout });
      return;
    }
    const i = this.pop();
    const a = this.pop();
    this.index(i, 'array index');
    if (a.type !== IrType.Ref) this.invalid(`${kind} on a ${typeLabel(a.type)}`);
    if (kind === 'ldelem') this.emitPush(Op.LdElem, elemType, [a, i], { elem, ...layout });
    else this.emitPush(Op.LdElemA, IrType.ByRef, [a, i], { elem, ...layout });
  }


  private index(v: VReg, what: string): void {
    const t = stackTypeOf(v.type);
    if (t !== IrType.I4 && t !== IrType.I) this.invalid(`${what} is a ${typeLabel(v.type)}, expected int32 or native int`);
  }

  private element(name: string): void {
    const [kind, suffix] = name.split('.') as [string, string];
    const elem = ELEM_TYPES[suffix];
    if (elem === undefined) this.unsupported();
    if (kind === 'stelem') {
      const v = this.pop();
      const i = this.pop();
      const a = this.pop();
      this.index(i, 'array index');
      if (a.type !== IrType.Ref) this.invalid(`${name} on a ${typeLabel(a.type)}`);
      if (!movCompatible(elem, v.type)) this.invalid(`${name} of a ${typeLabel(v.type)}`);
      this.emit({ op: Op.StElem, dst: null, args: [a, i, v], elem });
      return;
    }
    const i = this.pop();
    const a = this.pop();
    this.index(i, 'array index');
    if (a.type !== IrType.Ref) this.invalid(`${name} on a ${typeLabel(a.type)}`);
    this.emitPush(Op.LdElem, elem, [a, i], { elem });
  }
}

/** Imports one method into IR. Throws InvalidProgramError / UnsupportedOpcodeError with the IL offset. */
export function importMethod(info: JitMethodInfo, host: JitHost): IrFunction {
  return new Importer(info, host).run();
}

