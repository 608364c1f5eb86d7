/** The scanf engine: conversions, widths, suppression, sets, failures and EOF. */
import { arrayInput, formatScanf, SCAN_EOF, type ScanSink } from '../../loader/crt/scanf';
import type { VarArgs } from '../../loader/dlls/api';

function scan(input: string, format: string, slots = 8) {
  const stored = new Map<bigint, unknown>();
  let k = 0;
  const args: VarArgs = { next: () => BigInt(++k) * 0x100n, nextF64: () => 0 };
  const sink: ScanSink = {
    storeInt: (a, v, s) => stored.set(a, [BigInt.asIntN(s * 8, v), s]),
    storeFloat: (a, v, s) => stored.set(a, [s === 4 ? Math.fround(v) : v, s]),
    storeChars: (a, u, nul, wide) => stored.set(a, [String.fromCharCode(...u), nul, wide]),
  };
  void slots;
  const units = Array.from(input, (c) => c.charCodeAt(0));
  const fmt = Array.from(format, (c) => c.charCodeAt(0));
  const result = formatScanf(fmt, arrayInput(units), args, sink, { wide: false });
  return { result, values: [...stored.values()] };
}

describe('formatScanf', () => {
  test('Integers_AllBases_Stored', () => {
    expect(scan('  42 -17 0x1f 017 ff', '%d %i %i %i %x')).toEqual({
      result: 5,
      values: [[42n, 4], [-17n, 4], [31n, 4], [15n, 4], [255n, 4]],
    });
  });
  test('LengthModifiers_TruncateToSize', () => {
    expect(scan('70000 300 9000000000', '%hd %hhu %lld').values).toEqual([[4464n, 2], [44n, 1], [9000000000n, 8]]);
  });
  test('Floats_FloatAndDouble', () => {
    expect(scan('1.5 2.25e2 -3', '%f %lf %lf').values).toEqual([[1.5, 4], [225, 8], [-3, 8]]);
  });
  test('StringsAndChars_NulAndWidth', () => {
    expect(scan('hello world', '%3s%s %c').values).toEqual([['hel', true, false], ['lo', true, false], ['w', false, false]]);
  });
  test('Sets_RangesAndNegation', () => {
    expect(scan('abc123;rest', '%[a-c]%[^;];%s').values).toEqual([['abc', true, false], ['123', true, false], ['rest', true, false]]);
  });
  test('Suppression_NotCounted', () => {
    expect(scan('1 2 3', '%d %*d %d')).toEqual({ result: 2, values: [[1n, 4], [3n, 4]] });
  });
  test('LiteralMismatch_StopsWithCount', () => {
    expect(scan('1,2', '%d;%d').result).toBe(1);
  });
  test('NoDigits_MatchingFailure_Zero', () => {
    expect(scan('abc', '%d').result).toBe(0);
  });
  test('EmptyInput_ReturnsEof', () => {
    expect(scan('', '%d').result).toBe(SCAN_EOF);
    expect(scan('   ', '%s').result).toBe(SCAN_EOF);
  });
  test('PercentN_CountsConsumed', () => {
    expect(scan('12 ab', '%d %n').values).toEqual([[12n, 4], [3n, 4]]);
  });
});
