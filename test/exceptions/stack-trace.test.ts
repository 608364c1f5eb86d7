/**
 * A caught exception carries `_stackTrace`, an IntPtr[] of the IPs from the throw point to the
 * catching frame (what Mono's `StackTrace.get_trace` reads), and the formatter names those frames
 * as .NET does.
 */
import * as path from 'path';
import { Machine, Prot, Reg } from '../../emu';
import { findInstanceField, formatTrace } from '../../src/vm/exceptions';
import { findRegressionTests } from '../../src/vm/regression';
import { Runtime } from '../../src/vm/runtime';

const FILE = path.resolve(__dirname, '..', '..', 'build', 'test', 'exceptions', 'suites', 'Traces.dll');
const STACK_SIZE = 1 << 20;

test('CaughtException_StackTraceHoldsThrowToCatchFrames_FormattedAsDotNet', () => {
  const machine = Machine.create();
  try {
    const stack = machine.memory.reserve(STACK_SIZE);
    machine.memory.commit(stack, STACK_SIZE, Prot.Read | Prot.Write);
    const rt = new Runtime({
      machine, appDirectory: path.dirname(FILE),
      gc: { stackRange: () => ({ low: machine.reg(Reg.RSP), high: stack + BigInt(STACK_SIZE) }) },
    });
    const [capture] = findRegressionTests(rt, FILE);
    const asm = rt.loadMainAssembly(FILE);
    machine.setReg(Reg.RSP, stack + BigInt(STACK_SIZE) - 0x100n);
    const md = rt.types.methodDesc(asm, capture!.row);
    expect(machine.callGuest(rt.entryOf(md), []) & 0xffff_ffffn).toBe(0n);

    const field = md.declaringType.staticFields.find((f) => f.name === 'Caught')!;
    const mem = machine.memory;
    const exception = mem.u64(field.address);
    expect(exception).not.toBe(0n);
    const traceField = findInstanceField(rt.types.typeOfMethodTable(mem.u64(exception))!, '_stackTrace')!;
    const trace = mem.u64(exception + BigInt(traceField.offset));
    expect(rt.types.typeOfMethodTable(mem.u64(trace))!.fullName).toBe('System.IntPtr[]');
    const count = mem.u32(trace + 24n);
    const ips = Array.from({ length: count }, (_, i) => mem.u64(trace + 32n + 8n * BigInt(i)));
    expect(formatTrace(rt, ips)).toEqual(['Traces.Inner()', 'Traces.Outer(Int32 n)', 'Traces.test_0_capture()']);
  } finally {
    machine.close();
  }
});
