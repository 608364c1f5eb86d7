/**
 * The process's OS structures in guest memory: TEB reachable through GS, PEB fields, the three
 * loader lists as real linked lists, the stack's guard page growing and overflowing.
 */
import { Machine, Prot, Reg } from '../../emu';
import { defaultEnvironment } from '../../loader/process/environment';
import { ProcessSpace } from '../../loader/process/process';
import { LDR_DATA_TABLE_ENTRY64, PEB64, TEB64 } from '../../loader/process/structs';

let machine: Machine;
let space: ProcessSpace;

beforeEach(() => {
  machine = Machine.create();
  space = new ProcessSpace(machine.memory, {
    imagePath: 'C:\\app\\t.exe', args: ['x', 'y z'], environment: defaultEnvironment(), currentDirectory: 'C:\\app',
    stackReserve: 0x4_0000n, stackCommit: 0x1000n,
  });
  space.startMainThread();
});
afterEach(() => machine.close());

test('Teb_SelfPebAndStack_AsGuestReadsThem', () => {
  const m = machine.memory;
  const teb = space.thread.tebAddress;
  expect(m.u64(teb + BigInt(TEB64.Self))).toBe(teb);
  expect(m.u64(teb + BigInt(TEB64.ProcessEnvironmentBlock))).toBe(space.peb.address);
  expect(m.u64(teb + BigInt(TEB64.StackBase))).toBe(space.thread.stack.base);
  expect(m.u64(teb + BigInt(TEB64.StackLimit))).toBe(space.thread.stack.limit);
  // Guest code reads the same through GS: `mov rax, gs:[0x30]; ret` and `mov rax, gs:[0x60]; ret`.
  const code = space.arena.alloc(32, 16);
  m.protect(code & ~0xfffn, 0x1000, Prot.Read | Prot.Write | Prot.Execute);
  m.write(code, Uint8Array.of(0x65, 0x48, 0x8b, 0x04, 0x25, 0x30, 0, 0, 0, 0xc3));
  m.write(code + 16n, Uint8Array.of(0x65, 0x48, 0x8b, 0x04, 0x25, 0x60, 0, 0, 0, 0xc3));
  machine.setReg(Reg.GS_BASE, teb);
  machine.setReg(Reg.RSP, space.thread.stack.base - 0x100n);
  expect(machine.callGuest(code, [])).toBe(teb);
  expect(machine.callGuest(code + 16n, [])).toBe(space.peb.address);
});

test('MainThread_BeforeStart_LoaderError', () => {
  const m = Machine.create();
  try {
    const s = new ProcessSpace(m.memory, { imagePath: 'C:\\a.exe', args: [], environment: new Map(), currentDirectory: 'C:\\', stackReserve: 0n, stackCommit: 0n });
    expect(() => s.thread).toThrow(/main thread does not exist yet/);
    expect(s.startMainThread().stack.base - s.startMainThread().stack.reservationBase).toBe(0x10_0000n);
  } finally {
    m.close();
  }
});

test('LastError_LivesInTeb', () => {
  space.thread.lastError = 0xdead;
  expect(machine.memory.u32(space.thread.tebAddress + BigInt(TEB64.LastErrorValue))).toBe(0xdead);
});

test('TlsSlots_AllocSetGet_InTebAndExpansion', () => {
  const t = space.thread;
  const indexes = Array.from({ length: 70 }, () => t.tlsAlloc());
  expect(indexes.slice(0, 3)).toEqual([0, 1, 2]);
  expect(t.tlsSet(5, 0x1234n)).toBe(true);
  expect(machine.memory.u64(t.tebAddress + BigInt(TEB64.TlsSlots) + 40n)).toBe(0x1234n);
  expect(t.tlsSet(66, 0x77n)).toBe(true);
  expect(t.tlsGet(66)).toBe(0x77n);
  expect(machine.memory.u64(t.tebAddress + BigInt(TEB64.TlsExpansionSlots))).not.toBe(0n);
  expect(t.tlsFree(66)).toBe(true);
  expect(t.tlsSet(66, 1n)).toBe(false);
});

test('Peb_ParametersAndCommandLine_Written', () => {
  const m = machine.memory;
  expect(m.u64(space.peb.address + BigInt(PEB64.Ldr))).toBe(space.ldr.address);
  expect(m.wString(space.commandLineW)).toBe('C:\\app\\t.exe x "y z"');
  expect(m.cString(space.commandLineA)).toBe('C:\\app\\t.exe x "y z"');
  expect(space.argv).toEqual(['C:\\app\\t.exe', 'x', 'y z']);
  expect(m.wString(space.environmentBlockW, 64)).toMatch(/^ALLUSERSPROFILE=/);
});

test('LoaderLists_ThreeOrders_LinkedBothWays', () => {
  const ldr = space.ldr;
  const info = (name: string, base: bigint) => ({ base, entryPoint: 0n, sizeOfImage: 0x1000, fullName: `C:\\${name}`, baseName: name, isDll: true, timeDateStamp: 0 });
  const a = ldr.add(info('a.exe', 0x1000_0000n));
  const b = ldr.add(info('b.dll', 0x2000_0000n));
  const c = ldr.add(info('c.dll', 0x3000_0000n));
  ldr.markInitialized(c);
  ldr.markInitialized(b);
  expect(ldr.walk('InLoadOrderModuleList')).toEqual([a, b, c]);
  expect(ldr.walk('InMemoryOrderModuleList')).toEqual([a, b, c]);
  expect(ldr.walk('InInitializationOrderModuleList')).toEqual([c, b]);
  const m = machine.memory;
  expect(m.wString(m.u64(b + BigInt(LDR_DATA_TABLE_ENTRY64.BaseDllName) + 8n))).toBe('b.dll');
  // Blink of the first entry is the list head; Flink of the head's Blink is the head again.
  const head = ldr.address + 0x10n;
  expect(m.u64(a + 8n)).toBe(head);
  expect(m.u64(m.u64(head + 8n))).toBe(head);
  ldr.remove(b);
  expect(ldr.walk('InLoadOrderModuleList')).toEqual([a, c]);
  expect(ldr.walk('InInitializationOrderModuleList')).toEqual([c]);
});

test('Stack_GuardPage_GrowsThenOverflows', () => {
  const stack = space.thread.stack;
  const m = machine.memory;
  expect(m.query(stack.guardPage).prot & Prot.Guard).toBe(Prot.Guard);
  let grown = 0;
  for (;;) {
    const guard = stack.guardPage;
    // The machine clears the guard bit when the guest touches it; do the same here.
    m.protect(guard, 0x1000, Prot.Read | Prot.Write);
    const r = stack.onGuardPage(guard + 0x10n);
    if (r === 'overflow') break;
    expect(r).toBe('grown');
    expect(stack.limit).toBe(guard);
    grown++;
  }
  // 64 pages reserved: the top one committed, the guard below it moves down one page per growth,
  // and the bottom page is never committed, so the guard reaches page 1 after 61 growths.
  expect(grown).toBe(0x40 - 3);
  expect(stack.onGuardPage(stack.base + 0x10_0000n)).toBe('not-this-stack');
});

test('Stack_Precommit_MovesGuardBelowCommittedRange', () => {
  const stack = space.thread.stack;
  expect(stack.precommit(0x8000n)).toBe(true);
  expect(stack.limit).toBe(stack.base - 0x8000n);
  expect(stack.guardPage).toBe(stack.base - 0x9000n);
  const m = machine.memory;
  expect(m.query(stack.limit).prot).toBe(Prot.Read | Prot.Write);
  expect(m.query(stack.guardPage).prot & Prot.Guard).toBe(Prot.Guard);
  // More than the reservation: committed as far as possible, reported.
  expect(stack.precommit(0x10_0000n)).toBe(false);
});
