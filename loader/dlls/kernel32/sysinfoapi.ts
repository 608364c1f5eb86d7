/**
 * kernel32 exports declared in the Windows SDK's sysinfoapi.h: system information, the time of
 * day from the virtual clock, tick counts, the version (Windows 10, 10.0.19041, as the task
 * requires: no compatibility shimming to 6.2) and the system directories.
 *
 * Layouts (x64): SYSTEM_INFO 48 bytes; OSVERSIONINFOA 148 / EXA 156; OSVERSIONINFOW 276 / EXW 284;
 * SYSTEMTIME eight WORDs; FILETIME two DWORDs (low first).
 */
import { fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import { filetimeToCalendar } from '../../clock';
import { failWith, Win32Error } from '../../handles/win32-error';

export const WINDOWS_VERSION = { major: 10, minor: 0, build: 19041 } as const;
const VER_PLATFORM_WIN32_NT = 2;
const VER_NT_WORKSTATION = 1;
const PROCESSOR_ARCHITECTURE_AMD64 = 9;
const PROCESSOR_AMD_X8664 = 8664;
const SYSTEM_DIRECTORY = 'C:\\Windows\\system32';
const WINDOWS_DIRECTORY = 'C:\\Windows';

function writeSystemInfo(os: Os, addr: bigint): void {
  const b = new Uint8Array(48);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, PROCESSOR_ARCHITECTURE_AMD64, true);
  dv.setUint32(4, 0x1000, true); // dwPageSize
  dv.setBigUint64(8, 0x10000n, true); // lpMinimumApplicationAddress
  dv.setBigUint64(16, 0x7ffffffeffffn, true); // lpMaximumApplicationAddress
  dv.setBigUint64(24, 1n, true); // dwActiveProcessorMask: one CPU
  dv.setUint32(32, 1, true); // dwNumberOfProcessors
  dv.setUint32(36, PROCESSOR_AMD_X8664, true);
  dv.setUint32(40, 0x10000, true); // dwAllocationGranularity
  dv.setUint16(44, 6, true); // wProcessorLevel
  dv.setUint16(46, 0, true); // wProcessorRevision
  os.memory.write(addr, b);
}

function writeSystemTime(os: Os, addr: bigint, filetime: bigint): void {
  const c = filetimeToCalendar(filetime);
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  [c.year, c.month, c.dayOfWeek, c.day, c.hour, c.minute, c.second, c.milliseconds].forEach((v, i) => dv.setUint16(i * 2, v, true));
  os.memory.write(addr, b);
}

function writeVersion(os: Os, addr: bigint, wide: boolean): number {
  const size = os.memory.u32(addr);
  const basic = wide ? 276 : 148;
  const ex = wide ? 284 : 156;
  if (size !== basic && size !== ex) return failWith(os, Win32Error.InsufficientBuffer, 0);
  const b = new Uint8Array(size - 4);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, WINDOWS_VERSION.major, true);
  dv.setUint32(4, WINDOWS_VERSION.minor, true);
  dv.setUint32(8, WINDOWS_VERSION.build, true);
  dv.setUint32(12, VER_PLATFORM_WIN32_NT, true);
  // szCSDVersion stays empty (no service pack); the Ex tail: service pack 0.0, suite 0x100, workstation.
  if (size === ex) {
    const tail = basic - 4;
    dv.setUint16(tail + 4, 0x100, true); // wSuiteMask: VER_SUITE_SINGLEUSERTS
    b[tail + 6] = VER_NT_WORKSTATION;
  }
  os.memory.write(addr + 4n, b);
  return 1;
}

/** GetSystemDirectory/GetWindowsDirectory: chars copied (no NUL), or the size needed with the NUL. */
function writeDirectory(os: Os, dir: string, buf: bigint, size: number, wide: boolean): number {
  if (size < dir.length + 1 || buf === 0n) return dir.length + 1;
  if (wide) os.memory.writeWString(buf, dir);
  else os.memory.writeCString(buf, dir);
  return dir.length;
}

export const sysinfoapi: ApiTable = {
  GetSystemInfo: fn('void GetSystemInfo(LPSYSTEM_INFO lpSystemInfo)', ['ptr'], 'void', ({ os }, info) => writeSystemInfo(os, info)),
  GetNativeSystemInfo: fn('void GetNativeSystemInfo(LPSYSTEM_INFO lpSystemInfo)', ['ptr'], 'void', ({ os }, info) => writeSystemInfo(os, info)),

  GetSystemTimeAsFileTime: fn('void GetSystemTimeAsFileTime(LPFILETIME lpSystemTimeAsFileTime)', ['ptr'], 'void', ({ os }, ft) => os.memory.setU64(ft, os.clock.systemTime())),
  GetSystemTimePreciseAsFileTime: fn('void GetSystemTimePreciseAsFileTime(LPFILETIME lpSystemTimeAsFileTime)', ['ptr'], 'void', ({ os }, ft) =>
    os.memory.setU64(ft, os.clock.systemTime()),
  ),
  GetSystemTime: fn('void GetSystemTime(LPSYSTEMTIME lpSystemTime)', ['ptr'], 'void', ({ os }, st) => writeSystemTime(os, st, os.clock.systemTime())),
  // The virtual machine's time zone is UTC, so local time is system time.
  GetLocalTime: fn('void GetLocalTime(LPSYSTEMTIME lpSystemTime)', ['ptr'], 'void', ({ os }, st) => writeSystemTime(os, st, os.clock.systemTime())),

  GetTickCount: fn('DWORD GetTickCount(void)', [], 'u32', ({ os }) => Number(os.clock.tickCount() & 0xffffffffn)),
  GetTickCount64: fn('ULONGLONG GetTickCount64(void)', [], 'u64', ({ os }) => os.clock.tickCount()),

  GetVersion: fn('DWORD GetVersion(void)', [], 'u32', () => ((WINDOWS_VERSION.build << 16) | (WINDOWS_VERSION.minor << 8) | WINDOWS_VERSION.major) >>> 0),
  GetVersionExA: fn('BOOL GetVersionExA(LPOSVERSIONINFOA lpVersionInformation)', ['ptr'], 'i32', ({ os }, info) => writeVersion(os, info, false)),
  GetVersionExW: fn('BOOL GetVersionExW(LPOSVERSIONINFOW lpVersionInformation)', ['ptr'], 'i32', ({ os }, info) => writeVersion(os, info, true)),

  GetSystemDirectoryA: fn('UINT GetSystemDirectoryA(LPSTR lpBuffer, UINT uSize)', ['ptr', 'u32'], 'u32', ({ os }, buf, size) => writeDirectory(os, SYSTEM_DIRECTORY, buf, size, false)),
  GetSystemDirectoryW: fn('UINT GetSystemDirectoryW(LPWSTR lpBuffer, UINT uSize)', ['ptr', 'u32'], 'u32', ({ os }, buf, size) => writeDirectory(os, SYSTEM_DIRECTORY, buf, size, true)),
  GetWindowsDirectoryA: fn('UINT GetWindowsDirectoryA(LPSTR lpBuffer, UINT uSize)', ['ptr', 'u32'], 'u32', ({ os }, buf, size) => writeDirectory(os, WINDOWS_DIRECTORY, buf, size, false)),
  GetWindowsDirectoryW: fn('UINT GetWindowsDirectoryW(LPWSTR lpBuffer, UINT uSize)', ['ptr', 'u32'], 'u32', ({ os }, buf, size) => writeDirectory(os, WINDOWS_DIRECTORY, buf, size, true)),
};
