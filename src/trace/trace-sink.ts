/**
 * Where trace records go: a file written through a buffer (a trace of millions of instructions is
 * never held in memory), a running hash (two runs compared without keeping either), or a string
 * (small traces in tests).
 *
 * Invariant: `write` only appends; `close` flushes and may be called more than once.
 */
import { createHash, type Hash } from 'crypto';
import * as fs from 'fs';
import { TraceFileError } from './trace-errors';

export interface TraceSink {
  write(chunk: string): void;
  close(): void;
}

/** Bytes gathered before one `writeSync`: large enough that system calls do not dominate. */
const FLUSH_AT = 1 << 16;

/** A file written in 64 KiB pieces. Opening creates (truncates) the file at once. */
export class BufferedFileSink implements TraceSink {
  private fd: number | undefined;
  private pending = '';

  constructor(readonly path: string) {
    try {
      this.fd = fs.openSync(path, 'w');
    } catch (err) {
      throw new TraceFileError(path, (err as NodeJS.ErrnoException).code ?? String(err));
    }
  }

  write(chunk: string): void {
    this.pending += chunk;
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    try {
      fs.writeSync(this.fd, this.pending);
    } catch (err) {
      throw new TraceFileError(this.path, (err as NodeJS.ErrnoException).code ?? String(err));
    }
    this.pending = '';
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** SHA-256 of everything written, for determinism checks. */
export class HashSink implements TraceSink {
  private readonly hash: Hash = createHash('sha256');
  private pending = '';
  private result: string | undefined;
  records = 0;

  write(chunk: string): void {
    this.pending += chunk;
    if (this.pending.length >= FLUSH_AT) {
      this.hash.update(this.pending);
      this.pending = '';
    }
  }

  close(): void {
    if (this.result !== undefined) return;
    this.hash.update(this.pending);
    this.pending = '';
    this.result = this.hash.digest('hex');
  }

  /** The hex digest (closes the sink). */
  digest(): string {
    this.close();
    return this.result!;
  }
}

/** Keeps everything in a string: for tests and short traces only. */
export class StringSink implements TraceSink {
  text = '';
  write(chunk: string): void {
    this.text += chunk;
  }
  close(): void {}
}
