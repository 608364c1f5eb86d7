/**
 * Random format strings (seeded) through the printf and scanf engines: each either formats or
 * raises the engine's typed error — never a host exception or a hang.
 */
import { formatPrintf, PrintfFormatError } from '../../loader/crt/printf';
import { arrayInput, formatScanf } from '../../loader/crt/scanf';
import type { VarArgs } from '../../loader/dlls/api';

function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const ALPHABET = '%%%%-+ #0123456789.*hlLIjztwcCdiouxXeEfFgGaAnpsS[]^6432 abc\n';

function randomSlots(r: (n: number) => number): VarArgs {
  return {
    next: () => {
      const k = r(4);
      return k === 0 ? BigInt(r(1000)) : k === 1 ? BigInt.asUintN(64, BigInt(r(2 ** 30)) << BigInt(r(34))) : k === 2 ? 0x1000n : 0n;
    },
    nextF64: () => r(1000) / 7,
  };
}

describe('format fuzz', () => {
  test('RandomPrintfFormats_FormatOrTypedError', () => {
    const r = rng(20240101);
    const strings = { narrow: (_a: bigint, max?: number) => Buffer.from('str').subarray(0, max), wide: () => Uint16Array.of(0x41, 0x263a) };
    let typed = 0;
    for (let i = 0; i < 5000; i++) {
      const fmt = Array.from({ length: 1 + r(12) }, () => ALPHABET[r(ALPHABET.length)]!).join('');
      for (const wide of [false, true]) {
        const bytes = wide ? Buffer.from(fmt, 'utf16le') : Buffer.from(fmt, 'latin1');
        try {
          const out = formatPrintf(bytes, randomSlots(r), { wide, strings, storeCount: () => undefined });
          expect(out.length).toBeLessThan(3 * (1 << 20));
        } catch (err) {
          if (!(err instanceof PrintfFormatError)) throw new Error(`format ${JSON.stringify(fmt)} (wide ${wide}) threw ${String(err)}`);
          typed++;
        }
      }
    }
    expect(typed).toBeLessThan(10000);
  });

  test('RandomScanfFormats_NeverThrow', () => {
    const r = rng(7);
    const sink = { storeInt: () => undefined, storeFloat: () => undefined, storeChars: () => undefined };
    for (let i = 0; i < 5000; i++) {
      const fmt = Array.from({ length: 1 + r(10) }, () => ALPHABET[r(ALPHABET.length)]!.charCodeAt(0));
      const input = Array.from({ length: r(20) }, () => ALPHABET[r(ALPHABET.length)]!.charCodeAt(0));
      const n = formatScanf(fmt, arrayInput(input), randomSlots(r), sink, { wide: false });
      expect(n).toBeGreaterThanOrEqual(-1);
    }
  });
});
