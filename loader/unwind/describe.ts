/**
 * Reads an image's unwind data from its file bytes (for tests and `clremu inspect`): every
 * RUNTIME_FUNCTION of the exception directory with its decoded UNWIND_INFO, and a text rendering
 * in the vocabulary of the Microsoft documentation (UWOP_* names, prolog offsets in hex).
 * Unwind infos that fail to decode are reported per function rather than failing the whole image.
 */
import { PeImage, parsePe } from '../pe';
import { GPR_NAMES } from './context';
import { UnwindError } from './errors';
import { ReadableMemory } from './memory';
import { UnwindCode, UnwindInfo, readUnwindInfo } from './unwind-info';
import { resolveFunctionEntry } from './virtual-unwind';

export interface DescribedFunction {
  begin: number;
  end: number;
  unwindInfoRva: number;
  /** The decoded primary unwind info, or the error that stopped decoding it. */
  info?: UnwindInfo;
  error?: UnwindError;
  /** Decoded chain (each parent's unwind info), outermost last. */
  chain: UnwindInfo[];
}

/** A ReadableMemory over a file whose "addresses" are RVAs (image base 0). */
export function rvaReader(image: PeImage): ReadableMemory {
  return {
    read(addr: bigint, size: number): Uint8Array {
      if (addr < 0n || addr > 0xffffffffn) throw new UnwindError('unreadable-unwind-info', 'RVA', addr, 'outside a 32-bit image');
      return image.readAtRva(Number(addr), size, 'unwind data');
    },
  };
}

/** Decodes the unwind info of every function in the exception directory of `bytes`. */
export function describeImageUnwind(bytes: Uint8Array | PeImage, fileName?: string): DescribedFunction[] {
  const image = bytes instanceof PeImage ? bytes : parsePe(bytes, fileName);
  const memory = rvaReader(image);
  return image.exceptionTable.map((rf) => {
    const out: DescribedFunction = { begin: rf.beginRva, end: rf.endRva, unwindInfoRva: rf.unwindInfoRva, chain: [] };
    try {
      const entry = resolveFunctionEntry(memory, { imageBase: 0n, begin: rf.beginRva, end: rf.endRva, unwindInfo: rf.unwindInfoRva });
      out.info = readUnwindInfo(memory, 0n, entry.unwindInfo);
      let link = out.info.chained;
      while (link) {
        if (out.chain.length >= MAX_CHAIN) {
          throw new UnwindError('malformed-unwind-info', 'UNWIND_INFO chained RUNTIME_FUNCTION', out.chain[out.chain.length - 1].address, `more than ${MAX_CHAIN} chained unwind infos (a cycle?)`);
        }
        const parent = readUnwindInfo(memory, 0n, resolveFunctionEntry(memory, { imageBase: 0n, ...link }).unwindInfo);
        out.chain.push(parent);
        link = parent.chained;
      }
    } catch (err) {
      if (!(err instanceof UnwindError)) throw err;
      out.error = err;
    }
    return out;
  });
}

/** Chains longer than this are a cycle in malformed data. */
const MAX_CHAIN = 32;

const hex = (v: number, width = 0) => `0x${v.toString(16).padStart(width, '0')}`;

/** One unwind code in words, e.g. `0x04 UWOP_ALLOC_SMALL 0x28`. */
export function describeUnwindCode(code: UnwindCode, info: Pick<UnwindInfo, 'frameRegister' | 'frameOffset'>): string {
  const at = `${hex(code.codeOffset, 2)} `;
  switch (code.kind) {
    case 'push-nonvol':
      return `${at}UWOP_PUSH_NONVOL ${GPR_NAMES[code.reg]}`;
    case 'alloc':
      return `${at}${code.form === 'small' ? 'UWOP_ALLOC_SMALL' : 'UWOP_ALLOC_LARGE'} ${hex(code.size)}`;
    case 'set-fpreg':
      return `${at}UWOP_SET_FPREG ${GPR_NAMES[info.frameRegister]} = rsp + ${hex(info.frameOffset)}`;
    case 'save-nonvol':
      return `${at}${code.far ? 'UWOP_SAVE_NONVOL_FAR' : 'UWOP_SAVE_NONVOL'} ${GPR_NAMES[code.reg]} at frame + ${hex(code.offset)}`;
    case 'save-xmm128':
      return `${at}${code.far ? 'UWOP_SAVE_XMM128_FAR' : 'UWOP_SAVE_XMM128'} xmm${code.reg} at frame + ${hex(code.offset)}`;
    case 'push-machframe':
      return `${at}UWOP_PUSH_MACHFRAME${code.errorCode ? ' (with error code)' : ''}`;
  }
}

/** Several lines describing one unwind info (without the function range). */
export function describeUnwindInfo(info: UnwindInfo): string[] {
  const flags: string[] = [];
  if (info.handler?.exception) flags.push('EHANDLER');
  if (info.handler?.termination) flags.push('UHANDLER');
  if (info.chained) flags.push('CHAININFO');
  const frame = info.frameRegister ? `${GPR_NAMES[info.frameRegister]}+${hex(info.frameOffset)}` : 'none';
  const lines = [`version ${info.version}, flags ${flags.join('|') || 'none'}, prolog ${hex(info.sizeOfProlog)}, codes ${info.countOfCodes}, frame ${frame}`];
  for (const code of info.codes) lines.push(`  ${describeUnwindCode(code, info)}`);
  for (const e of info.epilogs) lines.push(`  epilog at end - ${hex(e.offsetFromEnd)}, size ${hex(e.size)}`);
  if (info.chained) lines.push(`  chained to ${hex(info.chained.begin, 8)}-${hex(info.chained.end, 8)} (unwind info ${hex(info.chained.unwindInfo, 8)})`);
  if (info.handler) lines.push(`  handler ${hex(info.handler.handlerRva, 8)}, data ${hex(info.handler.dataRva, 8)}`);
  return lines;
}

/** The text `inspect` prints: one block per function. */
export function formatImageUnwind(functions: readonly DescribedFunction[]): string {
  const out: string[] = [];
  for (const f of functions) {
    out.push(`${hex(f.begin, 8)}-${hex(f.end, 8)} unwind info ${hex(f.unwindInfoRva, 8)}`);
    if (f.error) out.push(`  error: ${f.error.message}`);
    if (f.info) out.push(...describeUnwindInfo(f.info).map((l) => `  ${l}`));
  }
  return out.join('\n');
}
