/* clock: everything a program might take from the outside world to vary its behaviour (wall
   clock, tick counts, performance counter, rand seeded from time); under clremu all of it comes
   from the virtual clock, so two runs print, and execute, exactly the same. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <windows.h>

int main(void) {
    SYSTEMTIME st;
    LARGE_INTEGER pc;
    srand((unsigned)time(NULL));
    GetSystemTime(&st);
    QueryPerformanceCounter(&pc);
    printf("time %lld tick %lu pc %lld rand %d %d year %d\n", (long long)time(NULL), GetTickCount(),
           (long long)pc.QuadPart, rand(), rand(), st.wYear);
    return 0;
}
