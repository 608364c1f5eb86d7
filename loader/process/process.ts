/**
 * Builds the OS side of a new process in guest memory: the OS block (PEB, loader data, process
 * parameters, the main TEB and its TLS pointer array), the main thread's stack, and the process
 * parameters' strings (image path, command line, current directory, environment).
 *
 * The images themselves are mapped afterwards by the module manager, which fills in
 * PEB.ImageBaseAddress and the loader lists as it goes.
 */
import { Prot, type Memory } from '../../emu';
import { GuestArena, ansiBytes } from './arena';
import { buildCommandLine, splitCommandLine } from './command-line';
import { environmentBlock } from './environment';
import { AddressSpaceExhaustedError, LoaderError, NtStatus } from './errors';
import {
  LDR_OFFSET,
  LDR_SIZE,
  OS_BLOCK_BASE,
  OS_BLOCK_SIZE,
  PARAMS_OFFSET,
  PARAMS_SIZE,
  PEB_ADDRESS,
  TEB_ADDRESS,
  TLS_ARRAY_OFFSET,
} from './layout';
import { LoaderLists } from './ldr-lists';
import { ThreadStack } from './stack';
import {
  OS_BUILD_NUMBER,
  OS_MAJOR_VERSION,
  OS_MINOR_VERSION,
  OS_PLATFORM_ID,
  PARAMS_NORMALIZED,
  PEB64,
  RTL_USER_PROCESS_PARAMETERS64 as P,
  StructView,
  UNICODE_STRING64 as U,
} from './structs';
import { MainThread } from './thread';

/** Identifiers the guest sees (GetCurrentProcessId / GetCurrentThreadId). */
export const PROCESS_ID = 0x1000;
export const MAIN_THREAD_ID = 0x1004;

export interface ProcessSetup {
  /** Guest path of the executable, e.g. `C:\app\hello.exe`. */
  imagePath: string;
  /** Arguments after the program name. */
  args: readonly string[];
  environment: Map<string, string>;
  /** Guest current directory (no trailing backslash except for a drive root). */
  currentDirectory: string;
  /** From the EXE's optional header. */
  stackReserve: bigint;
  stackCommit: bigint;
}

export class ProcessSpace {
  readonly peb: StructView<typeof PEB64>;
  readonly params: StructView<typeof P>;
  readonly ldr: LoaderLists;
  private mainThread?: MainThread;
  readonly arena: GuestArena;
  readonly commandLine: string;
  readonly argv: readonly string[];
  readonly commandLineA: bigint;
  readonly commandLineW: bigint;
  readonly environmentBlockW: bigint;
  readonly tlsArray: bigint;

  constructor(
    readonly memory: Memory,
    readonly setup: ProcessSetup,
  ) {
    try {
      memory.reserve(OS_BLOCK_SIZE, { at: OS_BLOCK_BASE });
    } catch {
      throw new AddressSpaceExhaustedError('the PEB/TEB block');
    }
    memory.commit(OS_BLOCK_BASE, OS_BLOCK_SIZE, Prot.Read | Prot.Write);

    this.arena = new GuestArena(memory, OS_BLOCK_BASE + LDR_OFFSET, LDR_SIZE, 'loader data', OS_BLOCK_BASE - 0x100_0000n);
    const paramsArena = new GuestArena(memory, OS_BLOCK_BASE + PARAMS_OFFSET, PARAMS_SIZE, 'process parameters', OS_BLOCK_BASE - 0x100_0000n);

    this.peb = new StructView(memory, PEB_ADDRESS, PEB64);
    this.ldr = new LoaderLists(memory, this.arena);
    this.commandLine = buildCommandLine(setup.imagePath, setup.args);
    this.argv = splitCommandLine(this.commandLine);

    // RTL_USER_PROCESS_PARAMETERS and its strings.
    const paramsAddr = paramsArena.alloc(P.SIZE, 16);
    this.params = new StructView(memory, paramsAddr, P);
    this.params.setU32('MaximumLength', P.SIZE);
    this.params.setU32('Length', P.SIZE);
    this.params.setU32('Flags', PARAMS_NORMALIZED);
    const str = (field: keyof typeof P & string, value: string, capacity = value.length + 1): bigint => {
      const buf = paramsArena.alloc(capacity * 2, 2);
      memory.writeWString(buf, value);
      const at = this.params.at(field);
      memory.setU16(at + BigInt(U.Length), value.length * 2);
      memory.setU16(at + BigInt(U.MaximumLength), capacity * 2);
      memory.setU64(at + BigInt(U.Buffer), buf);
      return buf;
    };
    const dir = setup.currentDirectory.endsWith('\\') ? setup.currentDirectory : `${setup.currentDirectory}\\`;
    str('CurrentDirectoryPath', dir, 261);
    str('DllPath', `${dirName(setup.imagePath)};C:\\Windows\\system32;C:\\Windows`);
    str('ImagePathName', setup.imagePath);
    this.commandLineW = str('CommandLine', this.commandLine);
    str('WindowTitle', setup.imagePath);
    str('DesktopInfo', 'WinSta0\\Default');
    str('ShellInfo', '');
    str('RuntimeData', '');
    const block = environmentBlock(setup.environment);
    this.environmentBlockW = paramsArena.alloc(block.length * 2, 2);
    writeUtf16(memory, this.environmentBlockW, block);
    this.params.setPtr('Environment', this.environmentBlockW);
    this.params.setPtr('EnvironmentSize', BigInt(block.length * 2));
    // The ANSI command line GetCommandLineA hands out (kernel32 keeps one copy per process).
    const ansi = ansiBytes(this.commandLine);
    this.commandLineA = paramsArena.alloc(ansi.length + 1, 1);
    memory.write(this.commandLineA, ansi);

    // PEB.
    this.peb.setPtr('Ldr', this.ldr.address);
    this.peb.setPtr('ProcessParameters', paramsAddr);
    this.peb.setU32('NumberOfProcessors', 1);
    this.peb.setU32('OSMajorVersion', OS_MAJOR_VERSION);
    this.peb.setU32('OSMinorVersion', OS_MINOR_VERSION);
    this.peb.setU16('OSBuildNumber', OS_BUILD_NUMBER);
    this.peb.setU32('OSPlatformId', OS_PLATFORM_ID);
    this.peb.setU32('MaximumNumberOfHeaps', 16);
    this.peb.setPtr('TlsBitmapBits', 0n);

    this.tlsArray = OS_BLOCK_BASE + TLS_ARRAY_OFFSET;
  }

  /**
   * Creates the main thread: its stack (reserve/commit from the EXE's header) and its TEB. Called
   * once the EXE is mapped, as Windows creates the initial thread after the image section, so the
   * stack never takes the EXE's preferred range.
   */
  startMainThread(): MainThread {
    if (this.mainThread) return this.mainThread;
    const stack = ThreadStack.create(this.memory, this.setup.stackReserve, this.setup.stackCommit);
    this.mainThread = new MainThread(this.memory, this.arena, MAIN_THREAD_ID, PROCESS_ID, TEB_ADDRESS, stack, PEB_ADDRESS, this.tlsArray);
    return this.mainThread;
  }

  /** The main thread (after `startMainThread`). */
  get thread(): MainThread {
    if (!this.mainThread) throw new LoaderError(NtStatus.InvalidImageFormat, 'the main thread does not exist yet (startMainThread runs after the EXE is mapped)');
    return this.mainThread;
  }

  /** Records the main image in the PEB and the subsystem it asked for. */
  setMainImage(base: bigint, subsystem: number, major: number, minor: number): void {
    this.peb.setPtr('ImageBaseAddress', base);
    this.peb.setU32('ImageSubsystem', subsystem);
    this.peb.setU32('ImageSubsystemMajorVersion', major);
    this.peb.setU32('ImageSubsystemMinorVersion', minor);
  }

  /** Records the process heap (GetProcessHeap reads PEB.ProcessHeap). */
  setProcessHeap(handle: bigint): void {
    this.peb.setPtr('ProcessHeap', handle);
  }

  /** Records the console handles in the process parameters. */
  setStandardHandles(input: bigint, output: bigint, error: bigint): void {
    this.params.setPtr('StandardInput', input);
    this.params.setPtr('StandardOutput', output);
    this.params.setPtr('StandardError', error);
  }
}

function dirName(path: string): string {
  const i = path.lastIndexOf('\\');
  return i <= 2 ? path.slice(0, 3) : path.slice(0, i);
}

/** Writes UTF-16LE code units exactly (embedded NULs included). */
function writeUtf16(memory: Memory, at: bigint, s: string): void {
  const bytes = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    bytes[2 * i] = c & 0xff;
    bytes[2 * i + 1] = c >> 8;
  }
  memory.write(at, bytes);
}
