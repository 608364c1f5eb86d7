/**
 * The hello-world path's icalls called directly (no program): the main Thread made on demand
 * is the one `Thread.current_thread` holds, with managed id 1; RuntimeType objects are unique
 * per type; unknown handles and non-Type arguments are named errors.
 */
import { IcallArgumentError } from '../../src/vm/icalls';
import { runtimeField, UnknownTypeHandleError } from '../../src/vm/reflection/runtime-types';
import { callIcall, icallRuntime, type IcallTestRuntime } from '../icalls/support';

let t: IcallTestRuntime;
beforeAll(() => {
  t = icallRuntime();
});
afterAll(() => t.close());

test('GetCurrentThread_MainThreadInCurrentThreadStatic_ManagedIdOne', () => {
  const thread = callIcall(t, 'System.Threading.Thread::GetCurrentThread()');
  expect(thread).not.toBe(0n);
  expect(callIcall(t, 'System.Threading.Thread::GetCurrentThread()')).toBe(thread);
  const threadType = t.rt.types.corlibType('System.Threading.Thread');
  expect(t.machine.memory.u64(runtimeField(threadType, 'current_thread').address)).toBe(thread);
  const internal = t.machine.memory.u64(thread + BigInt(runtimeField(threadType, 'internal_thread').offset));
  const internalType = t.rt.types.corlibType('System.Threading.InternalThread');
  expect(t.machine.memory.u32(internal + BigInt(runtimeField(internalType, 'managed_id').offset))).toBe(1);
  expect(callIcall(t, 'System.Threading.Thread::GetPriorityNative()', [thread])).toBe(2n);
});

test('InternalFromHandle_OneObjectPerType_ZeroIsNull', () => {
  const stringType = t.rt.types.ensureLoaded(t.rt.types.corlibType('System.String'));
  const a = callIcall(t, 'System.Type::internal_from_handle(intptr)', [stringType.methodTable]);
  expect(callIcall(t, 'System.Type::internal_from_handle(intptr)', [stringType.methodTable])).toBe(a);
  expect(t.rt.reflection.typeOfObject(a)).toBe(stringType);
  expect(callIcall(t, 'System.Type::internal_from_handle(intptr)', [0n])).toBe(0n);
});

test('InternalFromHandle_NotAHandle_Invalid_UnknownTypeHandleError', () => {
  expect(() => callIcall(t, 'System.Type::internal_from_handle(intptr)', [0x1234n])).toThrow(UnknownTypeHandleError);
});

test('TypeIsAssignableFrom_NotARuntimeType_Invalid_IcallArgumentError', () => {
  const s = t.rt.objects.allocString('x');
  expect(() => callIcall(t, 'System.RuntimeTypeHandle::type_is_assignable_from(System.Type,System.Type)', [s, s])).toThrow(IcallArgumentError);
});
