/**
 * Opcodes that reach the runtime through helpers or host answers, run from hand-written IL:
 * cpblk/initblk (memmove/memset helpers), sizeof, ldftn, ldvirtftn (vtable slot or direct entry),
 * ldind/stind through native int pointers.
 */
import { compileMethod } from '../../src/jit/codegen/compile';
import { IrType } from '../../src/jit/ir/types';
import { JitMachine, RUNTIME_HANDLE } from './support/harness';
import { ilMethod } from './support/il';

let jm: JitMachine;
beforeAll(() => { jm = new JitMachine(); });
afterAll(() => jm.close());

test('Cpblk_Initblk_CopyAndFillThroughHelpers', () => {
  const cp = jm.install(compileMethod(ilMethod('T::Copy', '02 03 04 FE17 2A', { params: [IrType.I, IrType.I, IrType.I4], ret: null }), jm.host));
  const init = jm.install(compileMethod(ilMethod('T::Fill', '02 03 04 FE18 2A', { params: [IrType.I, IrType.I4, IrType.I4], ret: null }), jm.host));
  const mem = jm.machine.memory;
  const a = jm.alloc(16), b = jm.alloc(16);
  mem.write(a, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
  jm.call(cp, [b, a, 6n], null);
  expect([...mem.read(b, 8)]).toEqual([1, 2, 3, 4, 5, 6, 0, 0]);
  jm.call(init, [b + 2n, 0x1ABn, 3n], null); // only the low byte of the value counts
  expect([...mem.read(b, 8)]).toEqual([1, 2, 0xab, 0xab, 0xab, 6, 0, 0]);
});

test('Sizeof_PrimitiveAndReference_Sizes', () => {
  jm.types.set(0x01000010, { name: 'Int16', typeHandle: 0x10n, isValueType: true, primitive: IrType.I2 });
  jm.types.set(0x01000011, { name: 'Object', typeHandle: 0x11n, isValueType: false });
  const s16 = jm.install(compileMethod(ilMethod('T::S16', 'FE1C 10000001 2A'), jm.host));
  const sref = jm.install(compileMethod(ilMethod('T::SRef', 'FE1C 11000001 2A'), jm.host));
  expect(jm.call(s16, [], IrType.I4)).toBe(2n);
  expect(jm.call(sref, [], IrType.I4)).toBe(8n);
});

test('Ldftn_Ldvirtftn_EntryOrVtableSlot', () => {
  jm.calls.set(0x06000020, { name: 'C::Static', entry: 0x1234_5678_9an, params: [], ret: null });
  jm.calls.set(0x06000021, { name: 'C::Virtual', entry: 0xdead_0000n, params: [IrType.Ref], ret: null, vtableSlotOffset: 16 });
  const ftn = jm.install(compileMethod(ilMethod('T::Ftn', 'FE06 20000006 2A', { ret: IrType.I }), jm.host));
  const vftn = jm.install(compileMethod(ilMethod('T::VFtn', '02 FE07 21000006 2A', { params: [IrType.Ref], ret: IrType.I }), jm.host));
  expect(jm.call(ftn, [], IrType.I)).toBe(0x1234_5678_9an);
  const mem = jm.machine.memory;
  const vtable = jm.alloc(32), obj = jm.alloc(16);
  mem.setU64(vtable + 16n, 0xfeed_f00dn);
  mem.setU64(obj, vtable);
  expect(jm.call(vftn, [obj], IrType.I)).toBe(0xfeed_f00dn);
  expect(() => jm.call(vftn, [0n], IrType.I)).toThrow(/ThrowNullReference/);
});

test('LdindStindThroughNativeInt_ReadWriteEveryWidth', () => {
  // *(int16*)p = (int16)v; return *(uint8*)p + *(int64*)(p + 8)
  const info = ilMethod('T::Ind', `
    02 03 53          // ldarg.0 ldarg.1 stind.i2
    02 47             // ldarg.0 ldind.u1
    6E                // conv.u8
    02 1E D3 58 4C    // ldarg.0 ldc.i4.8 conv.i add ldind.i8
    58 2A             // add ret`, { params: [IrType.I, IrType.I4], ret: IrType.I8 });
  const entry = jm.install(compileMethod(info, jm.host));
  const p = jm.alloc(16);
  jm.machine.memory.setU64(p + 8n, 1000n);
  expect(jm.call(entry, [p, 0x12ffn], IrType.I8)).toBe(0xffn + 1000n);
  expect(jm.machine.memory.u16(p)).toBe(0x12ff);
});

test('Ldtoken_PushesHandleStruct_PassedInRegister', () => {
  // ldtoken T; call GetHandleValue(RuntimeTypeHandle) -> native int: the 8-byte struct travels in RCX.
  jm.calls.set(0x06000030, { name: 'Identity', entry: jm.install(compileMethod(ilMethod('T::Identity', '02 2A', { params: [RUNTIME_HANDLE], ret: RUNTIME_HANDLE }), jm.host)), params: [RUNTIME_HANDLE], ret: RUNTIME_HANDLE });
  const entry = jm.install(compileMethod(ilMethod('T::Tok', 'D0 05000002 28 30000006 2A', { ret: RUNTIME_HANDLE }), jm.host));
  expect(jm.call(entry, [], IrType.I8)).toBe(0x7700_0000_0000n | 0x02000005n);
});

test('ConstrainedCallvirt_ReferenceAndBoxCases_DispatchAsSpecified', () => {
  // Callees: IsNotNull(object) and Unbox(object) -> the boxed int32.
  jm.types.set(0x01000040, { name: 'Int32', typeHandle: 0x4040n, isValueType: true, primitive: IrType.I4 });
  jm.types.set(0x01000041, { name: 'Object', typeHandle: 0x4041n, isValueType: false });
  const isNotNull = jm.install(compileMethod(ilMethod('T::IsNotNull', '02 14 FE03 2A', { params: [IrType.Ref] }), jm.host));
  const unboxer = jm.install(compileMethod(ilMethod('T::Unboxed', '02 A5 40000001 2A', { params: [IrType.Ref] }), jm.host));
  jm.calls.set(0x06000041, { name: 'T::IsNotNull', entry: isNotNull, params: [IrType.Ref], ret: IrType.I4, hasThis: true });
  jm.calls.set(0x06000042, { name: 'T::Unboxed', entry: unboxer, params: [IrType.Ref], ret: IrType.I4, hasThis: true });
  jm.constrained.set(`${0x01000041}:${0x06000041}`, { kind: 'reference' });
  jm.constrained.set(`${0x01000040}:${0x06000042}`, { kind: 'box', type: jm.types.get(0x01000040)! });
  // ldarga.s 0; constrained. T; callvirt M; ret
  const onRef = jm.install(compileMethod(ilMethod('T::OnRef', '0F 00 FE16 41000001 6F 41000006 2A', { params: [IrType.Ref] }), jm.host));
  const onInt = jm.install(compileMethod(ilMethod('T::OnInt', '0F 00 FE16 40000001 6F 42000006 2A', { params: [IrType.I4] }), jm.host));
  expect(jm.call(onRef, [jm.alloc(16)], IrType.I4)).toBe(1n);
  expect(() => jm.call(onRef, [0n], IrType.I4)).toThrow(/ThrowNullReference/); // the loaded reference is null
  expect(jm.call(onInt, [-12345n], IrType.I4)).toBe(-12345n);
});

test('Localloc_ZeroedAlignedBlocks_SurviveCalls', () => {
  // p = localloc(n); p[n-1] = 7; q = localloc(24); q[0] = 5; return p[0] + p[n-1] + q[0] + Id(1)
  jm.calls.set(0x06000050, { name: 'T::Id', entry: jm.install(compileMethod(ilMethod('T::Id', '02 2A', { params: [IrType.I4] }), jm.host)), params: [IrType.I4], ret: IrType.I4 });
  const info = ilMethod('T::Alloc', `
    02 FE0F 0A              // ldarg.0 localloc stloc.0
    06 02 D3 58 17 59 1D 52 // ldloc.0 ldarg.0 conv.i add ldc.i4.1 sub ldc.i4.7 stind.i1
    1F 18 FE0F 0B           // ldc.i4.s 24 localloc stloc.1
    07 1B 52                // ldloc.1 ldc.i4.5 stind.i1
    06 46                   // ldloc.0 ldind.i1
    06 02 D3 58 17 59 46 58 // ldloc.0 ldarg.0 conv.i add ldc.i4.1 sub ldind.i1 add
    07 46 58                // ldloc.1 ldind.i1 add
    17 28 50000006 58       // ldc.i4.1 call T::Id add
    2A`, { params: [IrType.I4], locals: [IrType.I, IrType.I] });
  const entry = jm.install(compileMethod(info, jm.host));
  // For n = 1, p[0] is p[n-1] (7 twice).
  for (const n of [1n, 8n, 33n, 5000n]) expect([n, jm.call(entry, [n], IrType.I4)]).toEqual([n, n === 1n ? 20n : 13n]);
});

test('FaultHandler_RunsOnlyWhileUnwinding_BeforeTheCatch', () => {
  jm.addStatic(0x04000060, 'T::X', IrType.I4);
  // try { try { throw arg } fault { X = X + 1 } } catch (object) { } return X
  const info = ilMethod('T::Fault', `
    02 7A                                  // 0000 ldarg.0 throw
    7E 60000004 17 58 80 60000004 DC       // 0002 ldsfld X ldc.i4.1 add stsfld X endfault
    26 DE 00                               // 000f pop leave.s 0012
    7E 60000004 2A                         // 0012 ldsfld X ret`, {
    params: [IrType.Ref],
    eh: [
      { kind: 'fault', tryOffset: 0, tryLength: 2, handlerOffset: 2, handlerLength: 13 },
      { kind: 'catch', tryOffset: 0, tryLength: 15, handlerOffset: 15, handlerLength: 3, classToken: 0x01000001 },
    ],
  });
  const entry = jm.install(compileMethod(info, jm.host));
  jm.catchMatcher = () => true;
  try {
    expect(jm.call(entry, [jm.alloc(16)], IrType.I4)).toBe(1n);
    expect(jm.call(entry, [jm.alloc(16)], IrType.I4)).toBe(2n);
  } finally {
    jm.catchMatcher = undefined;
  }
});

test('Calli_ThroughFunctionPointer_WithFloatAndStackArgs', () => {
  // Mix(a: int, b: double, c: long, d: int, e: double) = a + b + c + d + e, called through ldftn + calli.
  const mixSig = { name: 'Mix', entry: 0n, params: [IrType.I4, IrType.R8, IrType.I8, IrType.I4, IrType.R8], ret: IrType.R8 };
  const mix = jm.install(compileMethod(ilMethod('T::Mix', '02 6C 03 58 04 6C 58 05 6C 58 0E 04 58 2A',
    { params: mixSig.params, ret: IrType.R8 }), jm.host));
  jm.calls.set(0x06000070, { ...mixSig, entry: mix });
  jm.signatures.set(0x11000001, mixSig);
  const caller = jm.install(compileMethod(ilMethod('T::Caller', `
    17 23 0000000000000440 1F 64 6A 1B 23 000000000000E03F // 1, 2.5, 100L, 5, 0.5
    FE06 70000006 29 01000011 2A                        // ldftn Mix; calli sig; ret`, { ret: IrType.R8 }), jm.host));
  expect(jm.call(caller, [], IrType.R8)).toBe(1 + 2.5 + 100 + 5 + 0.5);
});

test('Break_EmitsInt3_BreakpointFault', () => {
  const entry = jm.install(compileMethod(ilMethod('T::Brk', '01 17 2A'), jm.host));
  expect(() => jm.call(entry, [], IrType.I4)).toThrow(/breakpoint/);
});

test('LargeFrame_ProbesEveryPageTopDown_BeforeAllocating', () => {
  // 40 struct locals of 256 bytes: a frame of over 10 KB.
  const big = { name: 'Block', size: 256, refOffsets: [], typeHandle: 0x7600n };
  const info = ilMethod('T::Big', '12 27 FE15 01000002 17 2A', { locals: Array(40).fill(big) });
  jm.types.set(0x02000001, { name: 'Block', typeHandle: 0x7600n, isValueType: true, struct: big });
  const m = compileMethod(info, jm.host);
  expect(m.frameSize).toBeGreaterThan(10_000);
  // test dword [rsp - 4096·k], eax (85 84 24 disp32) once per page, before the sub rsp.
  const hex = Buffer.from(m.code).toString('hex');
  const probes = [...hex.matchAll(/858424([0-9a-f]{8})/g)].map((x) => Buffer.from(x[1]!, 'hex').readInt32LE(0));
  expect(probes).toEqual([-4096, -8192]);
  expect(jm.call(jm.install(m), [], IrType.I4)).toBe(1n);
});

test('TailCall_DeepRecursion_RunsInConstantStack', () => {
  // CountDown(n, acc) = n == 0 ? acc : tail. CountDown(n - 1, acc + 1). 50,000 levels would need
  // far more than the harness's 1 MiB stack without the tail call.
  const calls = jm.calls;
  const info = ilMethod('T::CountDown', `
    02 2D 02 03 2A              // ldarg.0 brtrue.s +2; ldarg.1 ret
    02 17 59 03 17 58           // ldarg.0 ldc.i4.1 sub; ldarg.1 ldc.i4.1 add
    FE14 28 80000006 2A         // tail. call CountDown; ret`, { params: [IrType.I4, IrType.I4] });
  const entry = jm.allocCode(16);
  calls.set(0x06000080, { name: 'T::CountDown', entry, params: [IrType.I4, IrType.I4], ret: IrType.I4 });
  const code = jm.install(compileMethod(info, jm.host));
  const stub = new Uint8Array(12);
  stub.set([0x48, 0xb8]);
  new DataView(stub.buffer).setBigUint64(2, code, true);
  stub.set([0xff, 0xe0], 10); // movabs rax, code; jmp rax
  jm.machine.memory.write(entry, stub);
  jm.machine.flushCode(entry, 12);
  expect(jm.call(code, [50_000n, 0n], IrType.I4)).toBe(50_000n);
});

test('TailCallWithMoreStackArgumentsThanReceived_Unsupported_NamesReason', () => {
  jm.calls.set(0x06000081, { name: 'T::Six', entry: 0x1000n, params: Array(6).fill(IrType.I4), ret: IrType.I4 });
  const info = ilMethod('T::Bad', '16 16 16 16 16 16 FE14 28 81000006 2A', { params: Array(5).fill(IrType.I4) });
  expect(() => compileMethod(info, jm.host)).toThrow(/unsupported opcode call \(tail call with more stack arguments than the method receives\)/);
});

test('TailCallWithStackArguments_DeepRecursionSwappingThem_RunsInConstantStack', () => {
  // F(n, acc, x, y, p, q) = n == 0 ? acc + 10·p + q : tail. F(n - 1, acc + 1, x, y, q, p): the
  // stack arguments p and q trade places at every level (they are read before being rewritten).
  const entry = jm.allocCode(16);
  const six = Array(6).fill(IrType.I4);
  jm.calls.set(0x06000082, { name: 'T::F', entry, params: six, ret: IrType.I4 });
  const info = ilMethod('T::F', `
    02 2D 0B                    // ldarg.0 brtrue.s +11
    03 0E 04 1F 0A 5A 58 0E 05 58 2A  // acc + p * 10 + q; ret
    02 17 59 03 17 58 04 05 0E 05 0E 04  // n-1, acc+1, x, y, q, p
    FE14 28 82000006 2A         // tail. call F; ret`, { params: six });
  const code = jm.install(compileMethod(info, jm.host));
  const stub = new Uint8Array(12);
  stub.set([0x48, 0xb8]);
  new DataView(stub.buffer).setBigUint64(2, code, true);
  stub.set([0xff, 0xe0], 10); // movabs rax, code; jmp rax
  jm.machine.memory.write(entry, stub);
  jm.machine.flushCode(entry, 12);
  // An odd number of levels leaves p and q swapped: 50,001 + 10·2 + 1.
  expect(jm.call(code, [50_001n, 0n, 7n, 8n, 1n, 2n], IrType.I4)).toBe(50_022n);
});

test('Jmp_ToSameSignature_CalleeReturnsToOurCaller', () => {
  // Target(a, b) = a * 10 + b; Forward(a, b): jmp Target (the arguments pass unchanged).
  const target = jm.install(compileMethod(ilMethod('T::Target', '02 1F 0A 5A 03 58 2A', { params: [IrType.I4, IrType.I4] }), jm.host));
  jm.calls.set(0x06000090, { name: 'T::Target', entry: target, params: [IrType.I4, IrType.I4], ret: IrType.I4 });
  const forward = jm.install(compileMethod(ilMethod('T::Forward', '27 90000006', { params: [IrType.I4, IrType.I4] }), jm.host));
  expect(jm.call(forward, [4n, 2n], IrType.I4)).toBe(42n);
  expect(() => compileMethod(ilMethod('T::Bad', '27 90000006', { params: [IrType.I4] }), jm.host)).toThrow(/jmp to T::Target, whose signature differs/);
});
