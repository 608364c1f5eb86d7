/**
 * Console hello world through Mono's real class library: the same stdout as `mono` (CRLF read as
 * LF: the guest is a Windows process and writes "\r\n") and the same exit code.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { exitStatus, ROOT, runManaged } from '../vm/support';

const BIN = path.join(ROOT, 'bin', 'clremu');

function compare(exe: string): void {
  const mono = spawnSync('mono', [exe], { encoding: 'utf8' });
  const ours = spawnSync('node', [BIN, 'run', exe], { encoding: 'utf8', timeout: 300_000 });
  expect(ours.stderr).toBe('');
  expect(ours.stdout).toContain('\r\n');
  expect(ours.stdout.replace(/\r\n/g, '\n')).toBe(mono.stdout);
  expect(ours.status).toBe(mono.status);
}

test('HelloSample_RealConsole_SameStdoutAsMono', () => {
  compare(path.join(ROOT, 'build', 'samples', 'managed', 'hello.exe'));
}, 300_000);

test('HelloSample_ReachesConsoleThroughI18N_IcallsBound', async () => {
  const r = await runManaged(path.join(ROOT, 'build', 'samples', 'managed', 'hello.exe'));
  expect(exitStatus(r.result)).toBe(0);
  expect(r.stdout).toBe('Hello from .NET on an emulated x86-64 CPU!\r\n');
  const bound = r.trace.filter((l) => / icall .* -> gate /.test(l)).map((l) => l.replace(/^.* icall (.*) -> gate .*$/, '$1'));
  // Span<T> over ByReference<T> (runtime-provided code), and the I18N code-page assembly found by
  // reflection: its code base, a case-insensitive type lookup, IsReferenceOrContainsReferences.
  expect(r.trace.some((l) => l.includes('intrinsic System.ByReference`1<System.Byte>::.ctor'))).toBe(true);
  for (const key of [
    'System.RuntimeTypeHandle::HasReferences(System.RuntimeType)',
    'System.Reflection.RuntimeAssembly::get_code_base(System.Reflection.Assembly,bool)',
    'System.Reflection.Assembly::InternalGetType(System.Reflection.Module,string,bool,bool)',
  ]) expect(bound).toContain(key);
}, 300_000);

test('Doubles_FormattingCollectionsLinq_SameStdoutAsMono', () => {
  // Doubles reach Interop/Sys::DoubleToString(double,byte*,byte*,int) under the class library.
  compare(path.join(ROOT, 'build', 'test', 'hello', 'Doubles.exe'));
}, 300_000);
