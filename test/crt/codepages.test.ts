/** Code page conversions: round trips, the tables' high halves, UTF-8 validity and surrogates. */
import { decodeBytes, encodeUnits, resolveCodePage, UnsupportedCodePageError, codePageInfo } from '../../loader/crt/codepages';

const str = (u: Uint16Array) => String.fromCharCode(...u);
const units = (s: string) => Uint16Array.from(s.split(''), (c) => c.charCodeAt(0));

describe('code pages', () => {
  test('Aliases_ResolveToAnsiAndOem', () => {
    expect(resolveCodePage(0)).toBe(1252);
    expect(resolveCodePage(3)).toBe(1252);
    expect(resolveCodePage(1)).toBe(437);
    expect(resolveCodePage(65001)).toBe(65001);
    expect(resolveCodePage(932)).toBeUndefined();
  });

  test('Cp1252_HighBytes_MatchWindowsTable', () => {
    expect(str(decodeBytes(1252, Uint8Array.of(0x80, 0x81, 0x9f, 0xe9, 0x41)).units)).toBe('€\u0081Ÿ\u00e9A');
    const back = encodeUnits(1252, units('€Ÿé\u0100'));
    expect([...back.bytes]).toEqual([0x80, 0x9f, 0xe9, 0x3f]);
    expect(back.usedDefault).toBe(true);
  });

  test('Cp437_AllBytes_RoundTrip', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const u = decodeBytes(437, all).units;
    expect(u[0x82]).toBe(0xe9); // é
    expect(u[0xdb]).toBe(0x2588); // █
    expect(u[0xff]).toBe(0xa0);
    expect([...encodeUnits(437, u).bytes]).toEqual([...all]);
  });

  test('UsAscii_NonAscii_DefaultChar', () => {
    const r = encodeUnits(20127, units('aé'), 0x23);
    expect([...r.bytes]).toEqual([0x61, 0x23]);
    expect(r.usedDefault).toBe(true);
  });

  test('Utf8_ValidAndSurrogates_RoundTrip', () => {
    const s = 'h\u00e9\u20ac\ud83d\ude00';
    const bytes = encodeUnits(65001, units(s)).bytes;
    expect(Buffer.from(bytes).toString('utf8')).toBe(s);
    expect(str(decodeBytes(65001, bytes).units)).toBe(s);
  });

  test('Utf8_InvalidSequences_ReplacementAndFlag', () => {
    const r = decodeBytes(65001, Uint8Array.of(0x41, 0xc0, 0x80, 0xe2, 0x82, 0x42, 0xed, 0xa0, 0x80));
    expect(r.invalid).toBe(true);
    expect(str(r.units).startsWith('A\ufffd')).toBe(true);
    expect(str(r.units)).toContain('B');
    const lone = encodeUnits(65001, Uint16Array.of(0xd800, 0x41));
    expect(lone.invalid).toBe(true);
    expect([...lone.bytes]).toEqual([0xef, 0xbf, 0xbd, 0x41]);
  });

  test('Unsupported_Throws_UnsupportedCodePageError', () => {
    expect(() => decodeBytes(932, Uint8Array.of(1))).toThrow(UnsupportedCodePageError);
    expect(codePageInfo(65001)!.maxCharSize).toBe(4);
    expect(codePageInfo(950)).toBeUndefined();
  });
});
