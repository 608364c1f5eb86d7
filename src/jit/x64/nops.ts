/**
 * Padding: the recommended multi-byte NOP sequences of Intel SDM Vol. 2B, "NOP" (Table 4-12),
 * one to nine bytes; longer padding repeats the nine-byte form. Used for code alignment, where
 * one long NOP decodes faster than many one-byte ones.
 */
const NOP_SEQUENCES: readonly (readonly number[])[] = [
  [],
  [0x90], // nop
  [0x66, 0x90], // xchg ax, ax
  [0x0f, 0x1f, 0x00], // nop dword ptr [rax]
  [0x0f, 0x1f, 0x40, 0x00], // nop dword ptr [rax + 0] (disp8)
  [0x0f, 0x1f, 0x44, 0x00, 0x00], // nop dword ptr [rax + rax*1 + 0] (disp8)
  [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00], // nop word ptr [rax + rax*1 + 0] (disp8)
  [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00], // nop dword ptr [rax + 0] (disp32)
  [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00], // nop dword ptr [rax + rax*1 + 0] (disp32)
  [0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00], // nop word ptr [rax + rax*1 + 0] (disp32)
];

/** Bytes of `n` bytes of NOP padding (n ≥ 0), as few instructions as possible. */
export function nopBytes(n: number): number[] {
  const out: number[] = [];
  while (n > 0) {
    const k = Math.min(n, 9);
    out.push(...NOP_SEQUENCES[k]!);
    n -= k;
  }
  return out;
}
