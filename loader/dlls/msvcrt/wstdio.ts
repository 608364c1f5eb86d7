/**
 * msvcrt's wide-character stream I/O (wchar.h): getwchar/putwchar, fgetwc/fputwc's siblings,
 * fgetws, _putws, ungetwc. Streams are byte streams in the "C" locale, so a wide character is
 * one byte (characters above U+00FF are written as '?', as wctomb cannot represent them).
 */
import { fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import { CrtInvalidParameterError } from './errors';
import { wUnits, writeWUnits } from './guest-data';
import { EOF, iobEntry, streamGetc, streamReadLine, streamUnget, streamWrite } from './streams';

/** WEOF. */
const WEOF = 0xffff;

function narrow(units: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(Array.from(units, (u) => (u < 0x100 ? u : 0x3f)));
}

function getw(os: Os, file: bigint, fnName: string): number {
  const c = streamGetc(os, file, fnName);
  return c === EOF ? WEOF : c;
}

function putw(os: Os, file: bigint, c: number, fnName: string): number {
  return streamWrite(os, file, narrow([c & 0xffff]), fnName) < 0 ? WEOF : c & 0xffff;
}

export const wstdio: ApiTable = {
  getwchar: fn('wint_t getwchar(void)', [], 'u32', ({ os }) => getw(os, iobEntry(os, 0), 'getwchar')),
  fgetwc: fn('wint_t fgetwc(FILE *stream)', ['ptr'], 'u32', ({ os }, f) => getw(os, f, 'fgetwc')),
  getwc: fn('wint_t getwc(FILE *stream)', ['ptr'], 'u32', ({ os }, f) => getw(os, f, 'getwc')),
  putwchar: fn('wint_t putwchar(wchar_t c)', ['u32'], 'u32', ({ os }, c) => putw(os, iobEntry(os, 1), c, 'putwchar')),
  putwc: fn('wint_t putwc(wchar_t c, FILE *stream)', ['u32', 'ptr'], 'u32', ({ os }, c, f) => putw(os, f, c, 'putwc')),
  ungetwc: fn('wint_t ungetwc(wint_t c, FILE *stream)', ['u32', 'ptr'], 'u32', ({ os }, c, f) => {
    if ((c & 0xffff) === WEOF) return WEOF;
    const r = streamUnget(os, f, (c & 0xffff) < 0x100 ? c & 0xff : 0x3f, 'ungetwc');
    return r === EOF ? WEOF : c & 0xffff;
  }),
  _putws: fn('int _putws(const wchar_t *str)', ['ptr'], 'i32', ({ os }, s) => {
    if (s === 0n) throw new CrtInvalidParameterError('_putws', 'string is NULL');
    const units = Array.from(wUnits(os.memory, s));
    units.push(0x0a);
    return streamWrite(os, iobEntry(os, 1), narrow(units), '_putws') < 0 ? WEOF : 0;
  }),
  fgetws: fn('wchar_t *fgetws(wchar_t *str, int numChars, FILE *stream)', ['ptr', 'i32', 'ptr'], 'ptr', ({ os }, s, n, f) => {
    if (s === 0n || n <= 0) throw new CrtInvalidParameterError('fgetws', 'buffer is NULL or its size is not positive');
    const line = streamReadLine(os, f, n - 1, 'fgetws');
    if (line.length === 0 && n > 1) return 0n;
    writeWUnits(os.memory, s, line);
    return s;
  }),
};
