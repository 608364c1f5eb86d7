/**
 * processthreadsapi.h: the current process and thread, process exit, TlsAlloc slots (kept in the
 * TEB), start-up info, processor features. Pseudo-handles are Windows' values:
 * GetCurrentProcess() = -1, GetCurrentThread() = -2.
 */
import { fn, type ApiTable } from '../api';
import { TLS_OUT_OF_INDEXES } from '../../process/thread';
import { PROCESS_ID } from '../../process/process';
import { Win32Error } from '../../handles/win32-error';

const CURRENT_PROCESS = 0xffff_ffff_ffff_ffffn;
const CURRENT_THREAD = 0xffff_ffff_ffff_fffen;

/** sizeof(STARTUPINFOA/W) on x64, and the offsets we fill. */
const enum StartupInfo {
  /** Structure size. */
  Size = 0x68,
  /** dwFlags. */
  Flags = 0x3c,
  /** hStdInput. */
  StdInput = 0x50,
  /** hStdOutput. */
  StdOutput = 0x58,
  /** hStdError. */
  StdError = 0x60,
}

/** PF_* features the emulated CPU really has (Unicorn 2.0.1: SSE–SSE4.2, CX16; no AVX). */
const PRESENT_FEATURES = new Set([
  6, // PF_XMMI_INSTRUCTIONS_AVAILABLE (SSE)
  10, // PF_XMMI64_INSTRUCTIONS_AVAILABLE (SSE2)
  12, // PF_NX_ENABLED
  13, // PF_SSE3_INSTRUCTIONS_AVAILABLE
  14, // PF_COMPARE_EXCHANGE128
  36, // PF_SSSE3_INSTRUCTIONS_AVAILABLE
  37, // PF_SSE4_1_INSTRUCTIONS_AVAILABLE
  38, // PF_SSE4_2_INSTRUCTIONS_AVAILABLE
]);

export const processthreadsapi: ApiTable = {
  ExitProcess: fn('void ExitProcess(UINT uExitCode)', ['u32'], 'void', (ctx, code) => ctx.os.exit(code)),
  TerminateProcess: fn('BOOL TerminateProcess(HANDLE hProcess, UINT uExitCode)', ['ptr', 'u32'], 'i32', (ctx, h, code) => {
    if (h === CURRENT_PROCESS) ctx.os.exit(code);
    ctx.os.thread.lastError = Win32Error.InvalidHandle;
    return 0;
  }),
  GetCurrentProcess: fn('HANDLE GetCurrentProcess(void)', [], 'ptr', () => CURRENT_PROCESS),
  GetCurrentThread: fn('HANDLE GetCurrentThread(void)', [], 'ptr', () => CURRENT_THREAD),
  GetCurrentProcessId: fn('DWORD GetCurrentProcessId(void)', [], 'u32', () => PROCESS_ID),
  GetCurrentThreadId: fn('DWORD GetCurrentThreadId(void)', [], 'u32', (ctx) => ctx.os.thread.id),
  TlsAlloc: fn('DWORD TlsAlloc(void)', [], 'u32', (ctx) => {
    const i = ctx.os.thread.tlsAlloc();
    if (i === TLS_OUT_OF_INDEXES || i < 0) {
      ctx.os.thread.lastError = Win32Error.NoMoreItems;
      return TLS_OUT_OF_INDEXES;
    }
    return i;
  }),
  TlsFree: fn('BOOL TlsFree(DWORD dwTlsIndex)', ['u32'], 'i32', (ctx, i) => {
    if (ctx.os.thread.tlsFree(i)) return 1;
    ctx.os.thread.lastError = Win32Error.InvalidParameter;
    return 0;
  }),
  TlsGetValue: fn('LPVOID TlsGetValue(DWORD dwTlsIndex)', ['u32'], 'ptr', (ctx, i) => {
    const t = ctx.os.thread;
    const v = t.tlsGet(i);
    // Windows clears the last error on success, so callers can tell a stored 0 from a failure.
    if (t.tlsSet(i, v)) t.lastError = Win32Error.Success;
    else t.lastError = Win32Error.InvalidParameter;
    return v;
  }),
  TlsSetValue: fn('BOOL TlsSetValue(DWORD dwTlsIndex, LPVOID lpTlsValue)', ['u32', 'ptr'], 'i32', (ctx, i, v) => {
    if (ctx.os.thread.tlsSet(i, v)) return 1;
    ctx.os.thread.lastError = Win32Error.InvalidParameter;
    return 0;
  }),
  GetStartupInfoA: fn('void GetStartupInfoA(LPSTARTUPINFOA lpStartupInfo)', ['ptr'], 'void', (ctx, p) => fillStartupInfo(ctx.os.memory, p)),
  GetStartupInfoW: fn('void GetStartupInfoW(LPSTARTUPINFOW lpStartupInfo)', ['ptr'], 'void', (ctx, p) => fillStartupInfo(ctx.os.memory, p)),
  IsProcessorFeaturePresent: fn('BOOL IsProcessorFeaturePresent(DWORD ProcessorFeature)', ['u32'], 'i32', (_ctx, f) => (PRESENT_FEATURES.has(f) ? 1 : 0)),
  FlushInstructionCache: fn('BOOL FlushInstructionCache(HANDLE hProcess, LPCVOID lpBaseAddress, SIZE_T dwSize)', ['ptr', 'ptr', 'u64'], 'i32', (ctx, _h, addr, size) => {
    if (size > 0n) ctx.os.machine.flushCode(addr, Number(size > 0x7fff_ffffn ? 0x7fff_ffffn : size));
    return 1;
  }),
};

function fillStartupInfo(memory: import('../../../emu').Memory, p: bigint): void {
  // Zeroed, as for a console process started without STARTF_USESTDHANDLES.
  memory.write(p, new Uint8Array(StartupInfo.Size));
  memory.setU32(p, StartupInfo.Size);
}
