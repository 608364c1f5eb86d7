/* buildid: linked with --build-id, so the image has a CodeView (RSDS) debug record; writes to a
   wild address (0x10) after printing, so the run ends in an access violation. */
#include <stdio.h>

static void __attribute__((noinline)) store(volatile int *where, int value) { *where = value; }

int main(void) {
    printf("storing to 0x10\n");
    fflush(stdout);
    store((volatile int *)0x10, 7);
    return 0;
}
