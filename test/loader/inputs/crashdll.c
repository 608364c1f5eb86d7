/* crashdll: a DLL whose DllMain writes through a null pointer on DLL_PROCESS_ATTACH. */
#include "rt.h"

__declspec(dllexport) int crash_export(void) { return 1; }

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
    (void)h;
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) *(volatile int *)0 = 1;
    return TRUE;
}
