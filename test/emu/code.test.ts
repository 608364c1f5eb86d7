/**
 * Code hooks, block hooks, and translated-code invalidation after host writes.
 */
import { Machine, MemoryError, NestedGuestCallError, Reg } from '../../emu';
import { asm, loadAssembler, makeMachine, load, CODE } from './asm';

beforeAll(loadAssembler);

let m: Machine;
beforeEach(() => { m = makeMachine(); });
afterEach(() => m.close());

test('HostRewritesTranslatedCode_FlushCode_NewCodeRuns', () => {
  // Unicorn retranslates the block at `begin` on every start, so the patched code is a callee.
  const f = CODE + 0x100n;
  load(m, 'mov eax, 1; ret', f);
  const { begin, end } = load(m, `sub rsp, 0x28; mov rbx, ${f}; call rbx; add rsp, 0x28`);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
  expect(m.reg(Reg.RAX)).toBe(1n);
  const patch = asm('mov eax, 2', f);
  // Write through a zero-copy view, which (unlike Memory.write) does not flush by itself.
  m.memory.view(f, patch.length).set(patch);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
  expect(m.reg(Reg.RAX)).toBe(1n); // Unicorn still runs its stale translation…
  m.flushCode(f, patch.length);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
  expect(m.reg(Reg.RAX)).toBe(2n); // …until it is told.
});

test('HostWriteThroughMemoryWrite_FlushesExecutablePages', () => {
  const f = CODE + 0x100n;
  load(m, 'mov eax, 1; ret', f);
  m.run({ begin: f, until: f + 5n });
  expect(m.callGuest(f, [])).toBe(1n);
  m.memory.write(f, asm('mov eax, 3', f));
  expect(m.callGuest(f, [])).toBe(3n);
  m.memory.setU32(f + 1n, 4);
  expect(m.callGuest(f, [])).toBe(4n);
});

test('GuestSelfModifyingCode_SeenWithoutFlush', () => {
  // Guest stores invalidate translations by themselves (make the page writable first).
  m.memory.protect(CODE, 0x1000, 1 | 2 | 4);
  const { begin, end } = load(m, `mov rbx, ${CODE + 0x100n}; mov byte ptr [rbx + 1], 7`);
  load(m, 'mov eax, 1; ret', CODE + 0x100n);
  expect(m.callGuest(CODE + 0x100n, [])).toBe(1n);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
  expect(m.callGuest(CODE + 0x100n, [])).toBe(7n);
});

test('CodeHook_CalledPerInstructionInRange_RemoveStops', () => {
  const { begin, end } = load(m, 'inc rax; inc rax; inc rax; inc rax');
  const seen: bigint[] = [];
  const hook = m.addCodeHook(CODE + 3n, CODE + 6n, (addr, size) => { seen.push(addr); expect(size).toBe(3); });
  m.run({ begin, until: end });
  expect(seen).toEqual([CODE + 3n, CODE + 6n]);
  hook.remove();
  m.run({ begin, until: end });
  expect(seen.length).toBe(2);
});

test('CodeHookAddedAfterTranslation_StillCalled', () => {
  const { begin, end } = load(m, 'inc rax; inc rax');
  m.run({ begin, until: end });
  let calls = 0;
  const hook = m.addCodeHook(1n, 0n, () => { calls++; });
  m.run({ begin, until: end });
  expect(calls).toBe(2);
  hook.remove();
});

test('BlockHook_CalledPerBlock', () => {
  const { begin, end } = load(m, 'mov ecx, 3; l: dec ecx; jnz l; nop');
  const blocks: bigint[] = [];
  const hook = m.addBlockHook(CODE, CODE + 0x100n, (addr) => blocks.push(addr));
  m.run({ begin, until: end });
  hook.remove();
  expect(blocks[0]).toBe(CODE);
  expect(blocks.filter((b) => b === CODE + 5n).length).toBeGreaterThanOrEqual(2);
});

test('StopFromHook_RunStopped', () => {
  const { begin, end } = load(m, 'inc rax; inc rax; inc rax; inc rax');
  const hook = m.addCodeHook(CODE + 6n, CODE + 6n, () => m.stop());
  expect(m.run({ begin, until: end })).toEqual({ kind: 'stopped' });
  hook.remove();
  expect(m.reg(Reg.RAX)).toBeLessThan(4n);
});

test('RunFromInsideCodeHook_NestedGuestCallError', () => {
  const { begin, end } = load(m, 'inc rax; inc rax');
  const hook = m.addCodeHook(CODE, CODE, () => { m.run({ begin, until: end }); });
  expect(() => m.run({ begin, until: end })).toThrow(NestedGuestCallError);
  hook.remove();
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
});

test('TrapFlag_SingleStepFault_AfterFirstInstruction', () => {
  const { begin, end } = load(m, 'inc rax; inc rax; inc rax');
  m.setReg(Reg.RFLAGS, 0x202n | 0x100n);
  const out = m.run({ begin, until: end });
  expect(out.kind === 'fault' && out.fault.kind).toBe('single-step');
  expect(out.kind === 'fault' && out.fault.rip).toBe(CODE + 3n);
  expect(m.reg(Reg.RAX)).toBe(1n);
});

test('RunAtUnmappedAddress_AccessViolationExecute', () => {
  const out = m.run({ begin: 0x7777_0000n, until: 0x7777_0010n });
  expect(out.kind === 'fault' && out.fault.kind).toBe('access-violation');
  expect(out.kind === 'fault' && out.fault.access).toBe('execute');
  expect(out.kind === 'fault' && out.fault.rip).toBe(0x7777_0000n);
});

test('CallGuestWithUnmappedStack_MemoryErrorNotCrash', () => {
  load(m, 'ret', CODE + 0x100n);
  m.setReg(Reg.RSP, 0x10n);
  expect(() => m.callGuest(CODE + 0x100n, [])).toThrow(MemoryError);
});
