/**
 * The emulated ntdll.dll. mingw-w64 and MSVC console programs rarely import it directly; it is
 * here because Windows always maps it (second in the PEB's load-order list, right after the EXE)
 * and because a few Rtl functions are the documented way to reach loader state. Structured
 * exception handling (RtlUnwindEx, RtlVirtualUnwind, vectored handlers …) is in exceptions.ts.
 */
import { defineDll, fn, type ApiTable, type DllDefinition } from '../api';
import { exceptions } from './exceptions';
import { OS_BUILD_NUMBER, OS_MAJOR_VERSION, OS_MINOR_VERSION, OS_PLATFORM_ID } from '../../process/structs';

/** RTL_OSVERSIONINFOW: dwOSVersionInfoSize, Major, Minor, Build, PlatformId, szCSDVersion[128]. */
const OSVERSIONINFOW_SIZE = 0x114;
/** RTL_OSVERSIONINFOEXW adds service-pack and product fields. */
const OSVERSIONINFOEXW_SIZE = 0x11c;
/** STATUS_INVALID_PARAMETER. */
const STATUS_INVALID_PARAMETER = 0xc000000d;

export const rtl: ApiTable = {
  RtlGetVersion: fn('NTSTATUS RtlGetVersion(PRTL_OSVERSIONINFOW lpVersionInformation)', ['ptr'], 'u32', (ctx, p) => {
    const m = ctx.os.memory;
    const size = m.u32(p);
    if (size !== OSVERSIONINFOW_SIZE && size !== OSVERSIONINFOEXW_SIZE) return STATUS_INVALID_PARAMETER;
    m.write(p + 4n, new Uint8Array(size - 4));
    m.setU32(p + 4n, OS_MAJOR_VERSION);
    m.setU32(p + 8n, OS_MINOR_VERSION);
    m.setU32(p + 12n, OS_BUILD_NUMBER);
    m.setU32(p + 16n, OS_PLATFORM_ID);
    return 0;
  }),
  RtlGetLastWin32Error: fn('DWORD RtlGetLastWin32Error(void)', [], 'u32', (ctx) => ctx.os.thread.lastError),
  RtlSetLastWin32Error: fn('void RtlSetLastWin32Error(DWORD err)', ['u32'], 'void', (ctx, code) => {
    ctx.os.thread.lastError = code;
  }),
  RtlGetCurrentPeb: fn('PPEB RtlGetCurrentPeb(void)', [], 'ptr', (ctx) => ctx.os.process.pebAddress),
  RtlExitUserProcess: fn('void RtlExitUserProcess(NTSTATUS ExitStatus)', ['u32'], 'void', (ctx, code) => ctx.os.exit(code)),
  NtTerminateProcess: fn('NTSTATUS NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus)', ['ptr', 'u32'], 'u32', (ctx, h, code) => {
    if (h === 0xffff_ffff_ffff_ffffn || h === 0n) ctx.os.exit(code);
    return 0xc0000008; // STATUS_INVALID_HANDLE
  }),
};

export const ntdll: DllDefinition = defineDll('ntdll.dll', [rtl, exceptions]);
