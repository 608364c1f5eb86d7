import { Reg } from '../../emu';
import { loadAssembler, makeMachine, load, DATA } from './asm';

beforeAll(loadAssembler);

test('smoke', () => {
  const m = makeMachine();
  const { begin, end } = load(m, `mov rax, 5; add rax, 7; mov [${DATA}], rax`);
  const out = m.run({ begin, until: end });
  expect(out).toEqual({ kind: 'returned' });
  expect(m.reg(Reg.RAX)).toBe(12n);
  expect(m.memory.u64(DATA)).toBe(12n);
  expect(m.instructionsExecuted).toBeGreaterThan(0n);
  m.close();
});
