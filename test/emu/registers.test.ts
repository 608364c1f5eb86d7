/**
 * Register access: every `Reg` round-trips, guest code sees what the host set (and vice versa),
 * GS_BASE addresses gs:[…] as the TEB pointer does on Windows, XMM registers are 16 bytes.
 */
import { Machine, Prot, Reg, REG_COUNT, REG_NAMES } from '../../emu';
import { loadAssembler, makeMachine, load, DATA } from './asm';

beforeAll(loadAssembler);

let m: Machine;
beforeEach(() => { m = makeMachine(); });
afterEach(() => m.close());

const GPRS = [Reg.RAX, Reg.RCX, Reg.RDX, Reg.RBX, Reg.RSP, Reg.RBP, Reg.RSI, Reg.RDI,
  Reg.R8, Reg.R9, Reg.R10, Reg.R11, Reg.R12, Reg.R13, Reg.R14, Reg.R15];

test('AllGprs_RoundTrip_Distinct', () => {
  GPRS.forEach((r, i) => m.setReg(r, 0x1111_0000_0000_0000n * BigInt(i % 15 + 1) + BigInt(i)));
  GPRS.forEach((r, i) => expect(m.reg(r)).toBe(0x1111_0000_0000_0000n * BigInt(i % 15 + 1) + BigInt(i)));
  expect(REG_NAMES.length).toBe(REG_COUNT);
});

test('GprEncodingOrder_MatchesGuestView', () => {
  // Guest stores each register in encoding order; the host reads them back by Reg number.
  const stores = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15']
    .map((name, i) => `mov [r15 + ${i * 8}], ${name}`);
  const { begin, end } = load(m, stores.join('; '));
  GPRS.forEach((r, i) => { if (r !== Reg.RSP && r !== Reg.R15) m.setReg(r, BigInt(1000 + i)); });
  m.setReg(Reg.R15, DATA);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
  GPRS.forEach((r, i) => expect(m.memory.u64(DATA + BigInt(i * 8))).toBe(m.reg(r)));
  expect(m.memory.u64(DATA + 8n * BigInt(Reg.RDX))).toBe(1002n);
});

test('NegativeValue_StoredAsUnsigned64', () => {
  m.setReg(Reg.RAX, -1n);
  expect(m.reg(Reg.RAX)).toBe(0xFFFF_FFFF_FFFF_FFFFn);
});

test('Rip_SetAndRead', () => {
  m.setReg(Reg.RIP, 0x1_4000_1234n);
  expect(m.reg(Reg.RIP)).toBe(0x1_4000_1234n);
});

test('Rflags_GuestSetsCarry_HostSees_HostSetsDirection_GuestSees', () => {
  const { begin, end } = load(m, 'stc; pushfq; pop rax; std; pushfq; pop rbx; cld');
  m.run({ begin, until: end });
  expect(m.reg(Reg.RAX) & 1n).toBe(1n);
  expect(m.reg(Reg.RBX) & 0x400n).toBe(0x400n);
  const probe = load(m, 'pushfq; pop rcx', end + 0x10n);
  m.setReg(Reg.RFLAGS, 0x202n | 0x400n);
  m.run({ begin: probe.begin, until: probe.end });
  expect(m.reg(Reg.RCX) & 0x400n).toBe(0x400n);
  expect(m.reg(Reg.RFLAGS) & 0x400n).toBe(0x400n);
});

test('GsBase_AddressesGsSegment_LikeTheTeb', () => {
  m.setReg(Reg.GS_BASE, DATA + 0x1000n);
  m.memory.setU64(DATA + 0x1030n, 0xABCDn);
  const { begin, end } = load(m, 'mov rax, qword ptr gs:[0x30]');
  m.run({ begin, until: end });
  expect(m.reg(Reg.RAX)).toBe(0xABCDn);
  expect(m.reg(Reg.GS_BASE)).toBe(DATA + 0x1000n);
});

test('FsBase_RoundTrip_AddressesFsSegment', () => {
  m.setReg(Reg.FS_BASE, DATA + 0x2000n);
  m.memory.setU32(DATA + 0x2008n, 77);
  const { begin, end } = load(m, 'mov eax, dword ptr fs:[8]');
  m.run({ begin, until: end });
  expect(m.reg(Reg.RAX)).toBe(77n);
  expect(m.reg(Reg.FS_BASE)).toBe(DATA + 0x2000n);
});

test('Xmm_RoundTrip_AndGuestArithmetic', () => {
  const a = new Uint8Array(16).map((_, i) => i + 1);
  m.setXmm(7, a);
  expect(Array.from(m.xmm(7))).toEqual(Array.from(a));
  const two = new Uint8Array(16);
  new DataView(two.buffer).setFloat64(0, 2.5, true);
  m.setXmm(1, two);
  const { begin, end } = load(m, 'addsd xmm1, xmm1; movaps xmm15, xmm1');
  m.run({ begin, until: end });
  expect(new DataView(m.xmm(15).buffer).getFloat64(0, true)).toBe(5);
});

test('XmmBadIndexOrLength_RangeError', () => {
  expect(() => m.xmm(16)).toThrow(RangeError);
  expect(() => m.setXmm(0, new Uint8Array(8))).toThrow(/16 bytes/);
});

test('UseAfterClose_TypedError_NoCrash', () => {
  const other = makeMachine();
  other.close();
  expect(() => other.reg(Reg.RAX)).toThrow(/closed/);
  expect(() => other.setXmm(0, new Uint8Array(16))).toThrow(/closed/);
  expect(() => other.run({ begin: 0n, until: 1n })).toThrow(/closed/);
  const a = other.memory.reserve(0x10000);
  expect(() => other.memory.commit(a, 0x1000, Prot.Read | Prot.Write)).toThrow(/closed/);
  other.close();
});

test('BadLimits_RangeError', () => {
  expect(() => m.run({ begin: 0n, until: 1n, maxInstructions: 0 })).toThrow(RangeError);
  expect(() => m.run({ begin: 0n, until: 1n, maxInstructions: 1.5 })).toThrow(RangeError);
  expect(() => m.run({ begin: 0n, until: 1n, timeoutMs: Number.NaN })).toThrow(RangeError);
});
