/* abort() with a SIGABRT handler installed: the handler runs, then the process still ends with
   code 3 after msvcrt's message on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>

static void on_abort(int sig) {
    printf("handler got signal %d\n", sig);
    fflush(stdout);
}

int main(void) {
    void (*old)(int) = signal(SIGABRT, on_abort);
    printf("previous handler was SIG_DFL: %d\n", old == SIG_DFL);
    printf("signal(99) is SIG_ERR: %d\n", signal(99, on_abort) == SIG_ERR);
    abort();
    printf("not reached\n");
    return 0;
}
