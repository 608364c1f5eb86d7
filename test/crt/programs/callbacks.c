/* Guest callbacks called from the runtime: qsort and bsearch comparators, atexit handlers (run
   in reverse order at exit), and exit's status. Uses mingw's own printf (the default). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int calls;
static int by_value(const void *a, const void *b) {
    calls++;
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int by_name(const void *a, const void *b) {
    const char *const *x = a, *const *y = b;
    return strcmp(*x, *y);
}
static void first(void) { printf("atexit first (runs last)\n"); }
static void second(void) { printf("atexit second (runs first)\n"); }

int main(void) {
    int v[] = {42, -7, 19, 0, 3, 3, 100, -50, 8, 1};
    qsort(v, 10, sizeof v[0], by_value);
    for (int i = 0; i < 10; i++) printf("%d ", v[i]);
    printf("\ncomparator called: %s\n", calls > 0 ? "yes" : "no");
    const char *names[] = {"pear", "apple", "fig", "banana"};
    qsort(names, 4, sizeof names[0], by_name);
    printf("%s %s %s %s\n", names[0], names[1], names[2], names[3]);
    int key = 19;
    int *found = bsearch(&key, v, 10, sizeof v[0], by_value);
    printf("bsearch 19 at %d\n", found ? (int)(found - v) : -1);
    key = 5;
    printf("bsearch 5 %s\n", bsearch(&key, v, 10, sizeof v[0], by_value) ? "found" : "absent");
    atexit(first);
    atexit(second);
    printf("main returns via exit(7)\n");
    exit(7);
}
