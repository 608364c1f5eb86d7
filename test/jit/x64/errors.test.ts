/**
 * Invalid operand combinations are typed errors, never wrong bytes. Where the type system can
 * see the mistake, the call is also a compile error (`@ts-expect-error` lines, checked by
 * `tsc -p tsconfig.test.json`); the runtime check behind it is exercised here either way.
 */
import {
  Assembler, Cond, type RegNum, EncodingError, ExternalSymbol, FormTableError, Gpr, Scale, absolute, at, compileForms, dword, encodeInstruction,
  imm, imm64, qword, xmmword, rax, rbx, rcx, rsp, eax, ecx, dl, xmm0, xmm1,
} from '../../../src/jit/x64';

const asm = (): Assembler => new Assembler();

test('GprAndXmmMixed_CompileErrorAndEncodingError', () => {
  // @ts-expect-error an XMM register is not a GPR operand
  expect(() => asm().add(rax, xmm1)).toThrow(EncodingError);
  expect(() => encodeInstruction('add', [rax, xmm1])).toThrow("cannot encode 'add rax, xmm1': no form accepts these operands");
});

test('MismatchedWidths_CompileErrorAndEncodingError', () => {
  // @ts-expect-error a 32-bit source for a 64-bit destination
  expect(() => asm().add(rax, ecx)).toThrow(EncodingError);
  // @ts-expect-error a dword memory operand with a 64-bit register
  expect(() => asm().mov(rax, dword(at(rbx)))).toThrow(EncodingError);
});

test('MemoryToMemory_CompileErrorAndEncodingError', () => {
  // @ts-expect-error x86 has no memory-to-memory mov
  expect(() => asm().mov(qword(at(rax)), qword(at(rbx)))).toThrow(EncodingError);
});

test('WrongOperandKinds_CompileError', () => {
  const a = asm();
  // @ts-expect-error lock cmpxchg needs a memory destination
  expect(() => a.lockCmpxchg(rax, rcx)).toThrow(EncodingError);
  // @ts-expect-error movzx from a 64-bit source does not exist
  expect(() => a.movzx(rax, rcx)).toThrow(EncodingError);
  // @ts-expect-error addsd takes a 64-bit memory operand, not 128
  expect(() => a.addsd(xmm0, xmmword(at(rax)))).toThrow(EncodingError);
  // @ts-expect-error cvttsd2si writes a GPR
  expect(() => a.cvttsd2si(xmm0, xmm1)).toThrow(EncodingError);
});

test('ShiftCountInOtherThanCl_EncodingError', () => {
  expect(() => asm().shl(rax, dl)).toThrow("cannot encode 'shl rax, dl'");
});

test('Imm32NotSignExtendable_For64BitOperation_EncodingError', () => {
  // 0xFFFFFFFF would be sign-extended to all ones: refuse rather than change the value.
  expect(() => asm().add(rax, imm(0xffffffff))).toThrow(EncodingError);
  expect(() => asm().mov(qword(at(rax)), imm(0x80000000))).toThrow(EncodingError);
  // The same bits are fine for a 32-bit operation.
  expect(encodeInstruction('and', [ecx, imm(0xffffffff)]).bytes).toEqual([0x83, 0xe1, 0xff]);
});

test('ImmediateOutOfRange_EncodingError', () => {
  expect(() => imm(2 ** 33)).toThrow("cannot encode 'imm32 8589934592': immediate is not an int32 or uint32");
  expect(() => imm(1.5)).toThrow(EncodingError);
  expect(() => imm64(0.5)).toThrow('a number immediate must be a safe integer');
  expect(() => imm64(1n << 64n)).toThrow('immediate does not fit 64 bits');
  // 0x100 is not an 8-bit value.
  expect(() => asm().add(dl, imm(0x100))).toThrow(EncodingError);
});

test('BadAddresses_EncodingErrorNamingTheProblem', () => {
  expect(() => at(rbx, rsp, 1)).toThrow('rsp cannot be an index register');
  expect(() => at(rbx, rax, 3 as Scale)).toThrow('scale 3 is not 1, 2, 4 or 8');
  expect(() => at(rax, 2 ** 31)).toThrow('displacement 2147483648 does not fit a signed 32-bit field');
  expect(() => absolute(1.5)).toThrow("cannot encode 'address [1.5]': displacement 1.5 does not fit");
  // @ts-expect-error a 32-bit base (address-size override) is not supported
  expect(() => at(eax, 8)).toThrow('base must be a 64-bit register');
});

test('UnknownMnemonic_EncodingError', () => {
  expect(() => encodeInstruction('frobnicate', [])).toThrow("cannot encode 'frobnicate': unknown mnemonic");
});

test('JccToExternalSymbol_AlwaysRel32', () => {
  const a = asm();
  a.jcc(Cond.O, new ExternalSymbol('far'));
  expect(Array.from(a.finish().bytes)).toEqual([0x0f, 0x80, 0, 0, 0, 0]);
});

test('BadRegisterNumber_EncodingError', () => {
  expect(() => Gpr.of(16 as RegNum, 64)).toThrow(EncodingError);
});

test('BadDataAndAlignment_EncodingError', () => {
  expect(() => asm().data([256])).toThrow('byte 0 is not 0..255');
  expect(() => asm().align(3)).toThrow('alignment must be a power of two');
});

test.each([
  [['add', 'r64, r64', 'REX.W 01 /r'], 'ModRM form without an r/m operand'],
  [['add', 'r/m64, r64', 'REX.W 01 /q'], "unknown encoding token '/q'"],
  [['add', 'r/m64, reg', 'REX.W 01 /r'], "unknown operand pattern 'reg'"],
  [['add', 'r/m64, imm32', 'REX.W 81 /0 ib'], 'imm32 with a 1-byte immediate field'],
  [['add', 'r/m64, imm8', 'REX.W 83 /0'], 'immediate operands and ib/iw/id/io disagree'],
  [['push', 'r64', '51+rd'], "'51\\+rd' must have zero low bits"],
  [['jcc', 'rel8', '70 cb'], "'cc' in the mnemonic and '\\+cc' in the opcode go together"],
  [['inc', 'r/m64, r64', 'REX.W FF /0'], 'has no place to go'],
])('MalformedTableLine_%j_FormTableError', (line, why) => {
  expect(() => compileForms([line as unknown as readonly [string, string, string]])).toThrow(FormTableError);
  expect(() => compileForms([line as unknown as readonly [string, string, string]])).toThrow(new RegExp(why));
});

test('LoadImmBeyond64Bits_EncodingError', () => {
  expect(() => asm().loadImm(rax, 1n << 64n)).toThrow("cannot encode 'loadImm rax, 18446744073709551616'");
  expect(() => asm().loadImm(rax, -(1n << 63n) - 1n)).toThrow(EncodingError);
});
