/* signal(SIGSEGV) and a null write: mingw's CRT installs an unhandled-exception filter
   (_gnu_exception_handler) that calls the signal handler. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static void on_segv(int sig) {
  printf("signal handler: sig=%d\n", sig);
  fflush(stdout);
  exit(5);
}

int main(void) {
  signal(SIGSEGV, on_segv);
  printf("writing through a null pointer\n");
  fflush(stdout);
  *(volatile int *)0 = 1;
  printf("not reached\n");
  return 0;
}
