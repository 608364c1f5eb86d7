/* spin: loops forever; only a time limit or an instruction budget ends it. */
#include "rt.h"

void start(void) {
    out("spinning\n");
    for (volatile int i = 0;; i++) {
    }
}
