/**
 * UNWIND_INFO and UNWIND_CODE decoding (Microsoft x64 exception handling, "Struct UNWIND_INFO",
 * "Struct UNWIND_CODE", "Chained unwind info structures"). Versions 1 and 2: version 2 adds
 * UWOP_EPILOG codes that describe where the function's epilogs are.
 *
 * Layout: byte 0 = Version (3 bits) | Flags (5 bits); byte 1 = SizeOfProlog; byte 2 =
 * CountOfCodes (in 16-bit slots); byte 3 = FrameRegister (4 bits) | FrameOffset (4 bits, scaled by
 * 16). Then CountOfCodes slots, padded to an even count, then either a chained RUNTIME_FUNCTION
 * (UNW_FLAG_CHAININFO) or, with UNW_FLAG_EHANDLER / UNW_FLAG_UHANDLER, the handler's RVA followed
 * by its language-specific data.
 *
 * Invariant: a decoded UnwindInfo is internally consistent (every code's slots lie inside the
 * array, operation infos are in range); anything else is an UnwindError naming the field and the
 * address of the offending byte.
 */
import { UnwindError } from './errors';
import { ReadableMemory, readBytes, u16le, u32le } from './memory';

/** UWOP_* operation codes (the 4-bit UnwindOp field). */
export const enum UnwindOp {
  /** push of a nonvolatile register; OpInfo = register. 1 slot. */
  PushNonvol = 0,
  /** large fixed allocation; OpInfo 0: next slot × 8 (2 slots), OpInfo 1: next two slots, unscaled (3 slots). */
  AllocLarge = 1,
  /** small fixed allocation of OpInfo × 8 + 8 bytes. 1 slot. */
  AllocSmall = 2,
  /** frame register = RSP + FrameOffset × 16. 1 slot. */
  SetFpreg = 3,
  /** mov of a nonvolatile register to the frame; next slot = offset / 8. 2 slots. */
  SaveNonvol = 4,
  /** as SaveNonvol with an unscaled 32-bit offset. 3 slots. */
  SaveNonvolFar = 5,
  /** version 2: epilog location (version 1 used 6 for the obsolete UWOP_SAVE_XMM). 1 slot. */
  Epilog = 6,
  /** reserved (version 1's obsolete UWOP_SAVE_XMM_FAR). */
  SpareCode = 7,
  /** movaps of XMM register OpInfo to the frame; next slot = offset / 16. 2 slots. */
  SaveXmm128 = 8,
  /** as SaveXmm128 with an unscaled 32-bit offset. 3 slots. */
  SaveXmm128Far = 9,
  /** a machine frame pushed by hardware (interrupt/exception); OpInfo 1: with an error code. 1 slot. */
  PushMachframe = 10,
}

/** UNW_FLAG_* bits of UNWIND_INFO.Flags. */
export const enum UnwindFlags {
  /** No handler. */
  None = 0,
  /** UNW_FLAG_EHANDLER: the function has an exception filter/handler. */
  ExceptionHandler = 1 << 0,
  /** UNW_FLAG_UHANDLER: the function has a termination handler called while unwinding. */
  TerminationHandler = 1 << 1,
  /** UNW_FLAG_CHAININFO: a RUNTIME_FUNCTION of the primary unwind info follows the codes. */
  ChainInfo = 1 << 2,
}

/** One decoded prolog operation; `codeOffset` is the prolog offset just past the instruction. */
export type UnwindCode =
  | { kind: 'push-nonvol'; codeOffset: number; reg: number }
  | { kind: 'alloc'; codeOffset: number; size: number; form: 'small' | 'large16' | 'large32' }
  | { kind: 'set-fpreg'; codeOffset: number }
  | { kind: 'save-nonvol'; codeOffset: number; reg: number; offset: number; far: boolean }
  | { kind: 'save-xmm128'; codeOffset: number; reg: number; offset: number; far: boolean }
  | { kind: 'push-machframe'; codeOffset: number; errorCode: boolean };

/** A version 2 epilog: it starts `offsetFromEnd` bytes before the function's end. */
export interface EpilogLocation {
  offsetFromEnd: number;
  size: number;
}

/** RUNTIME_FUNCTION: RVAs relative to the image base. */
export interface RuntimeFunctionRvas {
  begin: number;
  end: number;
  unwindInfo: number;
}

export interface UnwindInfo {
  /** Guest address (or RVA, for file parsing) the structure was read from. */
  readonly address: bigint;
  readonly version: 1 | 2;
  readonly flags: number;
  readonly sizeOfProlog: number;
  /** CountOfCodes as stored (slots, including UWOP_EPILOG slots). */
  readonly countOfCodes: number;
  /** 0 when no frame register is used. */
  readonly frameRegister: number;
  /** FrameOffset already scaled (× 16). */
  readonly frameOffset: number;
  /** Prolog operations in array order (the reverse of execution order). */
  readonly codes: readonly UnwindCode[];
  /** Version 2 epilog locations (empty for version 1). */
  readonly epilogs: readonly EpilogLocation[];
  /** UNW_FLAG_CHAININFO: the entry whose unwind info continues this one. */
  readonly chained?: RuntimeFunctionRvas;
  /** UNW_FLAG_EHANDLER/UHANDLER: the language handler and the RVA of its data (for SEH dispatch). */
  readonly handler?: { handlerRva: number; dataRva: number; exception: boolean; termination: boolean };
  /** Total size in bytes, including padding and the trailer. */
  readonly byteSize: number;
}

const HEADER = 4;

/**
 * Decodes the UNWIND_INFO at `imageBase + rva`. `imageBase` is 0 when `memory` reads RVAs (files).
 */
export function readUnwindInfo(memory: ReadableMemory, imageBase: bigint, rva: number): UnwindInfo {
  const address = imageBase + BigInt(rva);
  const at = (delta: number) => address + BigInt(delta);
  const header = readBytes(memory, address, HEADER, 'UNWIND_INFO', 'unreadable-unwind-info');
  const version = header[0] & 7;
  const flags = header[0] >> 3;
  const sizeOfProlog = header[1];
  const countOfCodes = header[2];
  const frameRegister = header[3] & 15;
  const frameOffset = (header[3] >> 4) * 16;
  const malformed = (field: string, delta: number, detail: string): never => {
    throw new UnwindError('malformed-unwind-info', field, at(delta), detail);
  };
  if (version !== 1 && version !== 2) malformed('UNWIND_INFO.Version', 0, `version ${version} is not 1 or 2`);
  if (flags & ~7) malformed('UNWIND_INFO.Flags', 0, `unknown flag bits 0x${flags.toString(16)}`);

  const padded = (countOfCodes + (countOfCodes & 1)) * 2;
  const chain = (flags & UnwindFlags.ChainInfo) !== 0;
  const hasHandler = !chain && (flags & (UnwindFlags.ExceptionHandler | UnwindFlags.TerminationHandler)) !== 0;
  const trailer = chain ? 12 : hasHandler ? 4 : 0;
  const body = readBytes(memory, at(HEADER), padded + trailer, 'UNWIND_INFO.UnwindCode', 'unreadable-unwind-info');

  const codes: UnwindCode[] = [];
  const epilogs: EpilogLocation[] = [];
  let epilogSize = -1;
  let i = 0;
  while (i < countOfCodes) {
    const slot = i * 2;
    const codeOffset = body[slot];
    const op = body[slot + 1] & 15;
    const info = body[slot + 1] >> 4;
    const field = `UNWIND_CODE[${i}]`;
    const need = (slots: number) => {
      if (i + slots > countOfCodes) malformed(field, HEADER + slot, `operation ${op} needs ${slots} slots but only ${countOfCodes - i} remain`);
    };
    switch (op) {
      case UnwindOp.PushNonvol:
        codes.push({ kind: 'push-nonvol', codeOffset, reg: info });
        i += 1;
        break;
      case UnwindOp.AllocLarge:
        if (info === 0) {
          need(2);
          codes.push({ kind: 'alloc', codeOffset, size: u16le(body, slot + 2) * 8, form: 'large16' });
          i += 2;
        } else if (info === 1) {
          need(3);
          codes.push({ kind: 'alloc', codeOffset, size: u32le(body, slot + 2), form: 'large32' });
          i += 3;
        } else {
          malformed(field, HEADER + slot, `UWOP_ALLOC_LARGE with OpInfo ${info} (only 0 or 1)`);
        }
        break;
      case UnwindOp.AllocSmall:
        codes.push({ kind: 'alloc', codeOffset, size: info * 8 + 8, form: 'small' });
        i += 1;
        break;
      case UnwindOp.SetFpreg:
        if (frameRegister === 0) malformed(field, HEADER + slot, 'UWOP_SET_FPREG but UNWIND_INFO.FrameRegister is 0');
        codes.push({ kind: 'set-fpreg', codeOffset });
        i += 1;
        break;
      case UnwindOp.SaveNonvol:
        need(2);
        codes.push({ kind: 'save-nonvol', codeOffset, reg: info, offset: u16le(body, slot + 2) * 8, far: false });
        i += 2;
        break;
      case UnwindOp.SaveNonvolFar:
        need(3);
        codes.push({ kind: 'save-nonvol', codeOffset, reg: info, offset: u32le(body, slot + 2), far: true });
        i += 3;
        break;
      case UnwindOp.Epilog: {
        if (version !== 2) malformed(field, HEADER + slot, 'operation 6 (obsolete UWOP_SAVE_XMM) in a version 1 UNWIND_INFO');
        if (epilogSize < 0) {
          // The first epilog code gives the size shared by all epilogs; bit 0 of OpInfo says
          // that one of them ends the function.
          epilogSize = codeOffset;
          if (info & 1) epilogs.push({ offsetFromEnd: epilogSize, size: epilogSize });
        } else {
          const offsetFromEnd = codeOffset | (info << 8);
          if (offsetFromEnd !== 0) epilogs.push({ offsetFromEnd, size: epilogSize }); // 0 is padding
        }
        i += 1;
        break;
      }
      case UnwindOp.SaveXmm128:
        need(2);
        codes.push({ kind: 'save-xmm128', codeOffset, reg: info, offset: u16le(body, slot + 2) * 16, far: false });
        i += 2;
        break;
      case UnwindOp.SaveXmm128Far:
        need(3);
        codes.push({ kind: 'save-xmm128', codeOffset, reg: info, offset: u32le(body, slot + 2), far: true });
        i += 3;
        break;
      case UnwindOp.PushMachframe:
        if (info > 1) malformed(field, HEADER + slot, `UWOP_PUSH_MACHFRAME with OpInfo ${info} (only 0 or 1)`);
        codes.push({ kind: 'push-machframe', codeOffset, errorCode: info === 1 });
        i += 1;
        break;
      default:
        malformed(field, HEADER + slot, `unknown unwind operation ${op}`);
    }
  }

  let chained: RuntimeFunctionRvas | undefined;
  let handler: UnwindInfo['handler'];
  if (chain) {
    chained = { begin: u32le(body, padded), end: u32le(body, padded + 4), unwindInfo: u32le(body, padded + 8) };
  } else if (hasHandler) {
    handler = {
      handlerRva: u32le(body, padded),
      dataRva: rva + HEADER + padded + 4,
      exception: (flags & UnwindFlags.ExceptionHandler) !== 0,
      termination: (flags & UnwindFlags.TerminationHandler) !== 0,
    };
  }
  return {
    address,
    version: version as 1 | 2,
    flags,
    sizeOfProlog,
    countOfCodes,
    frameRegister,
    frameOffset,
    codes,
    epilogs,
    chained,
    handler,
    byteSize: HEADER + padded + trailer,
  };
}

/** Slots an operation occupies, for tools that walk raw code arrays. */
export function unwindOpSlots(op: number, opInfo: number): number {
  switch (op) {
    case UnwindOp.AllocLarge:
      return opInfo === 0 ? 2 : 3;
    case UnwindOp.SaveNonvol:
    case UnwindOp.SaveXmm128:
      return 2;
    case UnwindOp.SaveNonvolFar:
    case UnwindOp.SaveXmm128Far:
      return 3;
    default:
      return 1;
  }
}
