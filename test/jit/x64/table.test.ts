/**
 * Hand-written rows in the Cranelift style, `(instruction, "48 01 D1", "add rcx, rdx")`, through
 * the typed `Assembler`: the exact bytes are pinned here, and each row is also checked against
 * keystone (same bytes) and capstone (decodes to the text), so a wrong row cannot hide.
 */
import {
  Assembler, Cond, RoundingMode, absolute, at, byte, dword, imm, imm64, qword, rip, word, xmmword,
  rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15, eax, ecx, edx, esi, al, cl, ax, cx,
  gpr8, gpr16, gpr32, RegNum, xmm0, xmm1, xmm2, xmm7, xmm8, xmm15,
} from '../../../src/jit/x64';
import { checkWithOracles, normalize } from './harness';
import { runOracle, toHex } from './oracle';

/** A pinned row; `oracle: 'capstone'` where keystone legitimately encodes differently (see harness). */
type Row = readonly [emit: (a: Assembler) => void, hex: string, text: string, oracle?: 'capstone'];

const sil = gpr8(RegNum.RSI), dil = gpr8(RegNum.RDI), spl = gpr8(RegNum.RSP), r8b = gpr8(RegNum.R8), r15b = gpr8(RegNum.R15);
const r9d = gpr32(RegNum.R9), r12d = gpr32(RegNum.R12), r13w = gpr16(RegNum.R13);

const ROWS: readonly Row[] = [
  // ALU, every width, register and immediate forms.
  [(a) => a.add(rcx, rdx), '48 01 D1', 'add rcx, rdx'],
  [(a) => a.add(r8, r15), '4D 01 F8', 'add r8, r15'],
  [(a) => a.add(eax, imm(1)), '83 C0 01', 'add eax, 1'],
  [(a) => a.add(rax, imm(0x1000)), '48 05 00 10 00 00', 'add rax, 0x1000'],
  [(a) => a.sub(rsp, imm(0x28)), '48 83 EC 28', 'sub rsp, 0x28'],
  [(a) => a.sub(r12, imm(-0x1000)), '49 81 EC 00 F0 FF FF', 'sub r12, -0x1000'],
  [(a) => a.and(ecx, imm(0xfffffff0)), '83 E1 F0', 'and ecx, 0xfffffff0'],
  [(a) => a.xor(eax, eax), '31 C0', 'xor eax, eax'],
  [(a) => a.or(al, imm(0x80)), '0C 80', 'or al, 0x80'],
  [(a) => a.cmp(sil, dil), '40 38 FE', 'cmp sil, dil'],
  [(a) => a.cmp(r15b, imm(7)), '41 80 FF 07', 'cmp r15b, 7'],
  [(a) => a.adc(ax, cx), '66 11 C8', 'adc ax, cx'],
  [(a) => a.sbb(r13w, imm(0x1234)), '66 41 81 DD 34 12', 'sbb r13w, 0x1234'],
  [(a) => a.cmp(qword(at(rbp, -8)), imm(0)), '48 83 7D F8 00', 'cmp qword ptr [rbp - 8], 0'],
  [(a) => a.add(rax, qword(at(rsp, 8))), '48 03 44 24 08', 'add rax, qword ptr [rsp + 8]'],
  [(a) => a.test(rax, rax), '48 85 C0', 'test rax, rax'],
  [(a) => a.test(al, imm(1)), 'A8 01', 'test al, 1'],
  [(a) => a.test(byte(at(rcx, 0x10)), imm(4)), 'F6 41 10 04', 'test byte ptr [rcx + 0x10], 4'],
  // Addressing modes: the special cases of ModRM/SIB.
  [(a) => a.mov(rax, qword(at(rsp))), '48 8B 04 24', 'mov rax, qword ptr [rsp]'],
  [(a) => a.mov(rax, qword(at(r12))), '49 8B 04 24', 'mov rax, qword ptr [r12]'],
  [(a) => a.mov(rax, qword(at(rbp))), '48 8B 45 00', 'mov rax, qword ptr [rbp]'],
  [(a) => a.mov(rax, qword(at(r13))), '49 8B 45 00', 'mov rax, qword ptr [r13]'],
  [(a) => a.mov(rax, qword(at(rbx, 0x7f))), '48 8B 43 7F', 'mov rax, qword ptr [rbx + 0x7f]'],
  [(a) => a.mov(rax, qword(at(rbx, 0x80))), '48 8B 83 80 00 00 00', 'mov rax, qword ptr [rbx + 0x80]'],
  [(a) => a.mov(rax, qword(at(rbx, -0x80))), '48 8B 43 80', 'mov rax, qword ptr [rbx - 0x80]'],
  [(a) => a.mov(r9, qword(at(r10, r11, 8, 0x10))), '4F 8B 4C DA 10', 'mov r9, qword ptr [r10 + r11*8 + 0x10]'],
  [(a) => a.mov(rcx, qword(at(rax, r12, 1))), '4A 8B 0C 20', 'mov rcx, qword ptr [rax + r12]'],
  [(a) => a.mov(rcx, qword(at(r13, rax, 2))), '49 8B 4C 45 00', 'mov rcx, qword ptr [r13 + rax*2]'],
  [(a) => a.mov(edx, dword(at(null, rsi, 4, 0x100))), '8B 14 B5 00 01 00 00', 'mov edx, dword ptr [rsi*4 + 0x100]'],
  [(a) => a.mov(rcx, qword(absolute(-8))), '48 8B 0C 25 F8 FF FF FF', 'mov rcx, qword ptr [0xfffffffffffffff8]'],
  [(a) => a.mov(rcx, qword(rip(0x10))), '48 8B 0D 10 00 00 00', 'mov rcx, qword ptr [rip + 0x10]'],
  [(a) => a.lea(rax, rip(-7)), '48 8D 05 F9 FF FF FF', 'lea rax, [rip - 7]'],
  [(a) => a.lea(r8, at(rcx, rcx, 2)), '4C 8D 04 49', 'lea r8, [rcx + rcx*2]'],
  // MOV family.
  [(a) => a.mov(eax, imm(5)), 'B8 05 00 00 00', 'mov eax, 5'],
  [(a) => a.mov(rax, imm(-1)), '48 C7 C0 FF FF FF FF', 'mov rax, -1'],
  [(a) => a.mov(r10, imm64(0x1122334455667788n)), '49 BA 88 77 66 55 44 33 22 11', 'movabs r10, 0x1122334455667788'],
  [(a) => a.loadImm(r8, 0xffffffff), '41 B8 FF FF FF FF', 'mov r8d, 0xffffffff'],
  [(a) => a.loadImm(rax, -2), '48 C7 C0 FE FF FF FF', 'mov rax, -2'],
  [(a) => a.loadImm(rdx, 0x100000000n), '48 BA 00 00 00 00 01 00 00 00', 'movabs rdx, 0x100000000'],
  [(a) => a.loadImm(rdx, 0xffffffffffffffffn), '48 C7 C2 FF FF FF FF', 'mov rdx, -1'],
  [(a) => a.mov(dword(at(rsp, 0x20)), imm(7)), 'C7 44 24 20 07 00 00 00', 'mov dword ptr [rsp + 0x20], 7'],
  [(a) => a.mov(byte(at(r13)), sil), '41 88 75 00', 'mov byte ptr [r13], sil'],
  [(a) => a.mov(spl, imm(1)), '40 B4 01', 'mov spl, 1'],
  [(a) => a.movzx(eax, byte(at(rcx))), '0F B6 01', 'movzx eax, byte ptr [rcx]'],
  [(a) => a.movzx(r9d, r8b), '45 0F B6 C8', 'movzx r9d, r8b'],
  [(a) => a.movsx(rax, word(at(rdx, 2))), '48 0F BF 42 02', 'movsx rax, word ptr [rdx + 2]'],
  [(a) => a.movsxd(rax, dword(at(rbx, rcx, 8, -0x80))), '48 63 44 CB 80', 'movsxd rax, dword ptr [rbx + rcx*8 - 0x80]'],
  [(a) => a.movsxd(r14, r12d), '4D 63 F4', 'movsxd r14, r12d'],
  // Multiply, divide, shifts, bit tests.
  [(a) => a.imul(rax, rcx), '48 0F AF C1', 'imul rax, rcx'],
  [(a) => a.imul(eax, ecx, imm(-5)), '6B C1 FB', 'imul eax, ecx, -5'],
  [(a) => a.imul(r8, qword(at(r9)), imm(1000)), '4D 69 01 E8 03 00 00', 'imul r8, qword ptr [r9], 0x3e8'],
  [(a) => a.imul(rcx), '48 F7 E9', 'imul rcx'],
  [(a) => a.cqo(), '48 99', 'cqo'],
  [(a) => a.cdq(), '99', 'cdq'],
  [(a) => a.idiv(r11), '49 F7 FB', 'idiv r11'],
  [(a) => a.div(dword(at(rsp, 4))), 'F7 74 24 04', 'div dword ptr [rsp + 4]'],
  [(a) => a.neg(rax), '48 F7 D8', 'neg rax'],
  [(a) => a.not(esi), 'F7 D6', 'not esi'],
  [(a) => a.sar(rax, cl), '48 D3 F8', 'sar rax, cl'],
  [(a) => a.shl(r9d, imm(1)), '41 D1 E1', 'shl r9d, 1'],
  [(a) => a.shr(rdx, imm(63)), '48 C1 EA 3F', 'shr rdx, 0x3f'],
  [(a) => a.bt(rax, imm(5)), '48 0F BA E0 05', 'bt rax, 5'],
  [(a) => a.bt(dword(at(rcx)), edx), '0F A3 11', 'bt dword ptr [rcx], edx'],
  [(a) => a.lzcnt(rax, rcx), 'F3 48 0F BD C1', 'lzcnt rax, rcx'],
  [(a) => a.bsr(ecx, dword(at(rsp, 4))), '0F BD 4C 24 04', 'bsr ecx, dword ptr [rsp + 4]'],
  [(a) => a.bswap(r9), '49 0F C9', 'bswap r9'],
  [(a) => a.pause(), 'F3 90', 'pause'],
  // Flags to values.
  [(a) => a.setcc(Cond.E, r8b), '41 0F 94 C0', 'sete r8b'],
  [(a) => a.setcc(Cond.A, al), '0F 97 C0', 'seta al'],
  [(a) => a.cmov(Cond.L, rax, qword(at(r12))), '49 0F 4C 04 24', 'cmovl rax, qword ptr [r12]'],
  [(a) => a.cmov(Cond.NE, ecx, edx), '0F 45 CA', 'cmovne ecx, edx'],
  // Exchange and atomics.
  [(a) => a.xchg(rax, rcx), '48 91', 'xchg rax, rcx'],
  [(a) => a.xchg(qword(at(rdi)), rsi), '48 87 37', 'xchg qword ptr [rdi], rsi'],
  [(a) => a.lockCmpxchg(qword(at(rax)), rcx), 'F0 48 0F B1 08', 'lock cmpxchg qword ptr [rax], rcx'],
  [(a) => a.lockCmpxchg(word(at(rax)), cx), 'F0 66 0F B1 08', 'lock cmpxchg word ptr [rax], cx'],
  [(a) => a.lockXadd(dword(at(r8, 4)), eax), 'F0 41 0F C1 40 04', 'lock xadd dword ptr [r8 + 4], eax'],
  // Stack, control and misc.
  [(a) => a.push(rbp), '55', 'push rbp'],
  [(a) => a.push(r12), '41 54', 'push r12'],
  [(a) => a.pop(r15), '41 5F', 'pop r15'],
  [(a) => a.push(imm(0x12345678)), '68 78 56 34 12', 'push 0x12345678'],
  [(a) => a.call(rax), 'FF D0', 'call rax'],
  [(a) => a.jmp(qword(at(r11, rcx, 8))), '41 FF 24 CB', 'jmp qword ptr [r11 + rcx*8]'],
  [(a) => a.call(qword(rip(0))), 'FF 15 00 00 00 00', 'call qword ptr [rip]'],
  [(a) => a.ret(), 'C3', 'ret'],
  [(a) => a.int3(), 'CC', 'int3'],
  [(a) => a.ud2(), '0F 0B', 'ud2'],
  [(a) => a.repMovsb(), 'F3 A4', 'rep movsb'],
  [(a) => a.repStosb(), 'F3 AA', 'rep stosb'],
  // The TEB's self pointer. Keystone makes any non-negative absolute address RIP-relative: capstone only.
  [(a) => a.mov(rcx, qword(absolute(0x30).withSegment('gs'))), '65 48 8B 0C 25 30 00 00 00', 'mov rcx, qword ptr gs:[0x30]', 'capstone'],
  // SSE2 / SSE4.1 scalar float and double.
  [(a) => a.movsd(xmm0, qword(at(rcx))), 'F2 0F 10 01', 'movsd xmm0, qword ptr [rcx]'],
  [(a) => a.movsd(qword(at(rsp, 8)), xmm15), 'F2 44 0F 11 7C 24 08', 'movsd qword ptr [rsp + 8], xmm15'],
  [(a) => a.movsd(xmm1, xmm2), 'F2 0F 10 CA', 'movsd xmm1, xmm2'],
  [(a) => a.movss(xmm8, dword(rip(0x40))), 'F3 44 0F 10 05 40 00 00 00', 'movss xmm8, dword ptr [rip + 0x40]'],
  [(a) => a.addsd(xmm0, xmm1), 'F2 0F 58 C1', 'addsd xmm0, xmm1'],
  [(a) => a.subss(xmm7, xmm8), 'F3 41 0F 5C F8', 'subss xmm7, xmm8'],
  [(a) => a.mulsd(xmm2, qword(at(rbp, -0x10))), 'F2 0F 59 55 F0', 'mulsd xmm2, qword ptr [rbp - 0x10]'],
  [(a) => a.divsd(xmm15, xmm0), 'F2 44 0F 5E F8', 'divsd xmm15, xmm0'],
  [(a) => a.sqrtsd(xmm0, xmm0), 'F2 0F 51 C0', 'sqrtsd xmm0, xmm0'],
  [(a) => a.ucomisd(xmm0, xmm8), '66 41 0F 2E C0', 'ucomisd xmm0, xmm8'],
  [(a) => a.comiss(xmm1, xmm2), '0F 2F CA', 'comiss xmm1, xmm2'],
  [(a) => a.cvtsi2sd(xmm1, rax), 'F2 48 0F 2A C8', 'cvtsi2sd xmm1, rax'],
  [(a) => a.cvtsi2sd(xmm1, dword(at(rax))), 'F2 0F 2A 08', 'cvtsi2sd xmm1, dword ptr [rax]'],
  [(a) => a.cvtsi2ss(xmm8, r9d), 'F3 45 0F 2A C1', 'cvtsi2ss xmm8, r9d'],
  [(a) => a.cvttsd2si(eax, xmm7), 'F2 0F 2C C7', 'cvttsd2si eax, xmm7'],
  [(a) => a.cvttsd2si(r15, qword(at(rax))), 'F2 4C 0F 2C 38', 'cvttsd2si r15, qword ptr [rax]'],
  [(a) => a.cvtsd2ss(xmm0, xmm1), 'F2 0F 5A C1', 'cvtsd2ss xmm0, xmm1'],
  [(a) => a.cvtss2sd(xmm0, xmm1), 'F3 0F 5A C1', 'cvtss2sd xmm0, xmm1'],
  [(a) => a.movq(xmm0, rax), '66 48 0F 6E C0', 'movq xmm0, rax'],
  [(a) => a.movq(r8, xmm15), '66 4D 0F 7E F8', 'movq r8, xmm15'],
  [(a) => a.movd(xmm1, ecx), '66 0F 6E C9', 'movd xmm1, ecx'],
  [(a) => a.movd(eax, xmm0), '66 0F 7E C0', 'movd eax, xmm0'],
  [(a) => a.xorps(xmm0, xmm0), '0F 57 C0', 'xorps xmm0, xmm0'],
  [(a) => a.xorpd(xmm1, xmmword(rip(0x20))), '66 0F 57 0D 20 00 00 00', 'xorpd xmm1, xmmword ptr [rip + 0x20]'],
  [(a) => a.andpd(xmm2, xmm8), '66 41 0F 54 D0', 'andpd xmm2, xmm8'],
  [(a) => a.andnpd(xmm1, xmmword(at(rax))), '66 0F 55 08', 'andnpd xmm1, xmmword ptr [rax]'],
  [(a) => a.roundsd(xmm0, xmm1, RoundingMode.Truncate), '66 0F 3A 0B C1 03', 'roundsd xmm0, xmm1, 3'],
  [(a) => a.movaps(xmmword(at(rsp)), xmm1), '0F 29 0C 24', 'movaps xmmword ptr [rsp], xmm1'],
  [(a) => a.movups(xmm8, xmmword(at(rsi, 0x10))), '44 0F 10 46 10', 'movups xmm8, xmmword ptr [rsi + 0x10]'],
];

/** Encodes one row alone, through the Assembler. */
function rowBytes(row: Row): Uint8Array {
  const a = new Assembler();
  row[0](a);
  return a.finish().bytes;
}

test.each(ROWS.map((r) => [r[2], r] as const))('%s_EncodesToPinnedBytes', (_text, row) => {
  expect(toHex(rowBytes(row))).toBe(row[1]);
});

test('PinnedRows_MatchKeystoneAndCapstone', () => {
  const result = runOracle(ROWS.map((r) => r[2]), ROWS.map(rowBytes));
  const failures: string[] = [];
  ROWS.forEach(([, hex, text, oracle], i) => {
    const ks = toHex(Buffer.from(result.assembled[i]!, 'hex'));
    if (oracle !== 'capstone' && ks !== hex) failures.push(`${text}: pinned ${hex}, keystone ${result.assembled[i]}`);
    const dec = result.decoded[i]!;
    const got = dec.length === 1 ? normalize(dec[0]!.text, 64) : JSON.stringify(dec);
    const want = normalize(text, 64);
    if (got !== want && !(got.startsWith(want + ' ') && !text.includes(' ptr') && /^rep /.test(text))) {
      failures.push(`${text}: capstone says '${dec.map((d) => d.text).join('; ')}'`);
    }
  });
  expect(failures).toEqual([]);
});

test('HarnessSelfCheck_WrongPinnedBytes_Reported', () => {
  // A deliberately wrong expectation must be caught by the same machinery the form tests use.
  const r = checkWithOracles([{ mnemonic: 'add', ops: [rcx, rdx] }], ['48 03 CA']);
  expect(r.failures).toEqual(['add rcx, rdx: ours 48 01 D1, table says 48 03 CA']);
});
