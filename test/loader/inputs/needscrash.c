/* needscrash: imports crashdll.dll, whose DllMain faults before this entry point runs. */
#include "rt.h"

__declspec(dllimport) int crash_export(void);

void start(void) {
    out("entry reached\n");
    ExitProcess(crash_export());
}
