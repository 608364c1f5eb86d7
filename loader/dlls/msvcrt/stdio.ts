/**
 * msvcrt exports declared in stdio.h: the printf and scanf families (narrow and wide), character
 * and block I/O on streams, the standard streams (`_iob`, `__iob_func`), low-level `_write`/`_read`,
 * and fopen, which opens the NUL device and otherwise fails cleanly because the guest's C: drive
 * has no mounted host directories yet.
 *
 * Formatting is loader/crt/printf.ts and loader/crt/scanf.ts; streams are streams.ts.
 * msvcrt's `_snprintf` does not NUL-terminate a truncated result and returns -1; the C99
 * `snprintf`/`vsnprintf` (present in later msvcrt builds) always terminate and return the length.
 */
import { data, fn, type ApiTable, type VarArgs } from '../api';
import type { Os } from '../../os';
import { formatPrintf } from '../../crt/printf';
import { arrayInput, formatScanf, type ScanInput, type ScanSink } from '../../crt/scanf';
import { cBytes, MemoryVarArgs, printfStrings, storeCount, wUnits, writeCBytes } from './guest-data';
import { CrtInvalidParameterError, Errno, errnoMessage } from './errors';
import { crt, getErrno, setErrno } from './state';
import { NullDevice } from '../../handles';
import {
  allocateFd, openStream, releaseFd, StreamFlag, EOF, FILE_SIZE, initIob, IOB_ENTRIES, iobEntry, isTextMode, readFd, streamGetc, streamOf, streamPeek, streamRead, streamReadLine, streamUnget, streamWrite, syncFlags, writeFd,
} from './streams';

/** _setmode modes. */
const enum FileMode {
  /** _O_TEXT. */
  Text = 0x4000,
  /** _O_BINARY. */
  Binary = 0x8000,
}

function format(os: Os, fmt: bigint, args: VarArgs, wide: boolean, fnName: string): Uint8Array {
  if (fmt === 0n) throw new CrtInvalidParameterError(fnName, 'format is NULL');
  const fmtBytes = wide ? new Uint8Array(wUnits(os.memory, fmt).buffer) : cBytes(os.memory, fmt);
  return formatPrintf(fmtBytes, args, { wide, strings: printfStrings(os.memory), storeCount: storeCount(os.memory) });
}

/** Wide text to a narrow stream: the "C" locale's wctomb keeps units below 256. */
function wideToNarrow(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) {
    const u = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
    out[i] = u < 0x100 ? u : 0x3f;
  }
  return out;
}

function printTo(os: Os, file: bigint, fmt: bigint, args: VarArgs, wide: boolean, fnName: string): number {
  streamOf(os, file, fnName);
  const out = format(os, fmt, args, wide, fnName);
  const bytes = wide ? wideToNarrow(out) : out;
  const n = streamWrite(os, file, bytes, fnName);
  return n < 0 ? -1 : wide ? out.length >> 1 : out.length;
}

/** sprintf-style output into a guest buffer; `count` < 0 means unbounded. */
function printToBuffer(os: Os, buf: bigint, count: number, fmt: bigint, args: VarArgs, wide: boolean, c99: boolean, fnName: string): number {
  const out = format(os, fmt, args, wide, fnName);
  const unit = wide ? 2 : 1;
  const chars = out.length / unit;
  if (count < 0) {
    if (buf === 0n) throw new CrtInvalidParameterError(fnName, 'buffer is NULL');
    os.memory.write(buf, concatNul(out, unit));
    return chars;
  }
  if (c99) {
    if (count > 0 && buf !== 0n) {
      const keep = Math.min(chars, count - 1);
      os.memory.write(buf, concatNul(out.subarray(0, keep * unit), unit));
    }
    return chars;
  }
  // msvcrt _snprintf: fits → terminated; exactly count → not terminated; longer → truncated, -1.
  if (buf === 0n && count > 0) throw new CrtInvalidParameterError(fnName, 'buffer is NULL');
  if (chars < count) {
    os.memory.write(buf, concatNul(out, unit));
    return chars;
  }
  if (count > 0) os.memory.write(buf, out.subarray(0, count * unit));
  return chars === count ? chars : -1;
}

function concatNul(bytes: Uint8Array, unit: number): Uint8Array {
  const out = new Uint8Array(bytes.length + unit);
  out.set(bytes);
  return out;
}

function scanSink(os: Os): ScanSink {
  const m = os.memory;
  return {
    storeInt: (a, v, size) => {
      if (size === 1) m.setU8(a, Number(BigInt.asUintN(8, v)));
      else if (size === 2) m.setU16(a, Number(BigInt.asUintN(16, v)));
      else if (size === 4) m.setU32(a, Number(BigInt.asUintN(32, v)));
      else m.setU64(a, v);
    },
    storeFloat: (a, v, size) => {
      if (size === 4) m.setF32(a, v);
      else m.setF64(a, v);
    },
    storeChars: (a, units, nul, wide) => {
      const n = units.length + (nul ? 1 : 0);
      if (wide) {
        const b = new Uint8Array(n * 2);
        units.forEach((u, i) => {
          b[2 * i] = u & 0xff;
          b[2 * i + 1] = u >> 8;
        });
        m.write(a, b);
      } else {
        const b = new Uint8Array(n);
        units.forEach((u, i) => (b[i] = u < 0x100 ? u : 0x3f));
        m.write(a, b);
      }
    },
  };
}

function streamInput(os: Os, file: bigint, fnName: string): ScanInput {
  return { peek: () => streamPeek(os, file, fnName), next: () => streamGetc(os, file, fnName) };
}

function scanString(os: Os, src: bigint, fmt: bigint, args: VarArgs, wide: boolean, fnName: string): number {
  if (src === 0n || fmt === 0n) throw new CrtInvalidParameterError(fnName, 'string or format is NULL');
  const input = wide ? wUnits(os.memory, src) : cBytes(os.memory, src);
  const f = wide ? wUnits(os.memory, fmt) : cBytes(os.memory, fmt);
  return formatScanf(f, arrayInput(input), args, scanSink(os), { wide });
}

function scanStream(os: Os, file: bigint, fmt: bigint, args: VarArgs, fnName: string): number {
  if (fmt === 0n) throw new CrtInvalidParameterError(fnName, 'format is NULL');
  streamOf(os, file, fnName);
  return formatScanf(cBytes(os.memory, fmt), streamInput(os, file, fnName), args, scanSink(os), { wide: false });
}

const stdout = (os: Os) => iobEntry(os, 1);
const stdin = (os: Os) => iobEntry(os, 0);

/** fopen: the NUL device opens; other paths fail cleanly (nothing is mounted). */
function open(os: Os, path: string, mode: string): bigint {
  if (!/^[rwa]\+?[bt]?\+?[a-zA-Z,=]*$/.test(mode)) {
    setErrno(os, Errno.EINVAL);
    return 0n;
  }
  if (/^(\\\\\.\\)?nul:?$/i.test(path)) {
    const fd = allocateFd(os, os.handles.add(new NullDevice()));
    if (mode.includes('b')) crt(os).textMode.set(fd, false);
    const file = openStream(os, fd, mode.includes('+') ? StreamFlag.ReadWrite : mode[0] === 'r' ? StreamFlag.Read : StreamFlag.Write);
    if (file === 0n) {
      releaseFd(os, fd);
      setErrno(os, Errno.EMFILE);
    }
    return file;
  }
  return openFails(os, path, mode);
}

function openFails(os: Os, path: string, mode: string): bigint {
  const writing = /[wa+]/.test(mode);
  os.trace('api', `fopen("${path}", "${mode}"): no host directory is mounted on the guest's C: drive`);
  setErrno(os, writing ? Errno.EACCES : Errno.ENOENT);
  return 0n;
}

export const stdio: ApiTable = {
  _iob: data(IOB_ENTRIES * FILE_SIZE, (os, addr) => initIob(os, addr)),
  __iob_func: fn('FILE *__iob_func(void)', [], 'ptr', ({ os }) => iobEntry(os, 0)),
  __p__iob: fn('FILE *__p__iob(void)', [], 'ptr', ({ os }) => iobEntry(os, 0)),

  printf: fn('int printf(const char *format, ...)', ['ptr', '...'], 'i32', ({ os }, f, va) => printTo(os, stdout(os), f, va, false, 'printf')),
  vprintf: fn('int vprintf(const char *format, va_list argptr)', ['ptr', 'ptr'], 'i32', ({ os }, f, ap) => printTo(os, stdout(os), f, new MemoryVarArgs(os.memory, ap), false, 'vprintf')),
  fprintf: fn('int fprintf(FILE *stream, const char *format, ...)', ['ptr', 'ptr', '...'], 'i32', ({ os }, s, f, va) => printTo(os, s, f, va, false, 'fprintf')),
  vfprintf: fn('int vfprintf(FILE *stream, const char *format, va_list argptr)', ['ptr', 'ptr', 'ptr'], 'i32', ({ os }, s, f, ap) =>
    printTo(os, s, f, new MemoryVarArgs(os.memory, ap), false, 'vfprintf'),
  ),
  sprintf: fn('int sprintf(char *buffer, const char *format, ...)', ['ptr', 'ptr', '...'], 'i32', ({ os }, b, f, va) => printToBuffer(os, b, -1, f, va, false, false, 'sprintf')),
  vsprintf: fn('int vsprintf(char *buffer, const char *format, va_list argptr)', ['ptr', 'ptr', 'ptr'], 'i32', ({ os }, b, f, ap) =>
    printToBuffer(os, b, -1, f, new MemoryVarArgs(os.memory, ap), false, false, 'vsprintf'),
  ),
  _snprintf: fn('int _snprintf(char *buffer, size_t count, const char *format, ...)', ['ptr', 'u64', 'ptr', '...'], 'i32', ({ os }, b, n, f, va) =>
    printToBuffer(os, b, clampCount(n), f, va, false, false, '_snprintf'),
  ),
  _vsnprintf: fn('int _vsnprintf(char *buffer, size_t count, const char *format, va_list argptr)', ['ptr', 'u64', 'ptr', 'ptr'], 'i32', ({ os }, b, n, f, ap) =>
    printToBuffer(os, b, clampCount(n), f, new MemoryVarArgs(os.memory, ap), false, false, '_vsnprintf'),
  ),
  snprintf: fn('int snprintf(char *buffer, size_t count, const char *format, ...)', ['ptr', 'u64', 'ptr', '...'], 'i32', ({ os }, b, n, f, va) =>
    printToBuffer(os, b, clampCount(n), f, va, false, true, 'snprintf'),
  ),
  vsnprintf: fn('int vsnprintf(char *buffer, size_t count, const char *format, va_list argptr)', ['ptr', 'u64', 'ptr', 'ptr'], 'i32', ({ os }, b, n, f, ap) =>
    printToBuffer(os, b, clampCount(n), f, new MemoryVarArgs(os.memory, ap), false, true, 'vsnprintf'),
  ),
  _scprintf: fn('int _scprintf(const char *format, ...)', ['ptr', '...'], 'i32', ({ os }, f, va) => format(os, f, va, false, '_scprintf').length),
  _vscprintf: fn('int _vscprintf(const char *format, va_list argptr)', ['ptr', 'ptr'], 'i32', ({ os }, f, ap) => format(os, f, new MemoryVarArgs(os.memory, ap), false, '_vscprintf').length),

  wprintf: fn('int wprintf(const wchar_t *format, ...)', ['ptr', '...'], 'i32', ({ os }, f, va) => printTo(os, stdout(os), f, va, true, 'wprintf')),
  vwprintf: fn('int vwprintf(const wchar_t *format, va_list argptr)', ['ptr', 'ptr'], 'i32', ({ os }, f, ap) => printTo(os, stdout(os), f, new MemoryVarArgs(os.memory, ap), true, 'vwprintf')),
  fwprintf: fn('int fwprintf(FILE *stream, const wchar_t *format, ...)', ['ptr', 'ptr', '...'], 'i32', ({ os }, s, f, va) => printTo(os, s, f, va, true, 'fwprintf')),
  vfwprintf: fn('int vfwprintf(FILE *stream, const wchar_t *format, va_list argptr)', ['ptr', 'ptr', 'ptr'], 'i32', ({ os }, s, f, ap) =>
    printTo(os, s, f, new MemoryVarArgs(os.memory, ap), true, 'vfwprintf'),
  ),
  swprintf: fn('int swprintf(wchar_t *buffer, const wchar_t *format, ...)', ['ptr', 'ptr', '...'], 'i32', ({ os }, b, f, va) => printToBuffer(os, b, -1, f, va, true, false, 'swprintf')),
  vswprintf: fn('int vswprintf(wchar_t *buffer, const wchar_t *format, va_list argptr)', ['ptr', 'ptr', 'ptr'], 'i32', ({ os }, b, f, ap) =>
    printToBuffer(os, b, -1, f, new MemoryVarArgs(os.memory, ap), true, false, 'vswprintf'),
  ),
  _snwprintf: fn('int _snwprintf(wchar_t *buffer, size_t count, const wchar_t *format, ...)', ['ptr', 'u64', 'ptr', '...'], 'i32', ({ os }, b, n, f, va) =>
    printToBuffer(os, b, clampCount(n), f, va, true, false, '_snwprintf'),
  ),
  _vsnwprintf: fn('int _vsnwprintf(wchar_t *buffer, size_t count, const wchar_t *format, va_list argptr)', ['ptr', 'u64', 'ptr', 'ptr'], 'i32', ({ os }, b, n, f, ap) =>
    printToBuffer(os, b, clampCount(n), f, new MemoryVarArgs(os.memory, ap), true, false, '_vsnwprintf'),
  ),

  scanf: fn('int scanf(const char *format, ...)', ['ptr', '...'], 'i32', ({ os }, f, va) => scanStream(os, stdin(os), f, va, 'scanf')),
  fscanf: fn('int fscanf(FILE *stream, const char *format, ...)', ['ptr', 'ptr', '...'], 'i32', ({ os }, s, f, va) => scanStream(os, s, f, va, 'fscanf')),
  sscanf: fn('int sscanf(const char *buffer, const char *format, ...)', ['ptr', 'ptr', '...'], 'i32', ({ os }, b, f, va) => scanString(os, b, f, va, false, 'sscanf')),
  swscanf: fn('int swscanf(const wchar_t *buffer, const wchar_t *format, ...)', ['ptr', 'ptr', '...'], 'i32', ({ os }, b, f, va) => scanString(os, b, f, va, true, 'swscanf')),

  fwrite: fn('size_t fwrite(const void *buffer, size_t size, size_t count, FILE *stream)', ['ptr', 'u64', 'u64', 'ptr'], 'u64', ({ os }, buf, size, count, file) => {
    streamOf(os, file, 'fwrite');
    const total = size * count;
    if (total === 0n) return 0n;
    if (total > 0x7fffffffn) throw new CrtInvalidParameterError('fwrite', `${total} bytes is beyond what clremu writes in one call`);
    const n = streamWrite(os, file, os.memory.read(buf, Number(total)), 'fwrite');
    return n < 0 ? 0n : count;
  }),
  fputc: fn('int fputc(int c, FILE *stream)', ['i32', 'ptr'], 'i32', ({ os }, c, file) => (streamWrite(os, file, Uint8Array.of(c & 0xff), 'fputc') < 0 ? EOF : c & 0xff)),
  putc: fn('int putc(int c, FILE *stream)', ['i32', 'ptr'], 'i32', ({ os }, c, file) => (streamWrite(os, file, Uint8Array.of(c & 0xff), 'putc') < 0 ? EOF : c & 0xff)),
  _fputc_nolock: fn('int _fputc_nolock(int c, FILE *stream)', ['i32', 'ptr'], 'i32', ({ os }, c, file) => (streamWrite(os, file, Uint8Array.of(c & 0xff), '_fputc_nolock') < 0 ? EOF : c & 0xff)),
  putchar: fn('int putchar(int c)', ['i32'], 'i32', ({ os }, c) => (streamWrite(os, stdout(os), Uint8Array.of(c & 0xff), 'putchar') < 0 ? EOF : c & 0xff)),
  fputs: fn('int fputs(const char *str, FILE *stream)', ['ptr', 'ptr'], 'i32', ({ os }, str, file) => (streamWrite(os, file, cBytes(os.memory, str), 'fputs') < 0 ? EOF : 0)),
  puts: fn('int puts(const char *str)', ['ptr'], 'i32', ({ os }, str) => {
    const body = cBytes(os.memory, str);
    const line = new Uint8Array(body.length + 1);
    line.set(body);
    line[body.length] = 0x0a;
    return streamWrite(os, stdout(os), line, 'puts') < 0 ? EOF : 0;
  }),
  fputwc: fn('wint_t fputwc(wchar_t c, FILE *stream)', ['u32', 'ptr'], 'u32', ({ os }, c, file) =>
    streamWrite(os, file, Uint8Array.of((c & 0xffff) < 0x100 ? c & 0xff : 0x3f), 'fputwc') < 0 ? 0xffff : c & 0xffff,
  ),
  fputws: fn('int fputws(const wchar_t *str, FILE *stream)', ['ptr', 'ptr'], 'i32', ({ os }, str, file) => {
    const units = wUnits(os.memory, str);
    return streamWrite(os, file, Uint8Array.from(units, (u) => (u < 0x100 ? u : 0x3f)), 'fputws') < 0 ? EOF : 0;
  }),

  fgetc: fn('int fgetc(FILE *stream)', ['ptr'], 'i32', ({ os }, file) => streamGetc(os, file, 'fgetc')),
  getc: fn('int getc(FILE *stream)', ['ptr'], 'i32', ({ os }, file) => streamGetc(os, file, 'getc')),
  getchar: fn('int getchar(void)', [], 'i32', ({ os }) => streamGetc(os, stdin(os), 'getchar')),
  ungetc: fn('int ungetc(int c, FILE *stream)', ['i32', 'ptr'], 'i32', ({ os }, c, file) => streamUnget(os, file, c, 'ungetc')),
  fgets: fn('char *fgets(char *str, int numChars, FILE *stream)', ['ptr', 'i32', 'ptr'], 'ptr', ({ os }, str, n, file) => {
    if (str === 0n || n <= 0) throw new CrtInvalidParameterError('fgets', 'buffer is NULL or its size is not positive');
    const line = streamReadLine(os, file, n - 1, 'fgets');
    if (line.length === 0 && n > 1) return 0n;
    writeCBytes(os.memory, str, line);
    return str;
  }),
  gets: fn('char *gets(char *buffer)', ['ptr'], 'ptr', ({ os }, buf) => {
    const line = streamReadLine(os, stdin(os), 1 << 20, 'gets');
    if (line.length === 0) return 0n;
    writeCBytes(os.memory, buf, line[line.length - 1] === 0x0a ? line.subarray(0, line.length - 1) : line);
    return buf;
  }),
  fread: fn('size_t fread(void *buffer, size_t size, size_t count, FILE *stream)', ['ptr', 'u64', 'u64', 'ptr'], 'u64', ({ os }, buf, size, count, file) => {
    streamOf(os, file, 'fread');
    const total = size * count;
    if (total === 0n) return 0n;
    if (total > 0x7fffffffn) throw new CrtInvalidParameterError('fread', `${total} bytes is beyond what clremu reads in one call`);
    const bytes = streamRead(os, file, Number(total), 'fread');
    if (bytes.length > 0) os.memory.write(buf, bytes);
    return BigInt(bytes.length) / size;
  }),

  fflush: fn('int fflush(FILE *stream)', ['ptr'], 'i32', ({ os }, file) => {
    // Output is written through; fflush(NULL) and fflush(stream) have nothing buffered to push.
    if (file !== 0n) streamOf(os, file, 'fflush');
    return 0;
  }),
  feof: fn('int feof(FILE *stream)', ['ptr'], 'i32', ({ os }, file) => (streamOf(os, file, 'feof').eof ? 0x10 : 0)),
  ferror: fn('int ferror(FILE *stream)', ['ptr'], 'i32', ({ os }, file) => (streamOf(os, file, 'ferror').error ? 0x20 : 0)),
  clearerr: fn('void clearerr(FILE *stream)', ['ptr'], 'void', ({ os }, file) => {
    const s = streamOf(os, file, 'clearerr');
    s.eof = false;
    s.error = false;
    syncFlags(os, file, s);
  }),
  setvbuf: fn('int setvbuf(FILE *stream, char *buffer, int mode, size_t size)', ['ptr', 'ptr', 'i32', 'u64'], 'i32', ({ os }, file, _buf, mode) => {
    streamOf(os, file, 'setvbuf');
    // _IOFBF 0, _IOLBF 0x40, _IONBF 4: accepted; output is written through in every mode.
    return mode === 0 || mode === 0x40 || mode === 4 ? 0 : -1;
  }),
  setbuf: fn('void setbuf(FILE *stream, char *buffer)', ['ptr', 'ptr'], 'void', ({ os }, file) => void streamOf(os, file, 'setbuf')),
  _fileno: fn('int _fileno(FILE *stream)', ['ptr'], 'i32', ({ os }, file) => streamOf(os, file, '_fileno').fd),
  fileno: fn('int fileno(FILE *stream)', ['ptr'], 'i32', ({ os }, file) => streamOf(os, file, 'fileno').fd),
  fseek: fn('int fseek(FILE *stream, long offset, int origin)', ['ptr', 'i32', 'i32'], 'i32', ({ os }, file) => {
    streamOf(os, file, 'fseek');
    // Only console streams exist, and consoles cannot seek.
    setErrno(os, Errno.EINVAL);
    return -1;
  }),
  _fseeki64: fn('int _fseeki64(FILE *stream, __int64 offset, int origin)', ['ptr', 'i64', 'i32'], 'i32', ({ os }, file) => {
    streamOf(os, file, '_fseeki64');
    setErrno(os, Errno.EINVAL);
    return -1;
  }),
  ftell: fn('long ftell(FILE *stream)', ['ptr'], 'i32', ({ os }, file) => {
    streamOf(os, file, 'ftell');
    setErrno(os, Errno.EINVAL);
    return -1;
  }),
  _ftelli64: fn('__int64 _ftelli64(FILE *stream)', ['ptr'], 'i64', ({ os }, file) => {
    streamOf(os, file, '_ftelli64');
    setErrno(os, Errno.EINVAL);
    return -1n;
  }),
  rewind: fn('void rewind(FILE *stream)', ['ptr'], 'void', ({ os }, file) => {
    const s = streamOf(os, file, 'rewind');
    s.eof = false;
    s.error = false;
    syncFlags(os, file, s);
  }),
  fopen: fn('FILE *fopen(const char *filename, const char *mode)', ['ptr', 'ptr'], 'ptr', ({ os }, name, mode) => {
    if (name === 0n || mode === 0n) throw new CrtInvalidParameterError('fopen', 'filename or mode is NULL');
    return open(os, os.memory.cString(name), os.memory.cString(mode, 64));
  }),
  _wfopen: fn('FILE *_wfopen(const wchar_t *filename, const wchar_t *mode)', ['ptr', 'ptr'], 'ptr', ({ os }, name, mode) => {
    if (name === 0n || mode === 0n) throw new CrtInvalidParameterError('_wfopen', 'filename or mode is NULL');
    return open(os, os.memory.wString(name), os.memory.wString(mode, 64));
  }),
  fclose: fn('int fclose(FILE *stream)', ['ptr'], 'i32', ({ os }, file) => {
    const s = streamOf(os, file, 'fclose');
    if (s.fd > 2) releaseFd(os, s.fd);
    s.fd = -1;
    crt(os).streams.delete(file);
    os.memory.setU32(file + 24n, 0);
    return 0;
  }),

  _write: fn('int _write(int fd, const void *buffer, unsigned int count)', ['i32', 'ptr', 'u32'], 'i32', ({ os }, fd, buf, count) =>
    writeFd(os, fd, count > 0 ? os.memory.read(buf, count) : new Uint8Array(0)),
  ),
  _read: fn('int _read(int fd, void *buffer, unsigned int count)', ['i32', 'ptr', 'u32'], 'i32', ({ os }, fd, buf, count) => {
    const bytes = readFd(os, fd, count);
    if (!bytes) return -1;
    if (bytes.length > 0) os.memory.write(buf, bytes);
    return bytes.length;
  }),
  // Every open descriptor is a character device (the console or NUL): msvcrt reports FDEV.
  _isatty: fn('int _isatty(int fd)', ['i32'], 'i32', ({ os }, fd) => ((fd >= 0 && fd <= 2) || crt(os).fds.has(fd) ? 0x40 : 0)),
  _setmode: fn('int _setmode(int fd, int mode)', ['i32', 'i32'], 'i32', ({ os }, fd, mode) => {
    const open = crt(os).textMode.has(fd);
    if (!open || (mode !== FileMode.Text && mode !== FileMode.Binary)) {
      setErrno(os, !open ? Errno.EBADF : Errno.EINVAL);
      return -1;
    }
    const old = isTextMode(os, fd) ? FileMode.Text : FileMode.Binary;
    crt(os).textMode.set(fd, mode === FileMode.Text);
    return old;
  }),
  _flushall: fn('int _flushall(void)', [], 'i32', () => 3),

  perror: fn('void perror(const char *message)', ['ptr'], 'void', ({ os }, msg) => {
    const prefix = msg !== 0n ? os.memory.cString(msg) : '';
    const text = `${prefix ? `${prefix}: ` : ''}${errnoMessage(getErrno(os))}\n`;
    writeFd(os, 2, Buffer.from(text, 'latin1'));
  }),
};

/** size_t counts beyond INT_MAX are treated as unbounded-but-checked: the engine caps field sizes anyway. */
function clampCount(n: bigint): number {
  return n > 0x7fffffffn ? 0x7fffffff : Number(n);
}
