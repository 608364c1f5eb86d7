/* returns: the entry point returns 0x1234ABCD instead of calling ExitProcess. */
#include "rt.h"

int start(void) {
    out("returning\n");
    return 0x1234ABCD;
}
