/**
 * The instruction-form table: one line per form, in the notation of the Intel SDM Vol. 2
 * (§3.1.1.1 "Opcode Column", §3.1.1.3 "Instruction Column"), e.g. `['add', 'r/m64, r64', 'REX.W 01 /r']`.
 *
 * `form-spec.ts` parses these lines once at load; `encoder.ts` interprets them. Order matters:
 * for a given mnemonic the first form whose operand patterns accept the operands wins, so shorter
 * encodings come first (imm8 before imm32, the accumulator short forms before ModRM forms), and
 * where two encodings are equally short the one LLVM's assembler (keystone) picks comes first, so
 * our bytes equal the oracle's.
 *
 * Operand patterns: r8/r16/r32/r64, r/m8…r/m64, m8…m128, m (any address: lea), xmm, xmm/m32,
 * xmm/m64, xmm/m128, imm8/imm16/imm32/imm64, rel8/rel32, the fixed registers AL/AX/EAX/RAX/CL,
 * and the literal 1. Encoding tokens: legacy prefixes (66 F2 F3 F0) first, REX.W, opcode bytes,
 * `+rb/+rw/+rd/+ro` (register in the opcode's low bits), `+cc` (condition in the low nibble; the
 * line is expanded into one mnemonic per condition: `jcc` → jo, jno, jb, …), `/r`, `/0`–`/7`,
 * `ib iw id io` (immediates), `cb cd` (relative branch offsets).
 *
 * Scope: what a baseline CIL JIT needs, SSE4.1 at most (Unicorn 2.0.1 here has no AVX/POPCNT).
 */

/** `[mnemonic, operand patterns, encoding]` in Intel-manual notation. */
export type FormLine = readonly [mnemonic: string, operands: string, encoding: string];

/** The eight classic ALU operations share one layout; `/n` is the operation's ModRM digit, `B` its base opcode. */
const ALU_OPS: readonly (readonly [string, number])[] = [
  ['add', 0], ['or', 1], ['adc', 2], ['sbb', 3], ['and', 4], ['sub', 5], ['xor', 6], ['cmp', 7],
];
const ALU_TEMPLATE: readonly (readonly [string, string])[] = [
  ['AL, imm8', 'B+4 ib'],
  ['r/m8, imm8', '80 /n ib'],
  ['r/m8, r8', 'B+0 /r'],
  ['r8, r/m8', 'B+2 /r'],
  ['r/m16, imm8', '66 83 /n ib'],
  ['AX, imm16', '66 B+5 iw'],
  ['r/m16, imm16', '66 81 /n iw'],
  ['r/m16, r16', '66 B+1 /r'],
  ['r16, r/m16', '66 B+3 /r'],
  ['r/m32, imm8', '83 /n ib'],
  ['EAX, imm32', 'B+5 id'],
  ['r/m32, imm32', '81 /n id'],
  ['r/m32, r32', 'B+1 /r'],
  ['r32, r/m32', 'B+3 /r'],
  ['r/m64, imm8', 'REX.W 83 /n ib'],
  ['RAX, imm32', 'REX.W B+5 id'],
  ['r/m64, imm32', 'REX.W 81 /n id'],
  ['r/m64, r64', 'REX.W B+1 /r'],
  ['r64, r/m64', 'REX.W B+3 /r'],
];
const hex = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
const aluLines: FormLine[] = ALU_OPS.flatMap(([mn, n]) =>
  ALU_TEMPLATE.map(([ops, enc]): FormLine => [
    mn,
    ops,
    enc.replace(/B\+(\d)/, (_, k: string) => hex(n * 8 + Number(k))).replace('/n', `/${n}`),
  ]),
);

/** Shifts and rotates: `/n` digit of the D0–D3/C0–C1 group (SDM "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR"). */
const SHIFT_OPS: readonly (readonly [string, number])[] = [
  ['rol', 0], ['ror', 1], ['rcl', 2], ['rcr', 3], ['shl', 4], ['shr', 5], ['sar', 7],
];
const SHIFT_TEMPLATE: readonly (readonly [string, string])[] = [
  ['r/m8, 1', 'D0 /n'], ['r/m8, CL', 'D2 /n'], ['r/m8, imm8', 'C0 /n ib'],
  ['r/m16, 1', '66 D1 /n'], ['r/m16, CL', '66 D3 /n'], ['r/m16, imm8', '66 C1 /n ib'],
  ['r/m32, 1', 'D1 /n'], ['r/m32, CL', 'D3 /n'], ['r/m32, imm8', 'C1 /n ib'],
  ['r/m64, 1', 'REX.W D1 /n'], ['r/m64, CL', 'REX.W D3 /n'], ['r/m64, imm8', 'REX.W C1 /n ib'],
];
const shiftLines: FormLine[] = SHIFT_OPS.flatMap(([mn, n]) =>
  SHIFT_TEMPLATE.map(([ops, enc]): FormLine => [mn, ops, enc.replace('/n', `/${n}`)]),
);

/** One-operand group-3/group-5 operations: `/n` digit of F6/F7 (FE/FF for inc/dec). */
const UNARY_OPS: readonly (readonly [string, string, string])[] = [
  ['not', 'F6 F7', '/2'], ['neg', 'F6 F7', '/3'], ['mul', 'F6 F7', '/4'], ['imul', 'F6 F7', '/5'],
  ['div', 'F6 F7', '/6'], ['idiv', 'F6 F7', '/7'], ['inc', 'FE FF', '/0'], ['dec', 'FE FF', '/1'],
];
const unaryLines: FormLine[] = UNARY_OPS.flatMap(([mn, ops, d]): FormLine[] => {
  const [o8, o] = ops.split(' ');
  return [
    [mn, 'r/m8', `${o8} ${d}`],
    [mn, 'r/m16', `66 ${o} ${d}`],
    [mn, 'r/m32', `${o} ${d}`],
    [mn, 'r/m64', `REX.W ${o} ${d}`],
  ];
});

/** Bit tests: register form opcode and the group-8 (0F BA) digit. */
const BIT_OPS: readonly (readonly [string, string, string])[] = [
  ['bt', 'A3', '/4'], ['bts', 'AB', '/5'], ['btr', 'B3', '/6'], ['btc', 'BB', '/7'],
];
const bitLines: FormLine[] = BIT_OPS.flatMap(([mn, op, d]): FormLine[] => [
  [mn, 'r/m16, r16', `66 0F ${op} /r`],
  [mn, 'r/m32, r32', `0F ${op} /r`],
  [mn, 'r/m64, r64', `REX.W 0F ${op} /r`],
  [mn, 'r/m16, imm8', `66 0F BA ${d} ib`],
  [mn, 'r/m32, imm8', `0F BA ${d} ib`],
  [mn, 'r/m64, imm8', `REX.W 0F BA ${d} ib`],
]);

/** Scalar SSE arithmetic: `op` is the opcode after 0F; sd forms take F2 and m64, ss forms F3 and m32. */
const SSE_SCALAR_OPS: readonly (readonly [string, string])[] = [
  ['add', '58'], ['mul', '59'], ['sub', '5C'], ['min', '5D'], ['div', '5E'], ['max', '5F'], ['sqrt', '51'],
];
const sseScalarLines: FormLine[] = SSE_SCALAR_OPS.flatMap(([mn, op]): FormLine[] => [
  [`${mn}sd`, 'xmm, xmm/m64', `F2 0F ${op} /r`],
  [`${mn}ss`, 'xmm, xmm/m32', `F3 0F ${op} /r`],
]);

/** Packed logic on whole registers (sign-bit masks for abs/neg, zeroing). */
const SSE_PACKED_OPS: readonly (readonly [string, string])[] = [
  ['andps', '0F 54'], ['andpd', '66 0F 54'], ['andnps', '0F 55'], ['andnpd', '66 0F 55'],
  ['orps', '0F 56'], ['orpd', '66 0F 56'], ['xorps', '0F 57'], ['xorpd', '66 0F 57'],
  ['pxor', '66 0F EF'], ['pand', '66 0F DB'], ['por', '66 0F EB'],
];
const ssePackedLines: FormLine[] = SSE_PACKED_OPS.map(([mn, op]): FormLine => [mn, 'xmm, xmm/m128', `${op} /r`]);

export const FORM_LINES: readonly FormLine[] = [
  ...aluLines,
  ...shiftLines,
  ...unaryLines,
  ...bitLines,

  // Two- and three-operand signed multiply (SDM "IMUL").
  ['imul', 'r16, r/m16', '66 0F AF /r'],
  ['imul', 'r32, r/m32', '0F AF /r'],
  ['imul', 'r64, r/m64', 'REX.W 0F AF /r'],
  ['imul', 'r16, r/m16, imm8', '66 6B /r ib'],
  ['imul', 'r16, r/m16, imm16', '66 69 /r iw'],
  ['imul', 'r32, r/m32, imm8', '6B /r ib'],
  ['imul', 'r32, r/m32, imm32', '69 /r id'],
  ['imul', 'r64, r/m64, imm8', 'REX.W 6B /r ib'],
  ['imul', 'r64, r/m64, imm32', 'REX.W 69 /r id'],

  // Bit scans and byte swap (LZCNT is BMI-era but present in Unicorn 2.0.1; POPCNT is not).
  ['bsf', 'r16, r/m16', '66 0F BC /r'],
  ['bsf', 'r32, r/m32', '0F BC /r'],
  ['bsf', 'r64, r/m64', 'REX.W 0F BC /r'],
  ['bsr', 'r16, r/m16', '66 0F BD /r'],
  ['bsr', 'r32, r/m32', '0F BD /r'],
  ['bsr', 'r64, r/m64', 'REX.W 0F BD /r'],
  ['lzcnt', 'r16, r/m16', '66 F3 0F BD /r'],
  ['lzcnt', 'r32, r/m32', 'F3 0F BD /r'],
  ['lzcnt', 'r64, r/m64', 'F3 REX.W 0F BD /r'],
  ['bswap', 'r32', '0F C8+rd'],
  ['bswap', 'r64', 'REX.W 0F C8+ro'],

  // Sign extension of the accumulator into rdx:rax before idiv.
  ['cwd', '', '66 99'],
  ['cdq', '', '99'],
  ['cqo', '', 'REX.W 99'],
  ['cbw', '', '66 98'],
  ['cwde', '', '98'],
  ['cdqe', '', 'REX.W 98'],

  // MOV (SDM "MOV"): register/memory, then immediates. `mov r32, imm32` (B8+rd) zero-extends to
  // 64 bits and is the shortest way to load a non-negative constant below 2^32.
  ['mov', 'r/m8, r8', '88 /r'],
  ['mov', 'r8, r/m8', '8A /r'],
  ['mov', 'r/m16, r16', '66 89 /r'],
  ['mov', 'r16, r/m16', '66 8B /r'],
  ['mov', 'r/m32, r32', '89 /r'],
  ['mov', 'r32, r/m32', '8B /r'],
  ['mov', 'r/m64, r64', 'REX.W 89 /r'],
  ['mov', 'r64, r/m64', 'REX.W 8B /r'],
  ['mov', 'r8, imm8', 'B0+rb ib'],
  ['mov', 'r/m8, imm8', 'C6 /0 ib'],
  ['mov', 'r16, imm16', '66 B8+rw iw'],
  ['mov', 'r/m16, imm16', '66 C7 /0 iw'],
  ['mov', 'r32, imm32', 'B8+rd id'],
  ['mov', 'r/m32, imm32', 'C7 /0 id'],
  ['mov', 'r/m64, imm32', 'REX.W C7 /0 id'],
  ['movabs', 'r64, imm64', 'REX.W B8+ro io'],

  ['movzx', 'r16, r/m8', '66 0F B6 /r'],
  ['movzx', 'r32, r/m8', '0F B6 /r'],
  ['movzx', 'r64, r/m8', 'REX.W 0F B6 /r'],
  ['movzx', 'r32, r/m16', '0F B7 /r'],
  ['movzx', 'r64, r/m16', 'REX.W 0F B7 /r'],
  ['movsx', 'r16, r/m8', '66 0F BE /r'],
  ['movsx', 'r32, r/m8', '0F BE /r'],
  ['movsx', 'r64, r/m8', 'REX.W 0F BE /r'],
  ['movsx', 'r32, r/m16', '0F BF /r'],
  ['movsx', 'r64, r/m16', 'REX.W 0F BF /r'],
  ['movsxd', 'r64, r/m32', 'REX.W 63 /r'],

  ['lea', 'r16, m', '66 8D /r'],
  ['lea', 'r32, m', '8D /r'],
  ['lea', 'r64, m', 'REX.W 8D /r'],

  ['test', 'AL, imm8', 'A8 ib'],
  ['test', 'r/m8, imm8', 'F6 /0 ib'],
  ['test', 'r/m8, r8', '84 /r'],
  ['test', 'AX, imm16', '66 A9 iw'],
  ['test', 'r/m16, imm16', '66 F7 /0 iw'],
  ['test', 'r/m16, r16', '66 85 /r'],
  ['test', 'EAX, imm32', 'A9 id'],
  ['test', 'r/m32, imm32', 'F7 /0 id'],
  ['test', 'r/m32, r32', '85 /r'],
  ['test', 'RAX, imm32', 'REX.W A9 id'],
  ['test', 'r/m64, imm32', 'REX.W F7 /0 id'],
  ['test', 'r/m64, r64', 'REX.W 85 /r'],

  // Flags to values and conditional moves; one line each, expanded over the 16 conditions.
  ['setcc', 'r/m8', '0F 90+cc /0'],
  ['cmovcc', 'r16, r/m16', '66 0F 40+cc /r'],
  ['cmovcc', 'r32, r/m32', '0F 40+cc /r'],
  ['cmovcc', 'r64, r/m64', 'REX.W 0F 40+cc /r'],

  // Control transfer. Label targets are relaxed by the code buffer between the rel8 and rel32 forms.
  ['jcc', 'rel8', '70+cc cb'],
  ['jcc', 'rel32', '0F 80+cc cd'],
  ['jmp', 'rel8', 'EB cb'],
  ['jmp', 'rel32', 'E9 cd'],
  ['jmp', 'r/m64', 'FF /4'],
  ['call', 'rel32', 'E8 cd'],
  ['call', 'r/m64', 'FF /2'],
  ['ret', '', 'C3'],
  ['push', 'r64', '50+rd'],
  ['push', 'r/m64', 'FF /6'],
  ['push', 'imm8', '6A ib'],
  ['push', 'imm32', '68 id'],
  ['pop', 'r64', '58+rd'],
  ['pop', 'r/m64', '8F /0'],
  ['int3', '', 'CC'],
  ['ud2', '', '0F 0B'],
  ['nop', '', '90'],
  ['nop', 'r/m16', '66 0F 1F /0'],
  ['nop', 'r/m32', '0F 1F /0'],

  // Exchange and atomics. xchg with memory is implicitly locked. `xchg eax, r32` has no short
  // form here: 90+rd with eax/eax would be a nop that skips the zero-extension (SDM "XCHG").
  ['xchg', 'AX, r16', '66 90+rw'],
  ['xchg', 'r16, AX', '66 90+rw'],
  ['xchg', 'RAX, r64', 'REX.W 90+ro'],
  ['xchg', 'r64, RAX', 'REX.W 90+ro'],
  ['xchg', 'r/m8, r8', '86 /r'],
  ['xchg', 'r8, r/m8', '86 /r'],
  ['xchg', 'r/m16, r16', '66 87 /r'],
  ['xchg', 'r16, r/m16', '66 87 /r'],
  ['xchg', 'r/m32, r32', '87 /r'],
  ['xchg', 'r32, r/m32', '87 /r'],
  ['xchg', 'r/m64, r64', 'REX.W 87 /r'],
  ['xchg', 'r64, r/m64', 'REX.W 87 /r'],
  ['cmpxchg', 'r/m8, r8', '0F B0 /r'],
  ['cmpxchg', 'r/m16, r16', '66 0F B1 /r'],
  ['cmpxchg', 'r/m32, r32', '0F B1 /r'],
  ['cmpxchg', 'r/m64, r64', 'REX.W 0F B1 /r'],
  ['lock cmpxchg', 'm8, r8', 'F0 0F B0 /r'],
  ['lock cmpxchg', 'm16, r16', 'F0 66 0F B1 /r'],
  ['lock cmpxchg', 'm32, r32', 'F0 0F B1 /r'],
  ['lock cmpxchg', 'm64, r64', 'F0 REX.W 0F B1 /r'],
  ['xadd', 'r/m8, r8', '0F C0 /r'],
  ['xadd', 'r/m16, r16', '66 0F C1 /r'],
  ['xadd', 'r/m32, r32', '0F C1 /r'],
  ['xadd', 'r/m64, r64', 'REX.W 0F C1 /r'],
  ['lock xadd', 'm8, r8', 'F0 0F C0 /r'],
  ['lock xadd', 'm16, r16', 'F0 66 0F C1 /r'],
  ['lock xadd', 'm32, r32', 'F0 0F C1 /r'],
  ['lock xadd', 'm64, r64', 'F0 REX.W 0F C1 /r'],
  ['mfence', '', '0F AE F0'],
  ['pause', '', 'F3 90'],

  // String block moves/fills (rcx count, rsi source, rdi destination).
  ['rep movsb', '', 'F3 A4'],
  ['rep movsq', '', 'F3 REX.W A5'],
  ['rep stosb', '', 'F3 AA'],
  ['rep stosq', '', 'F3 REX.W AB'],

  // SSE2 scalar moves. Register-to-register movsd/movss use the load opcode, as LLVM does.
  ['movsd', 'xmm, xmm/m64', 'F2 0F 10 /r'],
  ['movsd', 'm64, xmm', 'F2 0F 11 /r'],
  ['movss', 'xmm, xmm/m32', 'F3 0F 10 /r'],
  ['movss', 'm32, xmm', 'F3 0F 11 /r'],
  ...sseScalarLines,
  ['ucomisd', 'xmm, xmm/m64', '66 0F 2E /r'],
  ['comisd', 'xmm, xmm/m64', '66 0F 2F /r'],
  ['ucomiss', 'xmm, xmm/m32', '0F 2E /r'],
  ['comiss', 'xmm, xmm/m32', '0F 2F /r'],

  // Conversions (SDM "CVTSI2SD" …). The r/m size picks the integer width.
  ['cvtsi2sd', 'xmm, r/m32', 'F2 0F 2A /r'],
  ['cvtsi2sd', 'xmm, r/m64', 'F2 REX.W 0F 2A /r'],
  ['cvtsi2ss', 'xmm, r/m32', 'F3 0F 2A /r'],
  ['cvtsi2ss', 'xmm, r/m64', 'F3 REX.W 0F 2A /r'],
  ['cvttsd2si', 'r32, xmm/m64', 'F2 0F 2C /r'],
  ['cvttsd2si', 'r64, xmm/m64', 'F2 REX.W 0F 2C /r'],
  ['cvttss2si', 'r32, xmm/m32', 'F3 0F 2C /r'],
  ['cvttss2si', 'r64, xmm/m32', 'F3 REX.W 0F 2C /r'],
  ['cvtsd2si', 'r32, xmm/m64', 'F2 0F 2D /r'],
  ['cvtsd2si', 'r64, xmm/m64', 'F2 REX.W 0F 2D /r'],
  ['cvtsd2ss', 'xmm, xmm/m64', 'F2 0F 5A /r'],
  ['cvtss2sd', 'xmm, xmm/m32', 'F3 0F 5A /r'],

  // GPR <-> XMM bit moves. movq xmm, xmm/m64 (F3 0F 7E) and its store (66 0F D6) come first:
  // that is LLVM's choice for memory operands; register operands of the other class fall through.
  ['movd', 'xmm, r/m32', '66 0F 6E /r'],
  ['movd', 'r/m32, xmm', '66 0F 7E /r'],
  ['movq', 'xmm, xmm/m64', 'F3 0F 7E /r'],
  ['movq', 'm64, xmm', '66 0F D6 /r'],
  ['movq', 'xmm, r/m64', '66 REX.W 0F 6E /r'],
  ['movq', 'r/m64, xmm', '66 REX.W 0F 7E /r'],

  ...ssePackedLines,
  ['roundsd', 'xmm, xmm/m64, imm8', '66 0F 3A 0B /r ib'],
  ['roundss', 'xmm, xmm/m32, imm8', '66 0F 3A 0A /r ib'],

  // Whole-register moves, for block copies and spills of 128-bit values.
  ['movaps', 'xmm, xmm/m128', '0F 28 /r'],
  ['movaps', 'm128, xmm', '0F 29 /r'],
  ['movups', 'xmm, xmm/m128', '0F 10 /r'],
  ['movups', 'm128, xmm', '0F 11 /r'],
  ['movapd', 'xmm, xmm/m128', '66 0F 28 /r'],
  ['movapd', 'm128, xmm', '66 0F 29 /r'],
  ['movupd', 'xmm, xmm/m128', '66 0F 10 /r'],
  ['movupd', 'm128, xmm', '66 0F 11 /r'],
  ['movdqu', 'xmm, xmm/m128', 'F3 0F 6F /r'],
  ['movdqu', 'm128, xmm', 'F3 0F 7F /r'],
];
