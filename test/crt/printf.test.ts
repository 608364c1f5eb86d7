/**
 * The printf engine against tables of expected output. Rows marked `glibc` were produced by the
 * host's glibc printf and hold where msvcrt agrees; rows marked `msvcrt` pin msvcrt.dll's documented
 * differences (three-digit exponents, half-away-from-zero rounding, 17 significant digits, `%p`,
 * `1.#INF00`-style non-finite values, `%a` with 13 digits, `l` = 32 bits).
 */
import type { VarArgs } from '../../loader/dlls/api';
import { formatPrintf, PrintfFormatError, type PrintfStrings } from '../../loader/crt/printf';

type Slot = bigint | number | string;

/** Strings live in a fake address space: each string argument gets an address. */
function harness(slots: Slot[]) {
  const strings = new Map<bigint, string>();
  let nextAddr = 0x1000n;
  const resolved = slots.map((s) => {
    if (typeof s === 'string') {
      const a = nextAddr;
      nextAddr += 0x1000n;
      strings.set(a, s);
      return a;
    }
    return s;
  });
  let k = 0;
  const args: VarArgs = {
    next() {
      const v = resolved[k++];
      if (typeof v === 'number') {
        const b = new BigUint64Array(new Float64Array([v]).buffer);
        return b[0]!;
      }
      if (v === undefined) throw new Error('test ran out of argument slots');
      return v;
    },
    nextF64() {
      const v = resolved[k++];
      if (typeof v !== 'number') throw new Error('test expected a double slot');
      return v;
    },
  };
  const mem: PrintfStrings = {
    narrow(addr, max) {
      const s = strings.get(addr) ?? '';
      const bytes = Buffer.from(s, 'latin1');
      return max === undefined ? bytes : bytes.subarray(0, max);
    },
    wide(addr, max) {
      const s = strings.get(addr) ?? '';
      const units = Uint16Array.from(s, (c) => c.charCodeAt(0));
      return max === undefined ? units : units.subarray(0, max);
    },
  };
  return { args, mem };
}

function sprintf(format: string, ...slots: Slot[]): string {
  const { args, mem } = harness(slots);
  return Buffer.from(formatPrintf(Buffer.from(format, 'latin1'), args, { wide: false, strings: mem })).toString('latin1');
}

function swprintf(format: string, ...slots: Slot[]): string {
  const { args, mem } = harness(slots);
  return Buffer.from(formatPrintf(Buffer.from(format, 'utf16le'), args, { wide: true, strings: mem })).toString('utf16le');
}

const INF = Infinity;
// NaNs travel as raw slot bits (a JS number would canonicalise the payload).
const QNAN = 0x7ff8000000000000n;
const IND = 0xfff8000000000000n;
const SNAN = 0x7ff0000000000001n;

// [format, args, expected, source]
const table: [string, Slot[], string, 'glibc' | 'msvcrt'][] = [
  ['%d', [42n], '42', 'glibc'],
  ['%5d', [42n], '   42', 'glibc'],
  ['%-5d|', [42n], '42   |', 'glibc'],
  ['%05d', [-42n], '-0042', 'glibc'],
  ['%+d', [42n], '+42', 'glibc'],
  ['% d', [42n], ' 42', 'glibc'],
  ['%.3d', [7n], '007', 'glibc'],
  ['%.0d', [0n], '', 'glibc'],
  ['%8.3d', [-7n], '    -007', 'glibc'],
  ['%d', [0xffffffffn], '-1', 'glibc'],
  ['%x', [255n], 'ff', 'glibc'],
  ['%#x', [255n], '0xff', 'glibc'],
  ['%#X', [255n], '0XFF', 'glibc'],
  ['%#o', [8n], '010', 'glibc'],
  ['%o', [8n], '10', 'glibc'],
  ['%#x', [0n], '0', 'glibc'],
  ['%u', [3000000000n], '3000000000', 'glibc'],
  ['%hd', [70000n], '4464', 'glibc'],
  ['%hhd', [300n], '44', 'glibc'],
  ['%lld', [-9000000000n], '-9000000000', 'glibc'],
  ['%llx', [0xdeadbeefcafen], 'deadbeefcafe', 'glibc'],
  ['%c', [65n], 'A', 'glibc'],
  ['%3c|', [65n], '  A|', 'glibc'],
  ['%-3c|', [65n], 'A  |', 'glibc'],
  ['%s', ['hello'], 'hello', 'glibc'],
  ['%.2s', ['hello'], 'he', 'glibc'],
  ['%8s|', ['hi'], '      hi|', 'glibc'],
  ['%-8s|', ['hi'], 'hi      |', 'glibc'],
  ['%f', [1.5], '1.500000', 'glibc'],
  ['%.2f', [3.14159], '3.14', 'glibc'],
  ['%10.3f|', [-2.5], '    -2.500|', 'glibc'],
  ['%010.2f', [-1.5], '-000001.50', 'glibc'],
  ['%+f', [0.0], '+0.000000', 'glibc'],
  ['%g', [0.0001], '0.0001', 'glibc'],
  ['%g', [123456.0], '123456', 'glibc'],
  ['%#g', [1.0], '1.00000', 'glibc'],
  ['%g', [100.0], '100', 'glibc'],
  ['%.3g', [3.14159], '3.14', 'glibc'],
  ['%f', [0.0], '0.000000', 'glibc'],
  ['%g', [0.0], '0', 'glibc'],
  ['%.2f', [1.005], '1.00', 'glibc'],
  ['%f', [1e20], '100000000000000000000.000000', 'glibc'],
  ['%.3e', [1e300], '1.000e+300', 'glibc'],
  ['%f', [-0.0], '-0.000000', 'glibc'],
  ['%#.0f', [3.0], '3.', 'glibc'],
  ['%*d|', [5n, 1n], '    1|', 'glibc'],
  ['%-*d|', [5n, 1n], '1    |', 'glibc'],
  ['%*d|', [0xfffffffbn, 1n], '1    |', 'glibc'],
  ['%.*f', [2n, 1.0], '1.00', 'glibc'],
  ['%.17g', [0.1], '0.10000000000000001', 'glibc'],
  ['%.15g', [0.1], '0.1', 'glibc'],
  ['100%%', [], '100%', 'glibc'],
  ['%s|%s', ['a', 'b'], 'a|b', 'glibc'],
  // msvcrt.dll's own behaviour
  ['%ld', [0x1ffffffffn], '-1', 'msvcrt'],
  ['%lu', [0x100000005n], '5', 'msvcrt'],
  ['%I64d', [-5n], '-5', 'msvcrt'],
  ['%I32x', [0x1234567890n], '34567890', 'msvcrt'],
  ['%Ix', [0x1234567890n], '1234567890', 'msvcrt'],
  ['%zu', [0x1234567890n], '78187493520', 'msvcrt'],
  ['%p', [0x12ff7cn], '000000000012FF7C', 'msvcrt'],
  ['%p', [0n], '0000000000000000', 'msvcrt'],
  ['%s', [0n], '(null)', 'msvcrt'],
  ['%e', [12345.678], '1.234568e+004', 'msvcrt'],
  ['%.0e', [5.0], '5e+000', 'msvcrt'],
  ['%E', [0.000123], '1.230000E-004', 'msvcrt'],
  ['%e', [0.0], '0.000000e+000', 'msvcrt'],
  ['%#.0e', [3.0], '3.e+000', 'msvcrt'],
  ['%g', [0.00001], '1e-005', 'msvcrt'],
  ['%g', [1234567.0], '1.23457e+006', 'msvcrt'],
  ['%G', [1e-10], '1E-010', 'msvcrt'],
  ['%g', [1e100], '1e+100', 'msvcrt'],
  ['%g', [5e-324], '4.94066e-324', 'msvcrt'],
  ['%-10.1f|', [2.25], '2.3       |', 'msvcrt'],
  ['%.0f', [1.5], '2', 'msvcrt'],
  ['%.0f', [2.5], '3', 'msvcrt'],
  ['%.0f', [0.5], '1', 'msvcrt'],
  ['%.1f', [0.25], '0.3', 'msvcrt'],
  ['%.20f', [0.1], '0.10000000000000001000', 'msvcrt'],
  ['%.25f', [1 / 3], '0.3333333333333333100000000', 'msvcrt'],
  ['%a', [1.0], '0x1.0000000000000p+0', 'msvcrt'],
  ['%a', [1.5], '0x1.8000000000000p+0', 'msvcrt'],
  ['%A', [-0.75], '-0X1.8000000000000P-1', 'msvcrt'],
  ['%.2a', [1.0], '0x1.00p+0', 'msvcrt'],
  ['%.0a', [1.5], '0x2p+0', 'msvcrt'],
  ['%f', [INF], '1.#INF00', 'msvcrt'],
  ['%f', [-INF], '-1.#INF00', 'msvcrt'],
  ['%e', [INF], '1.#INF00e+000', 'msvcrt'],
  ['%g', [INF], '1.#INF', 'msvcrt'],
  ['%.1f', [INF], '1.$', 'msvcrt'],
  ['%.2f', [INF], '1.#J', 'msvcrt'],
  ['%.0f', [INF], '1', 'msvcrt'],
  ['%10f|', [INF], '  1.#INF00|', 'msvcrt'],
  ['%f', [QNAN], '1.#QNAN0', 'msvcrt'],
  ['%f', [IND], '-1.#IND00', 'msvcrt'],
  ['%f', [SNAN], '1.#SNAN0', 'msvcrt'],
  ['%S', ['wide'], 'wide', 'msvcrt'],
  ['%ls|%hs', ['w', 'n'], 'w|n', 'msvcrt'],
  ['%C', [0x42n], 'B', 'msvcrt'],
  ['%S', ['\u0100x'], '?x', 'msvcrt'],
  ['%y', [], 'y', 'msvcrt'],
  ['%05s|%-05s|%03c', ['ab', 'cd', 0x78n], '000ab|cd   |00x', 'msvcrt'],
];

describe('formatPrintf narrow', () => {
  test.each(table)('%s %p → %p (%s)', (format, slots, expected) => {
    expect(sprintf(format, ...slots)).toBe(expected);
  });
});

describe('formatPrintf wide', () => {
  test('Wide_StringDefaultsToWide_Formatted', () => {
    expect(swprintf('%s=%d %hs', 'x\u0100', 5n, 'n')).toBe('x\u0100=5 n');
  });
  test('Wide_UpperSIsNarrow_Formatted', () => {
    expect(swprintf('[%S] [%c] [%C]', 'ab', 0x263an, 0x41n)).toBe('[ab] [\u263a] [A]');
  });
  test('Wide_FloatAndPadding_Formatted', () => {
    expect(swprintf('%-6.2f|%5s|', 3.14159, 'ab')).toBe('3.14  |   ab|');
  });
});

describe('formatPrintf %n and errors', () => {
  test('PercentN_StoresCountSoFar_WithSize', () => {
    const stored: [bigint, number, number][] = [];
    const { args, mem } = harness([0x5000n, 0x6000n]);
    const out = formatPrintf(Buffer.from('abc%n12345%hn'), args, {
      wide: false,
      strings: mem,
      storeCount: (a, c, s) => stored.push([a, c, s]),
    });
    expect(Buffer.from(out).toString()).toBe('abc12345');
    expect(stored).toEqual([
      [0x5000n, 3, 4],
      [0x6000n, 8, 2],
    ]);
  });
  test('HugeWidth_Refused_PrintfFormatError', () => {
    expect(() => sprintf('%99999999d', 1n)).toThrow(PrintfFormatError);
  });
  test('HugeStarWidth_Refused_PrintfFormatError', () => {
    expect(() => sprintf('%*d', 0x7fffffffn, 1n)).toThrow(PrintfFormatError);
  });
  test('StringWithoutMemory_Refused_PrintfFormatError', () => {
    const { args } = harness([0x1000n]);
    expect(() => formatPrintf(Buffer.from('%s'), args, { wide: false })).toThrow(PrintfFormatError);
  });
  test('TrailingPercent_PrintsNothing', () => {
    expect(sprintf('ab%')).toBe('ab');
  });
});
