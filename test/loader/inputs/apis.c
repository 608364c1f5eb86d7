/* apis: exercises the loader-core kernel32 APIs from guest code and prints what they return. */
#include "rt.h"

static void out_dec(unsigned long long v) {
    char buf[24];
    int i = 23;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    out(buf + i);
}

static void line(const char *label, unsigned long long v) {
    out(label);
    out("=");
    out_dec(v);
    out("\n");
}

void start(void) {
    char buf[64];
    WCHAR wbuf[64];
    out("cmdline=");
    out(GetCommandLineA());
    out("\n");
    LPWSTR w = GetCommandLineW();
    int n = 0;
    while (w[n]) n++;
    out("cmdlineW=");
    out_wide(w, n);
    out("\n");

    line("getenv.OS", GetEnvironmentVariableA("os", buf, sizeof buf));
    out(buf);
    out("\n");
    line("getenv.small", GetEnvironmentVariableA("OS", buf, 3));
    SetLastError(0);
    line("getenv.missing", GetEnvironmentVariableA("CLREMU_NOPE", buf, sizeof buf));
    line("getenv.missing.error", GetLastError());
    line("setenv", SetEnvironmentVariableA("CLREMU_X", "42"));
    GetEnvironmentVariableA("clremu_x", buf, sizeof buf);
    out("getenv.set=");
    out(buf);
    out("\n");
    line("setenv.delete", SetEnvironmentVariableA("CLREMU_X", 0));
    line("getenv.deleted", GetEnvironmentVariableA("CLREMU_X", buf, sizeof buf));
    line("getenvW.OS", GetEnvironmentVariableW(L"OS", wbuf, 64));

    line("curdir", GetCurrentDirectoryA(sizeof buf, buf));
    out(buf);
    out("\n");
    line("modname", GetModuleFileNameA(0, buf, sizeof buf));
    out(buf);
    out("\n");
    line("modname.truncated", GetModuleFileNameA(0, buf, 5));
    line("modname.truncated.error", GetLastError());
    out(buf);
    out("\n");
    line("modnameW.kernel32", GetModuleFileNameW(GetModuleHandleA("KERNEL32"), wbuf, 64));

    DWORD slot = TlsAlloc();
    line("tls.set", TlsSetValue(slot, (LPVOID)0x5678));
    SetLastError(99);
    line("tls.get", (unsigned long long)TlsGetValue(slot));
    line("tls.get.error", GetLastError());
    line("tls.teb", __readgsqword(0x1480 + 8 * slot));
    line("tls.free", TlsFree(slot));

    SetLastError(1234);
    line("lasterror.teb", __readgsdword(0x68));
    STARTUPINFOA si;
    GetStartupInfoA(&si);
    line("startupinfo.cb", si.cb);
    line("debugger", IsDebuggerPresent());
    line("pid", GetCurrentProcessId());
    line("pid.teb", __readgsqword(0x40));
    line("tid", GetCurrentThreadId());
    line("sse2", IsProcessorFeaturePresent(PF_XMMI64_INSTRUCTIONS_AVAILABLE));
    line("avx", IsProcessorFeaturePresent(PF_AVX_INSTRUCTIONS_AVAILABLE));
    HMODULE self;
    line("handleex.fromaddress", GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)&line, &self));
    line("handleex.isself", self == GetModuleHandleA(0));
    ExitProcess(0);
}
