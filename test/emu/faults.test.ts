/**
 * Faults arrive as typed values with RIP at the exact faulting instruction (not the start of the
 * translation block), and the machine can be fixed up and resumed afterwards.
 */
import { Machine, Prot, Reg, Fault, RunOutcome, PAGE_SIZE } from '../../emu';
import { asm, loadAssembler, makeMachine, load, CODE, DATA } from './asm';

beforeAll(loadAssembler);

let m: Machine;
afterEach(() => m.close());

function expectFault(out: RunOutcome): Fault {
  if (out.kind !== 'fault') throw new Error(`expected a fault, got ${JSON.stringify(out)}`);
  return out.fault;
}

/** Address of the n-th instruction (0-based) of `source` assembled at CODE. */
function addressOf(source: string, n: number): bigint {
  const statements = source.split(';');
  return CODE + BigInt(asm(statements.slice(0, n).join(';') || 'nop', CODE).length * (n === 0 ? 0 : 1));
}

const RO = DATA + 0x8000n;

// Every fault must be exact in both run modes: the default one (RIP kept exact by the memory-hook
// trick) and counting mode (Unicorn's instruction count active). See emu/machine.ts.
describe.each(['fast', 'counting'])('%s mode', (mode) => {
  beforeEach(() => {
    m = makeMachine();
    if (mode === 'counting') m.enableCounting();
    expect(m.countingEnabled).toBe(mode === 'counting');
  });

  test('WriteToReadOnlyPage_AccessViolation_ExactRipAndAddress', () => {
    m.memory.protect(RO, PAGE_SIZE, Prot.Read);
    const src = `inc rax; inc rax; inc rax; mov rbx, ${RO + 0x10n}; mov [rbx], rax; inc rax`;
    const { begin, end } = load(m, src);
    const f = expectFault(m.run({ begin, until: end }));
    expect(f.kind).toBe('access-violation');
    expect(f.access).toBe('write');
    expect(f.address).toBe(RO + 0x10n);
    expect(f.rip).toBe(addressOf(src, 4));
    expect(f.code).toBe(0xC0000005);
    expect(f.accessCode).toBe(1);
    expect(m.reg(Reg.RIP)).toBe(f.rip);
    expect(m.reg(Reg.RAX)).toBe(3n);
    expect(f.describe()).toMatch(/access-violation \(0xC0000005\) at rip=0x[0-9a-f]+: write of 0x2000080/);
  });

  test('ReadOfReadOnlyPage_Allowed_Returned', () => {
    m.memory.protect(RO, PAGE_SIZE, Prot.Read);
    m.memory.setU64(RO, 0x1234n);
    const { begin, end } = load(m, `mov rax, [${RO}]`);
    expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
    expect(m.reg(Reg.RAX)).toBe(0x1234n);
  });

  test('FaultThenFixProtection_Resume_Completes', () => {
    m.memory.protect(RO, PAGE_SIZE, Prot.Read);
    const { begin, end } = load(m, `mov rax, 7; mov rbx, ${RO}; mov [rbx], rax; mov rcx, [rbx]`);
    const f = expectFault(m.run({ begin, until: end }));
    m.memory.protect(RO, PAGE_SIZE, Prot.Read | Prot.Write);
    expect(m.run({ begin: f.rip, until: end })).toEqual({ kind: 'returned' });
    expect(m.reg(Reg.RCX)).toBe(7n);
  });

  test('ExecuteNonExecutablePage_AccessViolation_Execute', () => {
    const target = DATA + 0x100n;
    m.memory.write(target, Uint8Array.of(0x90, 0xC3));
    const { begin, end } = load(m, `mov rax, ${target}; call rax`);
    const f = expectFault(m.run({ begin, until: end }));
    expect(f.kind).toBe('access-violation');
    expect(f.access).toBe('execute');
    expect(f.address).toBe(target);
    expect(f.rip).toBe(target);
    expect(f.accessCode).toBe(8);
  });

  test('ReadUnmapped_AccessViolation_Read', () => {
    const src = `nop; mov rax, qword ptr [0x50000000]`;
    const { begin, end } = load(m, src);
    const f = expectFault(m.run({ begin, until: end }));
    expect(f.kind).toBe('access-violation');
    expect(f.access).toBe('read');
    expect(f.address).toBe(0x50000000n);
    expect(f.rip).toBe(CODE + 1n);
  });

  test('ReadOfReservedUncommittedPage_AccessViolation', () => {
    const base = m.memory.reserve(0x10000);
    const { begin, end } = load(m, `mov rax, [${base + 8n}]`);
    const f = expectFault(m.run({ begin, until: end }));
    expect(f.kind).toBe('access-violation');
    expect(f.address).toBe(base + 8n);
  });

  test('AccessStraddlingIntoUncommittedPage_AddressIsFirstBadByte', () => {
    const base = m.memory.reserve(0x10000);
    m.memory.commit(base, PAGE_SIZE, Prot.Read | Prot.Write);
    const { begin, end } = load(m, `mov rax, [${base + 0xFFCn}]`);
    const f = expectFault(m.run({ begin, until: end }));
    expect(f.kind).toBe('access-violation');
    expect(f.address).toBe(base + 0x1000n);
  });

  test.each([
    ['64-bit div', 'xor ecx, ecx; mov rax, 10; div rcx'],
    ['32-bit idiv', 'xor ecx, ecx; mov eax, 10; cdq; idiv ecx'],
    ['8-bit div', 'xor ecx, ecx; mov eax, 10; div cl'],
  ])('DivideByZero_%s_DivideError', (_name, src) => {
    const { begin, end } = load(m, src);
    const f = expectFault(m.run({ begin, until: end }));
    expect(f.kind).toBe('divide-error');
    expect(f.code).toBe(0xC0000094);
    const statements = src.split(';');
    expect(f.rip).toBe(CODE + BigInt(asm(statements.slice(0, -1).join(';'), CODE).length));
  });

  test('Ud2_InvalidOpcode_RipOnUd2', () => {
    const { begin, end } = load(m, 'inc rax; inc rax; ud2; inc rax');
    const f = expectFault(m.run({ begin, until: end }));
    expect(f.kind).toBe('invalid-opcode');
    expect(f.rip).toBe(CODE + 6n);
    expect(f.code).toBe(0xC000001D);
  });

  test('Int3_Breakpoint_RipOnInt3', () => {
    const { begin, end } = load(m, 'inc rax; int3; inc rax');
    const f = expectFault(m.run({ begin, until: end }));
    expect(f.kind).toBe('breakpoint');
    expect(f.rip).toBe(CODE + 3n);
    expect(f.code).toBe(0x80000003);
    expect(m.reg(Reg.RIP)).toBe(CODE + 3n);
    // Skipping the breakpoint, as a debugger does, finishes the run.
    expect(m.run({ begin: f.rip + 1n, until: end })).toEqual({ kind: 'returned' });
    expect(m.reg(Reg.RAX)).toBe(2n);
  });

  test('Hlt_PrivilegedInstruction', () => {
    const { begin, end } = load(m, 'nop; hlt; nop');
    const f = expectFault(m.run({ begin, until: end }));
    expect(f.kind).toBe('privileged-instruction');
    expect(f.rip).toBe(CODE + 1n);
  });

  test('Int29_FastFail_CarriesCode', () => {
    const { begin, end } = load(m, 'mov ecx, 7; int 0x29');
    const f = expectFault(m.run({ begin, until: end }));
    expect(f.kind).toBe('fast-fail');
    expect(f.rip).toBe(CODE + 5n);
    expect(f.code).toBe(0xC0000409);
    expect(f.detail).toContain('7');
  });

  test('GuardPage_FaultsOnce_ThenAccessible', () => {
    const guard = DATA + 0x4000n;
    m.memory.protect(guard, PAGE_SIZE, Prot.Read | Prot.Write | Prot.Guard);
    const { begin, end } = load(m, `mov rax, 5; mov [${guard + 0x20n}], rax`);
    const f = expectFault(m.run({ begin, until: end }));
    expect(f.kind).toBe('guard-page');
    expect(f.code).toBe(0x80000001);
    expect(f.address).toBe(guard + 0x20n);
    expect(f.access).toBe('write');
    expect(f.rip).toBe(CODE + 7n);
    expect(m.memory.query(guard).prot).toBe(Prot.Read | Prot.Write);
    expect(m.run({ begin: f.rip, until: end })).toEqual({ kind: 'returned' });
    expect(m.memory.u64(guard + 0x20n)).toBe(5n);
  });

  test('BudgetExhausted_StopsAfterExactlyBudget', () => {
    const { begin } = load(m, 'l: inc rax; jmp l');
    const f = expectFault(m.run({ begin, until: 0n, maxInstructions: 1001 }));
    expect(f.kind).toBe('budget-exhausted');
    expect(m.instructionsExecuted).toBe(1001n);
    expect(m.reg(Reg.RAX)).toBe(501n);
    expect(f.rip).toBe(CODE + 3n);
  });

  test('BudgetLargerThanSlice_CountsAcrossSlices', () => {
    const { begin } = load(m, 'l: inc rax; jmp l');
    const f = expectFault(m.run({ begin, until: 0n, maxInstructions: 10_000_000 }));
    expect(f.kind).toBe('budget-exhausted');
    expect(m.instructionsExecuted).toBe(10_000_000n);
    expect(m.reg(Reg.RAX)).toBe(5_000_000n);
  });

  test('InfiniteLoop_Timeout', () => {
    const { begin } = load(m, 'l: jmp l');
    const f = expectFault(m.run({ begin, until: 0n, timeoutMs: 50 }));
    expect(f.kind).toBe('timeout');
    expect(f.rip).toBe(CODE);
    expect(f.code).toBe(0xE0000002);
  });

  test('NoFaultKindsLeakBetweenRuns_SecondRunReturns', () => {
    const { begin, end } = load(m, 'ud2');
    expect(m.run({ begin, until: end }).kind).toBe('fault');
    const ok = load(m, 'nop; nop', CODE + 0x100n);
    expect(m.run({ begin: ok.begin, until: ok.end })).toEqual({ kind: 'returned' });
  });
});
