/**
 * JIT-compiled methods are visible to the emulated process's exception dispatch: after
 * registration, RtlLookupFunctionEntry's lookup (loader/seh) finds each compiled method's
 * RUNTIME_FUNCTION, including methods compiled later (the table is regrown and re-registered),
 * and the entry's unwind info is the one the JIT produced.
 */
import * as path from 'path';
import { Prot, Reg } from '../../emu';
import { lookupFunctionEntry } from '../../loader/seh';
import { readUnwindInfo } from '../../loader/unwind';
import { registerCodeHeapWithSeh } from '../../src/vm/exceptions';
import { findRegressionTests } from '../../src/vm/regression';
import { Runtime } from '../../src/vm/runtime';
import { createTestProcess } from '../crt/fake-os';

const FILE = path.resolve(__dirname, '..', '..', 'build', 'test', 'exceptions', 'suites', 'Basic.dll');
const STACK_SIZE = 1 << 20;

test('CompiledMethods_FoundByProcessFunctionLookup_TableRegrowsAcrossInstalls', () => {
  const p = createTestProcess();
  try {
    const machine = p.machine;
    const stack = machine.memory.reserve(STACK_SIZE);
    machine.memory.commit(stack, STACK_SIZE, Prot.Read | Prot.Write);
    const rt = new Runtime({
      machine, appDirectory: path.dirname(FILE), os: p.os,
      gc: { stackRange: () => ({ low: machine.reg(Reg.RSP), high: stack + BigInt(STACK_SIZE) }) },
    });
    registerCodeHeapWithSeh(rt, p.os);
    const asm = rt.loadMainAssembly(FILE);
    const tests = findRegressionTests(rt, FILE);
    // Running every test compiles well over 16 methods (the table's first capacity, so it is regrown twice) of Basic and mscorlib.
    for (const t of tests) {
      machine.setReg(Reg.RSP, stack + BigInt(STACK_SIZE) - 0x100n);
      machine.callGuest(rt.entryOf(rt.types.methodDesc(asm, t.row)), []);
    }
    const table = rt.code.functionTable;
    expect(table.count).toBeGreaterThan(32);
    for (const t of tests) {
      const md = rt.types.methodDesc(asm, t.row);
      const entry = lookupFunctionEntry(p.os, md.code + 1n);
      expect(entry).toBeDefined();
      expect(entry!.imageBase + BigInt(entry!.begin)).toBe(md.code);
      expect(entry!.imageBase + BigInt(entry!.end)).toBe(md.code + BigInt(md.codeSize));
      const info = readUnwindInfo(machine.memory, entry!.imageBase, entry!.unwindInfo);
      expect(info.frameRegister).toBe(5); // RBP, as the JIT's prologue sets it
    }
    expect(lookupFunctionEntry(p.os, rt.heaps.code.base - 1n)).toBeUndefined();
  } finally {
    p.close();
  }
});
