/**
 * Monitor and the object hash in the header's sync word; Thread barriers, sleeps and volatile
 * accessors.
 */
import { DeadlockError } from '../../loader/dlls/kernel32/synchapi';
import { callIcall, callIcallXmm, f32Result, f64Result, icallRuntime, type IcallTestRuntime } from './support';

let t: IcallTestRuntime;
let obj: bigint;
let flag: bigint;
beforeAll(() => {
  t = icallRuntime({ withProcess: true });
  obj = t.rt.objects.allocString('lock me');
  flag = t.rt.heaps.loader.alloc(16, 8);
});
afterAll(() => t.close());

const owner = (key: string): bigint => callIcall(t, key, [obj]);

test('EnterExit_Recursive_OwnerUntilLastExit', () => {
  callIcall(t, 'System.Threading.Monitor::Enter(object)', [obj]);
  callIcall(t, 'System.Threading.Monitor::Enter(object)', [obj]);
  expect([owner('System.Threading.Monitor::Monitor_test_owner(object)'), callIcall(t, 'System.Threading.Monitor::Monitor_test_synchronised(object)', [obj])]).toEqual([1n, 1n]);
  callIcall(t, 'System.Threading.Monitor::Exit(object)', [obj]);
  expect(owner('System.Threading.Monitor::Monitor_test_owner(object)')).toBe(1n);
  callIcall(t, 'System.Threading.Monitor::Exit(object)', [obj]);
  expect(owner('System.Threading.Monitor::Monitor_test_owner(object)')).toBe(0n);
});

test('Exit_NotHeld_SynchronizationLockException', () => {
  expect(() => callIcall(t, 'System.Threading.Monitor::Exit(object)', [obj])).toThrow(/SynchronizationLockException/);
  expect(() => callIcall(t, 'System.Threading.Monitor::Monitor_pulse(object)', [obj])).toThrow(/SynchronizationLockException/);
  expect(() => callIcall(t, 'System.Threading.Monitor::Monitor_pulse_all(object)', [obj])).toThrow(/SynchronizationLockException/);
});

test('Enter_Null_ArgumentNullException', () => {
  expect(() => callIcall(t, 'System.Threading.Monitor::Enter(object)', [0n])).toThrow(/ArgumentNullException/);
});

test('TryEnterWithAtomicVar_SetsTaken_RejectsTakenTrue', () => {
  t.machine.memory.setU8(flag, 0);
  callIcall(t, 'System.Threading.Monitor::try_enter_with_atomic_var(object,int,bool&)', [obj, BigInt.asUintN(64, -1n), flag]);
  expect([t.machine.memory.u8(flag), owner('System.Threading.Monitor::Monitor_test_owner(object)')]).toEqual([1, 1n]);
  expect(() => callIcall(t, 'System.Threading.Monitor::try_enter_with_atomic_var(object,int,bool&)', [obj, 0n, flag])).toThrow(/ArgumentException/);
  callIcall(t, 'System.Threading.Monitor::Exit(object)', [obj]);
});

test('Wait_Finite_TimesOut_Infinite_DeadlockError', () => {
  callIcall(t, 'System.Threading.Monitor::Enter(object)', [obj]);
  expect(callIcall(t, 'System.Threading.Monitor::Monitor_wait(object,int)', [obj, 10n])).toBe(0n);
  expect(() => callIcall(t, 'System.Threading.Monitor::Monitor_wait(object,int)', [obj, BigInt.asUintN(64, -1n)])).toThrow(DeadlockError);
  callIcall(t, 'System.Threading.Monitor::Exit(object)', [obj]);
});

test('InternalGetHashCode_StablePerObject_DistinctObjectsDiffer', () => {
  const other = t.rt.objects.allocString('other');
  const h1 = callIcall(t, 'System.Object::InternalGetHashCode(object)', [obj]);
  expect(callIcall(t, 'System.Object::InternalGetHashCode(object)', [obj])).toBe(h1);
  expect(callIcall(t, 'System.Object::InternalGetHashCode(object)', [other])).not.toBe(h1);
  expect(h1 < 0x4000_0000n).toBe(true);
});

test('ThreadBarriers_ReturnImmediately_SleepInfinite_DeadlockError', () => {
  expect(() => callIcall(t, 'System.Threading.Thread::MemoryBarrier()')).not.toThrow();
  expect(() => callIcall(t, 'System.Threading.Thread::SpinWait_nop()')).not.toThrow();
  expect(callIcall(t, 'System.Threading.Thread::YieldInternal()')).toBe(0n);
  expect(() => callIcall(t, 'System.Threading.Thread::SleepInternal(int)', [5n])).not.toThrow();
  expect(() => callIcall(t, 'System.Threading.Thread::SleepInternal(int)', [BigInt.asUintN(64, -1n)])).toThrow(DeadlockError);
});

test('VolatileReadWrite_ExactWidths', () => {
  const m = t.machine.memory;
  m.setU64(flag, 0xffff_ffff_ffff_ffffn);
  callIcall(t, 'System.Threading.Thread::VolatileWrite(byte&,byte)', [flag, 0x1234n]);
  expect(m.u64(flag)).toBe(0xffff_ffff_ffff_ff34n);
  expect(BigInt.asIntN(32, callIcall(t, 'System.Threading.Thread::VolatileRead(sbyte&)', [flag]))).toBe(0x34n);
  expect(BigInt.asIntN(32, callIcall(t, 'System.Threading.Thread::VolatileRead(int16&)', [flag]))).toBe(-204n);
  callIcall(t, 'System.Threading.Thread::VolatileWrite(long&,long)', [flag, 0x0102_0304_0506_0708n]);
  expect(callIcall(t, 'System.Threading.Thread::VolatileRead(long&)', [flag])).toBe(0x0102_0304_0506_0708n);
  expect(callIcall(t, 'System.Threading.Thread::VolatileRead(int&)', [flag])).toBe(0x0506_0708n);
  callIcallXmm(t, 'System.Threading.Thread::VolatileWrite(double&,double)', [flag, { f64: 6.5 }]);
  expect(f64Result(callIcallXmm(t, 'System.Threading.Thread::VolatileRead(double&)', [flag]))).toBe(6.5);
});

/** Each width round-trips a value whose bits fill exactly that width; the neighbouring bytes stay. */
test.each([
  ['System.Threading.Thread::VolatileWrite(byte&,byte)', 'System.Threading.Thread::VolatileRead(byte&)', 1, 0xfen, 0xfen],
  ['System.Threading.Thread::VolatileWrite(sbyte&,sbyte)', 'System.Threading.Thread::VolatileRead(sbyte&)', 1, 0xfen, BigInt.asUintN(64, -2n)],
  ['System.Threading.Thread::VolatileWrite(int16&,int16)', 'System.Threading.Thread::VolatileRead(int16&)', 2, 0xfffen, BigInt.asUintN(64, -2n)],
  ['System.Threading.Thread::VolatileWrite(uint16&,uint16)', 'System.Threading.Thread::VolatileRead(uint16&)', 2, 0xfffen, 0xfffen],
  ['System.Threading.Thread::VolatileWrite(int&,int)', 'System.Threading.Thread::VolatileRead(int&)', 4, 0xffff_fffen, BigInt.asUintN(64, -2n)],
  ['System.Threading.Thread::VolatileWrite(uint&,uint)', 'System.Threading.Thread::VolatileRead(uint&)', 4, 0xffff_fffen, 0xffff_fffen],
  ['System.Threading.Thread::VolatileWrite(ulong&,ulong)', 'System.Threading.Thread::VolatileRead(ulong&)', 8, 0xffff_ffff_ffff_fffen, 0xffff_ffff_ffff_fffen],
  ['System.Threading.Thread::VolatileWrite(intptr&,intptr)', 'System.Threading.Thread::VolatileRead(intptr&)', 8, 0x8000_0000_0000_0001n, 0x8000_0000_0000_0001n],
  ['System.Threading.Thread::VolatileWrite(uintptr&,uintptr)', 'System.Threading.Thread::VolatileRead(uintptr&)', 8, 0x7000_0000_0000_0007n, 0x7000_0000_0000_0007n],
  ['System.Threading.Thread::VolatileWrite(object&,object)', 'System.Threading.Thread::VolatileRead(object&)', 8, 0x1234_5678n, 0x1234_5678n],
] as const)('VolatileWidth_%s', (write, readKey, width, value, expected) => {
  const m = t.machine.memory;
  m.write(flag, new Uint8Array(16).fill(0xaa));
  callIcall(t, write, [flag, value]);
  expect(callIcall(t, readKey, [flag])).toBe(expected);
  expect(m.u8(flag + BigInt(width))).toBe(0xaa);
});

test('VolatileSingle_RoundTripsInXmm', () => {
  callIcallXmm(t, 'System.Threading.Thread::VolatileWrite(single&,single)', [flag, { f32: -2.5 }]);
  expect(f32Result(callIcallXmm(t, 'System.Threading.Thread::VolatileRead(single&)', [flag]))).toBe(-2.5);
});
