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

test('TypeNames_NamespaceAndArrayName', () => {
  const types = t.rt.types;
  const of = (name: string): bigint => t.rt.reflection.typeObject(types.ensureLoaded(types.corlibType(name)));
  const str = (s: bigint): string => t.rt.objects.readString(s);
  expect(str(callIcall(t, 'System.RuntimeType::get_Namespace()', [of('System.String')]))).toBe('System');
  const intArray = t.rt.reflection.typeObject(types.ensureLoaded(types.arrayOf(types.corlibType('System.Int32'))));
  expect(str(callIcall(t, 'System.RuntimeType::get_Name()', [intArray]))).toBe('Int32[]');
  expect(str(callIcall(t, 'System.RuntimeType::get_Namespace()', [intArray]))).toBe('System');
});

test('ParameterInfo_ExceptionCtorString_OneNamedParameter', () => {
  const types = t.rt.types;
  const exception = types.ensureLoaded(types.corlibType('System.Exception'));
  const members = t.rt.reflection.members;
  const ctor = members.constructorsOf(exception, 0x14).find((m) => members.parameterTypes(m).length === 1 && members.parameterTypes(m)[0]!.fullName === 'System.String')!;
  const info = members.methodObject(ctor, exception);
  const array = callIcall(t, 'System.Reflection.MonoMethodInfo::get_parameter_info(intptr,System.Reflection.MemberInfo)', [members.handleOf(ctor), info]);
  const mem = t.machine.memory;
  expect(mem.u32(array + 24n)).toBe(1);
  const p = mem.u64(array + 32n);
  const cls = types.ensureLoaded(types.corlibType('System.Reflection.RuntimeParameterInfo'));
  expect(t.rt.objects.readString(mem.u64(p + BigInt(runtimeField(cls, 'NameImpl').offset)))).toBe('message');
  expect(mem.u64(p + BigInt(runtimeField(cls, 'ClassImpl').offset))).toBe(t.rt.reflection.typeObject(types.corlibType('System.String')));
  expect(mem.u64(p + BigInt(runtimeField(cls, 'MemberImpl').offset))).toBe(info);
});

describe('with a process', () => {
  let p: IcallTestRuntime;
  beforeAll(() => {
    p = icallRuntime({ withProcess: true });
  });
  afterAll(() => p.close());

  test('Domain_CurrentIsRoot_SetupHasApplicationBase', () => {
    const domain = callIcall(p, 'System.AppDomain::getCurDomain()');
    expect(domain).not.toBe(0n);
    expect(callIcall(p, 'System.AppDomain::getRootDomain()')).toBe(domain);
    const setup = callIcall(p, 'System.AppDomain::getSetup()', [domain]);
    const setupType = p.rt.types.corlibType('System.AppDomainSetup');
    const base = p.machine.memory.u64(setup + BigInt(runtimeField(setupType, 'application_base').offset));
    expect(p.rt.objects.readString(base).endsWith('\\')).toBe(true);
  });

  test('GPtrArrayFree_Twice_Invalid_IcallArgumentError', () => {
    const types = p.rt.types;
    const self = p.rt.reflection.typeObject(types.ensureLoaded(types.corlibType('System.Object')));
    const block = callIcall(p, 'System.RuntimeType::GetConstructors_native(System.Reflection.BindingFlags)', [self, 0x14n]);
    expect(p.machine.memory.u32(block + 8n)).toBe(1);
    callIcall(p, 'Mono.RuntimeGPtrArrayHandle::GPtrArrayFree(Mono.RuntimeStructs/GPtrArray*)', [block]);
    expect(() => callIcall(p, 'Mono.RuntimeGPtrArrayHandle::GPtrArrayFree(Mono.RuntimeStructs/GPtrArray*)', [block])).toThrow(IcallArgumentError);
  });
});
