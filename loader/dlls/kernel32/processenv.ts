/**
 * processenv.h: the command line, the environment and the current directory. The command line
 * and the environment block live in the process parameters (PEB.ProcessParameters); the current
 * directory is the guest file system's; the
 * environment map in `os.process.environment` is the one source of truth for the variables, and
 * GetEnvironmentStrings hands out a fresh copy in the process heap as Windows does.
 * (Get/SetStdHandle sit with the console in consoleapi.ts, next to the redirectable handles.)
 */
import { fn, type ApiContext, type ApiTable } from '../api';
import { environmentBlock } from '../../process/environment';
import { PEB64, RTL_USER_PROCESS_PARAMETERS64, UNICODE_STRING64 } from '../../process/structs';
import { copyOutA, copyOutW, readA, readW } from './strings';
import { failWith, Win32Error } from '../../handles/win32-error';
import { fileSystemOf, FsFailure } from '../../fs';
import { fsFail } from './fileapi';


function findVariable(env: Map<string, string>, name: string): [string, string] | undefined {
  const upper = name.toUpperCase();
  for (const entry of env) if (entry[0].toUpperCase() === upper) return entry;
  return undefined;
}

function getVariable(ctx: ApiContext, name: string | null, copy: (value: string) => number, size: number): number {
  const hit = name === null ? undefined : findVariable(ctx.os.process.environment, name);
  if (!hit) {
    ctx.os.thread.lastError = Win32Error.EnvVarNotFound;
    return 0;
  }
  const value = hit[1];
  // Too small: the size needed, including the NUL; otherwise the length copied.
  if (value.length + 1 > size) return value.length + 1;
  return copy(value);
}

function setVariable(ctx: ApiContext, name: string | null, value: string | null): number {
  if (name === null || name.length === 0 || name.includes('=')) {
    ctx.os.thread.lastError = Win32Error.InvalidParameter;
    return 0;
  }
  const env = ctx.os.process.environment;
  const hit = findVariable(env, name);
  if (value === null) {
    if (!hit) {
      ctx.os.thread.lastError = Win32Error.EnvVarNotFound;
      return 0;
    }
    env.delete(hit[0]);
    return 1;
  }
  env.set(hit ? hit[0] : name, value);
  return 1;
}

function environmentCopy(ctx: ApiContext, wide: boolean): bigint {
  const block = environmentBlock(ctx.os.process.environment);
  const bytes = new Uint8Array(block.length * (wide ? 2 : 1));
  for (let i = 0; i < block.length; i++) {
    const c = block.charCodeAt(i);
    if (wide) {
      bytes[2 * i] = c & 0xff;
      bytes[2 * i + 1] = c >> 8;
    } else {
      bytes[i] = c < 0x100 ? c : 0x3f;
    }
  }
  const p = ctx.os.heaps.processHeap.alloc(bytes.length, false);
  if (p === 0n) {
    ctx.os.thread.lastError = Win32Error.NotEnoughMemory;
    return 0n;
  }
  ctx.os.memory.write(p, bytes);
  return p;
}

function freeEnvironment(ctx: ApiContext, p: bigint): number {
  return ctx.os.heaps.processHeap.free(p) ? 1 : 0;
}

/**
 * The current directory is the guest file system's (loader/fs); SetCurrentDirectory also
 * mirrors it into CURDIR.DosPath of the process parameters (with its trailing backslash), so a
 * program reading the PEB sees the same directory, when it fits the buffer Windows reserved.
 */
function currentDirectory(ctx: ApiContext): string {
  return fileSystemOf(ctx.os).currentDirectory;
}

function setCurrentDirectory(ctx: ApiContext, api: string, name: string | null): number {
  if (name === null) return failWith(ctx.os, Win32Error.InvalidParameter, 0);
  const r = fileSystemOf(ctx.os).setCurrentDirectory(name);
  if (r instanceof FsFailure) return fsFail(ctx.os, `${api}("${name}")`, r, 0);
  const m = ctx.os.memory;
  // Processes without a PEB in guest memory (unit-test processes) keep the directory only here.
  const peb = ctx.os.process.pebAddress ?? 0n;
  if (peb !== 0n) {
    const params = m.u64(peb + BigInt(PEB64.ProcessParameters));
    const dosPath = params + BigInt(RTL_USER_PROCESS_PARAMETERS64.CurrentDirectoryPath);
    const dir = r.endsWith('\\') ? r : `${r}\\`;
    if (params !== 0n && (dir.length + 1) * 2 <= m.u16(dosPath + BigInt(UNICODE_STRING64.MaximumLength))) {
      m.writeWString(m.u64(dosPath + BigInt(UNICODE_STRING64.Buffer)), dir);
      m.setU16(dosPath + BigInt(UNICODE_STRING64.Length), dir.length * 2);
    }
  }
  ctx.os.thread.lastError = Win32Error.Success;
  return 1;
}

export const processenv: ApiTable = {
  GetCommandLineA: fn('LPSTR GetCommandLineA(void)', [], 'ptr', (ctx) => ctx.os.process.commandLineA),
  GetCommandLineW: fn('LPWSTR GetCommandLineW(void)', [], 'ptr', (ctx) => ctx.os.process.commandLineW),
  GetEnvironmentStrings: fn('LPCH GetEnvironmentStrings(void)', [], 'ptr', (ctx) => environmentCopy(ctx, false)),
  GetEnvironmentStringsA: fn('LPCH GetEnvironmentStringsA(void)', [], 'ptr', (ctx) => environmentCopy(ctx, false)),
  GetEnvironmentStringsW: fn('LPWCH GetEnvironmentStringsW(void)', [], 'ptr', (ctx) => environmentCopy(ctx, true)),
  FreeEnvironmentStringsA: fn('BOOL FreeEnvironmentStringsA(LPCH penv)', ['ptr'], 'i32', (ctx, p) => freeEnvironment(ctx, p)),
  FreeEnvironmentStringsW: fn('BOOL FreeEnvironmentStringsW(LPWCH penv)', ['ptr'], 'i32', (ctx, p) => freeEnvironment(ctx, p)),
  GetEnvironmentVariableA: fn('DWORD GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer, DWORD nSize)', ['ptr', 'ptr', 'u32'], 'u32',
    (ctx, name, buf, size) => getVariable(ctx, readA(ctx.os.memory, name), (v) => copyOutA(ctx.os.memory, buf, size, v), size)),
  GetEnvironmentVariableW: fn('DWORD GetEnvironmentVariableW(LPCWSTR lpName, LPWSTR lpBuffer, DWORD nSize)', ['ptr', 'ptr', 'u32'], 'u32',
    (ctx, name, buf, size) => getVariable(ctx, readW(ctx.os.memory, name), (v) => copyOutW(ctx.os.memory, buf, size, v), size)),
  SetEnvironmentVariableA: fn('BOOL SetEnvironmentVariableA(LPCSTR lpName, LPCSTR lpValue)', ['ptr', 'ptr'], 'i32',
    (ctx, name, value) => setVariable(ctx, readA(ctx.os.memory, name), readA(ctx.os.memory, value))),
  SetEnvironmentVariableW: fn('BOOL SetEnvironmentVariableW(LPCWSTR lpName, LPCWSTR lpValue)', ['ptr', 'ptr'], 'i32',
    (ctx, name, value) => setVariable(ctx, readW(ctx.os.memory, name), readW(ctx.os.memory, value))),
  GetCurrentDirectoryA: fn('DWORD GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer)', ['u32', 'ptr'], 'u32', (ctx, size, buf) => {
    const dir = currentDirectory(ctx);
    return dir.length + 1 > size ? dir.length + 1 : copyOutA(ctx.os.memory, buf, size, dir);
  }),
  GetCurrentDirectoryW: fn('DWORD GetCurrentDirectoryW(DWORD nBufferLength, LPWSTR lpBuffer)', ['u32', 'ptr'], 'u32', (ctx, size, buf) => {
    const dir = currentDirectory(ctx);
    return dir.length + 1 > size ? dir.length + 1 : copyOutW(ctx.os.memory, buf, size, dir);
  }),
  SetCurrentDirectoryA: fn('BOOL SetCurrentDirectoryA(LPCSTR lpPathName)', ['ptr'], 'i32', (ctx, p) => setCurrentDirectory(ctx, 'SetCurrentDirectoryA', readA(ctx.os.memory, p))),
  SetCurrentDirectoryW: fn('BOOL SetCurrentDirectoryW(LPCWSTR lpPathName)', ['ptr'], 'i32', (ctx, p) => setCurrentDirectory(ctx, 'SetCurrentDirectoryW', readW(ctx.os.memory, p))),
};
