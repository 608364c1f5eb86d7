/**
 * End to end over a C# program compiled by mcs (test/jit/programs/Samples.cs, built by
 * `npm test`'s setup step): every `test_<N>_<name>` method is compiled through the metadata
 * reader, importer, IR and code generator, run on the emulated CPU (calls between methods go
 * through precode stubs and a prestub gate) and must return N — the same suite passes under
 * `mono --regression`, which the last test checks so the expectations cannot drift.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CompileOptions } from '../../src/jit/codegen/compile';
import { parseUnwindInfo, UnwindOp } from '../../src/jit/codegen/unwind';
import { IrType } from '../../src/jit/ir/types';
import { Reg } from '../../emu';
import { Arg, JitMachine, ManagedThrow } from './support/harness';
import { unwindFrame, UnwindContext } from './support/unwinder';
import { AssemblyJit } from './support/assembly-host';

const BUILD = path.join(__dirname, '..', '..', 'build', 'test', 'jit', 'programs');
const ASSEMBLIES: [string, string, CompileOptions][] = [
  ['Samples.dll', 'linear-scan, direct calls', { directCalls: true }],
  ['SamplesOptimized.dll', 'linear-scan, direct calls', { directCalls: true }],
  ['Samples.dll', 'no registers, indirect calls', { registerAllocator: 'none', directCalls: false }],
];

function requireBuilt(file: string): string {
  const p = path.join(BUILD, file);
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run \`npm test\` (or \`node dist/scripts/setup.js\`) to build test inputs`);
  return p;
}

describe.each(ASSEMBLIES)('%s, %s', (file, _mode, options) => {
  let jm: JitMachine;
  let asm: AssemblyJit;
  beforeAll(() => {
    jm = new JitMachine();
    asm = new AssemblyJit(jm, requireBuilt(file), options);
  });
  afterAll(() => jm.close());

  const tests = (): [string, number][] => {
    const probe = new AssemblyJit(null as unknown as JitMachine, requireBuilt(file));
    return [...probe.methodsOf('Samples').entries()]
      .filter(([name]) => /^test_-?\d+_/.test(name))
      .map(([name, row]) => [name, row]);
  };

  test.each(tests())('%s_Runs_ReturnsExpected', (name, row) => {
    const expected = BigInt(/^test_(-?\d+)_/.exec(name)![1]!);
    expect(BigInt.asIntN(32, asm.run(row))).toBe(expected);
  });

  test('Prestub_FirstCallOnly_JitThenBackpatch', () => {
    const fresh = new AssemblyJit(jm, requireBuilt(file), options);
    const row = fresh.methodsOf('Samples').get('test_55_fib')!;
    expect(fresh.run(row)).toBe(55n);
    expect(fresh.run(row)).toBe(55n);
    const fibEvents = fresh.events.filter((e) => / Samples::Fib( |$)/.test(e));
    // Fib recurses 177 times but is compiled once: later calls go straight to the patched stub.
    expect(fibEvents.map((e) => e.split(' ')[0])).toEqual(['prestub', 'jit', 'backpatch']);
    expect(fresh.events.filter((e) => e.startsWith('prestub')).length).toBe(2);
  });

  test('DirectCalls_AfterBackpatch_StubRunsOncePerCallSite', () => {
    const fresh = new AssemblyJit(jm, requireBuilt(file), options);
    const methods = fresh.methodsOf('Samples');
    const fibStub = fresh.entry(methods.get('Fib')!);
    let hits = 0;
    const hook = jm.machine.addCodeHook(fibStub, fibStub, () => { hits++; });
    try {
      expect(fresh.run(methods.get('test_55_fib')!)).toBe(55n);
      expect(fresh.run(methods.get('test_55_fib')!)).toBe(55n);
    } finally {
      hook.remove();
    }
    // 354 calls to Fib in all: with direct calls backpatched, only the very first one (already on
    // its way) goes through the stub; with indirect calls through the precode, every one does.
    expect(hits).toBe(options.directCalls ? 1 : 354);
  });

  test('Greeting_Ldstr_ReturnsMonoLayoutString', () => {
    const row = asm.methodsOf('Samples').get('Greeting')!;
    const obj = asm.run(row);
    const mem = jm.machine.memory;
    expect(mem.u32(obj + 16n)).toBe(5);
    const chars = [...Array(5).keys()].map((i) => String.fromCharCode(mem.u16(obj + 20n + BigInt(2 * i))));
    expect(chars.join('')).toBe('h\u00e9llo');
    expect(asm.run(row)).toBe(obj); // the same interned object every time
  });

  test('EveryMethod_UnwindInfo_DescribesRbpFrame', () => {
    expect(asm.compiled.size).toBeGreaterThan(10);
    let withRegisters = 0;
    for (const m of asm.compiled.values()) {
      const u = parseUnwindInfo(m.unwindInfo);
      expect(u.version).toBe(1);
      expect(u.prologSize).toBe(m.prologSize);
      expect([u.frameReg, u.frameOffset16]).toEqual([5, 0]); // rbp, offset 0
      // Reverse prologue order: ALLOC (unless the frame is empty), SET_FPREG, one PUSH_NONVOL per register, rbp last.
      const pushes = u.codes.filter((c) => c.op === UnwindOp.PushNonvol).map((c) => c.opInfo);
      expect(pushes).toEqual([...m.registersUsed].reverse().concat([5]));
      expect(m.code[0]).toBe(0x55); // push rbp
      if (m.registersUsed.length) withRegisters++;
    }
    expect(withRegisters > 0).toBe(options.registerAllocator !== 'none');
  });
});

test('MonoRegression_SameAssembly_AllPass', () => {
  const out = execFileSync('mono', ['--regression', requireBuilt('Samples.dll')], { encoding: 'utf8' });
  expect(out).toMatch(/100% pass/);
});

describe('runtime checks call the throw helpers', () => {
  let jm: JitMachine;
  let asm: AssemblyJit;
  let methods: Map<string, number>;
  beforeAll(() => {
    jm = new JitMachine();
    asm = new AssemblyJit(jm, requireBuilt('SamplesOptimized.dll'));
    methods = asm.methodsOf('Samples');
  });
  afterAll(() => jm.close());

  const call = (name: string, args: Arg[], ret: IrType = IrType.I8): unknown => jm.call(asm.entry(methods.get(name)!), args, ret);
  const thrown = (name: string, args: Arg[], ret: IrType = IrType.I8): string => {
    try {
      call(name, args, ret);
    } catch (e) {
      if (e instanceof ManagedThrow) return e.helper;
      throw e;
    }
    return 'returned';
  };

  test('CheckedAdd_IntMaxPlusOne_ThrowOverflow', () => {
    expect(call('CheckedAdd', [2n, 3n], IrType.I4)).toBe(5n);
    expect(thrown('CheckedAdd', [2147483647n, 1n])).toBe('ThrowOverflow');
  });
  test('CheckedSubU_Borrow_ThrowOverflow', () => expect(thrown('CheckedSubU', [1n, 2n])).toBe('ThrowOverflow'));
  test('CheckedMul_Int64Overflow_ThrowOverflow', () => expect(thrown('CheckedMul', [2n ** 62n, 2n])).toBe('ThrowOverflow'));
  test('ToByteChecked_256_ThrowOverflow', () => {
    expect(call('ToByteChecked', [255n], IrType.U1)).toBe(255n);
    expect(thrown('ToByteChecked', [256n])).toBe('ThrowOverflow');
    expect(thrown('ToByteChecked', [-1n])).toBe('ThrowOverflow');
  });
  test('ToIntChecked_TwoToThe31_ThrowOverflow', () => expect(thrown('ToIntChecked', [2n ** 31n])).toBe('ThrowOverflow'));
  test('ToULongChecked_NegativeAndNaN_ThrowOverflow', () => {
    expect(call('ToULongChecked', [{ f64: 1.8e19 }], IrType.U8)).toBe(18000000000000000000n);
    expect(thrown('ToULongChecked', [{ f64: -1 }])).toBe('ThrowOverflow');
    expect(thrown('ToULongChecked', [{ f64: NaN }])).toBe('ThrowOverflow');
  });
  test('DivInt_ByZero_ThrowDivideByZero', () => expect(thrown('DivInt', [1n, 0n])).toBe('ThrowDivideByZero'));
  test('DivInt_MinByMinusOne_ThrowOverflow', () => expect(thrown('DivInt', [-(2n ** 31n), -1n])).toBe('ThrowOverflow'));
  test('RemLong_MinByMinusOne_ThrowOverflow', () => expect(thrown('RemLong', [-(2n ** 63n), -1n])).toBe('ThrowOverflow'));
  test('DivUInt_ByZero_ThrowDivideByZero', () => expect(thrown('DivUInt', [7n, 0n])).toBe('ThrowDivideByZero'));
  test('ElementAt_IndexEqualsLengthOrNegative_ThrowIndexOutOfRange', () => {
    const arr = call('MakeArray', [3n]) as bigint;
    expect(call('ElementAt', [arr, 2n], IrType.I4)).toBe(0n);
    expect(thrown('ElementAt', [arr, 3n])).toBe('ThrowIndexOutOfRange');
    expect(thrown('ElementAt', [arr, -1n])).toBe('ThrowIndexOutOfRange');
  });
  test('LengthOf_Null_ThrowNullReference', () => {
    expect(call('LengthOf', [call('MakeArray', [7n]) as bigint], IrType.I4)).toBe(7n);
    expect(thrown('LengthOf', [0n])).toBe('ThrowNullReference');
  });
  test('MakeArray_NegativeLength_HelperThrows', () => expect(thrown('MakeArray', [-1n])).toBe('ThrowOverflow'));
});

describe('unwind info recovers the caller', () => {
  test('ThrowTwoFramesDeep_VirtualUnwind_ReachesCallerWithSavedRegisters', () => {
    const jm = new JitMachine();
    try {
      const asm = new AssemblyJit(jm, requireBuilt('SamplesOptimized.dll'));
      const methods = asm.methodsOf('Samples');
      const preset = new Map<Reg, bigint>([
        [Reg.RBX, 0x1111n], [Reg.RSI, 0x2222n], [Reg.RDI, 0x3333n], [Reg.R12, 0x4444n], [Reg.R13, 0x5555n], [Reg.R14, 0x6666n], [Reg.R15, 0x7777n], [Reg.RBP, 0x8888n],
      ]);
      let thrown: ManagedThrow | undefined;
      try {
        jm.call(asm.entry(methods.get('CallsDivTwice')!), [5n, 0n], IrType.I4, preset);
      } catch (e) {
        if (!(e instanceof ManagedThrow)) throw e;
        thrown = e;
      }
      expect(thrown?.helper).toBe('ThrowDivideByZero');
      const r = thrown!.registers;
      const mem = jm.machine.memory;
      const nums: [Reg, number][] = [[Reg.RBP, 5], [Reg.RBX, 3], [Reg.RSI, 6], [Reg.RDI, 7], [Reg.R12, 12], [Reg.R13, 13], [Reg.R14, 14], [Reg.R15, 15]];
      // The helper was entered by a call: its return address is the throwing method's rip.
      let ctx: UnwindContext = { rip: mem.u64(r.get(Reg.RSP)!), rsp: r.get(Reg.RSP)! + 8n, gpr: new Map(nums.map(([reg, n]) => [n, r.get(reg)!])) };
      const frames: string[] = [];
      while (ctx.rip !== jm.sentinel) {
        const m = jm.methodAt(ctx.rip);
        if (!m) throw new Error(`rip 0x${ctx.rip.toString(16)} is in no compiled method`);
        frames.push(m.method.name);
        ctx = unwindFrame(ctx, m.method, m.start, (a) => mem.u64(a));
      }
      expect(frames).toEqual(['Samples::DivInt', 'Samples::CallsDiv', 'Samples::CallsDivTwice']);
      expect(ctx.rsp).toBe(jm.callerRsp);
      for (const [reg, n] of nums) expect([reg, ctx.gpr.get(n)]).toEqual([reg, preset.get(reg)]);
    } finally {
      jm.close();
    }
  });
});

describe('objects', () => {
  test('Throw_CustomException_ReachesThrowHelperWithObject', () => {
    const jm = new JitMachine();
    try {
      const asm = new AssemblyJit(jm, requireBuilt('Samples.dll'));
      const methods = asm.methodsOf('Samples');
      expect(jm.call(asm.entry(methods.get('Checked')!), [5n], IrType.I4)).toBe(5n);
      let thrown: ManagedThrow | undefined;
      try {
        jm.call(asm.entry(methods.get('Checked')!), [-7n], IrType.I4);
      } catch (e) {
        if (!(e instanceof ManagedThrow)) throw e;
        thrown = e;
      }
      expect(thrown?.helper).toBe('Throw');
      const obj = thrown!.object!;
      const code = asm.host.resolveInstanceField(0x04000000 | fieldRow(asm, 'code'));
      expect(jm.machine.memory.i32(obj + BigInt(code.offset))).toBe(-7);
    } finally {
      jm.close();
    }
  });

  test('CallvirtOnNull_ThrowNullReference', () => {
    const jm = new JitMachine();
    try {
      const asm = new AssemblyJit(jm, requireBuilt('Samples.dll'));
      expect(() => jm.call(asm.entry(asm.methodsOf('Samples').get('KindOf')!), [0n], IrType.I4)).toThrow(/ThrowNullReference/);
    } finally {
      jm.close();
    }
  });
});

function fieldRow(asm: AssemblyJit, name: string): number {
  const n = asm.md.rowCount(0x04);
  for (let r = 1; r <= n; r++) if (asm.md.row.field(r).name === name) return r;
  throw new Error(`no field ${name}`);
}

describe('casts', () => {
  test('UnboxWrongType_InvalidCast', () => {
    const jm = new JitMachine();
    try {
      const asm = new AssemblyJit(jm, requireBuilt('Samples.dll'));
      const m = asm.methodsOf('Samples');
      const node = jm.call(asm.entry(m.get('AsObject')!), [0n], IrType.I8);
      expect(node).toBe(0n);
      const square = asm.run(m.get('test_4_cast')!); // compiles the classes
      expect(square).toBe(4n);
      const boxedNode = jm.alloc(32);
      jm.machine.memory.setU64(boxedNode, 0x1234n); // not an Int32 box
      expect(() => jm.call(asm.entry(m.get('Unbox')!), [boxedNode], IrType.I4)).toThrow(/InvalidCast\(unbox\)/);
      expect(() => jm.call(asm.entry(m.get('Unbox')!), [0n], IrType.I4)).toThrow(/ThrowNullReference/);
    } finally {
      jm.close();
    }
  });
});
