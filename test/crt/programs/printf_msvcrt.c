/* msvcrt's own printf family (built with __USE_MINGW_ANSI_STDIO=0): integers, floats with
   msvcrt's three-digit exponents and rounding, %p, I64, non-finite values, sprintf/_snprintf. */
#include <stdio.h>
#include <math.h>
#include <string.h>

int main(void) {
    char buf[64];
    double zero = 0.0;
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [%x] [%#X] [%o]\n", 42, 42, 42, -42, 7, 255, 255, 8);
    printf("[%u] [%ld] [%lld] [%I64d] [%hd] [%c]\n", 3000000000u, -5L, -9000000000LL, 1234567890123LL, (short)70000, 'Z');
    printf("[%f] [%.2f] [%10.3f] [%e] [%E] [%g] [%g] [%g]\n", 1.5, 3.14159, -2.5, 12345.678, 0.000123, 0.0001, 1e-5, 1234567.0);
    printf("[%.0f] [%.0f] [%.1f] [%.20f]\n", 0.5, 2.5, 0.25, 0.1);
    printf("[%f] [%f] [%e] [%g]\n", 1.0 / zero, -1.0 / zero, 1.0 / zero, 1.0 / zero);
    printf("[%p] [%s] [%.3s] [%8s] [%-8s]\n", (void *)0x12ff7c, "text", "abcdef", "r", "l");
    printf("[%*d] [%-*d] [%.*f]\n", 6, 1, 6, 2, 3, 2.0);
    printf("[%a] [%.2a]\n", 1.0, 1.5);
    int n = sprintf(buf, "%d-%s-%.1f", 12, "ab", 9.75);
    printf("sprintf %d [%s]\n", n, buf);
    memset(buf, 'x', sizeof buf);
    n = _snprintf(buf, 4, "%s", "abcdefgh");
    buf[10] = 0;
    printf("_snprintf %d [%s]\n", n, buf);
    n = _snprintf(buf, 10, "%d", 123);
    printf("_snprintf %d [%s]\n", n, buf);
    int count = 0;
    printf("abc%n|", &count);
    printf("%d\n", count);
    fprintf(stderr, "to stderr %d\n", 5);
    printf("many %d %d %d %d %d %d %d %d %f %f %s\n", 1, 2, 3, 4, 5, 6, 7, 8, 1.25, 2.5, "end");
    return 3;
}
