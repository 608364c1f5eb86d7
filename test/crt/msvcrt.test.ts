/**
 * msvcrt functions called directly (no guest program): the edges that a C program's output would
 * hide — buffer protocols, errno values, rand's exact sequence, misuse named by error.
 */
import { createTestProcess, TestExit, type TestProcess } from './fake-os';
import { msvcrt } from '../../loader/dlls/msvcrt';
import type { ApiTable, DataExport, VarArgs } from '../../loader/dlls/api';
import { HeapMisuseError } from '../../loader/heap';

let p: TestProcess;
const table = msvcrt.exports as ApiTable;
const call = (name: string, ...args: unknown[]) => p.call(table, name, ...args);
const errno = () => p.os.memory.i32(call('_errno') as bigint);
const noArgs: VarArgs = {
  next: () => {
    throw new Error('no variadic arguments in this test');
  },
  nextF64: () => {
    throw new Error('no variadic arguments in this test');
  },
};
const slots = (...values: bigint[]): VarArgs => {
  let i = 0;
  return { next: () => values[i++]!, nextF64: () => 0 };
};

beforeEach(() => {
  p = createTestProcess('42 rest\n');
  // The loader would run the data exports' initialisers when it maps the DLL.
  let at = p.scratch + 0x8000n;
  for (const [, entry] of Object.entries(table)) {
    if (entry.kind !== 'data') continue;
    (entry as DataExport).init?.(p.os, at);
    at += BigInt((entry.size + 15) & ~15);
  }
});
afterEach(() => p.close());

describe('msvcrt direct', () => {
  test('Rand_SeedOne_MsvcrtSequence', () => {
    call('srand', 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(() => call('rand'))).toEqual([41, 18467, 6334, 26500, 19169, 15724, 11478, 29358, 26962, 24464]);
  });

  test('Snprintf_MsvcrtVsC99_Termination', () => {
    const buf = p.scratch;
    p.os.memory.write(buf, new Uint8Array(16).fill(0x78));
    p.os.memory.writeCString(buf + 0x100n, 'abc');
    expect(call('_snprintf', buf, 3n, buf + 0x100n, noArgs)).toBe(3);
    expect(p.os.memory.u8(buf + 3n)).toBe(0x78); // exactly full: no terminator
    expect(call('_snprintf', buf, 2n, buf + 0x100n, noArgs)).toBe(-1);
    p.os.memory.writeCString(buf + 0x100n, 'abcdef');
    expect(call('snprintf', buf, 3n, buf + 0x100n, noArgs)).toBe(6);
    expect(p.os.memory.cString(buf)).toBe('ab');
  });

  test('Strtod_OutOfRange_Erange', () => {
    p.os.memory.writeCString(p.scratch, '1e400x');
    expect(call('strtod', p.scratch, p.scratch + 0x100n)).toBe(Infinity);
    expect(errno()).toBe(34);
    expect(p.os.memory.u64(p.scratch + 0x100n)).toBe(p.scratch + 5n);
    p.os.memory.writeCString(p.scratch, 'junk');
    expect(call('strtod', p.scratch, p.scratch + 0x100n)).toBe(0);
    expect(p.os.memory.u64(p.scratch + 0x100n)).toBe(p.scratch);
  });

  test('Getenv_CaseInsensitive_PointsIntoEnvironment', () => {
    p.os.memory.writeCString(p.scratch, 'path');
    const v = call('getenv', p.scratch) as bigint;
    expect(p.os.memory.cString(v)).toBe('C:\\Windows');
    expect(p.os.memory.cString(v - 5n)).toBe('PATH=C:\\Windows');
    p.os.memory.writeCString(p.scratch, 'NOPE');
    expect(call('getenv', p.scratch)).toBe(0n);
  });

  test('Putenv_SetReplaceRemove_GetenvAndEnvironSeeIt', () => {
    p.os.memory.writeCString(p.scratch, 'Answer=42');
    expect(call('_putenv', p.scratch)).toBe(0);
    p.os.memory.writeCString(p.scratch + 0x40n, 'ANSWER');
    expect(p.os.memory.cString(call('getenv', p.scratch + 0x40n) as bigint)).toBe('42');
    expect(p.os.process.environment.get('Answer')).toBe('42');
    p.os.memory.writeCString(p.scratch, 'answer=');
    expect(call('_putenv', p.scratch)).toBe(0);
    expect(call('getenv', p.scratch + 0x40n)).toBe(0n);
    p.os.memory.writeCString(p.scratch, 'noequals');
    expect(call('_putenv', p.scratch)).toBe(-1);
    expect(errno()).toBe(22);
  });

  test('MallocFamily_EdgeCases', () => {
    const a = call('malloc', 10n) as bigint;
    expect(call('_msize', a)).toBe(10n);
    expect(call('realloc', a, 0n)).toBe(0n);
    expect(call('calloc', 0x100000000n, 0x100000000n)).toBe(0n);
    expect(errno()).toBe(12);
    expect(() => call('free', a)).toThrow(HeapMisuseError);
    expect(() => call('free', p.scratch)).toThrow(/never handed out/);
    call('free', 0n);
  });

  test('Sscanf_StoresThroughPointers', () => {
    p.os.memory.writeCString(p.scratch, '12 abc 3.5');
    p.os.memory.writeCString(p.scratch + 0x40n, '%d %s %lf');
    const out = p.scratch + 0x100n;
    expect(call('sscanf', p.scratch, p.scratch + 0x40n, slots(out, out + 8n, out + 0x20n))).toBe(3);
    expect(p.os.memory.i32(out)).toBe(12);
    expect(p.os.memory.cString(out + 8n)).toBe('abc');
    expect(p.os.memory.f64(out + 0x20n)).toBe(3.5);
  });

  test('ScanfFromStdin_LeavesRestForGetchar', () => {
    p.os.memory.writeCString(p.scratch, '%d');
    expect(call('scanf', p.scratch, slots(p.scratch + 0x100n))).toBe(1);
    expect(p.os.memory.i32(p.scratch + 0x100n)).toBe(42);
    expect(call('getchar')).toBe(0x20);
    expect(call('getchar')).toBe(0x72);
  });

  test('Puts_TextMode_CrLf', () => {
    p.os.memory.writeCString(p.scratch, 'line');
    call('puts', p.scratch);
    expect(Buffer.from(p.stdout).toString()).toBe('line\r\n');
  });

  test('Exit_RunsHandlersThenExits', () => {
    expect(() => call('exit', 5)).toThrow(TestExit);
    expect(() => call('_exit', 6)).toThrow(/exit\(6\)/);
  });

  test('Strerror_MsvcrtMessages', () => {
    expect(p.os.memory.cString(call('strerror', 2) as bigint)).toBe('No such file or directory');
    expect(p.os.memory.cString(call('strerror', 12) as bigint)).toBe('Not enough space');
    expect(p.os.memory.cString(call('strerror', 999) as bigint)).toBe('Unknown error');
  });

  test('Ftime_StrdateStrtime_FromVirtualClock', () => {
    call('_ftime64', p.scratch);
    expect(p.os.memory.i64(p.scratch)).toBe(1704067200n);
    expect(p.os.memory.u16(p.scratch + 10n)).toBe(0);
    expect(p.os.memory.cString(call('_strdate', p.scratch + 0x40n) as bigint)).toBe('01/01/24');
    expect(p.os.memory.cString(call('_strtime', p.scratch + 0x40n) as bigint)).toBe('00:00:00');
    const before = p.os.clock.tickCount();
    call('_sleep', 2000);
    expect(p.os.clock.tickCount() - before >= 2000n).toBe(true);
  });

  test('Ctype_Table_ClassBits', () => {
    const t = call('__pctype_func') as bigint;
    expect(p.os.memory.u16(t + 2n * 0x41n)).toBe(0x181);
    expect(p.os.memory.u16(t + 2n * 0x20n)).toBe(0x48);
    expect(p.os.memory.u16(t + 2n * 0x09n)).toBe(0x68);
    expect(p.os.memory.u16(t - 2n)).toBe(0); // EOF entry
    expect(call('isprint', 0x20)).not.toBe(0);
    expect(call('isprint', 0x09)).toBe(0);
  });
});
