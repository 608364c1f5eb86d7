/* Frees a block twice: on 64-bit Windows 10 the heap detects it (STATUS_HEAP_CORRUPTION). */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    char *p = malloc(32);
    free(p);
    puts("freed once");
    free(p);
    puts("not reached");
    return 0;
}
