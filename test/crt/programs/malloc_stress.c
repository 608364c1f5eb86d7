/* A deterministic malloc/realloc/free workload that checks every block's contents before
   releasing it; prints a summary a failing allocator could not fake. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 200
static unsigned char *ptr[SLOTS];
static size_t len[SLOTS];
static unsigned seed = 12345;
static unsigned next(void) { seed = seed * 1103515245u + 12345u; return (seed >> 16) & 0x7fff; }

static int check(int i) {
    for (size_t k = 0; k < len[i]; k++)
        if (ptr[i][k] != (unsigned char)(i * 7 + k)) return 0;
    return 1;
}
static void fill(int i) {
    for (size_t k = 0; k < len[i]; k++) ptr[i][k] = (unsigned char)(i * 7 + k);
}

int main(void) {
    int bad = 0, allocs = 0, frees = 0, reallocs = 0;
    for (int step = 0; step < 4000; step++) {
        int i = next() % SLOTS;
        if (!ptr[i]) {
            len[i] = next() % 300 + (next() % 10 == 0 ? 5000 : 0);
            ptr[i] = malloc(len[i]);
            if (((size_t)ptr[i] & 15) != 0) bad++;
            fill(i);
            allocs++;
        } else if (next() % 3 == 0) {
            size_t old = len[i];
            len[i] = next() % 600;
            unsigned char *q = realloc(ptr[i], len[i] ? len[i] : 1);
            size_t keep = old < len[i] ? old : len[i];
            for (size_t k = 0; k < keep; k++) if (q[k] != (unsigned char)(i * 7 + k)) { bad++; break; }
            ptr[i] = q;
            fill(i);
            reallocs++;
        } else {
            if (!check(i)) bad++;
            free(ptr[i]);
            ptr[i] = NULL;
            frees++;
        }
    }
    for (int i = 0; i < SLOTS; i++) if (ptr[i]) { if (!check(i)) bad++; free(ptr[i]); }
    int *z = calloc(100, sizeof(int));
    int nonzero = 0;
    for (int i = 0; i < 100; i++) nonzero += z[i] != 0;
    free(z);
    printf("allocs %d frees %d reallocs %d bad %d calloc-nonzero %d\n", allocs > 0, frees > 0, reallocs > 0, bad, nonzero);
    return bad;
}
