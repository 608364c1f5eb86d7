/**
 * `System.Text.EncodingHelper::InternalCodePage(int&)` (icall-def.h group ENCODING_HELPER), the
 * class library's `Encoding.Default` source. Mono's icall (icall.c) takes the C library charset
 * (on Windows eglib's `g_get_charset` answers `CP<GetACP()>`), lower-cases it with `-` → `_`,
 * and matches it against its alias table: 1 ASCII, 2 UTF-7, 3 UTF-8, 4 UTF-16LE, 5 UTF-16BE,
 * 6 ISO-8859-1, else -1; `0x10000000` is or-ed in when the name contains "utf_8". The charset
 * name is returned only when the caller asked for it (`*code_page` was 1 on entry) and the code
 * is -1; otherwise null.
 */
import { ANSI_CODE_PAGE } from '../../../loader/crt/codepages';
import { icall, type IcallTable } from './registry';

/** Mono's alias table, by code. */
const CHARSET_ALIASES: readonly (readonly [number, readonly string[]])[] = [
  [1, ['ascii', 'us_ascii', 'us', 'ansi_x3.4_1968', 'ansi_x3.4_1986', 'cp367', 'csascii', 'ibm367', 'iso_ir_6', 'iso646_us', 'iso_646.irv:1991']],
  [2, ['utf_7', 'csunicode11utf7', 'unicode_1_1_utf_7', 'unicode_2_0_utf_7', 'x_unicode_1_1_utf_7', 'x_unicode_2_0_utf_7']],
  [3, ['utf_8', 'unicode_1_1_utf_8', 'unicode_2_0_utf_8', 'x_unicode_1_1_utf_8', 'x_unicode_2_0_utf_8']],
  [4, ['utf_16', 'utf_16le', 'ucs_2', 'unicode', 'iso_10646_ucs2']],
  [5, ['unicodefffe', 'utf_16be']],
  [6, ['iso_8859_1', 'latin1']],
];

/** The flag Mono or-s into the code when the charset name says UTF-8. */
export const UTF8_CHARSET_FLAG = 0x1000_0000;

/** The charset name Mono's eglib reports on Windows for the process's ANSI code page. */
export function windowsCharset(): string {
  return `CP${ANSI_CODE_PAGE}`;
}

/** Mono's classification of a charset name: the code and whether the name is returned. */
export function classifyCharset(charset: string, wantName: boolean): { code: number; name: string | null } {
  const normalized = [...charset].map((c) => (c === '-' ? '_' : /[A-Za-z]/.test(c) ? c.toLowerCase() : c)).join('');
  let code = -1;
  for (const [c, names] of CHARSET_ALIASES) if (names.includes(normalized)) { code = c; break; }
  if (normalized.includes('utf_8')) code |= UTF8_CHARSET_FLAG;
  return { code, name: wantName && code === -1 ? charset : null };
}

export const encodingIcalls: IcallTable = [
  icall('System.Text.EncodingHelper::InternalCodePage(int&)', ['ptr'], 'ref', (ctx, codePage) => {
    const mem = ctx.rt.machine.memory;
    const wantName = mem.u32(codePage) !== 0;
    const { code, name } = classifyCharset(windowsCharset(), wantName);
    mem.setU32(codePage, code >>> 0);
    return name === null ? 0n : ctx.rt.objects.allocString(name);
  }),
];
