/**
 * Host gates: Windows x64 argument passing (registers, stack slots, XMM), return values, GuestExit,
 * tail jumps, exceptions reaching the caller, and re-entering the guest from a handler.
 */
import { GateCall, GuestExit, GuestFault, Machine, NestedGuestCallError, Prot, Reg, GATE_REGION_BASE } from '../../emu';
import { loadAssembler, makeMachine, load, CODE, DATA } from './asm';

beforeAll(loadAssembler);

let m: Machine;
beforeEach(() => { m = makeMachine(); });
afterEach(() => m.close());

/** Calls `gate` with six integer arguments and a double in the fourth slot, like a C caller would. */
function sixArgCaller(gate: bigint): string {
  return [
    'sub rsp, 0x38',
    'mov qword ptr [rsp + 0x28], 0x66',
    'mov qword ptr [rsp + 0x20], 0x55',
    'mov rcx, 0x11',
    'mov rdx, 0x22',
    'mov r8, 0x33',
    'mov rax, 0x400A000000000000', // 3.25
    'movq xmm3, rax',
    'mov r9, 0x44',
    `mov rax, ${gate}`,
    'call rax',
    'add rsp, 0x38',
  ].join('; ');
}

test.each([false, true])('SixArgsAndDouble_leaf=%s_HandlerSeesAbiArguments', (leaf) => {
  const seen: { ints: bigint[]; d: number; ret: bigint; name: string } = { ints: [], d: 0, ret: 0n, name: '' };
  const gate = m.gates.define('test!six', (call: GateCall) => {
    seen.ints = [0, 1, 2, 3, 4, 5].map((i) => call.arg(i));
    seen.d = call.argF64(3);
    seen.ret = call.returnAddress;
    seen.name = call.name;
    return 0x1234n;
  }, { leaf });
  const { begin, end } = load(m, sixArgCaller(gate));
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
  expect(seen.ints).toEqual([0x11n, 0x22n, 0x33n, 0x44n, 0x55n, 0x66n]);
  expect(seen.d).toBe(3.25);
  expect(seen.name).toBe('test!six');
  expect(m.gates.nameAt(gate)).toBe('test!six');
  expect(seen.ret).toBeGreaterThan(CODE);
  expect(seen.ret).toBeLessThan(end);
  expect(m.reg(Reg.RAX)).toBe(0x1234n);
});

test('ReturnF64_SetsXmm0', () => {
  const gate = m.gates.define('sqrt', (call) => { call.returnF64(Math.sqrt(call.argF64(0))); });
  const { begin, end } = load(m, `mov rax, 0x4039000000000000; movq xmm0, rax; sub rsp, 0x28; mov rax, ${gate}; call rax; add rsp, 0x28; movq rbx, xmm0`);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
  const out = new DataView(new BigUint64Array([m.reg(Reg.RBX)]).buffer).getFloat64(0, true);
  expect(out).toBe(5);
});

test('NegativeNumberResult_SignExtendedIntoRax', () => {
  const gate = m.gates.define('minus', () => -1, { leaf: true });
  const { begin, end } = load(m, `sub rsp, 0x28; mov rax, ${gate}; call rax; add rsp, 0x28`);
  m.run({ begin, until: end });
  expect(m.reg(Reg.RAX)).toBe(0xFFFF_FFFF_FFFF_FFFFn);
});

test.each([false, true])('GuestExit_leaf=%s_RunExitsWithCode', (leaf) => {
  const gate = m.gates.define('ExitProcess', (call) => { throw new GuestExit(Number(call.arg(0))); }, { leaf });
  const { begin, end } = load(m, `sub rsp, 0x28; mov ecx, 42; mov rax, ${gate}; call rax; ud2`);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'exited', code: 42 });
});

test.each([false, true])('HandlerThrows_leaf=%s_ErrorReachesCaller', (leaf) => {
  const gate = m.gates.define('boom', () => { throw new RangeError('from the handler'); }, { leaf });
  const { begin, end } = load(m, `sub rsp, 0x28; mov rax, ${gate}; call rax; add rsp, 0x28`);
  expect(() => m.run({ begin, until: end })).toThrow(/from the handler/);
  // The machine stays usable after the error.
  const again = load(m, 'mov rax, 9', CODE + 0x800n);
  expect(m.run({ begin: again.begin, until: again.end })).toEqual({ kind: 'returned' });
  expect(m.reg(Reg.RAX)).toBe(9n);
});

test('CodeHookThrows_ErrorReachesCaller_EmulationStopped', () => {
  const { begin, end } = load(m, 'inc rax; inc rax; inc rax; inc rax');
  let calls = 0;
  const hook = m.addCodeHook(CODE + 3n, CODE + 3n, () => { calls++; throw new Error('hook says no'); });
  expect(() => m.run({ begin, until: end })).toThrow('hook says no');
  expect(calls).toBe(1);
  // Emulation stopped at the hook instead of running on to the end.
  expect(m.reg(Reg.RAX)).toBeLessThan(4n);
  hook.remove();
});

test.each([false, true])('Jump_leaf=%s_ContinuesAtTargetWithCallersFrame', (leaf) => {
  const target = CODE + 0x400n;
  load(m, 'mov rbx, 77; ret', target);
  const gate = m.gates.define('precode', (call) => call.jump(target), { leaf });
  const { begin, end } = load(m, `sub rsp, 0x28; mov rax, ${gate}; call rax; add rsp, 0x28`);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
  expect(m.reg(Reg.RBX)).toBe(77n);
});

test('CallGuestFromGate_Nested_ReturnsAndRestoresRegisters', () => {
  // square(x) in guest code; the gate computes square(arg0) + 1 by calling back into the guest.
  const square = CODE + 0x400n;
  load(m, 'mov rax, rcx; imul rax, rcx; mov r11, 0xdead; ret', square);
  const gate = m.gates.define('viaGuest', (call) => m.callGuest(square, [call.arg(0)]) + 1n);
  const { begin, end } = load(m, `mov r11, 5; mov ecx, 12; sub rsp, 0x28; mov rax, ${gate}; call rax; add rsp, 0x28`);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
  expect(m.reg(Reg.RAX)).toBe(145n);
  expect(m.reg(Reg.R11)).toBe(5n);
});

test('CallGuestTwoLevels_GateCallsGuestWhichCallsGate', () => {
  const inner = m.gates.define('inner', (call) => call.arg(0) * 2n, { leaf: true });
  const helper = CODE + 0x400n;
  load(m, `sub rsp, 0x28; mov rax, ${inner}; call rax; add rsp, 0x28; add rax, 1; ret`, helper);
  const outer = m.gates.define('outer', (call) => m.callGuest(helper, [call.arg(0)]) * 10n);
  const { begin, end } = load(m, `mov ecx, 4; sub rsp, 0x28; mov rax, ${outer}; call rax; add rsp, 0x28`);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
  expect(m.reg(Reg.RAX)).toBe(90n);
});

test('CallGuestWithStackArgs_SeesSixArguments_AlignedStack', () => {
  const fn = CODE + 0x400n;
  // rax = a1 + a2 + a3 + a4 + [rsp+0x28] + [rsp+0x30]; rbx = rsp at entry
  load(m, 'mov rbx, rsp; mov rax, rcx; add rax, rdx; add rax, r8; add rax, r9; add rax, [rsp+0x28]; add rax, [rsp+0x30]; mov [rsp+8], rbx; ret', fn);
  m.setReg(Reg.RSP, m.reg(Reg.RSP) - 3n); // misaligned on purpose
  const rsp = m.reg(Reg.RSP);
  expect(m.callGuest(fn, [1n, 2n, 3n, 4n, 5n, 6n])).toBe(21n);
  expect(m.reg(Reg.RSP)).toBe(rsp);
  // Check alignment through the shadow-space slot the callee wrote.
  let entryRsp = 0n;
  const probe = m.gates.define('probe', (call) => { entryRsp = call.entryRsp; });
  m.callGuest(probe, []);
  expect(entryRsp % 16n).toBe(8n);
});

test('CallGuestFaulting_ThrowsGuestFault', () => {
  const fn = CODE + 0x400n;
  load(m, 'mov rax, [0]; ret', fn);
  try {
    m.callGuest(fn, []);
    throw new Error('expected a fault');
  } catch (e) {
    expect(e).toBeInstanceOf(GuestFault);
    expect((e as GuestFault).fault.kind).toBe('access-violation');
    expect((e as GuestFault).fault.rip).toBe(fn);
  }
});

test('CallGuestFromLeafGate_NestedGuestCallError', () => {
  const fn = CODE + 0x400n;
  load(m, 'ret', fn);
  const gate = m.gates.define('leafy', () => m.callGuest(fn, []), { leaf: true });
  const { begin, end } = load(m, `sub rsp, 0x28; mov rax, ${gate}; call rax; add rsp, 0x28`);
  expect(() => m.run({ begin, until: end })).toThrow(NestedGuestCallError);
});

test('GuestExitInsideCallGuest_PropagatesToOuterRun', () => {
  const exit = m.gates.define('exit', (call) => { throw new GuestExit(Number(call.arg(0))); });
  const fn = CODE + 0x400n;
  load(m, `mov ecx, 3; sub rsp, 0x28; mov rax, ${exit}; call rax; ud2`, fn);
  const outer = m.gates.define('outer', () => m.callGuest(fn, []));
  const { begin, end } = load(m, `sub rsp, 0x28; mov rax, ${outer}; call rax; add rsp, 0x28`);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'exited', code: 3 });
});

test('SyscallOutsideGate_InvalidOpcode', () => {
  const { begin, end } = load(m, 'nop; syscall; nop');
  const out = m.run({ begin, until: end });
  expect(out.kind === 'fault' && out.fault.kind).toBe('invalid-opcode');
  expect(out.kind === 'fault' && out.fault.rip).toBe(CODE + 1n);
});

test('GateRegion_ContainsAndNames', () => {
  const a = m.gates.define('a', () => 0);
  const b = m.gates.define('b', () => 0);
  expect(m.gates.contains(a)).toBe(true);
  expect(m.gates.contains(GATE_REGION_BASE)).toBe(true);
  expect(m.gates.contains(DATA)).toBe(false);
  expect(m.gates.nameAt(b)).toBe('b');
  expect(m.gates.nameAt(DATA)).toBeUndefined();
  expect(b - a).toBe(8n);
});

test('ManyGateCalls_InstructionCountStaysExact', () => {
  const gate = m.gates.define('tick', () => 1);
  // 1 (mov) + 100 × (call, syscall, ret, dec, jnz) instructions.
  const { begin, end } = load(m, `mov ecx, 100; sub rsp, 0x28; l: call qword ptr [rip + t]; dec rcx; jnz l; add rsp, 0x28; jmp done; t: .quad ${gate}; done: nop`);
  const before = m.instructionsExecuted;
  void begin; void end;
  const out = m.run({ begin, until: end - 1n, maxInstructions: 1_000_000 });
  expect(out).toEqual({ kind: 'returned' });
  expect(m.countingEnabled).toBe(true);
  // mov, sub + 100 × (call, syscall, ret, dec, jnz) + add, jmp
  expect(m.instructionsExecuted - before).toBe(2n + 500n + 2n);
});

test.each([false, true])('GateCommitsMemory_leaf=%s_GuestUsesItAfterReturn', (leaf) => {
  // A VirtualAlloc-like gate changes the memory map while the guest is stopped in it.
  const alloc = m.gates.define('alloc', () => {
    const base = m.memory.reserve(0x10000);
    m.memory.commit(base, 0x1000, Prot.Read | Prot.Write);
    return base;
  }, { leaf });
  const protect = m.gates.define('protect', (call) => m.memory.protect(call.arg(0), 0x1000, Prot.Read), { leaf });
  const { begin, end } = load(m, [
    'sub rsp, 0x28', `mov rax, ${alloc}`, 'call rax', 'mov rbx, rax', 'mov qword ptr [rbx], 99',
    'mov rcx, rbx', `mov rax, ${protect}`, 'call rax', 'mov rcx, [rbx]', 'mov qword ptr [rbx], 1',
  ].join('; '));
  const out = m.run({ begin, until: end });
  expect(out.kind === 'fault' && out.fault.kind).toBe('access-violation');
  expect(out.kind === 'fault' && out.fault.access).toBe('write');
  expect(m.reg(Reg.RCX)).toBe(99n);
});

test('GateReachedWithBadStack_AccessViolationAtStub', () => {
  const gate = m.gates.define('g', () => 1);
  const { begin, end } = load(m, `mov rsp, 0x100; mov rax, ${gate}; jmp rax`);
  const out = m.run({ begin, until: end });
  expect(out.kind === 'fault' && out.fault.kind).toBe('access-violation');
  expect(out.kind === 'fault' && out.fault.rip).toBe(gate);
  expect(out.kind === 'fault' && out.fault.address).toBe(0x100n);
});

test('EndlessGateCalls_Timeout', () => {
  let calls = 0;
  const gate = m.gates.define('spin', () => { calls++; });
  const { begin } = load(m, `sub rsp, 0x28; mov rbx, ${gate}; l: call rbx; jmp l`);
  const out = m.run({ begin, until: 0n, timeoutMs: 100 });
  expect(out.kind === 'fault' && out.fault.kind).toBe('timeout');
  expect(calls).toBeGreaterThan(0);
});

test('TimeoutWhileInsideCallGuestFromGate_GuestFaultTimeoutReachesCaller', () => {
  const fn = CODE + 0x400n;
  load(m, 'l: jmp l', fn);
  const outer = m.gates.define('outer', () => m.callGuest(fn, []));
  const { begin, end } = load(m, `sub rsp, 0x28; mov rax, ${outer}; call rax; add rsp, 0x28`);
  let thrown: unknown;
  try { m.run({ begin, until: end, timeoutMs: 80 }); } catch (e) { thrown = e; }
  expect(thrown).toBeInstanceOf(GuestFault);
  expect((thrown as GuestFault).fault.kind).toBe('timeout');
  // A later run without a limit is not stopped by the old timer.
  const ok = load(m, 'mov ecx, 3000000; l2: dec ecx; jnz l2', CODE + 0x800n);
  expect(m.run({ begin: ok.begin, until: ok.end })).toEqual({ kind: 'returned' });
});

test.each([false, true])('StopFromGate_leaf=%s_RunStopped_ResumableAtReturn', (leaf) => {
  const gate = m.gates.define('pause', () => { m.stop(); return 5; }, { leaf });
  const { begin, end } = load(m, `sub rsp, 0x28; mov rax, ${gate}; call rax; add rsp, 0x28; mov rbx, rax`);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'stopped' });
  expect(m.reg(Reg.RAX)).toBe(5n);
  expect(m.run({ begin: m.reg(Reg.RIP), until: end })).toEqual({ kind: 'returned' });
  expect(m.reg(Reg.RBX)).toBe(5n);
});
