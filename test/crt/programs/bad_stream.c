/* A NULL stream handed to fprintf: msvcrt's invalid-parameter handler ends the process. */
#include <stdio.h>

int main(void) {
    FILE *nowhere = NULL;
    puts("before");
    fprintf(nowhere, "x%d", 1);
    puts("not reached");
    return 0;
}
