/**
 * The fault → exception table of src/vm/exceptions/faults.ts, as the CLR maps hardware faults in
 * managed code. (The null-area access violation is also exercised end to end by NullFault.exe in
 * programs.test.ts, and divide errors by Divide.exe with CLREMU_JIT_DIVIDE=hardware.) A divide
 * error is an OverflowException when the faulting div/idiv's divisor is not zero: the decoder is
 * checked on register, high-byte, SIB and RIP-relative operands.
 */
import { Machine, Prot } from '../../emu';
import type { Context64 } from '../../loader/unwind';
import { divisorOfDivide, isForeignSoftwareException, managedExceptionForFault } from '../../src/vm/exceptions';

const AV = 0xc0000005;

test.each([
  ['NullAreaRead_NullReferenceException', AV, [0n, 0n], 'System.NullReferenceException', 'Object reference not set to an instance of an object.'],
  ['NullPlusFieldOffset_NullReferenceException', AV, [1n, 0xfff8n], 'System.NullReferenceException', 'Object reference not set to an instance of an object.'],
  ['WildAddress_AccessViolationException', AV, [0n, 0x1_0000n], 'System.AccessViolationException', 'Attempted to read or write protected memory. This is often an indication that other memory is corrupt.'],
  ['IntegerDivideByZero_DivideByZeroException', 0xc0000094, [], 'System.DivideByZeroException', 'Attempted to divide by zero.'],
  ['IntegerOverflow_OverflowException', 0xc0000095, [], 'System.OverflowException', 'Arithmetic operation resulted in an overflow.'],
] as const)('%s', (_name, code, info, type, message) => {
  const raise = managedExceptionForFault(code, info);
  expect(raise?.exceptionType).toBe(type);
  expect(raise?.exceptionMessage).toBe(message);
});

test('Breakpoint_NotManaged_StaysNative', () => {
  expect(managedExceptionForFault(0x80000003, [])).toBeUndefined();
});

describe('divide error: zero divisor or quotient overflow (the divisor decoded from the instruction)', () => {
  const CODE = 0x1000_0000n;
  const DATA = 0x2000_0000n;
  let machine: Machine;
  beforeAll(() => {
    machine = Machine.create();
    machine.memory.reserve(0x1000, { at: CODE });
    machine.memory.commit(CODE, 0x1000, Prot.Read | Prot.Execute);
    machine.memory.reserve(0x1000, { at: DATA });
    machine.memory.commit(DATA, 0x1000, Prot.Read | Prot.Write);
  });
  afterAll(() => machine.close());

  const ctx = (regs: Partial<Context64>): Context64 => ({
    rax: 0n, rcx: 0n, rdx: 0n, rbx: 0n, rsp: 0n, rbp: 0n, rsi: 0n, rdi: 0n, r8: 0n, r9: 0n, r10: 0n, r11: 0n,
    r12: 0n, r13: 0n, r14: 0n, r15: 0n, rip: CODE, rflags: 0n, ...regs,
  });
  const at = (bytes: number[], regs: Partial<Context64>, data?: { offset: bigint; value: bigint }): bigint | undefined => {
    machine.memory.write(CODE, Uint8Array.from([...bytes, 0xcc]));
    machine.memory.write(DATA, new Uint8Array(64));
    if (data) machine.memory.setU64(DATA + data.offset, data.value);
    return divisorOfDivide(machine.memory, ctx(regs));
  };

  test('IdivEcx_RegisterDivisor_Read', () => {
    expect(at([0xf7, 0xf9], { rcx: 0xffff_ffff_ffff_ffffn })).toBe(0xffff_ffffn);
    expect(at([0xf7, 0xf9], { rcx: 0x1_0000_0000n })).toBe(0n); // only ECX counts
  });
  test('IdivR9_RexB_Read', () => {
    expect(at([0x49, 0xf7, 0xf9], { r9: 5n })).toBe(5n);
  });
  test('DivBh_HighByteWithoutRex_Read', () => {
    expect(at([0xf6, 0xf7], { rbx: 0x0300n })).toBe(3n);
  });
  test('IdivQwordSib_BaseIndexScaleDisp8_Read', () => {
    // idiv qword [rax + rcx*8 + 0x10]
    expect(at([0x48, 0xf7, 0x7c, 0xc8, 0x10], { rax: DATA, rcx: 1n }, { offset: 0x18n, value: 0xffff_ffff_ffff_ffffn })).toBe(0xffff_ffff_ffff_ffffn);
  });
  test('IdivDwordRipRelative_Read', () => {
    // idiv dword [rip + disp32]: the operand is 0x20 bytes into DATA, from the end of the 6-byte instruction.
    const disp = Number(DATA + 0x20n - (CODE + 6n));
    const d = [disp & 0xff, (disp >> 8) & 0xff, (disp >> 16) & 0xff, (disp >>> 24) & 0xff];
    expect(at([0xf7, 0x3d, ...d], {}, { offset: 0x20n, value: 7n })).toBe(7n);
  });
  test('NotADivide_Undefined', () => {
    expect(at([0x48, 0x89, 0xc8], {})).toBeUndefined();
  });
  test('DivideErrorNonZeroDivisor_OverflowException', () => {
    expect(managedExceptionForFault(0xc0000094, [], true)?.exceptionType).toBe('System.OverflowException');
  });
});

test.each([
  ['CustomErrorCode_SEHException', 0xe0001234, true],
  ['AccessViolation_StaysNative', 0xc0000005, false],
  ['StackOverflow_StaysNative', 0xc00000fd, false],
  ['MsvcCppException_StaysNative', 0xe06d7363, false],
  ['GccThrow_StaysNative', 0x20474343, false],
  ['GccUnwind_StaysNative', 0x21474343, false],
  ['InformationalCode_StaysNative', 0x406d1388, false],
  ['ClrOwnCode_StaysNative', 0xe0434352, false],
] as const)('NativeRaise_%s', (_name, code, seh) => {
  expect(isForeignSoftwareException(code)).toBe(seh);
});
