/**
 * A small process for calling emulated API implementations directly: a real Machine (so guest
 * memory is emu's), the real heaps, handle table and clock, and stand-ins for what the loader
 * would provide (one thread, no modules). `call` invokes an ApiTable entry with decoded arguments.
 */
import { Machine, Prot, type GateCall } from '../../emu';
import type { ApiFunction, ApiTable } from '../../loader/dlls/api';
import type { HostIo, Os, ThreadState } from '../../loader/os';
import { HeapSet } from '../../loader/heap';
import { ProcessHandleTable } from '../../loader/handles';
import { VirtualClock } from '../../loader/clock';

export class TestExit extends Error {
  constructor(readonly code: number) {
    super(`exit(${code})`);
  }
}

export interface TestProcess {
  os: Os;
  machine: Machine;
  stdout: number[];
  stdin: Buffer;
  /** Scratch guest memory for arguments (64 KiB, read/write). */
  scratch: bigint;
  call(table: ApiTable, name: string, ...args: unknown[]): unknown;
  close(): void;
}

export function createTestProcess(stdinText = ''): TestProcess {
  const machine = Machine.create();
  const memory = machine.memory;
  const stdout: number[] = [];
  const stdin = Buffer.from(stdinText, 'latin1');
  let pos = 0;
  const io: HostIo = {
    writeStdout: (b) => stdout.push(...b),
    writeStderr: (b) => stdout.push(...b),
    readStdin: (max) => {
      const chunk = stdin.subarray(pos, pos + max);
      pos += chunk.length;
      return chunk;
    },
  };
  const thread: ThreadState = {
    id: 4,
    tebAddress: 0n,
    stackBase: 0n,
    stackLimit: 0n,
    lastError: 0,
    tlsAlloc: () => 0,
    tlsFree: () => false,
    tlsGet: () => 0n,
    tlsSet: () => false,
  };
  const os: Os = {
    machine,
    memory,
    process: {
      imagePath: 'C:\\app\\test.exe',
      commandLine: 'test.exe',
      argv: ['test.exe'],
      environment: new Map([['PATH', 'C:\\Windows']]),
      commandLineA: 0n,
      commandLineW: 0n,
      environmentBlockW: 0n,
      imageBase: 0x140000000n,
      pebAddress: 0n,
    },
    modules: {
      main: { name: 'test.exe', path: 'C:\\app\\test.exe', base: 0x140000000n, size: 0x1000, entryPoint: 0n, emulated: false },
      list: () => [],
      byName: () => undefined,
      byAddress: () => undefined,
      exportAddress: () => undefined,
      load: () => {
        throw new Error('no modules in a test process');
      },
      free: () => false,
    },
    thread,
    heaps: new HeapSet(memory),
    handles: new ProcessHandleTable(io),
    io,
    clock: new VirtualClock(),
    trace: () => undefined,
    callGuest: (fn, args) => machine.callGuest(fn, args),
    exit: (code) => {
      throw new TestExit(code);
    },
  };
  const scratch = memory.reserve(0x10000);
  memory.commit(scratch, 0x10000, Prot.Read | Prot.Write);
  const fakeCall = { machine } as unknown as GateCall;
  return {
    os,
    machine,
    stdout,
    stdin,
    scratch,
    call(table, name, ...args) {
      const entry = table[name] as ApiFunction | undefined;
      if (!entry || entry.kind !== 'function') throw new Error(`${name} is not a function export`);
      return entry.impl({ os, call: fakeCall }, ...(args as never[]));
    },
    close: () => machine.close(),
  };
}
