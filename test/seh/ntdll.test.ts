/**
 * ntdll's exception exports called directly (no program): function-table registration and
 * lookup, RtlVirtualUnwind on hand-built unwind data (handler selection by HandlerType, and
 * malformed data ending the process with STATUS_BAD_STACK rather than a host exception), and the
 * vectored handler list's handles.
 */
import { Prot } from '../../emu';
import { exceptions } from '../../loader/dlls/ntdll/exceptions';
import { SehError, lookupFunctionEntry, readContext, registerFunctionTable, sehState, writeContext } from '../../loader/seh';
import { emptyContext } from '../../loader/unwind';
import { createTestProcess, type TestProcess } from '../crt/fake-os';

let p: TestProcess;
let base: bigint;
beforeEach(() => {
  p = createTestProcess();
  base = p.os.memory.reserve(0x10000);
  p.os.memory.commit(base, 0x10000, Prot.Read | Prot.Write);
});
afterEach(() => p.close());

/** UNWIND_INFO v1 at +0x80 (sub rsp, 0x28; EHANDLER at RVA 0x40), RUNTIME_FUNCTION [0, 0x20) at +0xA0. */
function layout(infoFirstByte = 0x09): bigint {
  const m = p.os.memory;
  m.write(base + 0x80n, Uint8Array.of(infoFirstByte, 0x04, 0x01, 0x00, 0x04, 0x42, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00));
  m.setU32(base + 0xa0n, 0);
  m.setU32(base + 0xa4n, 0x20);
  m.setU32(base + 0xa8n, 0x80);
  return base + 0xa0n;
}

function unwindFrom(rip: bigint, handlerType: number, table: bigint) {
  const m = p.os.memory;
  const ctxAddr = base + 0x1000n;
  const stack = base + 0x8000n;
  m.setU64(stack + 0x28n, 0x1234_5678n); // the return address above the 0x28-byte frame
  const ctx = emptyContext();
  ctx.rsp = stack;
  ctx.rbx = 77n;
  writeContext(m, ctxAddr, ctx);
  const slots = base + 0x2000n;
  const handler = p.call(exceptions, 'RtlVirtualUnwind', handlerType, base, rip, table, ctxAddr, slots, slots + 8n, 0n) as bigint;
  return { handler, caller: readContext(m, ctxAddr), data: m.u64(slots), establisher: m.u64(slots + 8n) };
}

describe('RtlVirtualUnwind', () => {
  test('BodyWithExceptionHandler_EHandlerType_ReturnsHandlerAndCaller', () => {
    const r = unwindFrom(base + 6n, 1, layout());
    expect(r.handler).toBe(base + 0x40n);
    expect(r.data).toBe(base + 0x8cn);
    expect(r.establisher).toBe(base + 0x8000n);
    expect(r.caller.rip).toBe(0x1234_5678n);
    expect(r.caller.rsp).toBe(base + 0x8030n);
    expect(r.caller.rbx).toBe(77n);
  });

  test('TerminationHandlerRequested_OnlyExceptionHandlerDeclared_ReturnsNull', () => {
    expect(unwindFrom(base + 6n, 2, layout()).handler).toBe(0n);
  });

  test('InProlog_NoHandler_PartialUnwind', () => {
    const r = unwindFrom(base + 2n, 1, layout());
    expect(r.handler).toBe(0n);
    expect(r.caller.rip).toBe(p.os.memory.u64(base + 0x8000n));
  });

  test('UnwindInfoVersion7_Malformed_SehErrorBadStack', () => {
    let thrown: unknown;
    try {
      unwindFrom(base + 6n, 1, layout(0x0f));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SehError);
    expect((thrown as SehError).ntstatus).toBe(0xc0000028);
  });
});

describe('function tables', () => {
  test('AddLookupDelete_EntryFoundThenGone', () => {
    const table = layout();
    expect(p.call(exceptions, 'RtlAddFunctionTable', table, 1, base)).toBe(1);
    const slot = base + 0x3000n;
    expect(p.call(exceptions, 'RtlLookupFunctionEntry', base + 0x1fn, slot, 0n)).toBe(table);
    expect(p.os.memory.u64(slot)).toBe(base);
    expect(p.call(exceptions, 'RtlLookupFunctionEntry', base + 0x20n, slot, 0n)).toBe(0n);
    expect(p.call(exceptions, 'RtlDeleteFunctionTable', table)).toBe(1);
    expect(p.call(exceptions, 'RtlDeleteFunctionTable', table)).toBe(0);
    expect(p.call(exceptions, 'RtlLookupFunctionEntry', base + 6n, slot, 0n)).toBe(0n);
  });

  test('AddTable_UnreadableMemory_Refused', () => {
    expect(p.call(exceptions, 'RtlAddFunctionTable', 0x10n, 4, base)).toBe(0);
    expect(sehState(p.os).tables).toHaveLength(0);
  });
});

describe('vectored handlers', () => {
  test('FirstAndLast_OrderedAndRemovableOnce', () => {
    const a = p.call(exceptions, 'RtlAddVectoredExceptionHandler', 0, 0xa0n) as bigint;
    const b = p.call(exceptions, 'RtlAddVectoredExceptionHandler', 1, 0xb0n) as bigint;
    const c = p.call(exceptions, 'RtlAddVectoredExceptionHandler', 0, 0xc0n) as bigint;
    expect(new Set([a, b, c]).size).toBe(3);
    expect(sehState(p.os).vectored.map((h) => h.routine)).toEqual([0xb0n, 0xa0n, 0xc0n]);
    expect(p.call(exceptions, 'RtlRemoveVectoredExceptionHandler', a)).toBe(1);
    expect(p.call(exceptions, 'RtlRemoveVectoredExceptionHandler', a)).toBe(0);
    expect(sehState(p.os).vectored.map((h) => h.routine)).toEqual([0xb0n, 0xc0n]);
  });
});

test('RegisterFunctionTable_HostSide_LookupSeesItUntilRemoved', () => {
  const table = layout();
  const remove = registerFunctionTable(p.os, { address: table, count: 1, imageBase: base });
  expect(lookupFunctionEntry(p.os, base + 4n)?.address).toBe(table);
  expect(remove()).toBe(true);
  expect(remove()).toBe(false);
  expect(lookupFunctionEntry(p.os, base + 4n)).toBeUndefined();
});
