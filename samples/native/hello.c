/* hello: the smallest native program; printf through msvcrt. */
#include <stdio.h>

int main(void) {
    printf("Hello from a native Windows x64 program!\n");
    return 0;
}
