/* needsdll: imports tinydll.dll, then reaches it again through LoadLibrary/GetProcAddress. */
#include "rt.h"

__declspec(dllimport) int tiny_add(int a, int b);
__declspec(dllimport) int tiny_attach_count(void);
typedef int (*binop)(int, int);

void start(void) {
    out("main: tiny_add(2,3) = ");
    out_hex((unsigned long long)tiny_add(2, 3));
    out("\n");
    HMODULE h = LoadLibraryA("TINYDLL");
    binop add = (binop)GetProcAddress(h, "tiny_add");
    binop mul = (binop)GetProcAddress(h, (LPCSTR)(ULONG_PTR)5);
    out(add == (binop)tiny_add ? "GetProcAddress(name) ok\n" : "GetProcAddress(name) BAD\n");
    out(mul && mul(6, 7) == 42 ? "GetProcAddress(#5) ok\n" : "GetProcAddress(#5) BAD\n");
    out(GetProcAddress(h, (LPCSTR)(ULONG_PTR)9) == 0 ? "GetProcAddress(#9) null ok\n" : "GetProcAddress(#9) BAD\n");
    out(tiny_attach_count() == 1 ? "attached once\n" : "attach count BAD\n");
    out(FreeLibrary(h) ? "FreeLibrary ok\n" : "FreeLibrary BAD\n");
    out(LoadLibraryA("nosuch.dll") == 0 && GetLastError() == ERROR_MOD_NOT_FOUND ? "LoadLibrary(nosuch) fails ok\n" : "LoadLibrary(nosuch) BAD\n");
    ExitProcess(0);
}
