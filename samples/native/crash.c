/* crash: writes through a null pointer; the run ends with an access violation crash report. */
#include <stdio.h>

static void __attribute__((noinline)) poke(volatile int *where, int value) { *where = value; }

int main(void) {
    printf("about to write through a null pointer\n");
    fflush(stdout);
    poke((volatile int *)0, 42);
    printf("not reached\n");
    return 0;
}
