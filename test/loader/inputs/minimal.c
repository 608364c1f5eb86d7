/* minimal: writes one line through kernel32 and exits with code 7. */
#include "rt.h"

void start(void) {
    out("minimal\n");
    ExitProcess(7);
}
