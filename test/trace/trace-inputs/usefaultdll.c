/* usefaultdll: calls faultdll.dll!read_through with a wild pointer: a read fault inside the DLL. */
#include <stdio.h>

__declspec(dllimport) int read_through(volatile int *p);

int main(void) {
    printf("calling into faultdll\n");
    fflush(stdout);
    return read_through((volatile int *)0xdead0000);
}
