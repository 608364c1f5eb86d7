/**
 * Crash report contents and text, from hand-made machine state (a fake memory, a one-function
 * image, a stub disassembler): the header line and code names, access wording per kind,
 * unreadable instruction bytes, register layout, a stack walk that stops on bad unwind data,
 * `??` for unmapped bytes in dumps, and JSON with hex-string addresses.
 */
import { FunctionTable, emptyContext } from '../../loader/unwind';
import { CrashReportInput, DisassemblerLike, buildCrashReport, formatCrashReport } from '../../src/trace/crash-report';
import { exceptionCodeName, formatExceptionCode } from '../../src/trace/ntstatus';
import { FakeMemory, encodeUnwindInfo } from '../unwind/fake-memory';

const BASE = 0x140000000n;
const RIP = BASE + 0x1010n;
const RSP = 0x7ff000n;
const RA = 0x7ffe0000n; // outside every module and not readable as code

const stubDisassembler: DisassemblerLike = {
  decode: (bytes, address) => [{ address, size: 6, bytes: bytes.slice(0, 6), text: 'mov dword ptr [rax], 0x2a' }],
};

function input(overrides: Partial<CrashReportInput> = {}): CrashReportInput {
  const memory = new FakeMemory()
    .map(RIP, [0xc7, 0x00, 0x2a, 0x00, 0x00, 0x00, 0xc3])
    .map(BASE + 0x3000n, encodeUnwindInfo({ prolog: 4, codes: [[4, 2, 4]] })) // sub rsp, 0x28
    .mapU64(RSP, [1n, 2n, 3n, 4n, 5n, RA, 0n, 0n]);
  return {
    fault: { kind: 'access-violation', rip: RIP, address: 0n, access: 'write', code: 0xc0000005, describe: () => 'access violation' },
    context: { ...emptyContext(), rip: RIP, rsp: RSP, rax: 0n, rbx: 0x1234n, rflags: 0x246n },
    memory,
    modules: [{ name: 'app.exe', path: 'C:\\app\\app.exe', base: BASE, size: 0x5000 }],
    lookup: new FunctionTable(BASE, [{ begin: 0x1000, end: 0x1020, unwindInfo: 0x3000 }]).lookup,
    disassembler: stubDisassembler,
    symbolize: (a) => (a >= BASE && a < BASE + 0x5000n ? `app.exe!main+0x${(a - BASE - 0x1000n).toString(16)}` : `0x${a.toString(16).padStart(16, '0')}`),
    ...overrides,
  };
}

test('AccessViolationWrite_HeaderInstructionAndAccessLine', () => {
  const text = formatCrashReport(buildCrashReport(input()));
  const lines = text.split('\n');
  expect(lines[0]).toBe('Unhandled exception 0xC0000005 (EXCEPTION_ACCESS_VIOLATION) at 0x0000000140001010');
  expect(lines[1]).toBe('  app.exe!main+0x10: mov dword ptr [rax], 0x2a   (c7 00 2a 00 00 00)');
  expect(lines[2]).toBe('  Attempt to write to address 0x0000000000000000');
  expect(lines[3]).toBe('Registers:');
  expect(lines[4]).toBe('  rax=0000000000000000 rbx=0000000000001234 rcx=0000000000000000 rdx=0000000000000000');
  expect(lines[8]).toBe('  rip=0000000140001010 rflags=0000000000000246');
});

test('StackOfTwoFrames_SecondIsReturnAddress_WalkEndsAtZero', () => {
  const report = buildCrashReport(input());
  expect(report.stack.map((f) => [f.rip, f.rsp])).toEqual([
    [RIP, RSP],
    [RA, RSP + 0x30n],
  ]);
  expect(report.stackNote).toBeUndefined();
  const text = formatCrashReport(report);
  expect(text).toContain('  #0  0x0000000140001010 app.exe!main+0x10   rsp=0x00000000007ff000');
  expect(text).toContain('  #1  0x000000007ffe0000 0x000000007ffe0000  rsp=0x00000000007ff030');
});

test('UnwindInfoMissing_StackNoteSaysWhy', () => {
  const text = formatCrashReport(buildCrashReport(input({ lookup: new FunctionTable(BASE, [{ begin: 0x1000, end: 0x1020, unwindInfo: 0x4000 }]).lookup })));
  expect(text).toMatch(/\(stack walk stopped: UNWIND_INFO at 0x140004000: 4 byte\(s\) cannot be read/);
});

test('ExecuteFault_UnreadableInstruction_SaysSoAndNoFaultDump', () => {
  const fault = { kind: 'access-violation', rip: 0x1000n, address: 0x1000n, access: 'execute' as const, code: 0xc0000005, describe: () => 'x' };
  const report = buildCrashReport(input({ fault, context: { ...emptyContext(), rip: 0x1000n, rsp: RSP } }));
  expect(report.instruction).toBeUndefined();
  const text = formatCrashReport(report);
  expect(text).toContain(': (instruction bytes not readable)');
  expect(text).toContain('Attempt to execute code at address 0x0000000000001000');
  expect(report.memory.map((d) => d.label)).toEqual(['rip', 'rsp']);
  expect(text).toMatch(/Memory around 0x0000000000001000 \(rip\):\n  0000000000000ff0  \?\? \?\?/);
});

test('GuardPage_WordedAsGuardPage', () => {
  const fault = { kind: 'guard-page', rip: RIP, address: 0x7fe000n, access: 'write' as const, code: 0x80000001, describe: () => 'x' };
  const text = formatCrashReport(buildCrashReport(input({ fault })));
  expect(text).toContain('Unhandled exception 0x80000001 (STATUS_GUARD_PAGE_VIOLATION)');
  expect(text).toContain('  Guard page hit at address 0x00000000007fe000');
});

test('DivideError_NoAccess_DescriptionLine', () => {
  const fault = { kind: 'divide-error', rip: RIP, code: 0xc0000094, describe: () => 'integer divide by zero at rip=0x140001010' };
  const text = formatCrashReport(buildCrashReport(input({ fault })));
  expect(text.split('\n').slice(0, 3)).toEqual([
    'Unhandled exception 0xC0000094 (EXCEPTION_INT_DIVIDE_BY_ZERO) at 0x0000000140001010',
    '  app.exe!main+0x10: mov dword ptr [rax], 0x2a   (c7 00 2a 00 00 00)',
    '  integer divide by zero at rip=0x140001010',
  ]);
});

test('RspDump_MappedBytesShown_UnmappedAreQuestionMarks', () => {
  const report = buildCrashReport(input());
  const rsp = report.memory.find((d) => d.label === 'rsp')!;
  expect(rsp.address).toBe(RSP);
  expect(rsp.bytes.slice(0, 8)).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  expect(rsp.bytes.length).toBe(64);
  const fault = report.memory.find((d) => d.label === 'fault address')!;
  expect(fault.bytes.every((b) => b === null)).toBe(true);
});

test('Json_AddressesAsHexStrings_RoundTrips', () => {
  const json = JSON.parse(JSON.stringify(buildCrashReport(input())));
  expect(json.codeHex).toBe('0xC0000005');
  expect(json.faultAddress).toBe('0x0000000140001010');
  expect(json.access).toEqual({ type: 'write', address: '0x0000000000000000' });
  expect(json.instruction).toEqual({ address: '0x0000000140001010', bytes: 'c7 00 2a 00 00 00', text: 'mov dword ptr [rax], 0x2a', symbol: 'app.exe!main+0x10' });
  expect(json.registers.rbx).toBe('0x0000000000001234');
  expect(json.modules).toEqual([{ name: 'app.exe', base: '0x0000000140000000', size: '0x5000', path: 'C:\\app\\app.exe' }]);
  expect(json.stack[1]).toEqual({ index: 1, rip: '0x000000007ffe0000', rsp: '0x00000000007ff030', symbol: '0x000000007ffe0000', scanned: false });
});

test('ExceptionCodes_KnownNamed_UnknownBySeverity', () => {
  expect(exceptionCodeName(0xc00000fd)).toBe('EXCEPTION_STACK_OVERFLOW');
  expect(exceptionCodeName(0x80000003)).toBe('EXCEPTION_BREAKPOINT');
  expect(exceptionCodeName(0xe0000001)).toBe('CLREMU_INSTRUCTION_BUDGET_EXHAUSTED');
  expect(exceptionCodeName(0xc000001d)).toBe('EXCEPTION_ILLEGAL_INSTRUCTION');
  expect(exceptionCodeName(0xc0001234)).toBe('unknown error status');
  expect(exceptionCodeName(0x40001234)).toBe('unknown informational status');
  expect(formatExceptionCode(-1073741819)).toBe('0xC0000005');
});

test('RecursionRunOfSameReturnAddress_CollapsedAfterThreeFrames', () => {
  // A function whose frame is 0x20 bytes calling itself: the stack repeats one return address.
  const REC = BASE + 0x1015n;
  const slots: bigint[] = [];
  for (let i = 0; i < 10; i++) slots.push(0n, 0n, 0n, REC); // sub rsp, 0x18 … then the return address
  slots.push(0n, 0n, 0n, 0n);
  const memory = new FakeMemory()
    .map(RIP, [0xc7, 0x00, 0x2a, 0x00, 0x00, 0x00, 0xc3])
    .map(BASE + 0x3000n, encodeUnwindInfo({ prolog: 4, codes: [[4, 2, 2]] })) // sub rsp, 0x18
    .mapU64(RSP, slots);
  const report = buildCrashReport(input({ memory, context: { ...emptyContext(), rip: RIP, rsp: RSP } }));
  expect(report.stack.length).toBe(11);
  const text = formatCrashReport(report);
  expect(text).toContain('  #3  0x0000000140001015 app.exe!main+0x15  rsp=0x00000000007ff060');
  expect(text).not.toContain('#4  ');
  expect(text).toContain('  … 7 more frames at app.exe!main+0x15 (#4–#10)');
});

test('BytesReadableButUndecodable_ShownWithBytes', () => {
  const undecodable: DisassemblerLike = { decode: (bytes, address) => [{ address, size: 1, bytes: bytes.slice(0, 1), text: '.byte 0xc7' }] };
  const report = buildCrashReport(input({ disassembler: undecodable }));
  expect(report.instruction).toBeUndefined();
  expect(formatCrashReport(report).split('\n')[1]).toBe('  app.exe!main+0x10: (not a valid instruction)   (c7 00 2a 00 00 00 c3)');
});

test('LeafWithoutUnwindDataAndJunkAtRsp_CallerFoundByScan_Marked', () => {
  // RIP in code without a function entry; [RSP] holds pushed data, the return address is 3 slots up.
  const NOENTRY = BASE + 0x2010n;
  const RET = BASE + 0x1030n; // follows a call rel32 in main
  const code = new Uint8Array(0x40).fill(0x90);
  code.set([0xe8, 0, 0, 0, 0], 0x2b);
  const memory = new FakeMemory()
    .map(BASE + 0x1000n, code)
    .map(NOENTRY, [0x48, 0x83, 0x09, 0x00])
    .mapU64(RSP, [0x738n, RSP + 0x100n, 0x11n, RET, 0n, 0n, 0n, 0n, 0n]);
  const fault = { kind: 'access-violation', rip: NOENTRY, address: 0x1000n, access: 'read' as const, code: 0xc0000005, describe: () => 'x' };
  const report = buildCrashReport(
    input({ memory, fault, context: { ...emptyContext(), rip: NOENTRY, rsp: RSP }, lookup: new FunctionTable(BASE, []).lookup }),
  );
  expect(report.stack.map((f) => [f.rip, f.scanned])).toEqual([
    [NOENTRY, false],
    [RET, true],
  ]);
  expect(formatCrashReport(report)).toMatch(/#1  0x0000000140001030 app\.exe!main\+0x30 +rsp=0x00000000007ff020  \(found by stack scan\)/);
});

test('RandomMachineStates_1000Reports_NeverThrow', () => {
  let s = 0x1234567;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
  const noise = Uint8Array.from({ length: 0x2000 }, () => next() & 0xff);
  const memory = new FakeMemory().map(BASE + 0x1000n, noise.subarray(0, 0x1000)).map(BASE + 0x3000n, noise.subarray(0x1000)).map(RSP, noise);
  const addr = () => [0n, BASE + 0x1000n, BASE + 0x3000n, RSP, 0xffffffffffffff00n][next() % 5] + BigInt(next() % 0x1100);
  for (let i = 0; i < 1000; i++) {
    const fault = { kind: 'access-violation', rip: addr(), address: addr(), access: (['read', 'write', 'execute'] as const)[next() % 3], code: next(), describe: () => 'random' };
    const text = formatCrashReport(
      buildCrashReport(input({ memory, fault, context: { ...emptyContext(), rip: fault.rip, rsp: addr(), rbp: addr() }, symbolize: undefined })),
    );
    expect(text.startsWith('Unhandled exception 0x')).toBe(true);
  }
});
