/**
 * kernel32 exports declared in the Windows SDK's stringapiset.h: MultiByteToWideChar and
 * WideCharToMultiByte over the code pages of loader/crt/codepages.ts, with the Win32 buffer
 * protocol: a length of -1 means NUL-terminated (the NUL is converted and counted), an output
 * size of 0 asks for the size needed, a too-small buffer fails with ERROR_INSUFFICIENT_BUFFER.
 */
import { fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import { decodeBytes, encodeUnits, resolveCodePage } from '../../crt/codepages';
import { failWith, Win32Error } from '../../handles/win32-error';

/** MultiByteToWideChar flags. */
const enum MbFlag {
  /** MB_PRECOMPOSED (the default; accepted). */
  Precomposed = 0x1,
  /** MB_COMPOSITE. */
  Composite = 0x2,
  /** MB_USEGLYPHCHARS. */
  UseGlyphChars = 0x4,
  /** MB_ERR_INVALID_CHARS: fail on invalid input instead of substituting. */
  ErrInvalidChars = 0x8,
}

/** WideCharToMultiByte flags. */
const enum WcFlag {
  /** WC_COMPOSITECHECK. */
  CompositeCheck = 0x200,
  /** WC_DEFAULTCHAR. */
  DefaultChar = 0x40,
  /** WC_NO_BEST_FIT_CHARS (clremu never best-fits, so it is always in effect). */
  NoBestFit = 0x400,
  /** WC_ERR_INVALID_CHARS (UTF-8 only): fail on unpaired surrogates. */
  ErrInvalidChars = 0x80,
}

/** Reads `len` bytes, or up to and including the NUL when len is -1. */
function readBytes(os: Os, addr: bigint, len: number): Uint8Array {
  if (len >= 0) return os.memory.read(addr, len);
  const s = os.memory.cString(addr, 0x7fffffff);
  const bytes = new Uint8Array(s.length + 1);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

function readUnits(os: Os, addr: bigint, len: number): Uint16Array {
  if (len >= 0) {
    const raw = os.memory.read(addr, len * 2);
    return new Uint16Array(raw.buffer, raw.byteOffset, len);
  }
  const s = os.memory.wString(addr, 0x3fffffff);
  const units = new Uint16Array(s.length + 1);
  for (let i = 0; i < s.length; i++) units[i] = s.charCodeAt(i);
  return units;
}

export function multiByteToWideChar(os: Os, cp: number, flags: number, src: bigint, srcLen: number, dst: bigint, dstLen: number): number {
  if (resolveCodePage(cp) === undefined) return failWith(os, Win32Error.InvalidParameter, 0);
  if (src === 0n || srcLen === 0 || srcLen < -1 || dstLen < 0 || (dst === 0n && dstLen > 0)) return failWith(os, Win32Error.InvalidParameter, 0);
  if (resolveCodePage(cp) === 65001 && flags & ~MbFlag.ErrInvalidChars) return failWith(os, Win32Error.InvalidFlags, 0);
  const { units, invalid } = decodeBytes(cp, readBytes(os, src, srcLen));
  if (invalid && flags & MbFlag.ErrInvalidChars) return failWith(os, Win32Error.NoUnicodeTranslation, 0);
  if (dstLen === 0) return units.length;
  if (units.length > dstLen) {
    os.memory.write(dst, new Uint8Array(units.buffer, units.byteOffset, dstLen * 2));
    return failWith(os, Win32Error.InsufficientBuffer, 0);
  }
  os.memory.write(dst, new Uint8Array(units.buffer, units.byteOffset, units.byteLength));
  return units.length;
}

export function wideCharToMultiByte(os: Os, cp: number, flags: number, src: bigint, srcLen: number, dst: bigint, dstLen: number, lpDefault: bigint, lpUsedDefault: bigint): number {
  const page = resolveCodePage(cp);
  if (page === undefined) return failWith(os, Win32Error.InvalidParameter, 0);
  if (src === 0n || srcLen === 0 || srcLen < -1 || dstLen < 0 || (dst === 0n && dstLen > 0)) return failWith(os, Win32Error.InvalidParameter, 0);
  // For UTF-8 the default-character parameters must be NULL (documented).
  if (page === 65001 && (lpDefault !== 0n || lpUsedDefault !== 0n)) return failWith(os, Win32Error.InvalidParameter, 0);
  if (page === 65001 && flags & ~WcFlag.ErrInvalidChars) return failWith(os, Win32Error.InvalidFlags, 0);
  const defaultChar = lpDefault !== 0n ? os.memory.read(lpDefault, 1)[0]! : 0x3f;
  const { bytes, usedDefault, invalid } = encodeUnits(cp, readUnits(os, src, srcLen), defaultChar);
  if (invalid && flags & WcFlag.ErrInvalidChars) return failWith(os, Win32Error.NoUnicodeTranslation, 0);
  if (lpUsedDefault !== 0n) os.memory.setU32(lpUsedDefault, usedDefault ? 1 : 0);
  if (dstLen === 0) return bytes.length;
  if (bytes.length > dstLen) {
    os.memory.write(dst, bytes.subarray(0, dstLen));
    return failWith(os, Win32Error.InsufficientBuffer, 0);
  }
  os.memory.write(dst, bytes);
  return bytes.length;
}

export const stringapiset: ApiTable = {
  MultiByteToWideChar: fn(
    'int MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCCH lpMultiByteStr, int cbMultiByte, LPWSTR lpWideCharStr, int cchWideChar)',
    ['u32', 'u32', 'ptr', 'i32', 'ptr', 'i32'],
    'i32',
    ({ os }, cp, flags, src, srcLen, dst, dstLen) => multiByteToWideChar(os, cp, flags, src, srcLen, dst, dstLen),
  ),
  WideCharToMultiByte: fn(
    'int WideCharToMultiByte(UINT CodePage, DWORD dwFlags, LPCWCH lpWideCharStr, int cchWideChar, LPSTR lpMultiByteStr, int cbMultiByte, LPCCH lpDefaultChar, LPBOOL lpUsedDefaultChar)',
    ['u32', 'u32', 'ptr', 'i32', 'ptr', 'i32', 'ptr', 'ptr'],
    'i32',
    ({ os }, cp, flags, src, srcLen, dst, dstLen, lpDefault, lpUsed) => wideCharToMultiByte(os, cp, flags, src, srcLen, dst, dstLen, lpDefault, lpUsed),
  ),
};
