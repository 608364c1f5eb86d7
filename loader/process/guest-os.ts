/**
 * The `Os` object emulated APIs receive: the process's parts assembled in one place. It owns no
 * policy of its own; each member is the component that implements it (ProcessSpace for PEB/TEB
 * state, Modules for the module list, HeapSet, ProcessHandleTable, VirtualClock, the host streams).
 */
import * as fs from 'fs';
import { GuestExit, type CallOptions, type Machine, type Memory } from '../../emu';
import type { GuestFileSystem } from '../fs/file-system';
import type { HandleTable, HeapManager, HostIo, ModuleManager, Os, ProcessInfo, ThreadState, VirtualClock } from '../os';

export type TraceChannel = 'loader' | 'api';
export type TraceSink = (channel: TraceChannel, message: string) => void;

export interface GuestOsParts {
  machine: Machine;
  process: ProcessInfo;
  modules: ModuleManager;
  /** The main thread (it exists from the moment guest code can run). */
  thread: () => ThreadState;
  /** Created on first use, so heaps are placed after the EXE has its preferred base. */
  heaps: () => HeapManager;
  handles: HandleTable;
  io: HostIo;
  clock: VirtualClock;
  /** The guest's file system (mounted host directories). */
  fs?: GuestFileSystem;
  trace?: TraceSink;
  /** Instruction budget and time left for guest calls made from the host side. */
  callLimits: () => CallOptions;
}

export class GuestOs implements Os {
  readonly machine: Machine;
  readonly memory: Memory;
  readonly process: ProcessInfo;
  readonly modules: ModuleManager;
  readonly handles: HandleTable;
  readonly io: HostIo;
  readonly clock: VirtualClock;
  readonly fs?: GuestFileSystem;
  private readonly sink?: TraceSink;
  private readonly heapManager: () => HeapManager;
  private readonly threadState: () => ThreadState;
  private readonly callLimits: () => CallOptions;

  constructor(parts: GuestOsParts) {
    this.machine = parts.machine;
    this.memory = parts.machine.memory;
    this.process = parts.process;
    this.modules = parts.modules;
    this.threadState = parts.thread;
    this.heapManager = parts.heaps;
    this.handles = parts.handles;
    this.io = parts.io;
    this.clock = parts.clock;
    this.fs = parts.fs;
    this.sink = parts.trace;
    this.callLimits = parts.callLimits;
  }

  get thread(): ThreadState {
    return this.threadState();
  }

  get heaps(): HeapManager {
    return this.heapManager();
  }

  trace(channel: TraceChannel, message: string): void {
    this.sink?.(channel, message);
  }

  callGuest(fn: bigint, args: bigint[]): bigint {
    return this.machine.callGuest(fn, args, this.callLimits());
  }

  exit(code: number): never {
    throw new GuestExit(code >>> 0);
  }
}

/**
 * The host's own standard streams, bytes unchanged (synchronous, so output order is exact). When
 * the reader of stdout or stderr goes away (`clremu run app.exe | head`), the write throws
 * HostPipeClosedError and the run stops, as a Unix program stops on SIGPIPE; the command line
 * exits quietly with 141.
 */
export class ProcessHostIo implements HostIo {
  writeStdout(bytes: Uint8Array): void {
    writeAll(1, bytes);
  }
  writeStderr(bytes: Uint8Array): void {
    writeAll(2, bytes);
  }
  readStdin(max: number): Uint8Array {
    const buf = Buffer.alloc(Math.max(0, Math.min(max, 1 << 20)));
    for (;;) {
      try {
        const n = fs.readSync(0, buf, 0, buf.length, null);
        return buf.subarray(0, n);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        if (code === 'EOF') return new Uint8Array(0);
        throw err;
      }
    }
  }
}

/** Collects output in memory (tests, in-process runs). */
export class BufferedHostIo implements HostIo {
  private readonly out: Uint8Array[] = [];
  private readonly err: Uint8Array[] = [];
  constructor(private stdin: Uint8Array = new Uint8Array(0)) {}
  writeStdout(bytes: Uint8Array): void {
    this.out.push(bytes.slice());
  }
  writeStderr(bytes: Uint8Array): void {
    this.err.push(bytes.slice());
  }
  readStdin(max: number): Uint8Array {
    const chunk = this.stdin.subarray(0, max);
    this.stdin = this.stdin.subarray(chunk.length);
    return chunk;
  }
  get stdout(): string {
    return Buffer.concat(this.out).toString('latin1');
  }
  get stderr(): string {
    return Buffer.concat(this.err).toString('latin1');
  }
}

/**
 * The reader of the host's standard output or error went away (`clremu run … | head`). Like a
 * Unix program killed by SIGPIPE, the run stops; the command line exits quietly with 141.
 */
export class HostPipeClosedError extends Error {
  override name = 'HostPipeClosedError';
  constructor(readonly fd: number) {
    super(`the reader of host file descriptor ${fd} closed the pipe`);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += fs.writeSync(fd, bytes, off, bytes.length - off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') throw new HostPipeClosedError(fd);
      throw err;
    }
  }
}
