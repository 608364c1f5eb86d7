/* unimpl: calls a kernel32 function clremu does not implement. */
#include "rt.h"

void start(void) {
    ULONG node;
    out("before\n");
    GetNumaHighestNodeNumber(&node);
    out("after\n");
    ExitProcess(0);
}
