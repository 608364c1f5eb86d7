/* Time from the virtual clock (fixed start, UTC) and math functions through msvcrt. */
#include <stdio.h>
#include <time.h>
#include <math.h>
#include <errno.h>

int main(void) {
    time_t t = time(NULL);
    struct tm *tm = gmtime(&t);
    printf("gmtime %04d-%02d-%02d %02d:%02d wday %d yday %d\n", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_wday, tm->tm_yday);
    char buf[64];
    size_t n = strftime(buf, sizeof buf, "%Y/%m/%d %H:%M:%S %a %b %j", tm);
    printf("strftime %u [%s]\n", (unsigned)n, buf);
    struct tm when = {0};
    when.tm_year = 100; when.tm_mon = 1; when.tm_mday = 29; when.tm_hour = 12;
    time_t m = mktime(&when);
    printf("mktime %lld wday %d yday %d\n", (long long)m, when.tm_wday, when.tm_yday);
    printf("asctime %s", asctime(&when));
    printf("difftime %.1f\n", difftime(m + 90, m));
    clock_t c0 = clock();
    for (volatile int i = 0; i < 1000; i++) time(NULL);
    printf("clock advances %d\n", clock() > c0);
    int e;
    double fr = frexp(48.0, &e), ip;
    double fp = modf(-3.75, &ip);
    printf("sqrt %.6f pow %.1f floor %.1f ceil %.1f fmod %.2f fabs %.1f\n", sqrt(2.0), pow(2.0, 10.0), floor(-2.5), ceil(-2.5), fmod(7.5, 2.0), fabs(-3.0));
    printf("frexp %.3f %d modf %.2f %.1f ldexp %.1f\n", fr, e, fp, ip, ldexp(0.75, 4));
    printf("sin %.6f cos %.6f atan2 %.6f exp %.6f log %.6f log10 %.1f\n", sin(1.0), cos(1.0), atan2(1.0, 1.0), exp(1.0), log(10.0), log10(1000.0));
    errno = 0;
    double bad = sqrt(-1.0);
    printf("sqrt(-1) nan %d errno EDOM %d\n", bad != bad, errno == EDOM);
    return 0;
}
