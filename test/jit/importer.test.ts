/**
 * The CIL importer on hand-written IL: the IR it produces (golden files under `golden/`,
 * rewritten with CLREMU_BLESS=1), and every kind of bad IL rejected with a typed error naming
 * the method and the IL offset.
 */
import * as fs from 'fs';
import * as path from 'path';
import { importMethod } from '../../src/jit/cil/importer';
import { InvalidProgramError, UnsupportedOpcodeError } from '../../src/jit/errors';
import { JitHost } from '../../src/jit/host';
import { formatFunction } from '../../src/jit/ir/printer';
import { IrType } from '../../src/jit/ir/types';
import { validateFunction } from '../../src/jit/ir/validate';
import { ilMethod } from './support/il';

const GOLDEN = path.join(__dirname, 'golden');
const bless = process.env.CLREMU_BLESS === '1';

const PAIR = { name: 'Pair', size: 16, refOffsets: [8], typeHandle: 0x7300n };

const noHost: JitHost = {
  resolveCall: (t) => ({ name: `Callee_${t.toString(16)}`, entry: 0x1000n, params: [IrType.I4, IrType.R8], ret: IrType.I8 }),
  resolveString: (t) => ({ text: `str${t.toString(16)}`, handle: 0x2000n }),
  resolveStaticField: (t) => ({ name: `Field_${t.toString(16)}`, type: IrType.I2, address: 0x3000n, cctorTrigger: null }),
  resolveArrayType: (t) => ({ name: 'int32', elem: IrType.I4, typeHandle: BigInt(t) }),
  resolveInstanceField: (t) => ({ name: `F_${t.toString(16)}`, type: IrType.I8, offset: 24 }),
  resolveType: (t) => ((t & 7) === 7
    ? { name: 'Pair', typeHandle: 0x7300n, isValueType: true, struct: PAIR }
    : (t & 3) === 3
    ? { name: `S_${t.toString(16)}`, typeHandle: 0x7200n, isValueType: true } // a struct
    : (t & 1) === 1
      ? { name: `V_${t.toString(16)}`, typeHandle: 0x7000n, isValueType: true, primitive: IrType.I4 }
      : { name: `C_${t.toString(16)}`, typeHandle: 0x7100n, isValueType: false }),
  resolveConstrainedCall: () => ({ kind: 'reference' }),
  resolveSignature: (t) => ({ name: `sig_${t.toString(16)}`, entry: 0n, params: [IrType.I4, IrType.R8], ret: IrType.I8 }),
  resolveToken: (t) => ({ handle: 0x5500_0000n + BigInt(t & 0xffffff), type: { name: 'RuntimeTypeHandle', size: 8, refOffsets: [], typeHandle: 0x7400n } }),
  resolveNewObject: (t) => ({ ctor: { name: `Ctor_${t.toString(16)}`, entry: 0x5000n, params: [IrType.Ref, IrType.I4], ret: null }, typeHandle: 0x6000n }),
  helper: () => 0x4000n,
};

function golden(name: string, text: string): void {
  const file = path.join(GOLDEN, `${name}.ir`);
  if (bless || !fs.existsSync(file)) {
    if (!bless && process.env.CI) throw new Error(`missing golden file ${name}.ir`);
    fs.writeFileSync(file, text);
  }
  expect(text).toBe(fs.readFileSync(file, 'utf8'));
}

const CASES: [string, ReturnType<typeof ilMethod>][] = [
  ['AddArgs', ilMethod('T::AddArgs', '02 03 58 2A // ldarg.0 ldarg.1 add ret', { params: [IrType.I4, IrType.I4] })],
  ['SumLoop', ilMethod('T::SumLoop', `
    16 0A       // 0000 ldc.i4.0; stloc.0
    16 0B       // 0002 ldc.i4.0; stloc.1
    2B 08       // 0004 br.s 000e
    06 07 58 0A // 0006 ldloc.0 ldloc.1 add stloc.0
    07 17 58 0B // 000a ldloc.1 ldc.i4.1 add stloc.1
    07 02       // 000e ldloc.1 ldarg.0
    32 F4       // 0010 blt.s 0006
    06 2A       // 0012 ldloc.0 ret`, { params: [IrType.I4], locals: [IrType.I4, IrType.I4] })],
  ['TernaryAcrossBlocks', ilMethod('T::Ternary', `
    02          // 0000 ldarg.0
    2D 03       // 0001 brtrue.s 0006
    17          // 0003 ldc.i4.1
    2B 01       // 0004 br.s 0007
    18          // 0006 ldc.i4.2
    2A          // 0007 ret`, { params: [IrType.I4] })],
  ['JoinWidensInt32ToNativeInt', ilMethod('T::Widen', `
    02          // 0000 ldarg.0
    2D 03       // 0001 brtrue.s 0006 (visited first: fixes the join at int32)
    03          // 0003 ldarg.1
    2B 01       // 0004 br.s 0007 (native int: widens the join, 0007 is imported again)
    17          // 0006 ldc.i4.1
    2A          // 0007 ret`, { params: [IrType.I4, IrType.I], ret: IrType.I })],
  ['Switch', ilMethod('T::Switch', `
    02                      // 0000 ldarg.0
    45 02000000 02000000 05000000 // 0001 switch (0010, 0013)
    15 2A                   // 000e ldc.i4.m1 ret
    1F 0A 2A                // 0010 ldc.i4.s 10 ret
    1F 14 2A                // 0013 ldc.i4.s 20 ret`, { params: [IrType.I4] })],
  ['ConversionsAndChecks', ilMethod('T::Conv', `
    02 6A D3     // ldarg.0 conv.i8 conv.i
    03 8B        // ldarg.1 conv.ovf.u.un
    D7           // add.ovf.un
    6E           // conv.u8
    6B 76 C3     // conv.r4 conv.r.un ckfinite
    69 2A        // conv.i4 ret`, { params: [IrType.I4, IrType.U2] })],
  ['SmallTypesCallsStatics', ilMethod('T::Small', `
    02 04 58     // ldarg.0 ldarg.2 add
    0A           // stloc.0 (int8)
    06 23 0000000000000040 // ldloc.0 ldc.r8 2.0
    28 01000006  // call 06000001 (int32, float64) -> int64
    26           // pop
    7E 02000004  // ldsfld 04000002 (int16)
    80 02000004  // stsfld 04000002
    72 01000070  // ldstr 70000001
    26 06 2A     // pop ldloc.0 ret`, { params: [IrType.U1, IrType.I2, IrType.I4], locals: [IrType.I1] })],
  ['Arrays', ilMethod('T::Arrays', `
    1B 8D 01000002 // ldc.i4.5 newarr 02000001
    25 17 02 9E    // dup ldc.i4.1 ldarg.0 stelem.i4
    17 94          // ldc.i4.1 ldelem.i4
    2A`, { params: [IrType.I4] })],
  ['PointersObjectsThrow', ilMethod('T::Objects', `
    12 00         // 0000 ldloca.s 0
    02 54         // 0002 ldarg.0 stind.i4
    12 00 4A      // 0004 ldloca.s 0 ldind.i4
    17            // 0007 ldc.i4.1
    73 01000006   // 0008 newobj 06000001
    25 25         // 000d dup dup
    7B 01000004   // 000f ldfld 04000001
    7D 01000004   // 0014 stfld 04000001
    7C 01000004   // 0019 ldflda 04000001
    26 26         // 001e pop pop
    14 7A         // 0020 ldnull throw`, { params: [IrType.I4], locals: [IrType.I4] })],
  ['TryFinallyLeave', ilMethod('T::TryFinally', `
    02 0A         // 0000 ldarg.0 stloc.0          (try)
    DE 05         // 0002 leave.s 0009
    06 17 58 0A   // 0004 ldloc.0 ldc.i4.1 add stloc.0   (finally)
    DC            // 0008 endfinally
    06 2A         // 0009 ldloc.0 ret`, { params: [IrType.I4], locals: [IrType.I4],
    eh: [{ kind: 'finally', tryOffset: 0, tryLength: 4, handlerOffset: 4, handlerLength: 5 }] })],
  ['TryCatch', ilMethod('T::TryCatch', `
    02 26         // 0000 ldarg.0 pop             (try)
    DE 04         // 0002 leave.s 0008
    26            // 0004 pop                     (catch: the exception object)
    DE 01         // 0005 leave.s 0008
    00            // 0007 nop (unreachable)
    16 2A         // 0008 ldc.i4.0 ret`, { params: [IrType.I4],
    eh: [{ kind: 'catch', tryOffset: 0, tryLength: 4, handlerOffset: 4, handlerLength: 3, classToken: 0x02000005 }] })],
  ['CastsAndBoxing', ilMethod('T::Casts', `
    02 8C 01000002   // ldarg.0 box V (int32)
    74 02000002      // castclass C
    75 04000002      // isinst C
    A5 01000002      // unbox.any V
    2A`, { params: [IrType.I4] })],
  ['StructOps', ilMethod('T::Structs', `
    12 00 FE15 07000002   // ldloca.s 0; initobj Pair
    12 00 71 07000002     // ldloca.s 0; ldobj Pair
    25 0A                 // dup; stloc.0
    12 01 06 81 07000002  // ldloca.s 1; ldloc.0; stobj Pair
    26                    // pop
    06 7B 01000004        // ldloc.0; ldfld F (int64)
    2A`, { locals: [PAIR, PAIR], ret: IrType.I8 })],
  ['FilterAndFault', ilMethod('T::FilterFault', `
    02 7A          // 0000 ldarg.0 throw            (try, inside a fault and a filter clause)
    17 0A DC       // 0002 ldc.i4.1 stloc.0 endfault  (fault handler)
    26 17 FE11     // 0005 pop ldc.i4.1 endfilter     (filter)
    26 DE 00       // 0009 pop leave.s 000c           (filter's handler)
    06 2A          // 000c ldloc.0 ret`, { params: [IrType.Ref], locals: [IrType.I4],
    eh: [
      { kind: 'fault', tryOffset: 0, tryLength: 2, handlerOffset: 2, handlerLength: 3 },
      { kind: 'filter', tryOffset: 0, tryLength: 5, handlerOffset: 9, handlerLength: 3, filterOffset: 5 },
    ] })],
  ['FloatCompareBranches', ilMethod('T::Cmp', `
    02 03 36 05  // ldarg.0 ldarg.1 ble.un.s 0009
    02 03 FE04 2A // ldarg.0 ldarg.1 clt ret
    16 2A        // ldc.i4.0 ret`, { params: [IrType.R8, IrType.R4] })],
];

describe('golden IR', () => {
  test.each(CASES)('%s_Imports_MatchesGolden', (name, info) => {
    const f = importMethod(info, noHost);
    validateFunction(f);
    golden(name, formatFunction(f));
  });
});

function expectInvalid(il: string, sig: Parameters<typeof ilMethod>[2], offset: number, message: RegExp, type = InvalidProgramError): void {
  let err: unknown;
  try {
    importMethod(ilMethod('T::Bad', il, sig), noHost);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(type);
  const e = err as InvalidProgramError;
  expect(e.method).toBe('T::Bad');
  expect(e.ilOffset).toBe(offset);
  expect(e.message).toMatch(message);
}

describe('bad IL', () => {
  test('AddOnEmptyStack_Invalid_StackUnderflow', () => {
    expectInvalid('58 2A', {}, 0, /stack underflow in add.*T::Bad at IL_0000/);
  });
  test('JoinWithDifferentDepths_Invalid_StackDepth', () => {
    expectInvalid('17 02 2D 01 26 2A // ldc.i4.1 ldarg.0 brtrue.s 0005 pop ret', { params: [IrType.I4] }, 4, /stack depth 0 does not match depth 1 at the join IL_0005/);
  });
  test('JoinWithIntAndObject_Invalid_IncompatibleTypes', () => {
    expectInvalid('02 2D 03 17 2B 01 14 26 16 2A', { params: [IrType.I4] }, 4, /incompatible types at the join IL_0007/);
  });
  test('BranchIntoInstruction_Invalid_NotInstructionStart', () => {
    expectInvalid('2B 01 20 00000000 2A', {}, 0, /branch target IL_0003 is not the start of an instruction/);
  });
  test('BranchOutsideBody_Invalid_NotInstructionStart', () => {
    expectInvalid('2B 10 2A', {}, 0, /branch target IL_0012/);
  });
  test('FallOffEnd_Invalid_FallsOffEnd', () => {
    expectInvalid('17 26', {}, 1, /falls off the end/);
  });
  test('TruncatedOperand_Invalid_RunsPastCode', () => {
    expectInvalid('20 01 02', {}, 0, /runs past the code/);
  });
  test('UnassignedOpcode_Invalid_InvalidOpcode', () => {
    expectInvalid('17 24 2A', {}, 1, /invalid opcode 0x24/);
  });
  test('BoxStruct_Unsupported_NamesOpcode', () => {
    expectInvalid('02 8C 03000002 2A', { params: [IrType.I4] }, 1, /unsupported opcode box \(the value type S_2000003, which the host gave no layout for\)/, UnsupportedOpcodeError);
  });
  test('ArglistOutsideVarargMethod_Invalid_NotVararg', () => {
    expectInvalid('FE00 26 17 2A', {}, 0, /arglist in a method that is not vararg/);
  });
  test('ArglistWithoutRuntimeRoutine_Unsupported_NamesOpcode', () => {
    // A vararg method (its last parameter is the hidden cookie) on a host that builds no argument handles.
    let err: unknown;
    try {
      importMethod({ ...ilMethod('T::Bad', 'FE00 26 17 2A', { params: [IrType.I4, IrType.I] }), varargs: true }, noHost);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsupportedOpcodeError);
    expect((err as Error).message).toMatch(/unsupported opcode arglist \(the runtime does not build argument handles\)/);
  });
  test('VarargMethodWithoutCookie_Invalid', () => {
    expect(() => importMethod({ ...ilMethod('T::Bad', '17 2A', { params: [IrType.I4] }), varargs: true }, noHost)).toThrow(/a vararg method without its signature-cookie parameter/);
  });
  test('LdargOfVarargCookie_Invalid_ArgumentDoesNotExist', () => {
    // IL numbers only the fixed parameters: argument 1 (the cookie's position) does not exist.
    let err: unknown;
    try {
      importMethod({ ...ilMethod('T::Bad', '03 2A', { params: [IrType.I4, IrType.I], ret: IrType.I }), varargs: true }, noHost);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidProgramError);
    expect((err as Error).message).toMatch(/argument 1 does not exist/);
  });
  test('LocallocInCatchHandler_Invalid_NotInHandler', () => {
    // try { leave } catch { pop; ldc.i4.1; localloc; pop; leave } ret 0 (§III.3.47).
    expectInvalid('DE 07 26 17 FE0F 26 DE 00 16 2A', {
      eh: [{ kind: 'catch', tryOffset: 0, tryLength: 2, handlerOffset: 2, handlerLength: 7, classToken: 0x02000005 }],
    }, 4, /localloc in an exception handler or filter/);
  });
  test('LocallocWithOtherStackValues_Invalid_StackNotEmpty', () => {
    expectInvalid('17 17 FE0F 26 26 17 2A', {}, 2, /localloc with other values on the stack/);
  });
  test('CallvirtOnInt_Unsupported_NamesThisType', () => {
    expectInvalid('17 22 00000000 6F 01000006 2A', { ret: IrType.I8 }, 6, /unsupported opcode callvirt \(callvirt on a int32 this\)/, UnsupportedOpcodeError);
  });
  test('StindThroughInt32_Invalid_AddressType', () => {
    expectInvalid('17 17 54 17 2A // ldc.i4.1 ldc.i4.1 stind.i4', {}, 2, /stind.i4 address is a int32/);
  });
  test('LocalOutOfRange_Invalid_NoSuchLocal', () => {
    expectInvalid('11 05 2A // ldloc.s 5', { locals: [IrType.I4] }, 0, /local 5 does not exist/);
  });
  test('ExtraStackAtRet_Invalid_ExtraValues', () => {
    expectInvalid('17 17 2A', {}, 2, /ret with 1 extra value/);
  });
  test('AddInt32AndFloat_Invalid_OperandTypes', () => {
    expectInvalid('17 22 0000803F 58 2A // ldc.i4.1 ldc.r4 1.0 add', {}, 6, /add on int32 and float32/);
  });
  test('MaxStackExceeded_Invalid_StackOverflow', () => {
    expectInvalid('17 17 58 2A', { maxStack: 1 }, 1, /more than MaxStack 1/);
  });
  test('ReturnFloatFromIntMethod_Invalid_ReturnType', () => {
    expectInvalid('22 0000803F 2A', { ret: IrType.I4 }, 5, /returning a float32 from a method returning int32/);
  });
  test('EndfilterOutsideFilter_Invalid_NamesInstruction', () => {
    expectInvalid('17 FE11', {}, 1, /endfilter outside a filter/);
  });
  test('EndfinallyOutsideFinally_Invalid_NamesInstruction', () => {
    expectInvalid('DC', {}, 0, /endfinally outside a finally or fault handler/);
  });
});
