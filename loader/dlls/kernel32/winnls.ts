/**
 * kernel32 exports declared in the Windows SDK's winnls.h: code page identity and information,
 * DBCS lead bytes, and the locale a US-English Windows reports (LCID 0x0409).
 * None of the supported code pages is a double-byte one, so no byte is a lead byte.
 */
import { fn, type ApiTable } from '../api';
import { ANSI_CODE_PAGE, codePageInfo, isSupportedCodePage, OEM_CODE_PAGE, resolveCodePage } from '../../crt/codepages';
import { failWith, Win32Error } from '../../handles/win32-error';

/** en-US. */
const LOCALE_EN_US = 0x0409;

/** sizeof(CPINFO): MaxCharSize UINT, DefaultChar BYTE[2], LeadByte BYTE[12]. */
const CPINFO_SIZE = 20;

export const winnls: ApiTable = {
  GetACP: fn('UINT GetACP(void)', [], 'u32', () => ANSI_CODE_PAGE),
  GetOEMCP: fn('UINT GetOEMCP(void)', [], 'u32', () => OEM_CODE_PAGE),
  IsValidCodePage: fn('BOOL IsValidCodePage(UINT CodePage)', ['u32'], 'i32', (_ctx, cp) => (cp > 3 && isSupportedCodePage(cp) ? 1 : 0)),

  GetCPInfo: fn('BOOL GetCPInfo(UINT CodePage, LPCPINFO lpCPInfo)', ['u32', 'ptr'], 'i32', ({ os }, cp, info) => {
    const ci = codePageInfo(cp);
    if (!ci || info === 0n) return failWith(os, Win32Error.InvalidParameter, 0);
    const bytes = new Uint8Array(CPINFO_SIZE);
    new DataView(bytes.buffer).setUint32(0, ci.maxCharSize, true);
    bytes[4] = ci.defaultChar;
    os.memory.write(info, bytes);
    return 1;
  }),

  IsDBCSLeadByte: fn('BOOL IsDBCSLeadByte(BYTE TestChar)', ['u32'], 'i32', () => 0),
  IsDBCSLeadByteEx: fn('BOOL IsDBCSLeadByteEx(UINT CodePage, BYTE TestChar)', ['u32', 'u32'], 'i32', ({ os }, cp) => {
    if (resolveCodePage(cp) === undefined) return failWith(os, Win32Error.InvalidParameter, 0);
    return 0;
  }),

  GetUserDefaultLCID: fn('LCID GetUserDefaultLCID(void)', [], 'u32', () => LOCALE_EN_US),
  GetSystemDefaultLCID: fn('LCID GetSystemDefaultLCID(void)', [], 'u32', () => LOCALE_EN_US),
  GetThreadLocale: fn('LCID GetThreadLocale(void)', [], 'u32', () => LOCALE_EN_US),
  GetUserDefaultLangID: fn('LANGID GetUserDefaultLangID(void)', [], 'u32', () => LOCALE_EN_US),
  GetSystemDefaultLangID: fn('LANGID GetSystemDefaultLangID(void)', [], 'u32', () => LOCALE_EN_US),
  GetUserDefaultUILanguage: fn('LANGID GetUserDefaultUILanguage(void)', [], 'u32', () => LOCALE_EN_US),
};
