/**
 * Hello-world path programs (test/hello/*.cs): each exercises one piece of what
 * `Console.WriteLine("Hello")` needs from the runtime under Mono's real class library (type
 * identity, the start-up Thread, reflection for EqualityComparer<T>.Default …). Each must exit
 * with the same code under clremu as under mono (100 = every check held) and bind the icalls
 * it is there to exercise (the runtime's `icall … -> gate` trace lines).
 */
import * as path from 'path';
import { exitStatus, monoExit, ROOT, runManaged } from '../vm/support';

const HELLO = path.join(ROOT, 'build', 'test', 'hello');

/** Runs `name`.exe under mono and clremu: same exit code, no stderr, and every icall in `icalls` bound. */
async function sameAsMono(name: string, exit: number, icalls: readonly string[]): Promise<void> {
  const file = path.join(HELLO, `${name}.exe`);
  expect(monoExit(file)).toBe(exit);
  const r = await runManaged(file);
  expect(r.stderr).toBe('');
  expect(exitStatus(r.result)).toBe(exit);
  const bound = r.trace.filter((l) => / icall .* -> gate /.test(l)).map((l) => l.replace(/^.* icall (.*) -> gate .*$/, '$1'));
  for (const key of icalls) expect(bound).toContain(key);
}

describe('hello-world path programs', () => {
  test('TypeIdentity_SameExitCodeAsMono_100', () => sameAsMono('TypeIdentity', 100, [
    'System.Type::internal_from_handle(intptr)',
    'System.Object::GetType()',
    'System.RuntimeTypeHandle::type_is_assignable_from(System.Type,System.Type)',
  ]), 120_000);

  test('Location_SameExitCodeAsMono_100', () => sameAsMono('Location', 100, [
    'System.Reflection.RuntimeAssembly::get_location()',
    'System.Reflection.RuntimeAssembly::get_code_base(System.Reflection.Assembly,bool)',
  ]), 120_000);

  test('Threads_SameExitCodeAsMono_100', () => sameAsMono('Threads', 100, [
    'System.Threading.Thread::GetPriorityNative()',
  ]), 120_000);

  test('Comparers_SameExitCodeAsMono_100', () => sameAsMono('Comparers', 100, [
    'System.RuntimeType::MakeGenericType(System.Type,System.Type[])',
    'System.RuntimeType::GetConstructors_native(System.Reflection.BindingFlags)',
    'Mono.RuntimeGPtrArrayHandle::GPtrArrayFree(Mono.RuntimeStructs/GPtrArray*)',
    'System.Reflection.RuntimeMethodInfo::GetMethodFromHandleInternalType_native(intptr,intptr,bool)',
    'System.Reflection.MonoMethodInfo::get_parameter_info(intptr,System.Reflection.MemberInfo)',
    'System.Reflection.RuntimeConstructorInfo::InternalInvoke(object,object[],System.Exception&)',
    'System.RuntimeType::get_Name()',
    'System.RuntimeTypeHandle::GetAttributes(System.RuntimeType)',
    'System.RuntimeTypeHandle::GetBaseType(System.RuntimeType)',
    'System.RuntimeTypeHandle::HasInstantiation(System.RuntimeType)',
    'System.RuntimeTypeHandle::IsGenericVariable(System.RuntimeType)',
  ]), 120_000);

  test('Domain_SameExitCodeAsMono_100', () => sameAsMono('Domain', 100, [
    'System.AppDomain::getCurDomain()',
    'System.AppDomain::getFriendlyName()',
  ]), 120_000);

  test('Reflect_SameExitCodeAsMono_100', () => sameAsMono('Reflect', 100, [
    'System.Reflection.Assembly::GetExecutingAssembly()',
    'System.Reflection.Assembly::InternalGetType(System.Reflection.Module,string,bool,bool)',
    'System.Reflection.MonoMethodInfo::get_method_attributes(intptr)',
    'System.Reflection.MonoMethodInfo::get_method_info(intptr,System.Reflection.MonoMethodInfo&)',
    'System.Reflection.RuntimeAssembly::GetManifestResourceInternal(string,int&,System.Reflection.Module&)',
    'System.Reflection.RuntimeMethodInfo::InternalInvoke(object,object[],System.Exception&)',
    'System.Reflection.RuntimeMethodInfo::get_IsGenericMethod()',
    'System.Reflection.RuntimePropertyInfo::get_property_info(System.Reflection.RuntimePropertyInfo,System.Reflection.MonoPropertyInfo&,System.Reflection.PInfo)',
    'System.Reflection.RuntimePropertyInfo::internal_from_handle_type(intptr,intptr)',
    'System.Runtime.InteropServices.Marshal::copy_from_unmanaged_fixed(intptr,int,System.Array,int,void*)',
    'System.Runtime.InteropServices.Marshal::copy_to_unmanaged_fixed(System.Array,int,intptr,int,void*)',
    'System.RuntimeType::GetMethodsByName_native(intptr,System.Reflection.BindingFlags,System.RuntimeType/MemberListType)',
    'System.RuntimeType::GetPropertiesByName_native(intptr,System.Reflection.BindingFlags,System.RuntimeType/MemberListType)',
    'System.RuntimeTypeHandle::GetAssembly(System.RuntimeType)',
    'System.RuntimeTypeHandle::GetCorElementType(System.RuntimeType)',
    'System.RuntimeTypeHandle::IsInstanceOfType(System.RuntimeType,object)',
  ]), 120_000);
});
