/**
 * `System.Environment` (icall-def.h group ENV): what the guest learns about its process and
 * platform. The guest is a Windows process (design.md "The guest is a Windows process"):
 *  - `get_Platform` is 2 (PlatformID.Win32NT), so the class library takes its Windows paths;
 *  - `GetOSVersionString` is a Windows 10 version that `new Version(string)` parses;
 *  - `GetNewLine` is "\r\n";
 *  - the tick count is the process's virtual clock (deterministic), the command line and the
 *    environment are the process's own (a controlled set, loader/process/environment.ts);
 *  - `GetCommandLineArgs` returns the full argv with the program's guest path first, as Mono's
 *    `mono_runtime_set_main_args` records it.
 */
import { icall, type IcallContext, type IcallTable } from './registry';
import { readUtf8 } from './strings';
import { fileSystemOf } from '../../../loader/fs';

/** PlatformID.Win32NT. */
export const PLATFORM_WIN32NT = 2;
/** The Windows 10 2004 version the guest reports. */
export const OS_VERSION_STRING = '10.0.19041.0';
/** The guest is a single-threaded process on one emulated CPU (kernel32's GetSystemInfo agrees). */
export const PROCESSOR_COUNT = 1;
/** machine.config of .NET Framework 4 (64-bit) on Windows. */
export const MACHINE_CONFIG_PATH = 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\machine.config';
/** The page size of the guest address space (GetSystemInfo's dwPageSize). */
export const PAGE_SIZE = 4096;

/** A variable of the process environment, names compared case-insensitively as on Windows. */
export function environmentVariable(ctx: IcallContext, name: string): string | undefined {
  const env = ctx.os('the process environment').process.environment;
  const direct = env.get(name);
  if (direct !== undefined) return direct;
  const upper = name.toUpperCase();
  for (const [k, v] of env) if (k.toUpperCase() === upper) return v;
  return undefined;
}

/**
 * CSIDL folders (shlobj.h) → their paths under the guest's profile and Windows directories, as
 * SHGetFolderPath answers on Windows 10; the roots come from the process environment
 * (USERPROFILE, SystemRoot, ProgramFiles, ALLUSERSPROFILE) so they agree with what the guest sees
 * there. Folders not listed answer "" (Mono's answer when SHGetFolderPath fails).
 */
const FOLDERS: Readonly<Record<number, readonly [root: string, fallback: string, rest: string]>> = {
  0x00: ['USERPROFILE', 'C:\\Users\\user', '\\Desktop'],
  0x05: ['USERPROFILE', 'C:\\Users\\user', '\\Documents'],
  0x10: ['USERPROFILE', 'C:\\Users\\user', '\\Desktop'],
  0x1a: ['USERPROFILE', 'C:\\Users\\user', '\\AppData\\Roaming'],
  0x1c: ['USERPROFILE', 'C:\\Users\\user', '\\AppData\\Local'],
  0x23: ['ALLUSERSPROFILE', 'C:\\ProgramData', ''],
  0x24: ['SystemRoot', 'C:\\Windows', ''],
  0x25: ['SystemRoot', 'C:\\Windows', '\\system32'],
  0x26: ['ProgramFiles', 'C:\\Program Files', ''],
  0x28: ['USERPROFILE', 'C:\\Users\\user', ''],
};

/** The guest path of CSIDL folder `csidl`, or "" when there is none. */
export function windowsFolderPath(ctx: IcallContext, csidl: number): string {
  const f = FOLDERS[csidl];
  if (!f) return '';
  return (environmentVariable(ctx, f[0]) ?? f[1]) + f[2];
}

export const environmentIcalls: IcallTable = [
  icall('System.Environment::get_Platform', [], 'i32', () => PLATFORM_WIN32NT),
  icall('System.Environment::GetOSVersionString', [], 'ref', (ctx) => ctx.rt.objects.allocString(OS_VERSION_STRING)),
  icall('System.Environment::GetNewLine', [], 'ref', (ctx) => ctx.rt.objects.allocString('\r\n')),
  icall('System.Environment::get_TickCount', [], 'i32', (ctx) => Number(BigInt.asIntN(32, ctx.os('the virtual clock').clock.tickCount()))),
  // DateTime.UtcNow: FILETIME from the virtual clock (seeded by --seed, loader/clock.ts).
  icall('System.DateTime::GetSystemTimeAsFileTime', [], 'i64', (ctx) => BigInt.asIntN(64, ctx.os('the virtual clock').clock.systemTime())),
  icall('System.Environment::get_ProcessorCount', [], 'i32', () => PROCESSOR_COUNT),
  icall('System.Environment::GetPageSize', [], 'i32', () => PAGE_SIZE),
  icall('System.Environment::GetIs64BitOperatingSystem', [], 'bool', () => true),
  icall('System.Environment::get_HasShutdownStarted', [], 'bool', () => false),
  icall('System.Environment::GetCommandLineArgs', [], 'ref', (ctx) => {
    const p = ctx.os('the command line').process;
    return ctx.rt.newStringArray([p.imagePath, ...p.argv.slice(1)]);
  }),
  icall('System.Environment::get_ExitCode', [], 'i32', (ctx) => ctx.rt.icalls.exitCode),
  icall('System.Environment::set_ExitCode', ['i32'], 'void', (ctx, code) => {
    ctx.rt.icalls.exitCode = code;
  }),
  /** Ends the process; kernel32's ExitProcess semantics through the process object. */
  icall('System.Environment::Exit', ['i32'], 'void', (ctx, code) => {
    ctx.rt.icalls.exitCode = code;
    ctx.os('process exit').exit(code >>> 0);
  }, { leaf: false }),
  icall('System.Environment::internalGetEnvironmentVariable_native', ['ptr'], 'ref', (ctx, utf8Name) => {
    if (utf8Name === 0n) return 0n;
    const value = environmentVariable(ctx, readUtf8(ctx.rt, utf8Name));
    return value === undefined ? 0n : ctx.rt.objects.allocString(value);
  }),
  /**
   * SetEnvironmentVariable for the process: counted UTF-16 name and value; a null or empty value
   * removes the variable, as Mono's Windows icall passes NULL to kernel32 then.
   */
  icall('System.Environment::InternalSetEnvironmentVariable(char*,int,char*,int)', ['ptr', 'i32', 'ptr', 'i32'], 'void', (ctx, name, nameLength, value, valueLength) => {
    const mem = ctx.rt.machine.memory;
    const text = (p: bigint, n: number): string => new TextDecoder('utf-16le').decode(mem.read(p, 2 * n));
    const env = ctx.os('the process environment').process.environment;
    const key = text(name, nameLength);
    const existing = [...env.keys()].find((k) => k.toUpperCase() === key.toUpperCase());
    if (value === 0n || valueLength === 0) {
      if (existing !== undefined) env.delete(existing);
      return;
    }
    env.set(existing ?? key, text(value, valueLength));
  }),
  icall('System.Environment::GetEnvironmentVariableNames', [], 'ref', (ctx) =>
    ctx.rt.newStringArray([...ctx.os('the process environment').process.environment.keys()])),
  /** Windows' GetComputerName reads COMPUTERNAME; the default environment sets it to CLREMU. */
  icall('System.Environment::get_MachineName', [], 'ref', (ctx) => ctx.rt.objects.allocString(environmentVariable(ctx, 'COMPUTERNAME') ?? 'CLREMU')),
  icall('System.Environment::GetWindowsFolderPath(int)', ['i32'], 'ref', (ctx, csidl) => ctx.rt.objects.allocString(windowsFolderPath(ctx, csidl))),
  /**
   * Where .NET Framework 4 keeps machine.config on a 64-bit Windows. The file is not there (the
   * guest's C: shows only mounts), so CryptoConfig and configuration readers use their defaults.
   */
  icall('System.Environment::GetMachineConfigPath()', [], 'ref', (ctx) => ctx.rt.objects.allocString(MACHINE_CONFIG_PATH)),
  /** The virtual C: (design.md "The guest is a Windows process"), and each other drive a mount is on. */
  icall('System.Environment::GetLogicalDrivesInternal()', [], 'ref', (ctx) => {
    const drives = new Set(['C', ...fileSystemOf(ctx.os('the guest file system')).mounts.map((m) => m.guest.drive)]);
    return ctx.rt.newStringArray([...drives].sort().map((d) => `${d}:\\`));
  }),
  icall('System.Environment::get_UserName', [], 'ref', (ctx) => ctx.rt.objects.allocString(environmentVariable(ctx, 'USERNAME') ?? 'user')),
];
