/* tinydll: a freestanding DLL (kernel32 only) with exports by name and one by ordinal only. */
#include "rt.h"

static int attached;

__declspec(dllexport) int tiny_add(int a, int b) { return a + b + attached * 0; }
int tiny_mul(int a, int b) { return a * b; }
__declspec(dllexport) int tiny_attach_count(void) { return attached; }

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
    if (reason == DLL_PROCESS_ATTACH) {
        attached++;
        out(h == GetModuleHandleA("tinydll.dll") ? "tinydll: attach, hinst ok" : "tinydll: attach, hinst BAD");
        out(reserved ? ", static\n" : ", dynamic\n");
    } else if (reason == DLL_PROCESS_DETACH) {
        out("tinydll: detach\n");
    }
    return TRUE;
}
