/* signal(SIGSEGV) and a null write: mingw's CRT installs an unhandled-exception filter
   (_gnu_exception_handler) that calls the signal handler. With an argument: SIGFPE and a
   division by zero. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static void on_segv(int sig) {
  printf("signal handler: sig=%d\n", sig);
  fflush(stdout);
  exit(5);
}

static void on_fpe(int sig) {
  printf("signal handler: sig=%d\n", sig);
  fflush(stdout);
  exit(6);
}

int main(int argc, char **argv) {
  if (argc > 1) {
    /* Integer division by zero reaches signal(SIGFPE) the same way. */
    volatile int zero = 0;
    signal(SIGFPE, on_fpe);
    printf("dividing by zero\n");
    fflush(stdout);
    printf("%d\n", 10 / zero);
    return 0;
  }
  signal(SIGSEGV, on_segv);
  printf("writing through a null pointer\n");
  fflush(stdout);
  *(volatile int *)0 = 1;
  printf("not reached\n");
  return 0;
}
