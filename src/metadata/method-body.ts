/**
 * Method bodies (ECMA-335 §II.25.4): tiny headers (1 byte, code ≤ 63 bytes, no alignment needed)
 * and fat headers (12 bytes, 4-aligned), the local-variable signature token, and the extra data
 * sections after the code (4-aligned): small (12-byte clauses) and fat (24-byte clauses)
 * exception-handling tables. Every length is checked against the section holding the body.
 */
import { ByteCursor } from './bytes';
import { BadImageFormatError } from './errors';
import { Token, asToken } from './handles';

/** Method header flags (§II.25.4.4). */
export const enum MethodHeaderFlags {
  /** Low two bits = 2: tiny header. */
  TinyFormat = 0x2,
  /** Low two bits = 3: fat header. */
  FatFormat = 0x3,
  /** More sections follow the code. */
  MoreSects = 0x8,
  /** Zero-initialise locals. */
  InitLocals = 0x10,
}

/** Section header bits (§II.25.4.5). */
export const enum SectionFlags {
  /** Exception handling data. */
  EHTable = 0x1,
  /** Reserved: optional IL table. */
  OptILTable = 0x2,
  /** Fat (24-byte clause) format. */
  FatFormat = 0x40,
  /** Another section follows. */
  MoreSects = 0x80,
}

/** Exception clause kinds (§II.25.4.6). */
export const enum ExceptionRegionKind {
  /** Typed catch: `classToken` names the caught type. */
  Catch = 0x0,
  /** Filter: `filterOffset` is where the filter code starts. */
  Filter = 0x1,
  /** Finally. */
  Finally = 0x2,
  /** Fault. */
  Fault = 0x4,
}

export interface ExceptionRegion {
  kind: ExceptionRegionKind;
  tryOffset: number;
  tryLength: number;
  handlerOffset: number;
  handlerLength: number;
  /** Catch clauses: the caught type's token. */
  classToken: Token;
  /** Filter clauses: offset of the filter block. */
  filterOffset: number;
}

export interface MethodBody {
  /** File offset of the header. */
  offset: number;
  tiny: boolean;
  flags: number;
  maxStack: number;
  initLocals: boolean;
  /** StandAloneSig token of the locals, or 0. */
  localSignature: Token;
  code: Uint8Array;
  exceptionRegions: ExceptionRegion[];
  /** Size in bytes from the header to the end of the last section. */
  size: number;
}

/** Parses the body starting at `offset`; `end` bounds the containing section's data. */
export function parseMethodBody(bytes: Uint8Array, offset: number, end: number, what: string): MethodBody {
  const c = new ByteCursor(bytes, offset, end, { field: what });
  const b0 = c.u8('method header');
  if ((b0 & 3) === MethodHeaderFlags.TinyFormat) {
    const size = b0 >> 2;
    const code = c.take(size, 'tiny method code');
    return {
      offset, tiny: true, flags: b0 & 3, maxStack: 8, initLocals: false, localSignature: asToken(0), code,
      exceptionRegions: [], size: 1 + size,
    };
  }
  if ((b0 & 3) !== MethodHeaderFlags.FatFormat) {
    throw new BadImageFormatError(`method header byte 0x${b0.toString(16)} is neither tiny nor fat`, { field: what, offset });
  }
  const b1 = c.u8('fat header');
  const flags = b0 | ((b1 & 0x0f) << 8);
  const headerSize = (b1 >> 4) * 4;
  if (headerSize < 12) throw new BadImageFormatError(`fat header size ${headerSize} is below 12`, { field: what, offset });
  const maxStack = c.u16('MaxStack');
  const codeSize = c.u32('CodeSize');
  const localSignature = asToken(c.u32('LocalVarSigTok'));
  if (localSignature !== 0 && localSignature >>> 24 !== 0x11) {
    throw new BadImageFormatError(`LocalVarSigTok 0x${localSignature.toString(16)} is not a StandAloneSig token`, { field: what, offset: offset + 8 });
  }
  c.pos = offset + headerSize;
  const code = c.take(codeSize, 'method code');
  const regions: ExceptionRegion[] = [];
  let more = (flags & MethodHeaderFlags.MoreSects) !== 0;
  while (more) {
    c.pos = offset + ((c.pos - offset + 3) & ~3);
    const secAt = c.pos;
    const kind = c.u8('section kind');
    more = (kind & SectionFlags.MoreSects) !== 0;
    const fat = (kind & SectionFlags.FatFormat) !== 0;
    let dataSize: number;
    if (fat) {
      dataSize = c.u8('section size') | (c.u8('section size') << 8) | (c.u8('section size') << 16);
    } else {
      dataSize = c.u8('section size');
      c.u16('section reserved');
    }
    if (dataSize < 4) throw new BadImageFormatError(`method data section of ${dataSize} bytes`, { field: what, offset: secAt });
    const body = new ByteCursor(bytes, c.pos, Math.min(end, secAt + dataSize), { field: `${what} EH section` });
    body.need(dataSize - 4, 'EH section data');
    if (kind & SectionFlags.EHTable) {
      const clauseSize = fat ? 24 : 12;
      const n = Math.floor((dataSize - 4) / clauseSize);
      for (let i = 0; i < n; i++) {
        const k = fat ? body.u32('clause Flags') : body.u16('clause Flags');
        const tryOffset = fat ? body.u32('TryOffset') : body.u16('TryOffset');
        const tryLength = fat ? body.u32('TryLength') : body.u8('TryLength');
        const handlerOffset = fat ? body.u32('HandlerOffset') : body.u16('HandlerOffset');
        const handlerLength = fat ? body.u32('HandlerLength') : body.u8('HandlerLength');
        const extra = body.u32('ClassToken/FilterOffset');
        if (k !== 0 && k !== 1 && k !== 2 && k !== 4) {
          throw new BadImageFormatError(`exception clause ${i} has unknown kind 0x${k.toString(16)}`, { field: what, offset: body.pos });
        }
        regions.push({
          kind: k as ExceptionRegionKind, tryOffset, tryLength, handlerOffset, handlerLength,
          classToken: asToken(k === ExceptionRegionKind.Catch ? extra : 0), filterOffset: k === ExceptionRegionKind.Filter ? extra : 0,
        });
      }
    }
    c.pos = secAt + dataSize;
  }
  return {
    offset, tiny: false, flags, maxStack, initLocals: (flags & MethodHeaderFlags.InitLocals) !== 0, localSignature, code,
    exceptionRegions: regions, size: c.pos - offset,
  };
}
