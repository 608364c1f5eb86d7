/**
 * x86-64 disassembly for traces, crash reports and tests, over capstone-wasm (Intel syntax).
 *
 * - capstone-wasm overflows its heap on inputs past ~64 KiB, so `decode` feeds it chunks of
 *   `CHUNK_BYTES` plus a 15-byte overlap (the longest x86 instruction) and only accepts
 *   instructions that start inside the chunk; the next chunk resumes where the last one ended.
 * - Bytes capstone cannot decode become one-byte `.byte 0xNN` entries so a listing never stops
 *   early and offsets stay in step with the input.
 * - `decodeAt` reads guest memory and caches decoded instructions by address; `invalidate` must be
 *   called when code is rewritten (the same moments `Machine.flushCode` is).
 */
import { Capstone, Const, loadCapstone } from 'capstone-wasm';
import { Memory } from './memory';

export interface Instruction {
  address: bigint;
  size: number;
  bytes: Uint8Array;
  mnemonic: string;
  operands: string;
  /** `mnemonic operands`, as a listing shows it. */
  text: string;
}

/** Bytes handed to capstone per call (well under its ~64 KiB limit). */
export const CHUNK_BYTES = 0x4000;
/** The longest legal x86 instruction. */
const MAX_INSN = 15;
/** How far `decodeAt` reads ahead per miss. */
const READ_AHEAD = 256;

function makeInstruction(address: bigint, bytes: Uint8Array, mnemonic: string, operands: string): Instruction {
  return { address, size: bytes.length, bytes, mnemonic, operands, text: operands ? `${mnemonic} ${operands}` : mnemonic };
}

export class Disassembler {
  private readonly cache = new Map<bigint, Instruction>();

  private constructor(private readonly cs: Capstone) {}

  /** Loads the capstone WebAssembly module (once per process) and opens an x86-64 handle. */
  static async load(): Promise<Disassembler> {
    await loadCapstone();
    return new Disassembler(new Capstone(Const.CS_ARCH_X86, Const.CS_MODE_64));
  }

  /** Decodes `bytes` as code at `address`; at most `count` instructions when given. */
  decode(bytes: Uint8Array, address: bigint, count?: number): Instruction[] {
    const out: Instruction[] = [];
    const limit = count ?? Number.POSITIVE_INFINITY;
    let offset = 0;
    while (offset < bytes.length && out.length < limit) {
      const chunkEnd = Math.min(bytes.length, offset + CHUNK_BYTES);
      const window = bytes.subarray(offset, Math.min(bytes.length, chunkEnd + MAX_INSN));
      const wanted = Number.isFinite(limit) ? limit - out.length : 0;
      const decoded = this.disasm(window, address + BigInt(offset), wanted);
      let local = 0;
      for (const insn of decoded) {
        if (offset + local >= chunkEnd || out.length >= limit) break;
        out.push(makeInstruction(address + BigInt(offset + local), bytes.slice(offset + local, offset + local + insn.size),
          insn.mnemonic, insn.opStr));
        local += insn.size;
      }
      offset += local;
      if (offset < chunkEnd && out.length < limit) {
        // capstone stopped on bytes it cannot decode: emit one as data and go on after it.
        out.push(makeInstruction(address + BigInt(offset), bytes.slice(offset, offset + 1), '.byte',
          '0x' + bytes[offset].toString(16).padStart(2, '0')));
        offset += 1;
      }
    }
    return out;
  }

  /** capstone-wasm throws when not even one instruction decodes; that just means "none" here. */
  private disasm(window: Uint8Array, address: bigint, count: number): Array<{ size: number; mnemonic: string; opStr: string }> {
    try {
      return this.cs.disasm(window, { address: Number(address), count });
    } catch (e) {
      if (/Failed to disassemble/.test((e as Error).message)) return [];
      throw e;
    }
  }

  /**
   * Decodes up to `count` instructions of guest memory from `address`, reusing cached decodings.
   * Stops early where committed memory ends (the first instruction must be readable).
   */
  decodeAt(memory: Memory, address: bigint, count: number): Instruction[] {
    const out: Instruction[] = [];
    let at = address;
    while (out.length < count) {
      let insn = this.cache.get(at);
      if (!insn) {
        const readable = this.readableLength(memory, at);
        if (readable === 0) {
          if (out.length > 0) break;
          memory.read(at, 1); // raises Memory's typed error naming the address
        }
        const bytes = memory.read(at, readable);
        // An instruction starting in the last 15 bytes of a full read-ahead may be cut short by
        // it: leave those for a later read that starts on them.
        const trusted = at + BigInt(bytes.length === READ_AHEAD ? READ_AHEAD - MAX_INSN : bytes.length);
        for (const decoded of this.decode(bytes, at)) {
          if (decoded.address >= trusted) break;
          // Entries already cached stay: they are valid until `invalidate` says otherwise.
          if (!this.cache.has(decoded.address)) this.cache.set(decoded.address, decoded);
        }
        insn = this.cache.get(at);
        if (!insn) break;
      }
      out.push(insn);
      at += BigInt(insn.size);
    }
    return out;
  }

  /** Forgets cached decodings overlapping [begin, begin+size). */
  invalidate(begin: bigint, size: number): void {
    const from = begin - BigInt(MAX_INSN - 1);
    const to = begin + BigInt(size);
    for (const addr of [...this.cache.keys()]) {
      if (addr >= from && addr < to) {
        const insn = this.cache.get(addr)!;
        if (addr + BigInt(insn.size) > begin) this.cache.delete(addr);
      }
    }
  }

  get cachedCount(): number {
    return this.cache.size;
  }

  /** Up to READ_AHEAD bytes from `at` that are committed (the host may read them). */
  private readableLength(memory: Memory, at: bigint): number {
    let length = 0;
    let cursor = at;
    while (length < READ_AHEAD) {
      const info = memory.query(cursor);
      if (info.state !== 'committed') break;
      const runEnd = info.base + info.size;
      const n = Math.min(READ_AHEAD - length, Number(runEnd - cursor));
      length += n;
      cursor += BigInt(n);
    }
    return length;
  }
}
