/**
 * A JIT host recorded while compiling real methods answers the same questions on replay, so the
 * JIT produces identical bytes without the runtime; unrecorded questions are named errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compileMethod } from '../../src/jit/codegen/compile';
import { UnsupportedOpcodeError } from '../../src/jit/errors';
import { JitHelper, JitHost } from '../../src/jit/host';
import { JitHostReplayError, RecordingJitHost, ReplayJitHost } from '../../src/jit/host-replay';
import { AssemblyJit } from './support/assembly-host';
import { JitMachine } from './support/harness';
import { ilMethod } from './support/il';

const DLL = path.join(__dirname, '..', '..', 'build', 'test', 'jit', 'programs', 'Samples.dll');

test('RecordThenReplay_SameMethods_IdenticalCode', () => {
  if (!fs.existsSync(DLL)) throw new Error(`${DLL} is missing: run \`npm test\` to build test inputs`);
  const jm = new JitMachine();
  try {
    const asm = new AssemblyJit(jm, DLL);
    const methods = asm.methodsOf('Samples');
    for (const name of ['test_6_static_fields', 'test_1_typed_arrays', 'Greeting', 'test_55_fib', 'ToULongChecked']) {
      const info = asm.methodInfo(methods.get(name)!);
      const rec = new RecordingJitHost(asm.host);
      const live = compileMethod(info, rec);
      expect(rec.log.length).toBeGreaterThan(0);
      const replayed = compileMethod(info, new ReplayJitHost(rec.toJSON()));
      expect(Buffer.from(replayed.code).toString('hex')).toBe(Buffer.from(live.code).toString('hex'));
      expect(replayed.relocations).toEqual(live.relocations);
    }
  } finally {
    jm.close();
  }
});

test('Replay_UnrecordedQuestion_JitHostReplayError', () => {
  const host = new ReplayJitHost('[]');
  expect(() => host.resolveCall(0x06000001)).toThrow(JitHostReplayError);
  expect(() => host.helper(JitHelper.ThrowOverflow)).toThrow(/no answer to helper\(ThrowOverflow\)/);
});

test('HostWithoutOptionalQuestions_Ldtoken_UnsupportedOpcodeError', () => {
  const minimal: JitHost = {
    resolveCall: () => { throw new Error('unused'); },
    resolveString: () => { throw new Error('unused'); },
    resolveStaticField: () => { throw new Error('unused'); },
    resolveArrayType: () => { throw new Error('unused'); },
    resolveInstanceField: () => { throw new Error('unused'); },
    resolveNewObject: () => { throw new Error('unused'); },
    resolveType: () => { throw new Error('unused'); },
    helper: () => 0x1000n,
  };
  const info = ilMethod('T::Tok', 'D0 01000002 26 17 2A');
  for (const host of [minimal, new RecordingJitHost(minimal)]) {
    expect(() => compileMethod(info, host)).toThrow(UnsupportedOpcodeError);
    expect(() => compileMethod(info, host)).toThrow(/ldtoken.*does not resolve ldtoken handles yet/);
  }
});
