/**
 * The fault → exception table of src/vm/exceptions/faults.ts, as the CLR maps hardware faults in
 * managed code. (The null-area access violation is also exercised end to end by NullFault.exe in
 * programs.test.ts; JIT-compiled divisions check their divisor, so #DE only reaches the table from
 * code the JIT did not guard.)
 */
import { managedExceptionForFault } from '../../src/vm/exceptions';

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
