import { generateCode } from '../../src/jit/codegen/compile';
import { Op } from '../../src/jit/ir/ir';
import { IrType } from '../../src/jit/ir/types';
import { validateFunction } from '../../src/jit/ir/validate';
import { JitMachine } from './support/harness';
import { buildIr } from './support/ir-builder';

let jm: JitMachine;
beforeAll(() => { jm = new JitMachine(); });
afterAll(() => jm.close());

test('AddInt32_Runs_ReturnsSum', () => {
  const f = buildIr([IrType.I4, IrType.I4], IrType.I4, (e) => e.op(Op.Add, IrType.I4, [e.args[0]!, e.args[1]!]));
  validateFunction(f);
  const m = generateCode(f, jm.host);
  const entry = jm.install(m);
  expect(jm.call(entry, [2n, 40n], IrType.I4)).toBe(42n);
  expect(jm.call(entry, [0x7fffffffn, 1n], IrType.I4)).toBe(-0x80000000n);
});
