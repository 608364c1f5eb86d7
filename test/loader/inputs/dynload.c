/* dynload: loads tinydll.dll only at run time, calls it, and unloads it with FreeLibrary. */
#include "rt.h"

typedef int (*binop)(int, int);

void start(void) {
    out(GetModuleHandleA("tinydll.dll") == 0 ? "not loaded yet\n" : "loaded too early BAD\n");
    HMODULE h = LoadLibraryA("tinydll.dll");
    HMODULE again = LoadLibraryA("TinyDll");
    out(h && h == again ? "loaded twice, same handle\n" : "LoadLibrary BAD\n");
    binop add = (binop)GetProcAddress(h, "tiny_add");
    out(add && add(20, 22) == 42 ? "call ok\n" : "call BAD\n");
    FreeLibrary(again);
    out(GetModuleHandleA("tinydll.dll") == h ? "still loaded after one FreeLibrary\n" : "unloaded too early BAD\n");
    FreeLibrary(h);
    out(GetModuleHandleA("tinydll.dll") == 0 ? "unloaded\n" : "still loaded BAD\n");
    ExitProcess(0);
}
