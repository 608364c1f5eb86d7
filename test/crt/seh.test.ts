/**
 * __C_specific_handler against hand-built dispatcher data and tiny guest filters: search-phase
 * verdicts, the unwind to an __except block through ntdll!RtlUnwindEx, and __finally blocks in the
 * unwind phase (innermost first, stopping at the unwind target's scope).
 */
import { Prot, Reg } from '../../emu';
import { createTestProcess, type TestProcess } from './fake-os';
import { cSpecificHandler, UnwindReturnedError } from '../../loader/dlls/msvcrt/seh';
import { UnimplementedApiError } from '../../loader/dlls/api';

let p: TestProcess;
let base: bigint;
const FILTER_SEARCH = 0x100; // returns EXCEPTION_CONTINUE_SEARCH (0)
const FILTER_CONTINUE = 0x110; // returns EXCEPTION_CONTINUE_EXECUTION (-1)
const FILTER_EXECUTE = 0x120; // returns EXCEPTION_EXECUTE_HANDLER (1)
const FINALLY = 0x130; // inc dword [rdx]: counts its calls in the establisher frame

beforeEach(() => {
  p = createTestProcess();
  const m = p.os.memory;
  base = m.reserve(0x10000);
  m.commit(base, 0x10000, Prot.Read | Prot.Write | Prot.Execute);
  const movEaxRet = (v: number) => Uint8Array.of(0xb8, v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff, 0xc3);
  m.write(base + BigInt(FILTER_SEARCH), movEaxRet(0));
  m.write(base + BigInt(FILTER_CONTINUE), movEaxRet(-1));
  m.write(base + BigInt(FILTER_EXECUTE), movEaxRet(1));
  m.write(base + BigInt(FINALLY), Uint8Array.of(0xff, 0x02, 0xc3));
  const stack = m.reserve(0x10000);
  m.commit(stack, 0x10000, Prot.Read | Prot.Write);
  p.machine.setReg(Reg.RSP, stack + 0xff00n);
});
afterEach(() => p.close());

/** Exception record, context, dispatcher context and scope table in scratch memory. */
function setup(flags: number, pcRva: number, scopes: [number, number, number, number][], targetRva = 0) {
  const m = p.os.memory;
  const record = p.scratch;
  const context = p.scratch + 0x100n;
  const dispatcher = p.scratch + 0x800n;
  const table = p.scratch + 0x900n;
  const frame = p.scratch + 0xf00n;
  m.write(p.scratch, new Uint8Array(0x1000));
  m.setU32(record, 0xc0000005);
  m.setU32(record + 4n, flags);
  m.setU64(dispatcher, base + BigInt(pcRva));
  m.setU64(dispatcher + 8n, base);
  m.setU64(dispatcher + 24n, frame);
  m.setU64(dispatcher + 32n, base + BigInt(targetRva));
  m.setU64(dispatcher + 40n, context);
  m.setU64(dispatcher + 56n, table);
  m.setU32(table, scopes.length);
  scopes.forEach(([b, e, h, j], i) => [b, e, h, j].forEach((v, k) => m.setU32(table + 4n + BigInt(i * 16 + k * 4), v)));
  return { run: () => cSpecificHandler(p.os, record, frame, context, dispatcher), frame, dispatcher };
}

describe('__C_specific_handler', () => {
  test('SearchPhase_FilterContinueExecution_ReturnsContinueExecution', () => {
    const s = setup(0, 0x1500, [
      [0x1000, 0x2000, FILTER_SEARCH, 0x3000],
      [0x1000, 0x2000, FILTER_CONTINUE, 0x3000],
    ]);
    expect(s.run()).toBe(0);
  });

  test('SearchPhase_PcOutsideScopes_ContinueSearchWithoutFilters', () => {
    const s = setup(0, 0x2500, [[0x1000, 0x2000, FILTER_EXECUTE, 0x3000]]);
    expect(s.run()).toBe(1);
  });

  test('SearchPhase_ExecuteHandlerWithoutNtdll_UnimplementedRtlUnwindEx', () => {
    const s = setup(0, 0x1500, [[0x1000, 0x2000, FILTER_EXECUTE, 0x3000]]);
    expect(s.run).toThrow(UnimplementedApiError);
  });

  test('SearchPhase_ExecuteHandler_UnwindsToJumpTarget', () => {
    const calls: bigint[][] = [];
    const gate = p.machine.gates.define('ntdll!RtlUnwindEx', (call) => {
      calls.push([call.arg(0), call.arg(1), call.arg(3)]);
      return 0n;
    });
    const ntdll = { name: 'ntdll.dll', path: 'C:\\Windows\\system32\\ntdll.dll', base: 0n, size: 0, entryPoint: 0n, emulated: true };
    Object.assign(p.os.modules, { byName: () => ntdll, exportAddress: () => gate });
    const s = setup(0, 0x1500, [
      [0x1000, 0x2000, FILTER_SEARCH, 0x2800],
      [0x1000, 0x2000, 1, 0x3000], // EXCEPTION_EXECUTE_HANDLER without a filter function
    ]);
    expect(s.run).toThrow(UnwindReturnedError);
    expect(calls).toEqual([[s.frame, base + 0x3000n, 0xc0000005n]]);
  });

  test('UnwindPhase_FinallyBlocksRun_ScopeIndexAdvances', () => {
    const s = setup(0x2, 0x1500, [
      [0x1400, 0x1600, FINALLY, 0],
      [0x1000, 0x2000, FILTER_EXECUTE, 0x3000], // an __except scope: not run while unwinding
      [0x1000, 0x2000, FINALLY, 0],
    ]);
    expect(s.run()).toBe(1);
    expect(p.os.memory.u32(s.frame)).toBe(2);
    expect(p.os.memory.u32(s.dispatcher + 72n)).toBe(3);
    // A collided unwind resumes after the blocks already run.
    expect(s.run()).toBe(1);
    expect(p.os.memory.u32(s.frame)).toBe(2);
  });

  test('TargetUnwind_StopsAtScopeHoldingTarget', () => {
    const s = setup(0x22, 0x1500, [
      [0x1400, 0x1600, FINALLY, 0],
      [0x1000, 0x2000, FINALLY, 0],
    ], 0x1800);
    expect(s.run()).toBe(1);
    expect(p.os.memory.u32(s.frame)).toBe(1);
  });
});
