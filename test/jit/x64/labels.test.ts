/**
 * Labels, branch relaxation, internal fixups and external relocations of the code buffer.
 * Whole programs with labels are compared with keystone, which relaxes jumps the same way
 * (all short first, widen what does not fit); relocations are checked by applying them at an
 * arbitrary placement address and reading the resulting target back.
 */
import {
  Assembler, Cond, ExternalSymbol, Label, LabelError, Operand, RelocKind, at, dword, imm, imm64, qword, ripLabel,
  ripSymbol, rax, rcx, rdx, ecx, eax, r8, r11,
} from '../../../src/jit/x64';
import { runOracle, toHex } from './oracle';
import { rng } from './harness';

/** An assembler that also records the program as keystone text. */
class Recorder {
  readonly asm = new Assembler();
  readonly lines: string[] = [];
  label(): Label {
    return this.asm.newLabel();
  }
  bind(l: Label): void {
    this.asm.bind(l);
    this.lines.push(`${l}:`);
  }
  emit(mnemonic: string, ...ops: Operand[]): void {
    this.asm.emit(mnemonic, ...ops);
    this.lines.push(`${mnemonic} ${ops.map(String).join(', ')}`.trim());
  }
  nops(n: number): void {
    for (let i = 0; i < n; i++) this.emit('nop');
  }
}

/** Keystone's bytes for a whole program. */
function keystoneProgram(...programs: string[][]): string[] {
  return runOracle(programs.map((p) => p.join('\n')), []).assembled.map((h) => toHex(Buffer.from(h, 'hex')));
}

test('BackwardLoop_ShortJcc_MatchesKeystone', () => {
  const r = new Recorder();
  const top = r.label();
  r.bind(top);
  r.emit('dec', ecx);
  r.emit('jne', top);
  const { bytes } = r.asm.finish();
  expect(toHex(bytes)).toBe('FF C9 75 FC');
  expect(keystoneProgram(r.lines)).toEqual(['FF C9 75 FC']);
});

test.each([
  [127, 'EB 7F'],
  [128, 'E9 80 00 00 00'],
])('ForwardJmpOver%dBytes_PicksOnlyFittingForm', (n, head) => {
  const r = new Recorder();
  const end = r.label();
  r.emit('jmp', end);
  r.nops(n);
  r.bind(end);
  r.emit('ret');
  const hex = toHex(r.asm.finish().bytes);
  expect(hex.startsWith(head + ' 90')).toBe(true);
  expect(keystoneProgram(r.lines)).toEqual([hex]);
});

test.each([
  [126, '75 80'],
  [127, '0F 85 7B FF FF FF'],
])('BackwardJccOver%dBytes_PicksOnlyFittingForm', (n, tail) => {
  const r = new Recorder();
  const top = r.label();
  r.bind(top);
  r.nops(n);
  r.emit('jne', top);
  const hex = toHex(r.asm.finish().bytes);
  expect(hex.endsWith('90 ' + tail)).toBe(true);
  expect(keystoneProgram(r.lines)).toEqual([hex]);
});

test('ChainedRelaxation_OneWideningPushesAnother_MatchesKeystone', () => {
  // jmp A spans jmp B; B is just out of short range, which pushes A out too.
  const r = new Recorder();
  const a = r.label(), b = r.label();
  r.emit('jmp', a);
  r.nops(60);
  r.emit('je', b);
  r.nops(64);
  r.bind(a);
  r.nops(64);
  r.bind(b);
  r.emit('ret');
  const hex = toHex(r.asm.finish().bytes);
  expect(hex.startsWith('E9')).toBe(true);
  expect(keystoneProgram(r.lines)).toEqual([hex]);
});

test('RandomProgramsWithBranches_FixedSeed_MatchKeystone', () => {
  const rand = rng(0x5eed);
  const programs: Recorder[] = [];
  for (let p = 0; p < 30; p++) {
    const r = new Recorder();
    const labels = Array.from({ length: 12 }, () => r.label());
    const bound = new Set<number>();
    const conds = ['je', 'jne', 'jl', 'jge', 'jb', 'ja', 'js', 'jp', 'jmp'];
    for (let i = 0; i < 160; i++) {
      const x = rand();
      if (x < 0.1 && bound.size < labels.length) {
        const free = labels.findIndex((_, k) => !bound.has(k));
        bound.add(free);
        r.bind(labels[free]!);
      } else if (x < 0.35) {
        r.emit(conds[Math.floor(rand() * conds.length)]!, labels[Math.floor(rand() * labels.length)]!);
      } else if (x < 0.4) {
        r.emit('call', labels[Math.floor(rand() * labels.length)]!);
      } else if (x < 0.45) {
        r.emit('lea', rax, ripLabel(labels[Math.floor(rand() * labels.length)]!));
      } else {
        const body: [string, ...Operand[]][] = [
          ['add', rax, imm(Math.floor(rand() * 1000))],
          ['mov', rcx, qword(at(rdx, Math.floor(rand() * 300)))],
          ['nop'],
          ['movabs', r8, imm64(0x1234567890n)],
        ];
        const [m, ...ops] = body[Math.floor(rand() * body.length)]!;
        r.emit(m, ...ops);
      }
    }
    labels.forEach((l, k) => {
      if (!bound.has(k)) r.bind(l);
    });
    r.emit('ret');
    programs.push(r);
  }
  const ours = programs.map((r) => toHex(r.asm.finish().bytes));
  expect(keystoneProgram(...programs.map((r) => r.lines))).toEqual(ours);
});

test('CallAndRipLoadOfLabels_Rel32FieldsResolved', () => {
  const a = new Assembler();
  const fn = a.newLabel(), data = a.newLabel();
  a.call(fn); // E8 rel32: calls are never shortened
  a.cmp(dword(ripLabel(data)), imm(5)); // disp32 is relative to the end, after the imm8
  a.ret();
  a.bind(fn);
  a.ret();
  a.align(8, 'data');
  a.bind(data);
  a.data([1, 0, 0, 0]);
  const out = a.finish();
  // cmp ends at 12 and the data sits at 16: disp32 = 4.
  expect(toHex(out.bytes)).toBe('E8 08 00 00 00 83 3D 04 00 00 00 05 C3 C3 00 00 01 00 00 00');
  expect(out.labelOffset(fn)).toBe(13);
  expect(out.labelOffset(data)).toBe(16);
  expect(out.relocations).toEqual([]);
});

/** Applies relocations as the VM will, for code placed at `base` and symbols at `symbols`. */
function place(bytes: Uint8Array, relocs: ReturnType<Assembler['finish']>['relocations'], base: bigint, symbols: Map<string, bigint>): DataView {
  const copy = new Uint8Array(bytes);
  const view = new DataView(copy.buffer);
  for (const r of relocs) {
    const s = r.symbol ? symbols.get(r.symbol.name)! : base;
    const p = base + BigInt(r.offset);
    if (r.kind === RelocKind.Rel32) view.setInt32(r.offset, Number(s + BigInt(r.addend) - p), true);
    else view.setBigUint64(r.offset, s + BigInt(r.addend), true);
  }
  return view;
}

test('ExternalTargets_BecomeRelocations_ThatResolveToTheSymbols', () => {
  const helper = new ExternalSymbol('JIT_Helper');
  const stat = new ExternalSymbol('Static');
  const a = new Assembler();
  const table = a.newLabel(), target = a.newLabel();
  a.call(helper); // 0: E8 rel32
  a.mov(r11, helper); // 5: 49 BB imm64
  a.cmp(dword(ripSymbol(stat, 8)), imm(7)); // 15: 83 3D disp32 07
  a.jmp(helper); // 22: E9 rel32
  a.bind(target);
  a.ret(); // 27
  a.align(8, 'data'); // 28..31
  a.bind(table);
  a.labelAddress(target); // 32: CodeAbs64
  const out = a.finish();
  expect(out.relocations).toEqual([
    { offset: 1, kind: RelocKind.Rel32, symbol: helper, addend: -4 },
    { offset: 7, kind: RelocKind.Abs64, symbol: helper, addend: 0 },
    { offset: 17, kind: RelocKind.Rel32, symbol: stat, addend: 8 - 5 },
    { offset: 23, kind: RelocKind.Rel32, symbol: helper, addend: -4 },
    { offset: 32, kind: RelocKind.CodeAbs64, symbol: null, addend: 27 },
  ]);
  const base = 0x7ff6_1234_0000n;
  const symbols = new Map([['JIT_Helper', 0x7ff6_2000_0000n], ['Static', 0x7ff6_1000_0010n]]);
  const v = place(out.bytes, out.relocations, base, symbols);
  // call: target = address after the instruction + rel32.
  expect(base + 5n + BigInt(v.getInt32(1, true))).toBe(0x7ff6_2000_0000n);
  expect(v.getBigUint64(7, true)).toBe(0x7ff6_2000_0000n);
  // cmp [rip + Static + 8], 7: the CPU adds disp32 to the end of the instruction (22).
  expect(base + 22n + BigInt(v.getInt32(17, true))).toBe(0x7ff6_1000_0018n);
  expect(base + 27n + BigInt(v.getInt32(23, true))).toBe(0x7ff6_2000_0000n);
  expect(v.getBigUint64(32, true)).toBe(base + 27n);
});

test('Align_PadsWithMultiByteNops_AndLabelsMoveWithIt', () => {
  const a = new Assembler();
  const loop = a.newLabel();
  a.xor(eax, eax);
  a.align(16);
  a.bind(loop);
  a.inc(eax);
  a.jcc(Cond.NE, loop);
  const out = a.finish();
  expect(out.labelOffset(loop)).toBe(16);
  const hex = toHex(out.bytes);
  expect(hex).toBe('31 C0 66 0F 1F 84 00 00 00 00 00 0F 1F 44 00 00 FF C0 75 FC');
  const decoded = runOracle([], [out.bytes.subarray(2, 16)]).decoded[0]!;
  expect(decoded.map((d) => d.text)).toEqual(['nop word ptr [rax + rax]', 'nop dword ptr [rax + rax]']);
});

test.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17])('Nop%d_DecodesAsNopsOfExactlyThatLength', (n) => {
  const a = new Assembler();
  a.nop(n);
  const bytes = a.finish().bytes;
  expect(bytes.length).toBe(n);
  const decoded = runOracle([], [bytes]).decoded[0]!;
  expect(decoded.reduce((s, d) => s + d.size, 0)).toBe(n);
  expect(decoded.every((d) => d.text.startsWith('nop'))).toBe(true);
});

test('UnboundLabel_Finish_LabelError', () => {
  const a = new Assembler();
  const l = a.newLabel();
  a.jmp(l);
  expect(() => a.finish()).toThrow(LabelError);
  expect(() => a.finish()).toThrow('label L0: used but never bound');
});

test('LabelBoundTwice_LabelError', () => {
  const a = new Assembler();
  const l = a.newLabel();
  a.bind(l);
  expect(() => a.bind(l)).toThrow('label L0: bound twice');
});

test('LabelOfAnotherBuffer_LabelError', () => {
  const a = new Assembler(), b = new Assembler();
  const l = b.newLabel();
  expect(() => a.jmp(l)).toThrow(LabelError);
  expect(() => a.bind(l)).toThrow('belongs to another code buffer');
});

test('UnusedUnboundLabel_IsHarmless', () => {
  const a = new Assembler();
  a.newLabel();
  a.ret();
  expect(toHex(a.finish().bytes)).toBe('C3');
});

test('MovOfLabel_CodeAbs64Relocation_AtTheImmediate', () => {
  const a = new Assembler();
  const here = a.newLabel();
  a.int3();
  a.bind(here);
  a.mov(rcx, here); // 48 B9 imm64
  const out = a.finish();
  expect(toHex(out.bytes)).toBe('CC 48 B9 00 00 00 00 00 00 00 00');
  expect(out.relocations).toEqual([{ offset: 3, kind: RelocKind.CodeAbs64, symbol: null, addend: 1 }]);
});

test('EveryCondition_ShortAndNearJcc_MatchKeystone', () => {
  const programs: Recorder[] = [];
  for (const suffix of ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g']) {
    for (const far of [false, true]) {
      const r = new Recorder();
      const back = r.label(), fwd = r.label();
      r.bind(back);
      r.emit('j' + suffix, fwd);
      r.nops(far ? 200 : 3);
      r.emit('j' + suffix, back);
      r.bind(fwd);
      r.emit('jmp', back);
      programs.push(r);
    }
  }
  const ours = programs.map((r) => toHex(r.asm.finish().bytes));
  expect(ours[0]!.startsWith('70 05')).toBe(true); // jo rel8 over 3 nops and a 2-byte jo
  expect(ours[1]!.startsWith('0F 80')).toBe(true);
  expect(keystoneProgram(...programs.map((r) => r.lines))).toEqual(ours);
});
