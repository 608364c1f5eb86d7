/**
 * msvcrt's two I/O layers: low-level descriptors (`_write`, `_read`: fd 0–2 are the standard
 * handles) and FILE streams over them.
 *
 * `_iob` is a real array of 20 msvcrt FILE structures in the DLL's data (x64 layout, 48 bytes:
 * _ptr +0, _cnt +8, _base +16, _flag +24, _file +28, _charbuf +32, _bufsiz +36, _tmpfname +40)
 * with _file 0, 1, 2 for stdin, stdout, stderr; a FILE* is mapped back to its stream by address.
 * Text-mode descriptors turn "\n" into "\r\n" on output and "\r\n" into "\n" on input, and treat
 * Ctrl+Z as end of input, as msvcrt does. Output is written through at every call, so stdout and
 * stderr interleave in the order the program wrote them; fflush therefore has nothing to do.
 */
import type { Os } from '../../os';
import { ConsoleInput, ConsoleOutput, NullDevice } from '../../handles';
import { crt, setErrno, type StreamState } from './state';
import { CrtInvalidParameterError, Errno } from './errors';

export const FILE_SIZE = 48;
export const IOB_ENTRIES = 20;
export const EOF = -1;
/** Host-side read-ahead when a stream needs more input. */
const READ_CHUNK = 4096;

/** FILE._flag bits, msvcrt's stdio.h. */
export const enum StreamFlag {
  /** _IOREAD: open for reading. */
  Read = 0x1,
  /** _IOWRT: open for writing. */
  Write = 0x2,
  /** _IONBF: unbuffered. */
  NoBuffer = 0x4,
  /** _IOEOF: end of file seen. */
  Eof = 0x10,
  /** _IOERR: an error occurred. */
  Error = 0x20,
  /** _IOSTRG: a string pseudo-stream (sscanf). */
  String = 0x40,
  /** _IORW: open for update. */
  ReadWrite = 0x80,
}

/** Fills `_iob` in guest memory and registers the three standard streams. */
export function initIob(os: Os, addr: bigint): void {
  const state = crt(os);
  state.iob = addr;
  const flags = [StreamFlag.Read, StreamFlag.Write, StreamFlag.Write | StreamFlag.NoBuffer];
  for (let i = 0; i < IOB_ENTRIES; i++) {
    const file = addr + BigInt(i * FILE_SIZE);
    os.memory.write(file, new Uint8Array(FILE_SIZE));
    if (i < 3) {
      os.memory.setU32(file + 24n, flags[i]!);
      os.memory.setU32(file + 28n, i);
      state.streams.set(file, { fd: i, pending: [], eof: false, error: false });
    } else os.memory.setU32(file + 28n, 0xffffffff);
  }
}

/** The address of `_iob[i]`. */
export function iobEntry(os: Os, i: number): bigint {
  const iob = crt(os).iob;
  if (iob === 0n) throw new CrtInvalidParameterError('__iob_func', 'the _iob array was never initialised by the loader');
  return iob + BigInt(i * FILE_SIZE);
}

/** The stream behind a FILE*; a pointer that is no stream is msvcrt's invalid-parameter case. */
export function streamOf(os: Os, file: bigint, fn: string): StreamState {
  const s = crt(os).streams.get(file);
  if (!s) throw new CrtInvalidParameterError(fn, file === 0n ? 'stream is NULL' : `0x${file.toString(16)} is not an open FILE`);
  return s;
}

/** Mirrors the host-side EOF/error bits into the guest FILE's _flag. */
export function syncFlags(os: Os, file: bigint, s: StreamState): void {
  const at = file + 24n;
  let flag = os.memory.u32(at) & ~(StreamFlag.Eof | StreamFlag.Error);
  if (s.eof) flag |= StreamFlag.Eof;
  if (s.error) flag |= StreamFlag.Error;
  os.memory.setU32(at, flag);
}

function handleFor(os: Os, fd: number): bigint | undefined {
  if (fd === 0) return os.handles.std('input');
  if (fd === 1) return os.handles.std('output');
  if (fd === 2) return os.handles.std('error');
  return crt(os).fds.get(fd);
}

/** Gives a kernel handle the lowest free descriptor ≥ 3 (msvcrt's _open_osfhandle). */
export function allocateFd(os: Os, handle: bigint): number {
  const fds = crt(os).fds;
  let fd = 3;
  while (fds.has(fd)) fd++;
  fds.set(fd, handle);
  crt(os).textMode.set(fd, true);
  return fd;
}

/** _close for descriptors ≥ 3: closes the handle; false when the descriptor is not open. */
export function releaseFd(os: Os, fd: number): boolean {
  const state = crt(os);
  const h = state.fds.get(fd);
  if (h === undefined) return false;
  state.fds.delete(fd);
  state.textMode.delete(fd);
  os.handles.close(h);
  return true;
}

/** A free `_iob` slot (3…19) for a new stream, set up over `fd`; 0 when all are in use. */
export function openStream(os: Os, fd: number, flags: number): bigint {
  const state = crt(os);
  for (let i = 3; i < IOB_ENTRIES; i++) {
    const file = iobEntry(os, i);
    if (state.streams.has(file)) continue;
    os.memory.write(file, new Uint8Array(FILE_SIZE));
    os.memory.setU32(file + 24n, flags);
    os.memory.setU32(file + 28n, fd);
    state.streams.set(file, { fd, pending: [], eof: false, error: false });
    return file;
  }
  return 0n;
}

export function isTextMode(os: Os, fd: number): boolean {
  return crt(os).textMode.get(fd) ?? true;
}

/** Text-mode output translation: LF → CR LF. */
export function toTextMode(bytes: Uint8Array): Uint8Array {
  let lf = 0;
  for (const b of bytes) if (b === 0x0a) lf++;
  if (lf === 0) return bytes;
  const out = new Uint8Array(bytes.length + lf);
  let j = 0;
  for (const b of bytes) {
    if (b === 0x0a) out[j++] = 0x0d;
    out[j++] = b;
  }
  return out;
}

/** `_write`: bytes written (before translation), or -1 with errno EBADF. */
export function writeFd(os: Os, fd: number, bytes: Uint8Array): number {
  const h = handleFor(os, fd);
  const out = h === undefined ? undefined : os.handles.get(h);
  if (!(out instanceof ConsoleOutput || out instanceof NullDevice)) {
    setErrno(os, Errno.EBADF);
    return -1;
  }
  out.write(isTextMode(os, fd) ? toTextMode(bytes) : bytes);
  return bytes.length;
}

/**
 * Writes a C runtime message (abort's, `_amsg_exit`'s) as msvcrt's _NMSG_WRITE does: straight to
 * the standard error handle with WriteFile, untranslated — the messages carry their own CR LF.
 */
export function writeRuntimeMessage(os: Os, bytes: Uint8Array): void {
  const out = os.handles.get(os.handles.std('error'));
  if (out instanceof ConsoleOutput || out instanceof NullDevice) out.write(bytes);
}

/** `_read`: up to `max` bytes (after translation), an empty array at end of input, or undefined with errno EBADF. */
export function readFd(os: Os, fd: number, max: number): Uint8Array | undefined {
  const h = handleFor(os, fd);
  const input = h === undefined ? undefined : os.handles.get(h);
  if (!(input instanceof ConsoleInput || input instanceof NullDevice)) {
    setErrno(os, Errno.EBADF);
    return undefined;
  }
  const raw = input.read(max);
  if (!isTextMode(os, fd)) return raw;
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x1a) break; // Ctrl+Z ends text input
    if (b === 0x0d && raw[i + 1] === 0x0a) continue;
    out.push(b);
  }
  return Uint8Array.from(out);
}

/** Writes through a stream; returns bytes accepted or -1 (and marks the stream's error). */
export function streamWrite(os: Os, file: bigint, bytes: Uint8Array, fn: string): number {
  const s = streamOf(os, file, fn);
  if (bytes.length === 0) return 0;
  const n = writeFd(os, s.fd, bytes);
  if (n < 0) {
    s.error = true;
    syncFlags(os, file, s);
  }
  return n;
}

/** Makes at least one byte available in `pending` unless input has ended; false at EOF/error. */
function fill(os: Os, file: bigint, s: StreamState): boolean {
  if (s.pending.length > 0) return true;
  if (s.eof) return false;
  const bytes = readFd(os, s.fd, READ_CHUNK);
  if (bytes === undefined) {
    s.error = true;
    syncFlags(os, file, s);
    return false;
  }
  if (bytes.length === 0) {
    s.eof = true;
    syncFlags(os, file, s);
    return false;
  }
  for (const b of bytes) s.pending.push(b);
  return true;
}

/** fgetc: the next byte, or EOF. */
export function streamGetc(os: Os, file: bigint, fn: string): number {
  const s = streamOf(os, file, fn);
  if (!fill(os, file, s)) return EOF;
  return s.pending.shift()!;
}

/** fgets core: bytes up to and including a newline, at most `max` bytes; empty at EOF. */
export function streamReadLine(os: Os, file: bigint, max: number, fn: string): Uint8Array {
  const s = streamOf(os, file, fn);
  const out: number[] = [];
  while (out.length < max && fill(os, file, s)) {
    const b = s.pending.shift()!;
    out.push(b);
    if (b === 0x0a) break;
  }
  return Uint8Array.from(out);
}

/** fread core: up to `max` bytes. */
export function streamRead(os: Os, file: bigint, max: number, fn: string): Uint8Array {
  const s = streamOf(os, file, fn);
  const out: number[] = [];
  while (out.length < max && fill(os, file, s)) {
    const take = Math.min(max - out.length, s.pending.length);
    for (const b of s.pending.splice(0, take)) out.push(b);
  }
  return Uint8Array.from(out);
}

/** ungetc core. */
export function streamUnget(os: Os, file: bigint, c: number, fn: string): number {
  const s = streamOf(os, file, fn);
  if (c === EOF) return EOF;
  s.pending.unshift(c & 0xff);
  s.eof = false;
  syncFlags(os, file, s);
  return c & 0xff;
}

/** Peeks without consuming (the scanf engine's lookahead). */
export function streamPeek(os: Os, file: bigint, fn: string): number {
  const s = streamOf(os, file, fn);
  return fill(os, file, s) ? s.pending[0]! : EOF;
}
