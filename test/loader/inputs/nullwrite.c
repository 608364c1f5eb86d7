/* nullwrite: writes through a null pointer from a named function, two frames below the entry. */
#include "rt.h"

void __attribute__((noinline)) store(volatile int *p, int v) { *p = v; }
void __attribute__((noinline)) middle(volatile int *p) { store(p, 42); out("not reached\n"); }

void start(void) {
    out("storing\n");
    middle((volatile int *)0);
    ExitProcess(0);
}
