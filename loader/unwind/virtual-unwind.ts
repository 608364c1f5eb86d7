/**
 * Virtual unwind of one frame, as RtlVirtualUnwind does it (Microsoft x64 exception handling,
 * "Unwind procedure"): given a frame's context and the RUNTIME_FUNCTION covering its RIP, compute
 * the caller's context without running any code.
 *
 *  1. No function entry: a leaf function that neither allocates stack nor saves registers, so the
 *     return address is at [RSP] (the leaf rule).
 *  2. RIP inside an epilog: simulate the remaining epilog instructions (see epilog.ts). Version 2
 *     unwind info says where its epilogs are (UWOP_EPILOG); version 1 is recognised by its bytes,
 *     plus one case RtlVirtualUnwind leaves out: RIP at the tail-call `jmp` that ends a gcc epilog.
 *  3. Otherwise undo the prolog: walk the unwind codes in array order (the reverse of execution),
 *     skipping codes whose prolog offset is beyond RIP's offset when RIP is still in the prolog,
 *     then follow chained unwind info (all of whose codes apply). Unless a machine frame was
 *     popped, the return address is then at [RSP].
 *
 * Register saves (UWOP_SAVE_NONVOL, UWOP_SAVE_XMM128) are addressed from the establisher frame:
 * FrameRegister − FrameOffset once UWOP_SET_FPREG has executed, RSP before that or when the
 * function has no frame register. That value is also what SEH handlers receive as EstablisherFrame.
 */
import { Context64, cloneContext, getGpr, setGpr, wrap64 } from './context';
import { applyEpilog, directJumpTarget, matchEpilog } from './epilog';
import { UnwindError } from './errors';
import { ReadableMemory, readBytes, readStackU64, readStackXmm, u32le } from './memory';
import { followsCall } from './stack-scan';
import { UnwindInfo, readUnwindInfo } from './unwind-info';

/** A RUNTIME_FUNCTION resolved for one image: RVAs relative to `imageBase`. */
export interface FunctionEntry {
  imageBase: bigint;
  begin: number;
  end: number;
  /** RVA of the UNWIND_INFO; with bit 0 set, the RVA of another RUNTIME_FUNCTION (indirect entry). */
  unwindInfo: number;
}

/** Finds the function entry covering `rip` (.pdata of the module at rip, or a JIT's tables). */
export type FunctionLookup = (rip: bigint) => FunctionEntry | undefined;

/** Where in its function the frame's RIP was. */
export type FrameLocation = 'leaf' | 'prolog' | 'body' | 'epilog';

export interface UnwindStep {
  /** The caller's context. */
  readonly caller: Context64;
  /** The function entry of the unwound frame (after resolving an indirect entry); none for a leaf. */
  readonly entry?: FunctionEntry;
  /** The frame's primary unwind info; none for a leaf. */
  readonly info?: UnwindInfo;
  readonly location: FrameLocation;
  /** EstablisherFrame as RtlVirtualUnwind reports it. */
  readonly establisherFrame: bigint;
  /** The language handler when RIP is in the body and the unwind info declares one. */
  readonly handler?: UnwindInfo['handler'];
}

/** Chains longer than this are treated as a cycle in malformed data. */
const MAX_CHAIN = 32;

/** Follows indirect RUNTIME_FUNCTION references (UnwindData with bit 0 set). */
export function resolveFunctionEntry(memory: ReadableMemory, entry: FunctionEntry): FunctionEntry {
  let e = entry;
  for (let depth = 0; e.unwindInfo & 1; depth++) {
    if (depth >= MAX_CHAIN) {
      throw new UnwindError('malformed-unwind-info', 'RUNTIME_FUNCTION.UnwindData', e.imageBase + BigInt(e.unwindInfo & ~1), 'indirect entries form a cycle');
    }
    const addr = e.imageBase + BigInt(e.unwindInfo & ~1);
    const b = readBytes(memory, addr, 12, 'RUNTIME_FUNCTION', 'unreadable-unwind-info');
    e = { imageBase: e.imageBase, begin: u32le(b, 0), end: u32le(b, 4), unwindInfo: u32le(b, 8) };
  }
  return e;
}

/** The prolog codes applied to a copy of `ctx`; `offset` is RIP's offset into the function. */
function undoProlog(memory: ReadableMemory, ctx: Context64, primary: UnwindInfo, entry: FunctionEntry, offset: number): { caller: Context64; establisherFrame: bigint } {
  const out = cloneContext(ctx);
  let info = primary;
  let codeLimit = offset < primary.sizeOfProlog ? offset : Infinity;
  let machineFrame = false;
  let establisherFrame = ctx.rsp;
  for (let level = 0; ; level++) {
    let frame = out.rsp;
    if (info.frameRegister !== 0) {
      const setFp = info.codes.find((c) => c.kind === 'set-fpreg');
      if (setFp !== undefined && setFp.codeOffset <= codeLimit) frame = wrap64(getGpr(out, info.frameRegister) - BigInt(info.frameOffset));
    }
    if (level === 0) establisherFrame = frame;
    for (const code of info.codes) {
      if (code.codeOffset > codeLimit) continue;
      switch (code.kind) {
        case 'push-nonvol':
          setGpr(out, code.reg, readStackU64(memory, out.rsp, `saved ${regName(code.reg)}`));
          if (code.reg !== 4) out.rsp = wrap64(out.rsp + 8n);
          break;
        case 'alloc':
          out.rsp = wrap64(out.rsp + BigInt(code.size));
          break;
        case 'set-fpreg':
          out.rsp = frame;
          break;
        case 'save-nonvol':
          setGpr(out, code.reg, readStackU64(memory, wrap64(frame + BigInt(code.offset)), `saved ${regName(code.reg)}`));
          break;
        case 'save-xmm128': {
          const xmm = out.xmm ?? (out.xmm = []);
          xmm[code.reg] = readStackXmm(memory, wrap64(frame + BigInt(code.offset)), `saved xmm${code.reg}`);
          break;
        }
        case 'push-machframe': {
          // Hardware pushed SS, RSP, RFLAGS, CS, RIP (and an error code below them).
          if (code.errorCode) out.rsp = wrap64(out.rsp + 8n);
          const base = out.rsp;
          out.rip = readStackU64(memory, base, 'machine frame RIP');
          out.rflags = readStackU64(memory, wrap64(base + 16n), 'machine frame RFLAGS');
          out.rsp = readStackU64(memory, wrap64(base + 24n), 'machine frame RSP');
          machineFrame = true;
          break;
        }
      }
    }
    if (!info.chained) break;
    if (level + 1 >= MAX_CHAIN) {
      throw new UnwindError('malformed-unwind-info', 'UNWIND_INFO chained RUNTIME_FUNCTION', info.address, `more than ${MAX_CHAIN} chained unwind infos (a cycle?)`);
    }
    const next = resolveFunctionEntry(memory, { imageBase: entry.imageBase, ...info.chained });
    info = readUnwindInfo(memory, entry.imageBase, next.unwindInfo);
    codeLimit = Infinity; // the chained (parent) prolog has fully run
  }
  if (!machineFrame) {
    out.rip = readStackU64(memory, out.rsp, 'return address');
    out.rsp = wrap64(out.rsp + 8n);
  }
  return { caller: out, establisherFrame };
}

/** Unwinds one frame with full detail (for the stack walker and, later, SEH dispatch). */
export function virtualUnwindStep(memory: ReadableMemory, ctx: Context64, lookup: FunctionLookup): UnwindStep {
  const found = lookup(ctx.rip);
  if (!found) {
    const caller = cloneContext(ctx);
    caller.rip = readStackU64(memory, ctx.rsp, 'return address');
    caller.rsp = wrap64(ctx.rsp + 8n);
    return { caller, location: 'leaf', establisherFrame: ctx.rsp };
  }
  const entry = resolveFunctionEntry(memory, found);
  const begin = entry.imageBase + BigInt(entry.begin);
  const end = entry.imageBase + BigInt(entry.end);
  if (ctx.rip < begin || ctx.rip >= end || entry.end <= entry.begin) {
    throw new UnwindError('malformed-unwind-info', 'RUNTIME_FUNCTION', begin, `range [0x${begin.toString(16)}, 0x${end.toString(16)}) does not contain RIP 0x${ctx.rip.toString(16)}`);
  }
  const offset = Number(ctx.rip - begin);
  const info = readUnwindInfo(memory, entry.imageBase, entry.unwindInfo);

  if (offset >= info.sizeOfProlog) {
    const epilog = epilogAt(memory, ctx, info, entry, offset);
    if (epilog) return { caller: epilog, entry, info, location: 'epilog', establisherFrame: ctx.rsp };
  }
  const { caller, establisherFrame } = undoProlog(memory, ctx, info, entry, offset);
  const location: FrameLocation = offset < info.sizeOfProlog ? 'prolog' : 'body';
  return { caller, entry, info, location, establisherFrame, handler: location === 'body' ? info.handler : undefined };
}

/** The caller's context after an epilog, or undefined when RIP is not in one. */
function epilogAt(memory: ReadableMemory, ctx: Context64, info: UnwindInfo, entry: FunctionEntry, offset: number): Context64 | undefined {
  const begin = entry.imageBase + BigInt(entry.begin);
  const end = entry.imageBase + BigInt(entry.end);
  if (info.version === 2 && info.epilogs.length > 0) {
    const length = entry.end - entry.begin;
    const inside = info.epilogs.some((e) => offset >= length - e.offsetFromEnd && offset < length - e.offsetFromEnd + e.size);
    if (!inside) return undefined;
    const steps = matchEpilog(memory, ctx.rip, begin, end);
    if (!steps) throw new UnwindError('bad-epilog', 'UWOP_EPILOG', ctx.rip, 'the unwind info places an epilog here but the instructions are not an epilog');
    return applyEpilog(memory, ctx, steps);
  }
  const steps = matchEpilog(memory, ctx.rip, begin, end);
  if (steps) return applyEpilog(memory, ctx, steps);
  // RIP at a bare `jmp` out of the function: the last instruction of an epilog ending in a tail
  // call (gcc writes `add rsp; pop …; jmp other`), or a branch from the body to code elsewhere.
  // After a complete epilog [RSP] is the return address, which follows a call; inside the body
  // it is the frame's own data. (Without prolog codes both readings give the same caller.)
  const target = directJumpTarget(memory, ctx.rip);
  if (target === undefined || (target >= begin && target < end) || info.codes.length === 0) return undefined;
  let top: bigint;
  try {
    top = readStackU64(memory, ctx.rsp, 'return address');
  } catch {
    return undefined;
  }
  return followsCall(memory, top) ? applyEpilog(memory, ctx, [{ kind: 'return' }]) : undefined;
}

/**
 * The caller's context, or undefined when there is no caller (the return address is 0, the
 * conventional end of a thread's stack). Malformed unwind data or an unreadable stack is an
 * UnwindError.
 */
export function virtualUnwind(memory: ReadableMemory, ctx: Context64, lookup: FunctionLookup): Context64 | undefined {
  const { caller } = virtualUnwindStep(memory, ctx, lookup);
  return caller.rip === 0n ? undefined : caller;
}

function regName(reg: number): string {
  return ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'][reg & 15];
}
