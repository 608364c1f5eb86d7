/**
 * The hello-world path's icalls called directly (no program): the main Thread made on demand
 * is the one `Thread.current_thread` holds, with managed id 1; RuntimeType objects are unique
 * per type; unknown handles and non-Type arguments are named errors.
 */
import { IcallArgumentError } from '../../src/vm/icalls';
import { runtimeField, UnknownTypeHandleError } from '../../src/vm/reflection/runtime-types';
import { callIcall, corlibMethods, icallRuntime, type IcallTestRuntime } from '../icalls/support';

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

describe('reflection behind the console code page', () => {
  const typeObj = (name: string): bigint => t.rt.reflection.typeObject(t.rt.types.ensureLoaded(t.rt.types.corlibType(name)));
  const chars = (s: string): bigint => t.rt.objects.allocString(s) + 20n;

  test('IsSubclassOf_StrictDerivation_NotItself', () => {
    const types = t.rt.types;
    const mt = (n: string): bigint => types.ensureLoaded(types.corlibType(n)).methodTable;
    expect(callIcall(t, 'System.RuntimeTypeHandle::is_subclass_of(intptr,intptr)', [mt('System.String'), mt('System.Object')])).toBe(1n);
    expect(callIcall(t, 'System.RuntimeTypeHandle::is_subclass_of(intptr,intptr)', [mt('System.Object'), mt('System.Object')])).toBe(0n);
  });

  test('GenericDefinition_IsDefinition_ArgumentsOfInstantiation', () => {
    const types = t.rt.types;
    const list = types.corlibType('System.Collections.Generic.List`1');
    const open = t.rt.reflection.fromHandle(types.definitionHandle(list), 'test');
    expect(callIcall(t, 'System.RuntimeTypeHandle::IsGenericTypeDefinition(System.RuntimeType)', [open])).toBe(1n);
    const closed = t.rt.reflection.typeObject(types.ensureLoaded(types.instantiate(list, [types.corlibType('System.Int32')])));
    expect(callIcall(t, 'System.RuntimeTypeHandle::IsGenericTypeDefinition(System.RuntimeType)', [closed])).toBe(0n);
    const args = callIcall(t, 'System.RuntimeType::GetGenericArgumentsInternal(bool)', [closed, 1n]);
    expect(t.machine.memory.u32(args + 24n)).toBe(1);
    expect(t.machine.memory.u64(args + 32n)).toBe(typeObj('System.Int32'));
    // A definition's arguments are its generic parameters: placeholder types named T, position 0.
    const params = callIcall(t, 'System.RuntimeType::GetGenericArgumentsInternal(bool)', [open, 1n]);
    expect(t.machine.memory.u32(params + 24n)).toBe(1);
    const param = t.rt.reflection.typeOfObject(t.machine.memory.u64(params + 32n))!;
    expect(param.fullName).toBe('T');
    expect(types.genericParameterInfo(param)).toEqual({ owner: list, position: 0 });
    expect(callIcall(t, 'System.RuntimeTypeHandle::IsGenericVariable(System.RuntimeType)', [t.machine.memory.u64(params + 32n)])).toBe(1n);
  });

  test('IsComObject_PlainClass_False_SecurityDisabled', () => {
    expect(callIcall(t, 'System.RuntimeTypeHandle::IsComObject(System.RuntimeType)', [typeObj('System.Object')])).toBe(0n);
    expect(callIcall(t, 'System.Security.SecurityManager::get_SecurityEnabled()')).toBe(0n);
  });

  test('GenericMethodDefinition_ArrayEmpty_True', () => {
    const empty = corlibMethods(t.rt, 'System.Array::Empty')[0]!;
    const info = t.rt.reflection.members.methodObject(empty, empty.declaringType);
    expect(callIcall(t, 'System.Reflection.RuntimeMethodInfo::get_IsGenericMethodDefinition()', [info])).toBe(1n);
  });

  test('CompareIcall_IgnoreCaseAndOrdinal_IndexFirstLast', () => {
    const cmp = 'System.Globalization.CompareInfo::internal_compare_icall(char*,int,char*,int,System.Globalization.CompareOptions)';
    expect(callIcall(t, cmp, [chars('abc'), 3n, chars('ABC'), 3n, 1n])).toBe(0n);
    expect(BigInt.asIntN(32, callIcall(t, cmp, [chars('abc'), 3n, chars('abd'), 3n, 0n]))).toBe(-1n);
    expect(callIcall(t, cmp, [chars('abcd'), 4n, chars('abc'), 3n, 0n])).toBe(1n);
    expect(() => callIcall(t, cmp, [chars('a'), 1n, chars('a'), 1n, 0x8n])).toThrow(/not supported/);
    const idx = 'System.Globalization.CompareInfo::internal_index_icall(char*,int,int,char*,int,bool)';
    expect(callIcall(t, idx, [chars('abcabc'), 1n, 5n, chars('bc'), 2n, 1n])).toBe(1n);
    expect(callIcall(t, idx, [chars('abcabc'), 1n, 5n, chars('bc'), 2n, 0n])).toBe(4n);
  });

  test('LoadAssembly_I18N_Found_Unknown_Null_FilesNone', () => {
    const load = 'System.AppDomain::LoadAssembly(string,System.Security.Policy.Evidence,bool,System.Threading.StackCrawlMark&)';
    const cell = t.rt.heaps.loader.alloc(8, 8);
    const i18n = callIcall(t, load, [0n, t.rt.objects.allocString('I18N, Version=4.0.0.0, Culture=neutral'), 0n, 0n, cell]);
    expect(i18n).not.toBe(0n);
    expect(callIcall(t, load, [0n, t.rt.objects.allocString('No.Such.Assembly'), 0n, 0n, cell])).toBe(0n);
    const files = 'System.Reflection.RuntimeAssembly::GetFilesInternal(string,bool)';
    expect(callIcall(t, files, [i18n, t.rt.objects.allocString('I18N-handlers.def'), 0n])).toBe(0n);
    expect(t.machine.memory.u32(callIcall(t, files, [i18n, 0n, 0n]) + 24n)).toBe(0);
  });
});

test('NativeName_I18N_NameVersionAndPublicKeyToken', () => {
  const load = 'System.AppDomain::LoadAssembly(string,System.Security.Policy.Evidence,bool,System.Threading.StackCrawlMark&)';
  const cell = t.rt.heaps.loader.alloc(8, 8);
  const i18n = callIcall(t, load, [0n, t.rt.objects.allocString('I18N'), 0n, 0n, cell]);
  const types = t.rt.types;
  const asmType = types.ensureLoaded(types.corlibType('System.Reflection.RuntimeAssembly'));
  const mem = t.machine.memory;
  const native = callIcall(t, 'System.Reflection.AssemblyName::GetNativeName(intptr)', [mem.u64(i18n + BigInt(runtimeField(asmType, '_mono_assembly').offset))]);
  const st = types.ensureLoaded(types.corlibType('Mono.MonoAssemblyName'));
  const at = (name: string): bigint => native + BigInt(runtimeField(st, name).offset);
  const cstr = (p: bigint): string => {
    let s = '';
    for (let c = mem.u8(p); c !== 0; c = mem.u8(++p)) s += String.fromCharCode(c);
    return s;
  };
  expect(cstr(mem.u64(at('name')))).toBe('I18N');
  expect(cstr(at('public_key_token'))).toBe('0738eb9f132ed756');
  expect([mem.u16(at('major')), mem.u16(at('minor'))]).toEqual([4, 0]);
  expect(() => callIcall(t, 'System.Reflection.AssemblyName::GetNativeName(intptr)', [0x10n])).toThrow(IcallArgumentError);
});
