/**
 * kernel32 exports declared in the Windows SDK's consoleapi.h/processenv.h console part: standard
 * handles, console reads and writes, modes and code pages.
 *
 * The console is the host's standard streams: WriteConsoleA bytes pass through unchanged,
 * WriteConsoleW characters reach the host as UTF-8. Code pages default to 437 (what a US-English
 * Windows reports; never 65001, see the design notes) and are per process.
 */
import { fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import { ConsoleInput, ConsoleOutput, INVALID_HANDLE_VALUE, isConsole, type StdHandle } from '../../handles';
import { failWith, Win32Error } from '../../handles/win32-error';
import { isSupportedCodePage, OEM_CODE_PAGE, decodeBytes } from '../../crt/codepages';

/** nStdHandle values, as DWORDs. */
const enum StdHandleId {
  /** STD_INPUT_HANDLE, (DWORD)-10. */
  Input = 0xfffffff6,
  /** STD_OUTPUT_HANDLE, (DWORD)-11. */
  Output = 0xfffffff5,
  /** STD_ERROR_HANDLE, (DWORD)-12. */
  Error = 0xfffffff4,
}

interface ConsoleSettings {
  inputCodePage: number;
  outputCodePage: number;
  ctrlHandlers: bigint[];
}

/** Per-process console settings, keyed by the process's Os (no module-level process state). */
const settings = new WeakMap<Os, ConsoleSettings>();

export function consoleSettings(os: Os): ConsoleSettings {
  let s = settings.get(os);
  if (!s) settings.set(os, (s = { inputCodePage: OEM_CODE_PAGE, outputCodePage: OEM_CODE_PAGE, ctrlHandlers: [] }));
  return s;
}

function stdWhich(id: number): StdHandle | undefined {
  return id === StdHandleId.Input ? 'input' : id === StdHandleId.Output ? 'output' : id === StdHandleId.Error ? 'error' : undefined;
}

/** Redirectable standard handles: SetStdHandle changes what GetStdHandle returns. */
interface StdRedirect {
  setStd(which: StdHandle, handle: bigint): void;
}

export const consoleapi: ApiTable = {
  GetStdHandle: fn('HANDLE GetStdHandle(DWORD nStdHandle)', ['u32'], 'ptr', ({ os }, id) => {
    const which = stdWhich(id);
    if (!which) return failWith(os, Win32Error.InvalidHandle, INVALID_HANDLE_VALUE);
    return os.handles.std(which);
  }),

  SetStdHandle: fn('BOOL SetStdHandle(DWORD nStdHandle, HANDLE hHandle)', ['u32', 'ptr'], 'i32', ({ os }, id, h) => {
    const which = stdWhich(id);
    const table = os.handles as unknown as Partial<StdRedirect>;
    if (!which || typeof table.setStd !== 'function') return failWith(os, Win32Error.InvalidHandle, 0);
    table.setStd(which, h);
    return 1;
  }),

  WriteConsoleA: fn(
    'BOOL WriteConsoleA(HANDLE hConsoleOutput, const VOID *lpBuffer, DWORD nNumberOfCharsToWrite, LPDWORD lpNumberOfCharsWritten, LPVOID lpReserved)',
    ['ptr', 'ptr', 'u32', 'ptr', 'ptr'],
    'i32',
    ({ os }, h, buf, count, lpWritten) => {
      const out = os.handles.get(h);
      if (!(out instanceof ConsoleOutput)) return failWith(os, Win32Error.InvalidHandle, 0);
      out.write(count > 0 ? os.memory.read(buf, count) : new Uint8Array(0));
      if (lpWritten !== 0n) os.memory.setU32(lpWritten, count);
      return 1;
    },
  ),

  WriteConsoleW: fn(
    'BOOL WriteConsoleW(HANDLE hConsoleOutput, const VOID *lpBuffer, DWORD nNumberOfCharsToWrite, LPDWORD lpNumberOfCharsWritten, LPVOID lpReserved)',
    ['ptr', 'ptr', 'u32', 'ptr', 'ptr'],
    'i32',
    ({ os }, h, buf, count, lpWritten) => {
      const out = os.handles.get(h);
      if (!(out instanceof ConsoleOutput)) return failWith(os, Win32Error.InvalidHandle, 0);
      out.writeWide(count > 0 ? Buffer.from(os.memory.read(buf, count * 2)).toString('utf16le') : '');
      if (lpWritten !== 0n) os.memory.setU32(lpWritten, count);
      return 1;
    },
  ),

  ReadConsoleA: fn(
    'BOOL ReadConsoleA(HANDLE hConsoleInput, LPVOID lpBuffer, DWORD nNumberOfCharsToRead, LPDWORD lpNumberOfCharsRead, PCONSOLE_READCONSOLE_CONTROL pInputControl)',
    ['ptr', 'ptr', 'u32', 'ptr', 'ptr'],
    'i32',
    ({ os }, h, buf, count, lpRead) => {
      const input = os.handles.get(h);
      if (!(input instanceof ConsoleInput)) return failWith(os, Win32Error.InvalidHandle, 0);
      const bytes = input.read(count);
      if (bytes.length > 0) os.memory.write(buf, bytes);
      if (lpRead !== 0n) os.memory.setU32(lpRead, bytes.length);
      return 1;
    },
  ),

  ReadConsoleW: fn(
    'BOOL ReadConsoleW(HANDLE hConsoleInput, LPVOID lpBuffer, DWORD nNumberOfCharsToRead, LPDWORD lpNumberOfCharsRead, PCONSOLE_READCONSOLE_CONTROL pInputControl)',
    ['ptr', 'ptr', 'u32', 'ptr', 'ptr'],
    'i32',
    ({ os }, h, buf, count, lpRead) => {
      const input = os.handles.get(h);
      if (!(input instanceof ConsoleInput)) return failWith(os, Win32Error.InvalidHandle, 0);
      // Host input is read as bytes of the console's input code page, one byte per character.
      const units = decodeBytes(consoleSettings(os).inputCodePage, input.read(count)).units;
      const bytes = new Uint8Array(units.buffer, units.byteOffset, units.byteLength);
      if (bytes.length > 0) os.memory.write(buf, bytes);
      if (lpRead !== 0n) os.memory.setU32(lpRead, units.length);
      return 1;
    },
  ),

  GetConsoleMode: fn('BOOL GetConsoleMode(HANDLE hConsoleHandle, LPDWORD lpMode)', ['ptr', 'ptr'], 'i32', ({ os }, h, lpMode) => {
    const c = os.handles.get(h);
    if (!isConsole(c)) return failWith(os, Win32Error.InvalidHandle, 0);
    os.memory.setU32(lpMode, c.mode);
    return 1;
  }),

  SetConsoleMode: fn('BOOL SetConsoleMode(HANDLE hConsoleHandle, DWORD dwMode)', ['ptr', 'u32'], 'i32', ({ os }, h, mode) => {
    const c = os.handles.get(h);
    if (!isConsole(c)) return failWith(os, Win32Error.InvalidHandle, 0);
    c.mode = mode;
    return 1;
  }),

  GetConsoleCP: fn('UINT GetConsoleCP(void)', [], 'u32', ({ os }) => consoleSettings(os).inputCodePage),
  GetConsoleOutputCP: fn('UINT GetConsoleOutputCP(void)', [], 'u32', ({ os }) => consoleSettings(os).outputCodePage),

  SetConsoleCP: fn('BOOL SetConsoleCP(UINT wCodePageID)', ['u32'], 'i32', ({ os }, cp) => {
    if (!isSupportedCodePage(cp) || cp < 3) return failWith(os, Win32Error.InvalidParameter, 0);
    consoleSettings(os).inputCodePage = cp;
    return 1;
  }),

  SetConsoleOutputCP: fn('BOOL SetConsoleOutputCP(UINT wCodePageID)', ['u32'], 'i32', ({ os }, cp) => {
    if (!isSupportedCodePage(cp) || cp < 3) return failWith(os, Win32Error.InvalidParameter, 0);
    consoleSettings(os).outputCodePage = cp;
    return 1;
  }),

  SetConsoleCtrlHandler: fn('BOOL SetConsoleCtrlHandler(PHANDLER_ROUTINE HandlerRoutine, BOOL Add)', ['ptr', 'i32'], 'i32', ({ os }, handler, add) => {
    // No Ctrl+C ever arrives in an emulated run; the list is kept so removal behaves.
    const list = consoleSettings(os).ctrlHandlers;
    if (add) list.push(handler);
    else {
      const i = list.lastIndexOf(handler);
      if (i < 0) return failWith(os, Win32Error.InvalidParameter, 0);
      list.splice(i, 1);
    }
    return 1;
  }),

  GetConsoleScreenBufferInfo: fn(
    'BOOL GetConsoleScreenBufferInfo(HANDLE hConsoleOutput, PCONSOLE_SCREEN_BUFFER_INFO lpConsoleScreenBufferInfo)',
    ['ptr', 'ptr'],
    'i32',
    ({ os }, h, info) => {
      if (!(os.handles.get(h) instanceof ConsoleOutput)) return failWith(os, Win32Error.InvalidHandle, 0);
      // dwSize 80x300, cursor (0,0), attributes light grey on black, window 80x25, max window 80x25.
      const words = [80, 300, 0, 0, 0x07, 0, 0, 79, 24, 80, 25];
      const bytes = new Uint8Array(22);
      const dv = new DataView(bytes.buffer);
      words.forEach((w, i) => dv.setUint16(i * 2, w, true));
      os.memory.write(info, bytes);
      return 1;
    },
  ),

  SetConsoleTextAttribute: fn('BOOL SetConsoleTextAttribute(HANDLE hConsoleOutput, WORD wAttributes)', ['ptr', 'u32'], 'i32', ({ os }, h) =>
    os.handles.get(h) instanceof ConsoleOutput ? 1 : failWith(os, Win32Error.InvalidHandle, 0),
  ),

  FlushConsoleInputBuffer: fn('BOOL FlushConsoleInputBuffer(HANDLE hConsoleInput)', ['ptr'], 'i32', ({ os }, h) =>
    os.handles.get(h) instanceof ConsoleInput ? 1 : failWith(os, Win32Error.InvalidHandle, 0),
  ),
};
