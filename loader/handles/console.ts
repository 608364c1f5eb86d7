/**
 * Console kernel objects: the input buffer and the two screen buffers behind the standard
 * handles. Bytes written to a screen buffer go to the host stream unchanged (design: clremu passes
 * the guest's bytes through); wide writes (WriteConsoleW) are characters and reach the host as
 * UTF-8. Modes are stored so GetConsoleMode returns what SetConsoleMode set.
 * Console mode bits: Windows SDK consoleapi.h (ENABLE_PROCESSED_INPUT …).
 */
import type { HostIo, KernelObject } from '../os';

/** Console input mode flags (SetConsoleMode on an input handle). */
export const enum InputMode {
  /** Ctrl+C is handled by the system. */
  Processed = 0x1,
  /** ReadFile/ReadConsole return when Enter is pressed. */
  Line = 0x2,
  /** Typed characters are echoed. */
  Echo = 0x4,
}

/** Console output mode flags (SetConsoleMode on a screen buffer). */
export const enum OutputMode {
  /** Backspace, tab, bell, CR and LF are interpreted. */
  Processed = 0x1,
  /** The cursor wraps at the end of a row. */
  WrapAtEol = 0x2,
  /** VT100 sequences are interpreted (Windows 10). */
  VirtualTerminal = 0x4,
}

export class ConsoleInput implements KernelObject {
  readonly type = 'console';
  readonly direction = 'input' as const;
  mode: number = InputMode.Processed | InputMode.Line | InputMode.Echo;

  constructor(private readonly io: HostIo) {}

  /** Up to `max` bytes; an empty result is end of input. */
  read(max: number): Uint8Array {
    return this.io.readStdin(max);
  }
}

export class ConsoleOutput implements KernelObject {
  readonly type = 'console';
  readonly direction = 'output' as const;
  mode: number = OutputMode.Processed | OutputMode.WrapAtEol;

  constructor(
    private readonly io: HostIo,
    readonly stream: 'stdout' | 'stderr',
  ) {}

  write(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.stream === 'stdout') this.io.writeStdout(bytes);
    else this.io.writeStderr(bytes);
  }

  /** WriteConsoleW: UTF-16 characters, to the host as UTF-8. */
  writeWide(text: string): void {
    this.write(Buffer.from(text, 'utf8'));
  }
}

export type ConsoleObject = ConsoleInput | ConsoleOutput;

export function isConsole(obj: KernelObject | undefined): obj is ConsoleObject {
  return obj instanceof ConsoleInput || obj instanceof ConsoleOutput;
}
