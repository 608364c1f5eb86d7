/**
 * ntdll's structured exception handling exports (winnt.h / rtlsupportapi.h prototypes), thin
 * gates over loader/seh: context capture and restore, function-table lookup and registration,
 * virtual unwind, RtlUnwindEx, raising, and vectored handlers. kernel32 exports several of these
 * under the same names (forwarded to ntdll on Windows): it reuses these definitions.
 */
import { fn, type ApiTable } from '../api';
import {
  SehError, SehStatus, callerContext, lookupFunctionEntry, raiseFromGate, readContext, readExceptionRecord,
  restoreContextFromGate, sehState, unwindFromGate, writeContext, type VectoredHandler,
} from '../../seh';
import { UnwindError, virtualUnwindStep, type FunctionEntry } from '../../unwind';
import type { Os } from '../../os';

/** STATUS_LONGJUMP: RtlRestoreContext's record for a longjmp through _JUMP_BUFFER. */
const STATUS_LONGJUMP = 0x80000026;
/** UNW_FLAG_EHANDLER / UNW_FLAG_UHANDLER as RtlVirtualUnwind's HandlerType. */
const UNW_FLAG_EHANDLER = 1;
const UNW_FLAG_UHANDLER = 2;

function addHandler(os: Os, list: VectoredHandler[], first: number, routine: bigint): bigint {
  const s = sehState(os);
  s.nextHandle += 0x10n;
  const h = { handle: s.nextHandle, routine };
  if (first !== 0) list.unshift(h);
  else list.push(h);
  return h.handle;
}

function removeHandler(list: VectoredHandler[], handle: bigint): number {
  const i = list.findIndex((h) => h.handle === handle);
  if (i < 0) return 0;
  list.splice(i, 1);
  return 1;
}

export const exceptions: ApiTable = {
  RtlCaptureContext: fn('VOID RtlCaptureContext(PCONTEXT ContextRecord)', ['ptr'], 'void', ({ os, call }, context) => {
    writeContext(os.memory, context, callerContext(call));
  }),
  RtlRestoreContext: fn('VOID RtlRestoreContext(PCONTEXT ContextRecord, struct _EXCEPTION_RECORD *ExceptionRecord)', ['ptr', 'ptr'], 'void', ({ os, call }, context, record) => {
    if (record !== 0n && os.memory.u32(record) === STATUS_LONGJUMP) {
      throw new SehError(0xc0000002, 'RtlRestoreContext with a STATUS_LONGJUMP record (_JUMP_BUFFER restore) is not implemented', call.returnAddress);
    }
    restoreContextFromGate(os, call, readContext(os.memory, context));
  }),
  NtContinue: fn('NTSTATUS NtContinue(PCONTEXT ContextRecord, BOOLEAN TestAlert)', ['ptr', 'u32'], 'void', ({ os, call }, context) => {
    restoreContextFromGate(os, call, readContext(os.memory, context));
  }),
  RtlLookupFunctionEntry: fn('PRUNTIME_FUNCTION RtlLookupFunctionEntry(DWORD64 ControlPc, PDWORD64 ImageBase, PUNWIND_HISTORY_TABLE HistoryTable)',
    ['u64', 'ptr', 'ptr'], 'ptr', ({ os }, pc, imageBase) => {
      const entry = lookupFunctionEntry(os, pc);
      if (!entry) return 0n;
      if (imageBase !== 0n) os.memory.setU64(imageBase, entry.imageBase);
      return entry.address;
    }),
  RtlVirtualUnwind: fn('PEXCEPTION_ROUTINE RtlVirtualUnwind(DWORD HandlerType, DWORD64 ImageBase, DWORD64 ControlPc, PRUNTIME_FUNCTION FunctionEntry, PCONTEXT ContextRecord, PVOID *HandlerData, PDWORD64 EstablisherFrame, PKNONVOLATILE_CONTEXT_POINTERS ContextPointers)',
    ['u32', 'u64', 'u64', 'ptr', 'ptr', 'ptr', 'ptr', 'ptr'], 'ptr', ({ os }, handlerType, imageBase, pc, functionEntry, contextAddr, handlerData, establisher) => {
      const m = os.memory;
      const ctx = readContext(m, contextAddr);
      ctx.rip = pc;
      const entry: FunctionEntry | undefined = functionEntry === 0n ? undefined
        : { imageBase, begin: m.u32(functionEntry), end: m.u32(functionEntry + 4n), unwindInfo: m.u32(functionEntry + 8n) };
      let step;
      try {
        step = virtualUnwindStep(m, ctx, () => entry);
      } catch (e) {
        // Windows faults inside RtlVirtualUnwind on such data; the process ends with a bad stack.
        if (e instanceof UnwindError) throw new SehError(SehStatus.BadStack, `RtlVirtualUnwind: ${e.message}`, pc);
        throw e;
      }
      // Only the registers the unwind changes are written back; the rest of the CONTEXT stays.
      const out = readContext(m, contextAddr);
      Object.assign(out, step.caller);
      writeContext(m, contextAddr, out);
      if (establisher !== 0n) m.setU64(establisher, step.establisherFrame);
      const h = step.handler;
      const wanted = ((handlerType & UNW_FLAG_EHANDLER) !== 0 && h?.exception) || ((handlerType & UNW_FLAG_UHANDLER) !== 0 && h?.termination);
      if (!h || !wanted || !step.entry) return 0n;
      if (handlerData !== 0n) m.setU64(handlerData, step.entry.imageBase + BigInt(h.dataRva));
      return step.entry.imageBase + BigInt(h.handlerRva);
    }),
  RtlUnwindEx: fn('VOID RtlUnwindEx(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord, PVOID ReturnValue, PCONTEXT ContextRecord, PUNWIND_HISTORY_TABLE HistoryTable)',
    ['ptr', 'ptr', 'ptr', 'u64', 'ptr', 'ptr'], 'void', ({ os, call }, targetFrame, targetIp, record, returnValue, _context, historyTable) => {
      unwindFromGate(os, call, { targetFrame, targetIp, record, returnValue, historyTable });
    }),
  RtlUnwind: fn('VOID RtlUnwind(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord, PVOID ReturnValue)',
    ['ptr', 'ptr', 'ptr', 'u64'], 'void', ({ os, call }, targetFrame, targetIp, record, returnValue) => {
      unwindFromGate(os, call, { targetFrame, targetIp, record, returnValue, historyTable: 0n });
    }),
  RtlRaiseException: fn('VOID RtlRaiseException(PEXCEPTION_RECORD ExceptionRecord)', ['ptr'], 'void', ({ os, call }, recordAddr) => {
    const record = readExceptionRecord(os.memory, recordAddr);
    record.address = call.returnAddress;
    raiseFromGate(os, call, record);
  }),
  RtlAddFunctionTable: fn('BOOLEAN RtlAddFunctionTable(PRUNTIME_FUNCTION FunctionTable, DWORD EntryCount, DWORD64 BaseAddress)',
    ['ptr', 'u32', 'u64'], 'u32', ({ os }, table, count, base) => {
      if (table === 0n || !os.memory.isAccessible(table, count * 12, 'read')) return 0;
      sehState(os).tables.push({ address: table, count, imageBase: base });
      return 1;
    }),
  RtlDeleteFunctionTable: fn('BOOLEAN RtlDeleteFunctionTable(PRUNTIME_FUNCTION FunctionTable)', ['ptr'], 'u32', ({ os }, table) => {
    const s = sehState(os);
    const i = s.tables.findIndex((t) => t.address === table);
    if (i >= 0) {
      s.tables.splice(i, 1);
      return 1;
    }
    const j = s.callbackTables.findIndex((t) => t.identifier === table);
    if (j < 0) return 0;
    s.callbackTables.splice(j, 1);
    return 1;
  }),
  RtlInstallFunctionTableCallback: fn('BOOLEAN RtlInstallFunctionTableCallback(DWORD64 TableIdentifier, DWORD64 BaseAddress, DWORD Length, PGET_RUNTIME_FUNCTION_CALLBACK Callback, PVOID Context, PCWSTR OutOfProcessCallbackDll)',
    ['u64', 'u64', 'u32', 'ptr', 'ptr', 'ptr'], 'u32', ({ os }, identifier, base, length, callback, context) => {
      // The identifier's low two bits must be set: that is how RtlDeleteFunctionTable tells it from a table.
      if ((identifier & 3n) !== 3n || callback === 0n) return 0;
      sehState(os).callbackTables.push({ identifier, base, length, callback, context });
      return 1;
    }),
  RtlAddVectoredExceptionHandler: fn('PVOID RtlAddVectoredExceptionHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler)',
    ['u32', 'ptr'], 'ptr', ({ os }, first, routine) => addHandler(os, sehState(os).vectored, first, routine)),
  RtlRemoveVectoredExceptionHandler: fn('ULONG RtlRemoveVectoredExceptionHandler(PVOID Handle)', ['ptr'], 'u32',
    ({ os }, handle) => removeHandler(sehState(os).vectored, handle)),
  RtlAddVectoredContinueHandler: fn('PVOID RtlAddVectoredContinueHandler(ULONG First, PVECTORED_EXCEPTION_HANDLER Handler)',
    ['u32', 'ptr'], 'ptr', ({ os }, first, routine) => addHandler(os, sehState(os).continueHandlers, first, routine)),
  RtlRemoveVectoredContinueHandler: fn('ULONG RtlRemoveVectoredContinueHandler(PVOID Handle)', ['ptr'], 'u32',
    ({ os }, handle) => removeHandler(sehState(os).continueHandlers, handle)),
};
