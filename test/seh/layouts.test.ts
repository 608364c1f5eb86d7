/**
 * The guest layouts of loader/seh against the SDK (a mingw-w64 program prints winnt.h's
 * offsets), a CONTEXT round trip through guest memory, and the dispatcher's assumption about
 * where Machine.callGuest puts a call's sentinel return address.
 */
import { Machine, Prot, Reg } from '../../emu';
import {
  CONTEXT_SIZE, ContextOffset, DISPATCHER_CONTEXT_SIZE, EXCEPTION_RECORD_SIZE, callGuestHandler, hostFrameAt, readContext,
  readExceptionRecord, ResumeLevel, writeContext, writeExceptionRecord,
} from '../../loader/seh';
import { emptyContext, GPR_NAMES } from '../../loader/unwind';
import { createTestProcess } from '../crt/fake-os';
import { outcome, runProgram } from './run-program';

test('Layouts_MatchMingwWinntH', async () => {
  const r = await runProgram('offsets.exe');
  expect(outcome(r.result)).toBe('exited 0');
  const sdk = new Map(r.stdout.trim().split('\n').map((l) => {
    const [k, v] = l.split(' ');
    return [k!, Number(v)];
  }));
  const ours: Record<string, number> = {
    CONTEXT: CONTEXT_SIZE,
    'CONTEXT.ContextFlags': ContextOffset.ContextFlags,
    'CONTEXT.MxCsr': ContextOffset.MxCsr,
    'CONTEXT.SegCs': ContextOffset.SegCs,
    'CONTEXT.EFlags': ContextOffset.EFlags,
    'CONTEXT.Rax': ContextOffset.Rax,
    'CONTEXT.Rsp': ContextOffset.Rsp,
    'CONTEXT.R15': ContextOffset.Rax + 15 * 8,
    'CONTEXT.Rip': ContextOffset.Rip,
    'CONTEXT.FltSave': 0x100,
    'CONTEXT.Xmm0': ContextOffset.Xmm0,
    'CONTEXT.Xmm15': ContextOffset.Xmm0 + 15 * 16,
    EXCEPTION_RECORD: EXCEPTION_RECORD_SIZE,
    'EXCEPTION_RECORD.ExceptionFlags': 4,
    'EXCEPTION_RECORD.ExceptionRecord': 8,
    'EXCEPTION_RECORD.ExceptionAddress': 0x10,
    'EXCEPTION_RECORD.NumberParameters': 0x18,
    'EXCEPTION_RECORD.ExceptionInformation': 0x20,
    DISPATCHER_CONTEXT: DISPATCHER_CONTEXT_SIZE,
    'DISPATCHER_CONTEXT.TargetIp': 0x20,
    'DISPATCHER_CONTEXT.ContextRecord': 0x28,
    'DISPATCHER_CONTEXT.HandlerData': 0x38,
    'DISPATCHER_CONTEXT.HistoryTable': 0x40,
    'DISPATCHER_CONTEXT.ScopeIndex': 0x48,
  };
  expect(Object.fromEntries(sdk)).toEqual(ours);
});

describe('guest memory round trips', () => {
  let machine: Machine;
  let at: bigint;
  beforeEach(() => {
    machine = Machine.create();
    at = machine.memory.reserve(0x2000);
    machine.memory.commit(at, 0x2000, Prot.Read | Prot.Write);
  });
  afterEach(() => machine.close());

  test('Context_WriteThenRead_SameRegistersAndXmm', () => {
    const ctx = emptyContext();
    GPR_NAMES.forEach((n, i) => {
      ctx[n] = BigInt.asUintN(64, 0x1111_0000_0000_0000n * BigInt(i + 1) + BigInt(i));
    });
    ctx.rip = 0x1400_0123n;
    ctx.rflags = 0x246n;
    ctx.xmm = Array.from({ length: 16 }, (_, i) => new Uint8Array(16).fill(i + 1));
    writeContext(machine.memory, at, ctx);
    const back = readContext(machine.memory, at);
    expect(back).toEqual(ctx);
    expect(machine.memory.u64(at + 0xf8n)).toBe(0x1400_0123n);
    expect(machine.memory.u32(at + 0x30n)).toBe(0x10000f);
  });

  test('ExceptionRecord_MoreThan15Parameters_Truncated', () => {
    const information = Array.from({ length: 20 }, (_, i) => BigInt(i));
    writeExceptionRecord(machine.memory, at, { code: 0xe0000001, flags: 1, nested: 0x1234n, address: 0x5678n, information });
    const r = readExceptionRecord(machine.memory, at);
    expect(r).toEqual({ code: 0xe0000001, flags: 1, nested: 0x1234n, address: 0x5678n, information: information.slice(0, 15) });
  });
});

test('CallGuestHandler_SentinelSlotIsWhereCallGuestPutsIt', () => {
  const p = createTestProcess();
  try {
    const stack = p.machine.memory.reserve(0x10000);
    p.machine.memory.commit(stack, 0x10000, Prot.Read | Prot.Write);
    p.machine.setReg(Reg.RSP, stack + 0xff00n);
    let seen: bigint | undefined;
    let found = false;
    const gate = p.machine.gates.define('test!probe', (call) => {
      seen = call.entryRsp;
      found = hostFrameAt(p.os, call.entryRsp) !== undefined;
      return 7n;
    });
    const result = callGuestHandler(p.os, gate, [1n, 2n, 3n, 4n], stack + 0x8000n, { resume: emptyContext(), level: new ResumeLevel('test'), kind: 'exception' });
    expect(result).toBe(7n);
    expect(found).toBe(true);
    expect(seen! < stack + 0x8000n).toBe(true);
    expect(p.machine.reg(Reg.RSP)).toBe(stack + 0xff00n);
    expect(hostFrameAt(p.os, seen!)).toBeUndefined();
  } finally {
    p.close();
  }
});
