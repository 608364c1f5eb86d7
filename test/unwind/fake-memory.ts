/**
 * Test doubles for unwinder tests: a sparse byte memory (reads outside the mapped pieces throw, as
 * uncommitted guest pages do) and an encoder for UNWIND_INFO / RUNTIME_FUNCTION records, so each
 * test states its unwind data the way the Microsoft documentation lays it out.
 */
export class FakeMemory {
  private readonly pieces: { base: bigint; bytes: Uint8Array }[] = [];

  map(base: bigint, bytes: Uint8Array | number[]): this {
    this.pieces.push({ base, bytes: Uint8Array.from(bytes) });
    return this;
  }

  /** Maps `count` 64-bit little-endian values starting at `base`. */
  mapU64(base: bigint, values: bigint[]): this {
    const b = new Uint8Array(values.length * 8);
    const dv = new DataView(b.buffer);
    values.forEach((v, i) => dv.setBigUint64(i * 8, v, true));
    return this.map(base, b);
  }

  read(addr: bigint, size: number): Uint8Array {
    for (const p of this.pieces) {
      const end = p.base + BigInt(p.bytes.length);
      if (addr >= p.base && addr + BigInt(size) <= end) {
        const o = Number(addr - p.base);
        return p.bytes.slice(o, o + size);
      }
    }
    throw new Error(`unmapped read of ${size} bytes at 0x${addr.toString(16)}`);
  }
}

/** One UNWIND_CODE: prolog offset, op, op info, then any extra 16-bit slots. */
export type CodeSpec = [codeOffset: number, op: number, opInfo: number, ...extraSlots: number[]];

export interface UnwindInfoSpec {
  version?: number;
  flags?: number;
  prolog: number;
  frameRegister?: number;
  /** Unscaled FrameOffset field (the unwinder multiplies by 16). */
  frameOffsetField?: number;
  codes: CodeSpec[];
  /** Raw count override, for malformed-data tests. */
  countOverride?: number;
  /** Chained RUNTIME_FUNCTION (begin, end, unwind RVA), or handler RVA + data. */
  chain?: [number, number, number];
  handler?: { rva: number; data: number[] };
}

export function encodeUnwindInfo(spec: UnwindInfoSpec): Uint8Array {
  const slots: number[] = [];
  for (const [off, op, info, ...extra] of spec.codes) {
    slots.push(off | (((info << 4) | op) << 8));
    slots.push(...extra);
  }
  const count = spec.countOverride ?? slots.length;
  while (slots.length % 2) slots.push(0);
  const out: number[] = [
    (spec.version ?? 1) | ((spec.flags ?? 0) << 3),
    spec.prolog,
    count,
    (spec.frameRegister ?? 0) | ((spec.frameOffsetField ?? 0) << 4),
  ];
  for (const s of slots) out.push(s & 0xff, (s >> 8) & 0xff);
  const u32 = (v: number) => out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  if (spec.chain) spec.chain.forEach(u32);
  if (spec.handler) {
    u32(spec.handler.rva);
    out.push(...spec.handler.data);
  }
  return Uint8Array.from(out);
}

export function encodeRuntimeFunction(begin: number, end: number, unwind: number): Uint8Array {
  const b = new Uint8Array(12);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, begin, true);
  dv.setUint32(4, end, true);
  dv.setUint32(8, unwind, true);
  return b;
}
