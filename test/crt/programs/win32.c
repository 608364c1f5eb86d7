/* kernel32's system services from a real program: console and file handles, heaps, virtual
   memory, code pages, synchronisation, system information, time, and their error codes. */
#include <windows.h>
#include <stdio.h>
#include <errno.h>

int main(void) {
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD written = 0;
    WriteFile(out, "WriteFile\r\n", 11, &written, NULL);
    printf("written %lu type %lu\n", written, GetFileType(out));
    WriteConsoleW(out, L"WriteConsoleW \u00e9\r\n", 17, &written, NULL);
    DWORD mode = 0;
    printf("console mode ok %d, cp %u/%u, acp %u\n", GetConsoleMode(out, &mode), GetConsoleCP(), GetConsoleOutputCP(), GetACP());

    SetLastError(0);
    BOOL closed = CloseHandle((HANDLE)0x123456);
    printf("CloseHandle(bogus) %d err %lu\n", closed, GetLastError());
    HANDLE f = CreateFileA("C:\\nothere.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    printf("CreateFile invalid %d err %lu\n", f == INVALID_HANDLE_VALUE, GetLastError());
    FILE *fp = fopen("missing.txt", "r");
    printf("fopen null %d errno %d\n", fp == NULL, errno);

    HANDLE heap = HeapCreate(0, 0, 0);
    char *p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 100);
    printf("heap alloc zero %d size %u\n", p[99] == 0, (unsigned)HeapSize(heap, 0, p));
    p = HeapReAlloc(heap, 0, p, 5000);
    printf("realloc size %u valid %d\n", (unsigned)HeapSize(heap, 0, p), HeapValidate(heap, 0, NULL));
    BOOL freed = HeapFree(heap, 0, p);
    printf("free %d destroy %d\n", freed, HeapDestroy(heap));
    HANDLE xheap = HeapCreate(HEAP_CREATE_ENABLE_EXECUTE, 0, 0);
    unsigned char *code = HeapAlloc(xheap, 0, 16);
    code[0] = 0xB8; code[1] = 42; code[2] = 0; code[3] = 0; code[4] = 0; code[5] = 0xC3; /* mov eax, 42; ret */
    printf("executable heap returns %d\n", ((int (*)(void))code)());
    HeapDestroy(xheap);
    char *q = HeapAlloc(GetProcessHeap(), 0, 16);
    printf("process heap %d\n", HeapFree(GetProcessHeap(), 0, q));

    char *v = VirtualAlloc(NULL, 0x20000, MEM_RESERVE, PAGE_NOACCESS);
    char *c = VirtualAlloc(v + 0x1000, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    c[0] = 42;
    MEMORY_BASIC_INFORMATION mbi;
    VirtualQuery(c, &mbi, sizeof mbi);
    printf("virtual aligned %d commit-at %d state %lx protect %lx size %lx\n", ((ULONG_PTR)v & 0xffff) == 0, c == v + 0x1000, mbi.State, mbi.Protect, (unsigned long)mbi.RegionSize);
    DWORD old = 0;
    BOOL ok = VirtualProtect(c, 0x1000, PAGE_READONLY, &old);
    printf("protect %d old %lx\n", ok, old);
    VirtualQuery(v, &mbi, sizeof mbi);
    printf("reserved state %lx\n", mbi.State);
    ok = VirtualProtect(v, 0x1000, PAGE_READWRITE, &old);
    printf("protect reserved %d err %lu\n", ok, GetLastError());
    printf("release %d\n", VirtualFree(v, 0, MEM_RELEASE));

    WCHAR wide[16];
    int n = MultiByteToWideChar(CP_UTF8, 0, "h\xc3\xa9!", -1, wide, 16);
    char back[16];
    int m = WideCharToMultiByte(1252, 0, wide, -1, back, 16, NULL, NULL);
    printf("mb2wc %d %04x wc2mb %d %02x\n", n, wide[1], m, (unsigned char)back[1]);
    int need = MultiByteToWideChar(CP_ACP, 0, "abc", -1, NULL, 0);
    int small = MultiByteToWideChar(CP_ACP, 0, "abcdef", -1, wide, 2);
    printf("need %d small %d err %lu\n", need, small, GetLastError());

    CRITICAL_SECTION cs;
    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    EnterCriticalSection(&cs);
    LONG depth = cs.RecursionCount;
    printf("cs recursion %ld try %d\n", depth, TryEnterCriticalSection(&cs));
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    printf("wait unsignalled %lx\n", WaitForSingleObject(ev, 10));
    SetEvent(ev);
    printf("wait signalled %lx\n", WaitForSingleObject(ev, INFINITE));
    CloseHandle(ev);
    HANDLE sem = CreateSemaphoreW(NULL, 1, 2, NULL);
    DWORD w1 = WaitForSingleObject(sem, 0);
    DWORD w2 = WaitForSingleObject(sem, 0);
    LONG previous = -1;
    BOOL rel = ReleaseSemaphore(sem, 2, &previous);
    BOOL over = ReleaseSemaphore(sem, 1, NULL);
    printf("semaphore %lx %lx release %d prev %ld over %d err %lu\n", w1, w2, rel, previous, over, GetLastError());
    CloseHandle(sem);

    SYSTEM_INFO si;
    GetSystemInfo(&si);
    printf("page %lu gran %lu cpus %lu\n", si.dwPageSize, si.dwAllocationGranularity, si.dwNumberOfProcessors);
    OSVERSIONINFOA vi;
    vi.dwOSVersionInfoSize = sizeof vi;
    GetVersionExA(&vi);
    printf("version %lu.%lu.%lu\n", vi.dwMajorVersion, vi.dwMinorVersion, vi.dwBuildNumber);
    SYSTEMTIME st;
    GetSystemTime(&st);
    printf("date %04u-%02u-%02u\n", st.wYear, st.wMonth, st.wDay);
    LARGE_INTEGER a, b, freq;
    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&a);
    Sleep(50);
    QueryPerformanceCounter(&b);
    printf("qpc freq %lld slept>=50ms %d\n", freq.QuadPart, (b.QuadPart - a.QuadPart) * 1000 / freq.QuadPart >= 50);
    DWORD t0 = GetTickCount();
    Sleep(1000);
    printf("tick advanced %d\n", GetTickCount() - t0 >= 1000);
    return 0;
}
