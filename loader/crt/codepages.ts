/**
 * Code page conversions behind MultiByteToWideChar/WideCharToMultiByte and the C runtime's
 * mbstowcs family. Pure: bytes in, UTF-16 code units out, and back.
 *
 * Supported: 1252 (Windows Latin-1, the ANSI code page clremu reports), 437 (the OEM/console code
 * page), 20127 (US-ASCII), 28591 (ISO-8859-1) and 65001 (UTF-8); CP_ACP/CP_THREAD_ACP mean 1252,
 * CP_OEMCP/CP_MACCP mean 437. Tables: Microsoft's "bestfit1252.txt"/"bestfit437.txt" mappings of
 * 0x80–0xFF (1252's five unassigned bytes map to the same-valued C1 controls, as Windows does).
 * Best-fit substitutions on the way out (Ā → A) are not modelled: an unmappable character becomes
 * the default character and is reported, as with WC_NO_BEST_FIT_CHARS.
 */

/** Code page identifiers, as the Win32 API numbers them. */
export const enum CodePage {
  /** CP_ACP: the system ANSI code page. */
  Acp = 0,
  /** CP_OEMCP: the system OEM code page. */
  OemCp = 1,
  /** CP_MACCP: the Macintosh code page (treated like the OEM one). */
  MacCp = 2,
  /** CP_THREAD_ACP: the calling thread's ANSI code page. */
  ThreadAcp = 3,
  /** IBM PC, the US-English console code page. */
  Oem437 = 437,
  /** Windows Latin-1. */
  Windows1252 = 1252,
  /** US-ASCII. */
  UsAscii = 20127,
  /** ISO-8859-1. */
  Latin1 = 28591,
  /** UTF-7 (recognised, not supported). */
  Utf7 = 65000,
  /** UTF-8. */
  Utf8 = 65001,
}

/** What GetACP/GetOEMCP report. */
export const ANSI_CODE_PAGE = 1252;
export const OEM_CODE_PAGE = 437;

const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** A single-byte code page: 256 code units, and the reverse map. */
interface SingleByteTable {
  readonly toUnit: Uint16Array;
  readonly fromUnit: Map<number, number>;
}

function buildTable(high: (b: number) => number): SingleByteTable {
  const toUnit = new Uint16Array(256);
  const fromUnit = new Map<number, number>();
  for (let b = 0; b < 256; b++) {
    const u = b < 0x80 ? b : high(b);
    toUnit[b] = u;
    if (!fromUnit.has(u)) fromUnit.set(u, b);
  }
  return { toUnit, fromUnit };
}

const tables = new Map<number, SingleByteTable>([
  [437, buildTable((b) => CP437_HIGH.charCodeAt(b - 0x80))],
  [1252, buildTable((b) => (b < 0xa0 ? CP1252_80_9F.charCodeAt(b - 0x80) : b))],
  [28591, buildTable((b) => b)],
  // 20127 has no characters above 0x7F; Windows' table folds such bytes onto their low 7 bits.
  [20127, buildTable((b) => b & 0x7f)],
]);
// The reverse of 20127 must not map ASCII back from the folded high bytes only: rebuild it strictly.
tables.get(20127)!.fromUnit.clear();
for (let b = 0; b < 0x80; b++) tables.get(20127)!.fromUnit.set(b, b);

export class UnsupportedCodePageError extends Error {
  override name = 'UnsupportedCodePageError';
  constructor(readonly codePage: number) {
    super(`code page ${codePage} is not supported by clremu (1252, 437, 20127, 28591 and 65001 are)`);
  }
}

/** Maps the CP_* aliases to a concrete code page; undefined when the page is not supported. */
export function resolveCodePage(cp: number): number | undefined {
  switch (cp) {
    case CodePage.Acp:
    case CodePage.ThreadAcp:
      return ANSI_CODE_PAGE;
    case CodePage.OemCp:
    case CodePage.MacCp:
      return OEM_CODE_PAGE;
    case CodePage.Utf8:
      return 65001;
    default:
      return tables.has(cp) ? cp : undefined;
  }
}

export function isSupportedCodePage(cp: number): boolean {
  return resolveCodePage(cp) !== undefined;
}

export interface DecodeResult {
  readonly units: Uint16Array;
  /** True when some input was not valid in the code page (only UTF-8 can be invalid here). */
  readonly invalid: boolean;
}

/** Bytes → UTF-16 code units (MultiByteToWideChar without the buffer protocol). */
export function decodeBytes(cp: number, bytes: Uint8Array): DecodeResult {
  const page = resolveCodePage(cp);
  if (page === undefined) throw new UnsupportedCodePageError(cp);
  if (page === 65001) return decodeUtf8(bytes);
  const table = tables.get(page)!;
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) units[i] = table.toUnit[bytes[i]!]!;
  return { units, invalid: false };
}

export interface EncodeResult {
  readonly bytes: Uint8Array;
  /** True when a character had no mapping and the default character was used. */
  readonly usedDefault: boolean;
  /** UTF-8 only: an unpaired surrogate was met (replaced by U+FFFD's encoding). */
  readonly invalid: boolean;
}

/** UTF-16 code units → bytes (WideCharToMultiByte without the buffer protocol). */
export function encodeUnits(cp: number, units: ArrayLike<number>, defaultChar = 0x3f): EncodeResult {
  const page = resolveCodePage(cp);
  if (page === undefined) throw new UnsupportedCodePageError(cp);
  if (page === 65001) return encodeUtf8(units);
  const table = tables.get(page)!;
  const out = new Uint8Array(units.length);
  let usedDefault = false;
  for (let i = 0; i < units.length; i++) {
    const b = table.fromUnit.get(units[i]!);
    if (b === undefined) {
      out[i] = defaultChar;
      usedDefault = true;
    } else out[i] = b;
  }
  return { bytes: out, usedDefault, invalid: false };
}

/** UTF-8 decoding as Windows does it: each invalid sequence becomes one U+FFFD. */
function decodeUtf8(bytes: Uint8Array): DecodeResult {
  const out: number[] = [];
  let invalid = false;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    let cp = 0;
    let min = 0;
    if (b < 0x80) {
      out.push(b);
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      min = 0x10000;
    } else {
      out.push(0xfffd);
      invalid = true;
      i++;
      continue;
    }
    let j = 1;
    for (; j <= need; j++) {
      const c = bytes[i + j];
      if (c === undefined || (c & 0xc0) !== 0x80) break;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (j <= need || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out.push(0xfffd);
      invalid = true;
      i += Math.max(1, j);
      continue;
    }
    i += need + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
    } else out.push(cp);
  }
  return { units: Uint16Array.from(out), invalid };
}

function encodeUtf8(units: ArrayLike<number>): EncodeResult {
  const out: number[] = [];
  let invalid = false;
  for (let i = 0; i < units.length; i++) {
    let cp = units[i]!;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < units.length && units[i + 1]! >= 0xdc00 && units[i + 1]! <= 0xdfff) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (units[i + 1]! - 0xdc00);
      i++;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      cp = 0xfffd;
      invalid = true;
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return { bytes: Uint8Array.from(out), usedDefault: false, invalid };
}

/** GetCPInfo: the longest character in bytes, and the default character. */
export function codePageInfo(cp: number): { maxCharSize: number; defaultChar: number } | undefined {
  const page = resolveCodePage(cp);
  if (page === undefined) return undefined;
  return { maxCharSize: page === 65001 ? 4 : 1, defaultChar: 0x3f };
}
