/**
 * The instruction tracer on small hand-written programs: block-level records agree with
 * per-instruction records (loops re-entering a block's middle, a `rep` instruction, a gate), a
 * fault ends the trace at the faulting instruction, a budget stop excludes the instruction that did
 * not run, a fault resumed by the host does not duplicate records, the ring keeps the last N, range
 * filters, JSON lines, register changes, and code rewritten by the host is decoded afresh.
 *
 * The programs run in a child `node` process over the built dist/ (keystone and capstone load
 * through a dynamic `import()` that Jest's sandbox refuses); `npm test` builds dist/ first.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

interface Case {
  name: string;
  source: string;
  registers?: boolean;
  format?: 'text' | 'jsonl';
  last?: number;
  budget?: number;
  /** Keep only [CODE + from, CODE + to). */
  range?: [number, number];
  /** Special scenarios handled by the driver. */
  scenario?: 'resume-after-fault' | 'rewrite' | 'gate' | 'twice' | 'dispatch';
}

interface Result {
  outcome: string;
  fault?: { kind: string; rip: string };
  trace: string;
  end: string;
}

const DRIVER = String.raw`
const ks = require('keystone-wasm');
const emu = require('./dist/emu');
const { InstructionTracer } = require('./dist/src/trace/instruction-trace');
const { StringSink } = require('./dist/src/trace/trace-sink');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const CODE = 0x140000000n, DATA = 0x200000000n, STACK = 0x300000000n, RO = 0x210000000n;
(async () => {
  await ks.loadKeystone();
  const k = new ks.Keystone(ks.Const.KS_ARCH_X86, ks.Const.KS_MODE_64);
  const dis = await emu.Disassembler.load();
  const out = {};
  for (const c of cases) {
    const m = emu.Machine.create();
    const mem = m.memory;
    mem.reserve(0x100000, { at: CODE }); mem.commit(CODE, 0x100000, 1 | 4);
    mem.reserve(0x100000, { at: DATA }); mem.commit(DATA, 0x100000, 1 | 2);
    mem.reserve(0x10000, { at: RO }); mem.commit(RO, 0x10000, 1);
    mem.reserve(0x100000, { at: STACK }); mem.commit(STACK, 0x100000, 1 | 2);
    m.setReg(4, STACK + 0xff000n);
    let source = c.source;
    if (c.scenario === 'gate') {
      const gate = m.gates.define('test!answer', () => 42n);
      source = source.replace('GATE', '0x' + gate.toString(16));
    }
    const code = k.asm(source, { address: Number(CODE) });
    mem.write(CODE, code);
    const end = CODE + BigInt(code.length);
    const sink = new StringSink();
    const keep = c.range ? (a) => a >= CODE + BigInt(c.range[0]) && a < CODE + BigInt(c.range[1]) : undefined;
    const tracer = InstructionTracer.attach({
      machine: m, disassembler: dis, format: c.format || 'text', sink, registers: !!c.registers, last: c.last, keep,
      symbolize: (a) => a >= CODE && a < CODE + 0x100000n ? 'code+0x' + (a - CODE).toString(16) : (m.gates.nameAt(a) || '0x' + a.toString(16)),
    });
    let outcome = m.run({ begin: CODE, until: end, maxInstructions: c.budget });
    if (c.scenario === 'resume-after-fault' && outcome.kind === 'fault') {
      // What the OS layer does for stack growth: fix the cause, resume at the faulting instruction.
      tracer.resumedAfterFault(outcome.fault);
      mem.protect(RO, 0x1000, 1 | 2);
      outcome = m.run({ begin: outcome.fault.rip, until: end });
    }
    if (c.scenario === 'dispatch' && outcome.kind === 'fault') {
      // What structured exception dispatch does: the handler decides, execution resumes elsewhere
      // (here: the last 6 bytes, 'mov ecx, 3; nop').
      tracer.dispatchingFault(outcome.fault);
      outcome = m.run({ begin: end - 6n, until: end });
    }
    if (c.scenario === 'twice') outcome = m.run({ begin: CODE, until: end });
    if (c.scenario === 'rewrite') {
      const again = k.asm('mov ebx, 7; nop', { address: Number(CODE) });
      mem.write(CODE, again);
      m.flushCode(CODE, again.length);
      outcome = m.run({ begin: CODE, until: CODE + BigInt(again.length) });
    }
    tracer.finish(outcome.kind === 'fault' ? { fault: outcome.fault } : {});
    if (c.last) tracer.writeLast(sink);
    out[c.name] = {
      outcome: outcome.kind,
      fault: outcome.kind === 'fault' ? { kind: outcome.fault.kind, rip: '0x' + outcome.fault.rip.toString(16) } : undefined,
      trace: sink.text,
      end: '0x' + end.toString(16),
    };
    m.close();
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

const LOOP = 'mov ecx, 5; L: add rax, rcx; dec ecx; jnz L; nop';
const FAULT = 'mov eax, 1; xor ebx, ebx; mov dword ptr [rbx], eax; mov eax, 2; nop';
const REP = 'mov rsi, 0x200000000; mov rdi, 0x200000100; mov ecx, 4; rep movsb; nop';
const RESUME = 'mov eax, 1; mov rbx, 0x210000000; mov dword ptr [rbx], eax; mov eax, 2; nop';
/** The faulting store is the first instruction of its block. */
const RESUME_AT_START = 'mov eax, 1; mov rbx, 0x210000000; jmp L; L: mov dword ptr [rbx], eax; mov eax, 2; nop';

const both = (c: Case): Case[] => [c, { ...c, name: `${c.name}-regs`, registers: true }];

const CASES: Case[] = [
  ...both({ name: 'loop', source: LOOP }),
  ...both({ name: 'fault', source: FAULT }),
  ...both({ name: 'budget', source: LOOP, budget: 7 }),
  ...both({ name: 'rep', source: REP }),
  ...both({ name: 'resume', source: RESUME, scenario: 'resume-after-fault' }),
  ...both({ name: 'resume-start', source: RESUME_AT_START, scenario: 'resume-after-fault' }),
  ...both({ name: 'dispatch', source: 'mov eax, 1; xor ebx, ebx; mov dword ptr [rbx], eax; mov eax, 2; mov ecx, 3; nop', scenario: 'dispatch' }),
  ...both({ name: 'twice', source: 'mov ebx, 5; nop', scenario: 'twice' }),
  ...both({ name: 'gate', source: 'sub rsp, 0x28; mov rax, GATE; call rax; add rsp, 0x28; nop', scenario: 'gate' }),
  ...both({ name: 'ring', source: LOOP, last: 3 }),
  { name: 'range', source: LOOP, range: [5, 0xc] },
  // 6,000,002 instructions with a budget: Unicorn runs in slices of 4M, so one restart lands inside
  // the loop. Only the ring's last record is kept (its sequence number is the record count).
  { name: 'slices', source: LOOP.replace('mov ecx, 5', 'mov ecx, 2000000'), budget: 10_000_000, last: 1 },
  { name: 'jsonl', source: LOOP, format: 'jsonl', registers: true },
  { name: 'regs', source: 'mov rax, 0x1234; sub rbx, 1; nop', registers: true },
  { name: 'rewrite', source: 'mov ebx, 5; nop', scenario: 'rewrite' },
];

/** The same programs with an instruction budget: the machine counts, and restarts are settled by count. */
const COUNTED = ['loop', 'rep', 'resume', 'resume-start', 'twice', 'gate', 'fault', 'dispatch'];
CASES.push(...CASES.filter((c) => COUNTED.includes(c.name)).map((c) => ({ ...c, name: `${c.name}-counted`, budget: 1_000_000 })));

let results: Record<string, Result>;

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'trace', 'instruction-trace.js'))) {
    throw new Error('dist/ is missing the trace layer: run `npm run build` (npm test does)');
  }
  const json = execFileSync('node', ['-e', DRIVER], { cwd: root, input: JSON.stringify(CASES), encoding: 'utf8', timeout: 60_000 });
  results = JSON.parse(json) as Record<string, Result>;
});

/** Per record: [seq, address, disassembly] from the text format. */
function records(trace: string): { seq: number; address: string; text: string; line: string }[] {
  return trace
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const m = line.match(/^ *(\d+) {2}([0-9a-f]{16}) {2}(?:[0-9a-f]{2} ?)+ +(.+?) {2,}code\+/);
      if (!m) throw new Error(`not a trace record: ${JSON.stringify(line)}`);
      return { seq: Number(m[1]), address: m[2], text: m[3].trim(), line };
    });
}

const texts = (trace: string) => records(trace).map((r) => r.text);

test('Loop_BlockAndInstructionLevelAgree_17Records', () => {
  const block = records(results.loop.trace);
  const insn = records(results['loop-regs'].trace);
  expect(block.map((r) => r.text)).toEqual([
    'mov ecx, 5',
    ...Array.from({ length: 5 }, () => ['add rax, rcx', 'dec ecx', 'jne 0x140000005']).flat(),
    'nop',
  ]);
  expect(block.map((r) => r.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
  expect(insn.map((r) => [r.seq, r.address, r.text])).toEqual(block.map((r) => [r.seq, r.address, r.text]));
});

test.each(['fault', 'fault-regs'])('NullWrite_%s_EndsAtFaultingInstructionMarked', (name) => {
  const r = results[name];
  expect(r.outcome).toBe('fault');
  expect(r.fault!.kind).toBe('access-violation');
  const recs = records(r.trace);
  expect(recs.map((x) => x.text)).toEqual(['mov eax, 1', 'xor ebx, ebx', 'mov dword ptr [rbx], eax']);
  expect(recs[2].line).toMatch(/<- fault$/);
  expect(`0x${recs[2].address.replace(/^0+/, '')}`).toBe(r.fault!.rip);
});

test.each(['budget', 'budget-regs'])('Budget7_%s_SevenRecordsNextInstructionExcluded', (name) => {
  const r = results[name];
  expect(r.fault!.kind).toBe('budget-exhausted');
  const recs = records(r.trace);
  expect(recs).toHaveLength(7);
  expect(recs.some((x) => x.line.includes('<- fault'))).toBe(false);
  expect(texts(r.trace)).toEqual(texts(results.loop.trace).slice(0, 7));
});

test.each(['rep', 'rep-regs'])('RepMovsb_%s_OneRecord', (name) => {
  expect(texts(results[name].trace)).toEqual(['movabs rsi, 0x200000000', 'movabs rdi, 0x200000100', 'mov ecx, 4', 'rep movsb byte ptr [rdi], byte ptr [rsi]', 'nop']);
});

test.each(['resume', 'resume-regs'])('FaultResumedByHost_%s_NoDuplicateRecords', (name) => {
  const r = results[name];
  expect(r.outcome).toBe('returned');
  expect(texts(r.trace)).toEqual(['mov eax, 1', 'movabs rbx, 0x210000000', 'mov dword ptr [rbx], eax', 'mov eax, 2', 'nop']);
});

test.each(['resume-start', 'resume-start-regs'])('FaultAtBlockStartResumedByHost_%s_NoDuplicateRecords', (name) => {
  const r = results[name];
  expect(r.outcome).toBe('returned');
  expect(texts(r.trace)).toEqual(['mov eax, 1', 'movabs rbx, 0x210000000', 'jmp 0x140000011', 'mov dword ptr [rbx], eax', 'mov eax, 2', 'nop']);
});

test.each(['dispatch', 'dispatch-regs'])('FaultDispatchedToHandler_%s_FaultMarkedThenHandlerCode', (name) => {
  const recs = records(results[name].trace);
  expect(recs.map((r) => r.text)).toEqual(['mov eax, 1', 'xor ebx, ebx', 'mov dword ptr [rbx], eax', 'mov ecx, 3', 'nop']);
  expect(recs.map((r) => r.line.endsWith('<- fault'))).toEqual([false, false, true, false, false]);
});

test.each(['twice', 'twice-regs'])('SameCodeRunTwice_%s_RecordedTwice', (name) => {
  expect(texts(results[name].trace)).toEqual(['mov ebx, 5', 'nop', 'mov ebx, 5', 'nop']);
});

test.each(['gate', 'gate-regs'])('GateCall_%s_StubRecordsNamedOnce', (name) => {
  const lines = results[name].trace.split('\n').filter((l) => l.includes('test!answer'));
  expect(lines.map((l) => l.match(/ {2}(syscall|ret) /)?.[1])).toEqual(['syscall', 'ret']);
});

test('GateCall_Regs_SyscallRecordShowsHandlersRax', () => {
  const line = results['gate-regs'].trace.split('\n').find((l) => / syscall /.test(l))!;
  expect(line).toMatch(/rax=2a\b/);
});

test.each(['ring', 'ring-regs'])('TraceLast3_%s_KeepsLastThreeWithTheirSequenceNumbers', (name) => {
  const recs = records(results[name].trace);
  expect(recs.map((r) => [r.seq, r.text])).toEqual([[15, 'dec ecx'], [16, 'jne 0x140000005'], [17, 'nop']]);
});

test('BudgetSlices_RestartInsideLoop_NoLostOrDuplicatedRecords', () => {
  const recs = records(results.slices.trace);
  expect(recs.map((r) => [r.seq, r.text])).toEqual([[1 + 3 * 2_000_000 + 1, 'nop']]);
});

test.each(COUNTED)('WithBudget_%s_SameRecordsAsWithout', (name) => {
  expect(results[`${name}-counted`].trace).toBe(results[name].trace);
});

test('RangeFilter_OnlyLoopBody_15Records', () => {
  const t = texts(results.range.trace);
  expect(t).toHaveLength(15);
  expect(new Set(t)).toEqual(new Set(['add rax, rcx', 'dec ecx', 'jne 0x140000005']));
  expect(records(results.range.trace).map((r) => r.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
});

test('Jsonl_EveryLineParses_WithRegisterChanges', () => {
  const lines = results.jsonl.trace.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toHaveLength(17);
  expect(lines[0]).toEqual({ seq: 1, address: '0x140000000', symbol: 'code+0x0', bytes: 'b905000000', text: 'mov ecx, 5', regs: { rcx: '0x5' } });
  expect(lines[16]).toMatchObject({ seq: 17, text: 'nop', regs: {} });
});

test('Regs_EachRecordNamesWhatItChanged', () => {
  const recs = records(results.regs.trace);
  expect(recs[0].line).toMatch(/code\+0x0 {2}rax=1234$/);
  expect(recs[1].line).toMatch(/code\+0x7 {2}rbx=ffffffffffffffff rflags=[0-9a-f]+$/);
});

test('HostRewritesCode_TraceShowsNewInstructions', () => {
  expect(texts(results.rewrite.trace)).toEqual(['mov ebx, 5', 'nop', 'mov ebx, 7', 'nop']);
});
