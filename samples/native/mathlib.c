/* mathlib: a DLL exporting functions by name and one only by ordinal (see mathlib.def). */
#include <windows.h>
#include <stdio.h>

static int attached;

__declspec(dllexport) int add(int a, int b) { return a + b; }

__declspec(dllexport) long long multiply(long long a, long long b) { return a * b; }

/* Exported by ordinal only (NONAME in mathlib.def): reachable as GetProcAddress(h, (LPCSTR)7). */
int square(int x) { return x * x; }

__declspec(dllexport) int attach_count(void) { return attached; }

BOOL WINAPI DllMain(HINSTANCE hinst, DWORD reason, LPVOID reserved) {
    (void)hinst;
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        attached++;
        printf("mathlib: DllMain(DLL_PROCESS_ATTACH)\n");
    }
    return TRUE;
}
