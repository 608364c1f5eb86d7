/**
 * ReflectionIcalls.cs reaches the runtime's reflection, enum, array, thread and domain internal
 * calls line by line; its output must be mono's, and each icall listed here must have been bound
 * on the way (so a line that stops reaching its icall, e.g. because the class library took
 * another path, shows up as a failure instead of a silently untested icall).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { PROGRAMS, runProgram } from './support';

test('ReflectionIcalls_EnumArrayTypeAttributeThreadDomainIcalls_SameOutputAsMono', async () => {
  // Named inside the test's body, so the generated icall table credits this test with them.
  const REACHED = [
    'System.Enum::GetEnumValuesAndNames(System.RuntimeType,ulong[]&,string[]&)',
    'System.Enum::InternalBoxEnum(System.RuntimeType,long)',
    'System.Enum::InternalCompareTo(object,object)',
    'System.Enum::InternalGetUnderlyingType(System.RuntimeType)',
    'System.Enum::InternalHasFlag(System.Enum)',
    'System.Enum::get_hashcode()',
    'System.Array::CreateInstanceImpl(System.Type,int[],int[])',
    'System.Array::GetValueImpl(int)',
    'System.Array::SetValueImpl(object,int)',
    'System.Array::GetValue(int[])',
    'System.Array::SetValue(object,int[])',
    'System.RuntimeType::getFullName(bool,bool)',
    'System.RuntimeType::get_DeclaringType()',
    'System.RuntimeTypeHandle::GetGenericTypeDefinition_impl(System.RuntimeType)',
    'System.RuntimeType::make_array_type(int)',
    'System.RuntimeTypeHandle::GetArrayRank(System.RuntimeType)',
    'System.RuntimeTypeHandle::GetElementType(System.RuntimeType)',
    'System.RuntimeType::GetTypeCodeImplInternal(System.Type)',
    'System.RuntimeTypeHandle::GetMetadataToken(System.RuntimeType)',
    'System.RuntimeType::GetInterfaces()',
    'System.RuntimeTypeHandle::IsByRefLike(System.RuntimeType)',
    'System.RuntimeType::GetGenericParameterPosition()',
    'System.RuntimeType::get_DeclaringMethod()',
    'System.RuntimeTypeHandle::internal_from_name(string,System.Threading.StackCrawlMark&,System.Reflection.Assembly,bool,bool,bool)',
    'System.Reflection.Assembly::GetEntryAssembly()',
    'System.Reflection.Assembly::GetTypes(bool)',
    'System.Reflection.RuntimeAssembly::get_fullname(System.Reflection.Assembly)',
    'System.MonoCustomAttrs::IsDefinedInternal(System.Reflection.ICustomAttributeProvider,System.Type)',
    'System.MonoCustomAttrs::GetCustomAttributesInternal(System.Reflection.ICustomAttributeProvider,System.Type,bool)',
    'System.Reflection.RuntimeMethodInfo::GetGenericArguments()',
    'System.Reflection.RuntimeMethodInfo::MakeGenericMethod_impl(System.Type[])',
    'System.Reflection.RuntimeMethodInfo::GetGenericMethodDefinition_impl()',
    'System.Delegate::CreateDelegate_internal(System.Type,object,System.Reflection.MethodInfo,bool)',
    'System.AppDomain::SetData(string,object)',
    'System.AppDomain::GetData(string)',
    'System.Threading.Thread::SetName_icall(System.Threading.InternalThread,char*,int)',
    'System.Threading.Thread::GetName_internal(System.Threading.InternalThread)',
    'System.Threading.Thread::GetState(System.Threading.InternalThread)',
    'System.Threading.Thread::SetState(System.Threading.InternalThread,System.Threading.ThreadState)',
    'System.Threading.Thread::ClrState(System.Threading.InternalThread,System.Threading.ThreadState)',
    'System.Threading.Interlocked::Read(long&)',
    'System.Reflection.RuntimeAssembly::GetManifestResourceInfoInternal(string,System.Reflection.ManifestResourceInfo)',
    'System.Runtime.InteropServices.Marshal::SizeOf(System.Type)',
    'System.RuntimeType::GetFields_native(intptr,System.Reflection.BindingFlags,System.RuntimeType/MemberListType)',
    'System.Reflection.FieldInfo::internal_from_handle_type(intptr,intptr)',
    'System.Reflection.RuntimeFieldInfo::GetValueInternal(object)',
    'System.Reflection.RuntimeFieldInfo::SetValueInternal(System.Reflection.FieldInfo,object,object)',
    'System.Reflection.RuntimeFieldInfo::GetParentType(bool)',
  ];
  const run = await runProgram('ReflectionIcalls.exe');
  const mono = spawnSync('mono', [path.join(PROGRAMS, 'ReflectionIcalls.exe')], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.stdout.replace(/\r\n/g, '\n')).toBe(mono.stdout);
  expect(run.result).toEqual({ kind: 'exited', exitCode: 0 });
  const bound = new Set(run.trace.filter((l) => / icall .* -> gate /.test(l)).map((l) => l.replace(/^.* icall (.*) -> gate .*$/, '$1')));
  expect(REACHED.filter((k) => !bound.has(k))).toEqual([]);
}, 300_000);
