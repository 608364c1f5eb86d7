/**
 * An open file: the kernel object behind a handle CreateFileW (or System.Native's open) returns
 * for a file under a mount. It owns one host file descriptor and the file pointer; reads and
 * writes are positioned (pread/pwrite), so the pointer is exactly what SetFilePointerEx says.
 *
 * Access is what the handle was opened for: `direction` is 'input' for read-only handles and
 * 'output' for write-only ones, which is what MonoIO's Read/Write check before moving bytes.
 * A file the guest wrote gets the virtual clock's time as its last-write and last-access times
 * when it is closed, so timestamps a program reads back are the same from run to run.
 */
import * as fs from 'fs';
import type { KernelObject } from '../os';
import { filetimeToUnixSeconds } from '../clock';
import { formatGuestPath, type GuestPath } from './guest-path';

/** SetFilePointer's dwMoveMethod. */
export const enum SeekOrigin {
  /** FILE_BEGIN. */
  Begin = 0,
  /** FILE_CURRENT. */
  Current = 1,
  /** FILE_END. */
  End = 2,
}

export interface FileObjectOptions {
  readonly read: boolean;
  readonly write: boolean;
  /** FILE_FLAG_DELETE_ON_CLOSE. */
  readonly deleteOnClose: boolean;
  /** FILETIME now (the virtual clock), for the times of files the guest wrote. */
  readonly now: () => bigint;
  /** The open created or truncated the file: it counts as written. */
  readonly modified?: boolean;
}

export class FileObject implements KernelObject {
  readonly type = 'file';
  /** The file pointer. */
  position = 0;
  private written: boolean;
  private closed = false;

  constructor(
    private readonly fd: number,
    readonly hostPath: string,
    readonly guestPath: GuestPath,
    private readonly options: FileObjectOptions,
  ) {
    this.written = options.modified === true;
  }

  /** 'input' / 'output' for one-way handles; undefined when the handle may both read and write. */
  get direction(): 'input' | 'output' | undefined {
    if (this.options.read && !this.options.write) return 'input';
    if (this.options.write && !this.options.read) return 'output';
    return undefined;
  }

  get canRead(): boolean {
    return this.options.read;
  }

  get canWrite(): boolean {
    return this.options.write;
  }

  /** Up to `max` bytes from the file pointer; an empty result is end of file. */
  read(max: number): Uint8Array {
    const buf = Buffer.alloc(Math.max(0, Math.min(max, 1 << 24)));
    const n = buf.length === 0 ? 0 : fs.readSync(this.fd, buf, 0, buf.length, this.position);
    this.position += n;
    return buf.subarray(0, n);
  }

  /** Writes at the file pointer (extending the file as needed) and advances it. */
  write(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off, bytes.length - off, this.position + off);
    this.position += bytes.length;
    if (bytes.length > 0) this.written = true;
  }

  get size(): number {
    return fs.fstatSync(this.fd).size;
  }

  /** The new pointer, or undefined when it would be negative (ERROR_NEGATIVE_SEEK). */
  seek(distance: number, origin: SeekOrigin): number | undefined {
    const from = origin === SeekOrigin.Begin ? 0 : origin === SeekOrigin.Current ? this.position : this.size;
    const to = from + distance;
    if (to < 0) return undefined;
    this.position = to;
    return to;
  }

  /**
   * LockFile: byte ranges locked through this handle. Another lock overlapping one of them fails
   * (ERROR_LOCK_VIOLATION); one process with one thread has no one to wait for.
   */
  private readonly locks: { offset: number; length: number }[] = [];

  lock(offset: number, length: number): boolean {
    if (this.locks.some((l) => offset < l.offset + l.length && l.offset < offset + length)) return false;
    this.locks.push({ offset, length });
    return true;
  }

  /** UnlockFile: the range must be one locked exactly (false is ERROR_NOT_LOCKED). */
  unlock(offset: number, length: number): boolean {
    const i = this.locks.findIndex((l) => l.offset === offset && l.length === length);
    if (i < 0) return false;
    this.locks.splice(i, 1);
    return true;
  }

  /** SetEndOfFile at `length`. */
  truncate(length: number): void {
    fs.ftruncateSync(this.fd, length);
    this.written = true;
  }

  /** SetFileTime: FILETIMEs, 0n meaning "leave as is". */
  setTimes(lastAccess: bigint, lastWrite: bigint): void {
    const st = fs.fstatSync(this.fd);
    const seconds = (ft: bigint, current: Date): number => (ft === 0n ? current.getTime() / 1000 : Number(filetimeToUnixSeconds(ft)) + Number(ft % 10_000_000n) / 1e7);
    fs.futimesSync(this.fd, seconds(lastAccess, st.atime), seconds(lastWrite, st.mtime));
    this.written = false;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.written) {
        const t = Number(filetimeToUnixSeconds(this.options.now()));
        fs.futimesSync(this.fd, t, t);
      }
    } finally {
      fs.closeSync(this.fd);
      if (this.options.deleteOnClose) fs.rmSync(this.hostPath, { force: true });
    }
  }

  toString(): string {
    return `file ${formatGuestPath(this.guestPath)}`;
  }
}
