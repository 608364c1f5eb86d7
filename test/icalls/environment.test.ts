/**
 * System.Environment icalls against a test process: the Windows answers (platform, version,
 * new line), the virtual clock, the command line, the exit code, the environment.
 */
import { GuestExit } from '../../emu';
import { IcallProcessRequiredError } from '../../src/vm/icalls';
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET } from '../../src/vm/type-desc';
import { callIcall, icallRuntime, str, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
beforeAll(() => { t = icallRuntime({ withProcess: true, argv: ['test.exe', 'one', 'two'], env: { COMPUTERNAME: 'BOX', Path: 'C:\\Windows' } }); });
afterAll(() => t.close());


test('Platform_Win32NT', () => {
  expect(callIcall(t, `System.Environment::get_Platform`)).toBe(2n);
});

test('OSVersionString_Windows10_Parses', () => {
  const v = str(t, callIcall(t, `System.Environment::GetOSVersionString`));
  expect(v).toBe('10.0.19041.0');
  expect(v.split('.').map(Number).every(Number.isInteger)).toBe(true);
});

test('NewLine_CrLf', () => {
  expect(str(t, callIcall(t, `System.Environment::GetNewLine`))).toBe('\r\n');
});

test('TickCount_FromVirtualClock_WrapsToInt32', () => {
  t.process!.setTicks(12345n);
  expect(callIcall(t, `System.Environment::get_TickCount`)).toBe(12345n);
  t.process!.setTicks(0x8000_0001n);
  expect(BigInt.asIntN(32, callIcall(t, `System.Environment::get_TickCount`))).toBe(-0x7fff_ffffn);
});

test('ProcessorCount_One', () => {
  expect(callIcall(t, `System.Environment::get_ProcessorCount`)).toBe(1n);
});

test('CommandLineArgs_ProgramPathFirst_ThenArguments', () => {
  const arr = callIcall(t, `System.Environment::GetCommandLineArgs`);
  const mem = t.machine.memory;
  const n = mem.u32(arr + BigInt(ARRAY_LENGTH_OFFSET));
  const items = Array.from({ length: n }, (_, i) => str(t, mem.u64(arr + BigInt(ARRAY_DATA_OFFSET + 8 * i))));
  expect(items).toEqual(['C:\\app\\test.exe', 'one', 'two']);
});

test('ExitCode_SetThenGet_RoundTrips', () => {
  expect(callIcall(t, `System.Environment::get_ExitCode`)).toBe(0n);
  callIcall(t, `System.Environment::set_ExitCode`, [BigInt.asUintN(64, -7n)]);
  expect(BigInt.asIntN(32, callIcall(t, `System.Environment::get_ExitCode`))).toBe(-7n);
  expect(t.rt.icalls.exitCode).toBe(-7);
});

test('Exit_EndsTheProcess_WithCode', () => {
  expect(() => callIcall(t, `System.Environment::Exit`, [3n])).toThrow(GuestExit);
  expect(t.rt.icalls.exitCode).toBe(3);
});

test('EnvironmentVariable_CaseInsensitive_NullWhenAbsent', () => {
  const name = (s: string): bigint => {
    const p = t.process!.heap.alloc(s.length + 1);
    t.machine.memory.writeCString(p, s, 'utf8');
    return p;
  };
  expect(str(t, callIcall(t, `System.Environment::internalGetEnvironmentVariable_native`, [name('PATH')]))).toBe('C:\\Windows');
  expect(callIcall(t, `System.Environment::internalGetEnvironmentVariable_native`, [name('MONO_DUMP_HANDLES_ON_ERROR_TOO_MANY_OPEN_FILES')])).toBe(0n);
  expect(callIcall(t, `System.Environment::internalGetEnvironmentVariable_native`, [0n])).toBe(0n);
});

test('MachineName_FromComputerName', () => {
  expect(str(t, callIcall(t, `System.Environment::get_MachineName`))).toBe('BOX');
});

test('UserName_FromEnvironment_DefaultUser', () => {
  expect(str(t, callIcall(t, `System.Environment::get_UserName`))).toBe('user');
});

test('EnvironmentVariableNames_TheProcessEnvironment', () => {
  const arr = callIcall(t, `System.Environment::GetEnvironmentVariableNames`);
  const mem = t.machine.memory;
  const n = mem.u32(arr + BigInt(ARRAY_LENGTH_OFFSET));
  expect(Array.from({ length: n }, (_, i) => str(t, mem.u64(arr + BigInt(ARRAY_DATA_OFFSET + 8 * i))))).toEqual(['COMPUTERNAME', 'Path']);
});

test('PlatformFacts_64BitPageSizeNoShutdown', () => {
  expect([
    callIcall(t, `System.Environment::GetIs64BitOperatingSystem`),
    callIcall(t, `System.Environment::GetPageSize`),
    callIcall(t, `System.Environment::get_HasShutdownStarted`),
  ]).toEqual([1n, 4096n, 0n]);
});

test('NoProcess_ProcessIcall_Invalid_IcallProcessRequiredError', () => {
  const bare = icallRuntime();
  try {
    expect(() => callIcall(bare, `System.Environment::get_TickCount`)).toThrow(IcallProcessRequiredError);
    expect(callIcall(bare, `System.Environment::get_Platform`)).toBe(2n);
  } finally {
    bare.close();
  }
});

test('WindowsFolderPath_FromProfileAndSystemRoot_UnknownEmpty', () => {
  const folder = (csidl: bigint): string => str(t, callIcall(t, `System.Environment::GetWindowsFolderPath(int)`, [csidl]));
  expect([folder(0x1an), folder(0x25n), folder(0x26n), folder(0x3n)]).toEqual(['C:\\Users\\user\\AppData\\Roaming', 'C:\\Windows\\system32', 'C:\\Program Files', '']);
});

test('LogicalDrives_OneVirtualC', () => {
  const arr = callIcall(t, `System.Environment::GetLogicalDrivesInternal()`);
  const mem = t.machine.memory;
  expect([mem.u32(arr + BigInt(ARRAY_LENGTH_OFFSET)), str(t, mem.u64(arr + BigInt(ARRAY_DATA_OFFSET)))]).toEqual([1, 'C:\\']);
});

test('MachineConfigPath_DotNet4Framework64Location', () => {
  expect(str(t, callIcall(t, 'System.Environment::GetMachineConfigPath()'))).toBe('C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\machine.config');
});
