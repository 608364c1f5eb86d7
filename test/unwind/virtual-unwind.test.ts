/**
 * Virtual unwind of hand-built frames: every UWOP_* operation, the prolog rule, chained and
 * indirect entries, the epilog rule (version 1 by instruction bytes, version 2 by UWOP_EPILOG),
 * handler data, and malformed unwind data as typed UnwindErrors. Each case lays out the stack the
 * prolog would have built and checks the caller's context register by register.
 */
import {
  Context64,
  FunctionLookup,
  FunctionTable,
  UnwindError,
  emptyContext,
  virtualUnwind,
  virtualUnwindStep,
} from '../../loader/unwind';
import { CodeSpec, FakeMemory, UnwindInfoSpec, encodeRuntimeFunction, encodeUnwindInfo } from './fake-memory';

const BASE = 0x140000000n;
const FN = 0x1000;
const FN_END = 0x1100;
const INFO = 0x3000;
const S = 0x7ff000n; // the frame's RSP after its prolog
const RA = 0x140002222n; // the caller's return address
const OLD = { rbx: 0x1111n, rsi: 0x2222n, rdi: 0x3333n, rbp: 0x4444n };

// Register numbers of the unwind codes.
const RBX = 3, RBP = 5, RSI = 6, RDI = 7;
// UWOP_* values.
const PUSH = 0, LARGE = 1, SMALL = 2, SETFP = 3, SAVE = 4, SAVE_FAR = 5, EPILOG = 6, XMM = 8, XMM_FAR = 9, MACH = 10;

function lookupFor(begin = FN, end = FN_END, info = INFO): FunctionLookup {
  return new FunctionTable(BASE, [{ begin, end, unwindInfo: info }]).lookup;
}

function image(spec: UnwindInfoSpec, code: number[] = []): FakeMemory {
  const text = new Uint8Array(FN_END - FN).fill(0x90); // nops: never an epilog
  text.set(code, 0);
  return new FakeMemory().map(BASE + BigInt(INFO), encodeUnwindInfo(spec)).map(BASE + BigInt(FN), text);
}

function ctxAt(offset: number, regs: Partial<Context64> = {}): Context64 {
  return { ...emptyContext(), rbx: 0xbbn, rsi: 0x55n, rdi: 0xddn, rbp: 0xeen, rsp: S, rip: BASE + BigInt(FN + offset), ...regs };
}

/** push rbx; push rsi; sub rsp, 0x28 — the common mingw prolog. */
const PUSH_ALLOC: UnwindInfoSpec = { prolog: 6, codes: [[6, SMALL, 4], [2, PUSH, RSI], [1, PUSH, RBX]] };
const PUSH_ALLOC_BYTES = [0x53, 0x56, 0x48, 0x83, 0xec, 0x28];

function pushAllocStack(mem: FakeMemory): FakeMemory {
  return mem.mapU64(S, [0n, 0n, 0n, 0n, 0n, OLD.rsi, OLD.rbx, RA]);
}

describe('virtualUnwind: prolog operations', () => {
  test('NoFunctionEntry_LeafRule_PopsReturnAddress', () => {
    const mem = new FakeMemory().mapU64(S, [RA]);
    const caller = virtualUnwind(mem, ctxAt(0x10), () => undefined)!;
    expect(caller.rip).toBe(RA);
    expect(caller.rsp).toBe(S + 8n);
    expect(caller.rbx).toBe(0xbbn);
  });

  test('PushNonvolAllocSmall_Body_RestoresRegistersAndReturn', () => {
    const mem = pushAllocStack(image(PUSH_ALLOC, PUSH_ALLOC_BYTES));
    const step = virtualUnwindStep(mem, ctxAt(0x20), lookupFor());
    expect(step.location).toBe('body');
    expect(step.caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rsi: OLD.rsi, rdi: 0xddn });
    expect(step.establisherFrame).toBe(S);
  });

  test('PrologOffset2_OnlyExecutedCodesApply_AllocSkipped', () => {
    const mem = pushAllocStack(image(PUSH_ALLOC, PUSH_ALLOC_BYTES));
    const step = virtualUnwindStep(mem, ctxAt(2, { rsp: S + 0x28n }), lookupFor());
    expect(step.location).toBe('prolog');
    expect(step.caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rsi: OLD.rsi });
  });

  test('PrologOffset1_SecondPushNotExecuted_RsiKept', () => {
    const mem = pushAllocStack(image(PUSH_ALLOC, PUSH_ALLOC_BYTES));
    const caller = virtualUnwind(mem, ctxAt(1, { rsp: S + 0x30n }), lookupFor())!;
    expect(caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rsi: 0x55n });
  });

  test('PrologOffset0_NothingExecuted_LeafLike', () => {
    const mem = pushAllocStack(image(PUSH_ALLOC, PUSH_ALLOC_BYTES));
    const caller = virtualUnwind(mem, ctxAt(0, { rsp: S + 0x38n }), lookupFor())!;
    expect(caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: 0xbbn, rsi: 0x55n });
  });

  test('AllocLargeScaled16_Body_AddsSlotTimes8', () => {
    const mem = image({ prolog: 7, codes: [[7, LARGE, 0, 0x200]] }).mapU64(S + 0x1000n, [RA]);
    expect(virtualUnwind(mem, ctxAt(0x10), lookupFor())).toMatchObject({ rip: RA, rsp: S + 0x1008n });
  });

  test('AllocLargeUnscaled32_Body_AddsTwoSlotValue', () => {
    const mem = image({ prolog: 7, codes: [[7, LARGE, 1, 0x0010, 0x0002]] }).mapU64(S + 0x20010n, [RA]);
    expect(virtualUnwind(mem, ctxAt(0x10), lookupFor())).toMatchObject({ rip: RA, rsp: S + 0x20018n });
  });

  // push rbp; sub rsp, 0x40; lea rbp, [rsp+0x20]; … then alloca moved RSP far below the fixed frame.
  const FRAME: UnwindInfoSpec = { prolog: 10, frameRegister: RBP, frameOffsetField: 2, codes: [[10, SETFP, 0], [5, SMALL, 7], [1, PUSH, RBP]] };
  const F = S; // the fixed frame's bottom
  const frameStack = (m: FakeMemory) => m.mapU64(F + 0x40n, [OLD.rbp, RA]);

  test('SetFpreg_AfterAlloca_UnwindsFromFrameRegister', () => {
    const mem = frameStack(image(FRAME));
    const step = virtualUnwindStep(mem, ctxAt(0x30, { rsp: F - 0x1000n, rbp: F + 0x20n }), lookupFor());
    expect(step.caller).toMatchObject({ rip: RA, rsp: F + 0x50n, rbp: OLD.rbp });
    expect(step.establisherFrame).toBe(F);
  });

  test('SetFpreg_InPrologBeforeLea_UsesRsp', () => {
    const mem = frameStack(image(FRAME));
    const step = virtualUnwindStep(mem, ctxAt(5, { rsp: F, rbp: 0x999n }), lookupFor());
    expect(step.location).toBe('prolog');
    expect(step.caller).toMatchObject({ rip: RA, rsp: F + 0x50n, rbp: OLD.rbp });
    expect(step.establisherFrame).toBe(F);
  });

  test('SaveNonvolAndFar_Body_ReadFromFrameOffsets', () => {
    // sub rsp, 0x38; mov [rsp+0x20], rbx; mov [rsp+0x28], rdi (far form, unscaled)
    const spec: UnwindInfoSpec = { prolog: 14, codes: [[14, SAVE_FAR, RDI, 0x28, 0], [9, SAVE, RBX, 4], [4, SMALL, 6]] };
    const mem = image(spec).mapU64(S + 0x20n, [OLD.rbx, OLD.rdi, 0n, RA]);
    const caller = virtualUnwind(mem, ctxAt(0x40), lookupFor())!;
    expect(caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rdi: OLD.rdi, rsi: 0x55n });
  });

  test('SaveXmm128AndFar_Body_RestoresXmmValues', () => {
    // sub rsp, 0x48; movaps [rsp+0x20], xmm6; movaps [rsp+0x30], xmm7 (far)
    const spec: UnwindInfoSpec = { prolog: 14, codes: [[14, XMM_FAR, 7, 0x30, 0], [9, XMM, 6, 2], [4, SMALL, 8]] };
    const x6 = Array.from({ length: 16 }, (_, i) => 0x60 + i);
    const x7 = Array.from({ length: 16 }, (_, i) => 0x70 + i);
    const mem = image(spec).map(S + 0x20n, [...x6, ...x7]).mapU64(S + 0x48n, [RA]);
    const caller = virtualUnwind(mem, ctxAt(0x40), lookupFor())!;
    expect(caller.rsp).toBe(S + 0x50n);
    expect(caller.rip).toBe(RA);
    expect(Array.from(caller.xmm![6]!)).toEqual(x6);
    expect(Array.from(caller.xmm![7]!)).toEqual(x7);
    expect(caller.xmm![5]).toBeUndefined();
  });

  test('PushMachframe_NoErrorCode_TakesRipRspRflagsFromFrame', () => {
    const mem = image({ prolog: 0, codes: [[0, MACH, 0]] }).mapU64(S, [0x140001234n, 0x33n, 0x246n, 0x900000n, 0x2bn]);
    const caller = virtualUnwind(mem, ctxAt(0x10), lookupFor())!;
    expect(caller).toMatchObject({ rip: 0x140001234n, rsp: 0x900000n, rflags: 0x246n });
  });

  test('PushMachframe_WithErrorCode_SkipsErrorCodeSlot', () => {
    const mem = image({ prolog: 0, codes: [[0, MACH, 1]] }).mapU64(S, [0xeeeen, 0x140001234n, 0x33n, 0x202n, 0x900000n, 0x2bn]);
    expect(virtualUnwind(mem, ctxAt(0x10), lookupFor())).toMatchObject({ rip: 0x140001234n, rsp: 0x900000n, rflags: 0x202n });
  });
});

describe('virtualUnwind: chained, indirect and handler data', () => {
  const FRAG = 0x2000;
  const FRAG_INFO = 0x3100;
  // Primary: push rbx; sub rsp, 0x20. Fragment: mov [rsp+0x18], rsi, chained to the primary.
  const primary: UnwindInfoSpec = { prolog: 5, codes: [[5, SMALL, 3], [1, PUSH, RBX]] };
  const fragment: UnwindInfoSpec = { prolog: 5, flags: 4, codes: [[5, SAVE, RSI, 3]], chain: [FN, FN_END, INFO] };
  const mem = () =>
    new FakeMemory()
      .map(BASE + BigInt(INFO), encodeUnwindInfo(primary))
      .map(BASE + BigInt(FRAG_INFO), encodeUnwindInfo(fragment))
      .map(BASE + BigInt(FRAG), new Uint8Array(0x40).fill(0x90))
      .mapU64(S + 0x18n, [OLD.rsi, OLD.rbx, RA]);
  const lookupTable = new FunctionTable(BASE, [
    { begin: FN, end: FN_END, unwindInfo: INFO },
    { begin: FRAG, end: FRAG + 0x40, unwindInfo: FRAG_INFO },
  ]);

  test('ChainInfo_FragmentBody_AppliesOwnThenParentCodes', () => {
    const ctx = { ...ctxAt(0), rip: BASE + BigInt(FRAG + 0x10) };
    expect(virtualUnwind(mem(), ctx, lookupTable.lookup)).toMatchObject({ rip: RA, rsp: S + 0x30n, rbx: OLD.rbx, rsi: OLD.rsi });
  });

  test('ChainInfo_FragmentProlog_ParentStillFullyApplied', () => {
    const ctx = { ...ctxAt(0), rip: BASE + BigInt(FRAG + 2) };
    expect(virtualUnwind(mem(), ctx, lookupTable.lookup)).toMatchObject({ rip: RA, rsp: S + 0x30n, rbx: OLD.rbx, rsi: 0x55n });
  });

  test('IndirectEntry_Bit0Set_FollowsToRuntimeFunction', () => {
    const m = mem().map(BASE + 0x3800n, encodeRuntimeFunction(FN, FN_END, INFO));
    const indirect: FunctionLookup = () => ({ imageBase: BASE, begin: FN, end: FN_END, unwindInfo: 0x3800 | 1 });
    expect(virtualUnwind(m, ctxAt(0x20), indirect)).toMatchObject({ rip: RA, rsp: S + 0x30n, rbx: OLD.rbx });
    expect(lookupTable.lookup(BASE + 0x10ffn)?.begin).toBe(FN);
    expect(lookupTable.lookup(BASE + 0x1100n)).toBeUndefined();
  });

  test('ExceptionHandler_Body_ExposesHandlerAndLanguageData', () => {
    const spec: UnwindInfoSpec = { ...primary, flags: 1 | 2, handler: { rva: 0x5000, data: [1, 2, 3, 4] } };
    const m = new FakeMemory().map(BASE + BigInt(INFO), encodeUnwindInfo(spec)).mapU64(S + 0x20n, [OLD.rbx, RA]);
    const body = virtualUnwindStep(m, ctxAt(0x20), lookupFor());
    // 4-byte header + 2 codes (already even) × 2 bytes, then the handler RVA.
    expect(body.handler).toEqual({ handlerRva: 0x5000, dataRva: INFO + 4 + 4 + 4, exception: true, termination: true });
    expect(Array.from(m.read(BASE + BigInt(body.handler!.dataRva), 4))).toEqual([1, 2, 3, 4]);
    const prolog = virtualUnwindStep(m, ctxAt(1, { rsp: S + 0x20n }), lookupFor());
    expect(prolog.handler).toBeUndefined();
    expect(prolog.info?.handler?.handlerRva).toBe(0x5000);
  });
});

describe('virtualUnwind: epilogs', () => {
  // Prolog as PUSH_ALLOC; epilog "add rsp, 0x28; pop rsi; pop rbx; ret" at offset 0x20.
  const EPI = [0x48, 0x83, 0xc4, 0x28, 0x5e, 0x5b, 0xc3];
  const code = (at: number, bytes: number[], extra: [number, number[]][] = []) => {
    const c = new Array(0x40).fill(0x90);
    PUSH_ALLOC_BYTES.forEach((b, i) => (c[i] = b));
    bytes.forEach((b, i) => (c[at + i] = b));
    for (const [o, bs] of extra) bs.forEach((b, i) => (c[o + i] = b));
    return c;
  };

  test('V1EpilogStart_AddRsp_SameAsBody', () => {
    const mem = pushAllocStack(image(PUSH_ALLOC, code(0x20, EPI)));
    const step = virtualUnwindStep(mem, ctxAt(0x20), lookupFor());
    expect(step.location).toBe('epilog');
    expect(step.caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rsi: OLD.rsi });
  });

  test('V1EpilogAtPop_AllocAlreadyUndone_NotAppliedTwice', () => {
    const mem = pushAllocStack(image(PUSH_ALLOC, code(0x20, EPI)));
    const caller = virtualUnwind(mem, ctxAt(0x24, { rsp: S + 0x28n }), lookupFor())!;
    expect(caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rsi: OLD.rsi });
  });

  test('V1EpilogAtRet_RegistersAlreadyPopped_Kept', () => {
    const mem = pushAllocStack(image(PUSH_ALLOC, code(0x20, EPI)));
    const caller = virtualUnwind(mem, ctxAt(0x26, { rsp: S + 0x38n, rbx: OLD.rbx, rsi: OLD.rsi }), lookupFor())!;
    expect(caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rsi: OLD.rsi });
  });

  test('V1EpilogAddRspImm32_Recognised', () => {
    const mem = pushAllocStack(image(PUSH_ALLOC, code(0x20, [0x48, 0x81, 0xc4, 0x28, 0, 0, 0, 0x5e, 0x5b, 0xc3])));
    expect(virtualUnwindStep(mem, ctxAt(0x20), lookupFor()).location).toBe('epilog');
  });

  test('V1EpilogLeaRspFromFrame_MingwForm_Recognised', () => {
    // push rbp; push rbx; sub rsp, 0x28; lea rbp, [rsp+0x20] … lea rsp, [rbp+8]; pop rbx; pop rbp; ret
    const spec: UnwindInfoSpec = { prolog: 11, frameRegister: RBP, frameOffsetField: 2, codes: [[11, SETFP, 0], [6, SMALL, 4], [2, PUSH, RBX], [1, PUSH, RBP]] };
    const mem = image(spec, code(0x20, [0x48, 0x8d, 0x65, 0x08, 0x5b, 0x5d, 0xc3])).mapU64(S + 0x28n, [OLD.rbx, OLD.rbp, RA]);
    const ctx = ctxAt(0x20, { rsp: S - 0x300n, rbp: S + 0x20n });
    const step = virtualUnwindStep(mem, ctx, lookupFor());
    expect(step.location).toBe('epilog');
    expect(step.caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rbp: OLD.rbp });
  });

  test('V1JmpToSharedEpilog_InsideFunction_Followed', () => {
    const mem = pushAllocStack(image(PUSH_ALLOC, code(0x20, EPI, [[0x30, [0xeb, 0x20 - 0x32]]])));
    const step = virtualUnwindStep(mem, ctxAt(0x30, { rsp: S }), lookupFor());
    expect(step.location).toBe('epilog');
    expect(step.caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx });
  });

  test('V1TailJmpOutOfFunction_AfterPops_EndsEpilog', () => {
    const tail = [0x48, 0x83, 0xc4, 0x28, 0x5e, 0x5b, 0xe9, 0x00, 0x10, 0x00, 0x00];
    const mem = pushAllocStack(image(PUSH_ALLOC, code(0x20, tail)));
    const caller = virtualUnwind(mem, ctxAt(0x25, { rsp: S + 0x30n, rsi: OLD.rsi }), lookupFor())!;
    expect(caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rsi: OLD.rsi });
  });

  test('V1IndirectTailJmp_RipRelative_EndsEpilog', () => {
    const tail = [0x48, 0x83, 0xc4, 0x28, 0x5e, 0x5b, 0x48, 0xff, 0x25, 0, 0, 0, 0];
    const mem = pushAllocStack(image(PUSH_ALLOC, code(0x20, tail)));
    expect(virtualUnwindStep(mem, ctxAt(0x24, { rsp: S + 0x28n }), lookupFor()).caller).toMatchObject({ rip: RA, rsp: S + 0x40n });
  });

  test('V1BareJmpOutOfFunction_NotEpilog_PrologCodesUsed', () => {
    const mem = pushAllocStack(image(PUSH_ALLOC, code(0x20, [0xe9, 0, 0x10, 0, 0])));
    const step = virtualUnwindStep(mem, ctxAt(0x20), lookupFor());
    expect(step.location).toBe('body');
    expect(step.caller).toMatchObject({ rip: RA, rsp: S + 0x40n });
  });

  test('V1BareJmpOutOfFunction_ReturnAddressAtRsp_TailCallEndOfEpilog', () => {
    // gcc: add rsp, 0x28; pop rsi; pop rbx; jmp other — RIP at the jmp, frame already torn down.
    const mem = pushAllocStack(image(PUSH_ALLOC, code(0x20, [0xe9, 0, 0x10, 0, 0]))).map(RA - 8n, [0x90, 0x90, 0x90, 0xe8, 0, 0, 0, 0]);
    const step = virtualUnwindStep(mem, ctxAt(0x20, { rsp: S + 0x38n, rbx: OLD.rbx, rsi: OLD.rsi }), lookupFor());
    expect(step.location).toBe('epilog');
    expect(step.caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rsi: OLD.rsi });
  });

  test('V1AddRspFollowedByNonEpilog_NotEpilog', () => {
    const mem = pushAllocStack(image(PUSH_ALLOC, code(0x20, [0x48, 0x83, 0xc4, 0x28, 0x90, 0xc3])));
    expect(virtualUnwindStep(mem, ctxAt(0x20), lookupFor()).location).toBe('body');
  });

  // Version 2: function of 0x27 bytes, epilogs at 0x10 and at the end (0x20), 7 bytes each.
  const V2: UnwindInfoSpec = { version: 2, prolog: 6, codes: [[7, EPILOG, 1], [0x17, EPILOG, 0], ...(PUSH_ALLOC.codes as CodeSpec[])] };
  const v2Lookup = () => lookupFor(FN, FN + 0x27);

  test('V2EpilogCodes_RipInSecondEpilog_EmulatesRest', () => {
    const mem = pushAllocStack(image(V2, code(0x20, EPI, [[0x10, EPI]])));
    const step = virtualUnwindStep(mem, ctxAt(0x14, { rsp: S + 0x28n }), v2Lookup());
    expect(step.location).toBe('epilog');
    expect(step.caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rsi: OLD.rsi });
    expect(step.info?.epilogs).toEqual([
      { offsetFromEnd: 7, size: 7 },
      { offsetFromEnd: 0x17, size: 7 },
    ]);
  });

  test('V2EpilogCodes_EpilogLookingBytesElsewhere_TreatedAsBody', () => {
    const mem = pushAllocStack(image(V2, code(0x20, EPI, [[0x10, EPI], [0x8, [0x5b, 0xc3]]])));
    const step = virtualUnwindStep(mem, ctxAt(0x8), v2Lookup());
    expect(step.location).toBe('body');
    expect(step.caller).toMatchObject({ rip: RA, rsp: S + 0x40n, rbx: OLD.rbx, rsi: OLD.rsi });
  });

  test('V2EpilogCodes_BytesAreNotAnEpilog_BadEpilogError', () => {
    const mem = pushAllocStack(image(V2, code(0x20, [])));
    expect(() => virtualUnwind(mem, ctxAt(0x22), v2Lookup())).toThrow(expect.objectContaining({ name: 'UnwindError', problem: 'bad-epilog' }));
  });
});

describe('virtualUnwind: malformed data is an UnwindError', () => {
  const expectUnwindError = (fn: () => unknown, problem: string, field: RegExp) => {
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UnwindError);
    expect((caught as UnwindError).problem).toBe(problem);
    expect((caught as UnwindError).field).toMatch(field);
  };
  const run = (spec: UnwindInfoSpec) => () => virtualUnwind(pushAllocStack(image(spec)), ctxAt(0x20), lookupFor());

  test('Version3_Malformed_NamesVersionField', () => {
    expectUnwindError(run({ version: 3, prolog: 0, codes: [] }), 'malformed-unwind-info', /UNWIND_INFO\.Version/);
  });

  test('UnknownOp11_Malformed_NamesCodeSlot', () => {
    expectUnwindError(run({ prolog: 2, codes: [[2, 11, 0]] }), 'malformed-unwind-info', /UNWIND_CODE\[0\]/);
  });

  test('AllocLargeOpInfo2_Malformed', () => {
    expectUnwindError(run({ prolog: 2, codes: [[2, LARGE, 2, 0, 0]] }), 'malformed-unwind-info', /UNWIND_CODE\[0\]/);
  });

  test('SaveNonvolFarTruncatedByCount_Malformed', () => {
    expectUnwindError(run({ prolog: 2, codes: [[2, SAVE_FAR, RBX, 0, 0]], countOverride: 2 }), 'malformed-unwind-info', /UNWIND_CODE\[0\]/);
  });

  test('SetFpregWithoutFrameRegister_Malformed', () => {
    expectUnwindError(run({ prolog: 2, codes: [[2, SETFP, 0]] }), 'malformed-unwind-info', /UNWIND_CODE\[0\]/);
  });

  test('EpilogOpInVersion1_Malformed', () => {
    expectUnwindError(run({ prolog: 2, codes: [[2, EPILOG, 0]] }), 'malformed-unwind-info', /UNWIND_CODE\[0\]/);
  });

  test('UnwindInfoUnmapped_Unreadable', () => {
    const mem = new FakeMemory().mapU64(S, [RA]);
    expectUnwindError(() => virtualUnwind(mem, ctxAt(0x20), lookupFor()), 'unreadable-unwind-info', /UNWIND_INFO/);
  });

  test('StackUnmapped_UnreadableStack_NamesSlot', () => {
    expectUnwindError(() => virtualUnwind(image(PUSH_ALLOC), ctxAt(0x20), lookupFor()), 'unreadable-stack', /saved rsi/);
  });

  test('ChainCycle_Malformed_NoHang', () => {
    const spec: UnwindInfoSpec = { prolog: 0, flags: 4, codes: [], chain: [FN, FN_END, INFO] };
    expectUnwindError(run(spec), 'malformed-unwind-info', /chained/);
  });

  test('EntryNotContainingRip_Malformed', () => {
    const bad: FunctionLookup = () => ({ imageBase: BASE, begin: FN, end: FN, unwindInfo: INFO });
    expectUnwindError(() => virtualUnwind(pushAllocStack(image(PUSH_ALLOC)), ctxAt(0x20), bad), 'malformed-unwind-info', /RUNTIME_FUNCTION/);
  });
});
