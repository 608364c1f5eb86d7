/**
 * `clremu regression <assembly>`: Mono's `--regression` mode on our runtime. Every static method
 * with no parameters that returns int32 and is named `test_<N>_<name>` (any type, any visibility,
 * as mono/mini/driver.c selects them) is JIT-compiled and called; a result other than N is a
 * failure. For each type that has tests it prints
 *
 *     <name> failed: got X, expected N        (one line per failure; <name> as in test_<N>_<name>)
 *     <name> failed: <why>                    (a test that could not be compiled, faulted or threw)
 *     Regression tests: R ran, F failed in <Type>
 *
 * and the exit status is the total number of failures. (Mono 6.8 itself words its lines
 * differently — `Test 'test_5_x' failed result (got 4, expected 5).` and a `Results:` summary per
 * optimisation set — so tests compare outcomes with it, not text.) Each test runs
 * on a fresh machine stack within one runtime, so class constructors run once, as under Mono.
 */
import * as path from 'path';
import { Machine, Prot, Reg, GuestFault } from '../../emu';
import { ElementType, SignatureTypeProvider, TableId } from '../metadata';
import { CodegenError, InvalidProgramError } from '../jit/errors';
import { VmError } from './errors';
import { Runtime, type RuntimeTrace } from './runtime';

export interface RegressionOptions {
  bclDirectory?: string;
  trace?: RuntimeTrace;
  /** Instruction budget per test method. */
  maxInstructions?: number;
  write: (line: string) => void;
}

export interface RegressionTest {
  readonly type: string;
  readonly method: string;
  readonly expected: number;
  readonly row: number;
}

export interface RegressionResult {
  readonly ran: number;
  readonly failed: number;
  /** Tests that could not be compiled or did not return (exception, fault). */
  readonly compileFailed: number;
}

const STACK_SIZE = 16 * 1024 * 1024;
const TEST_NAME = /^test_(\d+)_/;
const TEST_NAME_SUFFIX = /^test_\d+_(.*)$/;

/** A provider that only says whether a signature type is int32 (and whether there are any). */
const kindProvider: SignatureTypeProvider<string, null> = {
  primitive: (c) => (c === ElementType.I4 ? 'i4' : 'other'),
  typeFromDefinition: () => 'other', typeFromReference: () => 'other', typeFromSpecification: () => 'other',
  szArray: () => 'other', array: () => 'other', byReference: () => 'other', pointer: () => 'other',
  pinned: (t) => t, genericInstantiation: () => 'other', genericTypeParameter: () => 'other',
  genericMethodParameter: () => 'other', functionPointer: () => 'other', modified: (_m, t) => t,
};

/** The `test_N_name` methods of an assembly, in metadata order. */
export function findRegressionTests(rt: Runtime, file: string): RegressionTest[] {
  const asm = rt.loadMainAssembly(file);
  const md = asm.md;
  const out: RegressionTest[] = [];
  const n = md.rowCount(TableId.MethodDef);
  for (let row = 1; row <= n; row++) {
    const m = md.row.methodDef(row);
    const match = TEST_NAME.exec(m.name);
    if (!match || !(m.flags & 0x10)) continue;
    const sig = md.methodDefSignature(row, kindProvider, null);
    if (sig.parameterTypes.length !== 0 || sig.returnType !== 'i4' || sig.genericParameterCount !== 0) continue;
    out.push({ type: asm.typeDefName(md.declaringTypeOfMethod(row)), method: m.name, expected: Number(match[1]), row });
  }
  return out;
}

export function runRegression(file: string, options: RegressionOptions): RegressionResult {
  const machine = Machine.create();
  try {
    const stack = machine.memory.reserve(STACK_SIZE);
    machine.memory.commit(stack, STACK_SIZE, Prot.Read | Prot.Write);
    const top = stack + BigInt(STACK_SIZE) - 0x100n;
    const rt = new Runtime({
      machine, appDirectory: path.dirname(path.resolve(file)), bclDirectory: options.bclDirectory, trace: options.trace,
      // No TEB here: the collector scans this stack from RSP to its top.
      gc: { stackRange: () => ({ low: machine.reg(Reg.RSP), high: stack + BigInt(STACK_SIZE) }) },
    });
    const tests = findRegressionTests(rt, file);
    const asm = rt.loadMainAssembly(file);
    let failed = 0;
    let cfailed = 0;
    for (const [type, group] of groupByType(tests)) {
      let failedHere = 0;
      for (const t of group) {
        const name = TEST_NAME_SUFFIX.exec(t.method)?.[1] ?? t.method;
        machine.setReg(Reg.RSP, top);
        let got: number;
        try {
          const entry = rt.entryOf(rt.types.methodDesc(asm, t.row));
          got = Number(BigInt.asIntN(32, machine.callGuest(entry, [], limitsFor(options))));
        } catch (err) {
          if (!(err instanceof VmError || err instanceof GuestFault || err instanceof InvalidProgramError || err instanceof CodegenError)) throw err;
          cfailed++;
          failedHere++;
          const why = err instanceof GuestFault ? err.fault.describe() : `${err.name}: ${err.message}`;
          options.write(`${name} failed: ${why}`);
          continue;
        }
        if (got !== t.expected) {
          failed++;
          failedHere++;
          options.write(`${name} failed: got ${got}, expected ${t.expected}`);
        }
      }
      options.write(`Regression tests: ${group.length} ran, ${failedHere} failed in ${type}`);
    }
    const ran = tests.length;
    return { ran, failed, compileFailed: cfailed };
  } finally {
    machine.close();
  }
}

/** Tests grouped by declaring type, types in the order their first test appears. */
function groupByType(tests: readonly RegressionTest[]): Map<string, RegressionTest[]> {
  const groups = new Map<string, RegressionTest[]>();
  for (const t of tests) {
    const group = groups.get(t.type);
    if (group) group.push(t);
    else groups.set(t.type, [t]);
  }
  return groups;
}

/**
 * A test runs under the user's instruction budget when one is given, else under a wall-clock
 * limit: any budget switches the machine to exact instruction counting, which is far slower on
 * tight loops, so it is not the default.
 */
function limitsFor(options: { maxInstructions?: number }): { maxInstructions?: number; timeoutMs?: number } {
  return options.maxInstructions !== undefined ? { maxInstructions: options.maxInstructions } : { timeoutMs: DEFAULT_TEST_TIMEOUT_MS };
}

/** How long one `test_N_name` method may run when no budget is given. */
const DEFAULT_TEST_TIMEOUT_MS = 60_000;
