/*
 * A chain of nested calls for the stack-walk tests. Each level is noinline so it keeps its own
 * frame and .pdata entry: plain frames, a frame-pointer function that uses alloca, and a function
 * that keeps doubles live across a call (so it saves XMM6/XMM7 in its prolog). The deepest
 * function, deepest_leaf, is where the tests stop the run: a code hook on its address, or the
 * null write it performs when the program is given any argument (`nested.exe crash`).
 */
#include <malloc.h>
#include <string.h>

volatile int sink;
volatile int crash_now;

__attribute__((noinline)) int deepest_leaf(int x) {
  if (crash_now) *(volatile int *)0 = x; /* the fault the crash test expects */
  sink = x;
  return x + 1;
}

__attribute__((noinline)) double with_xmm(double a, double b, int depth) {
  double keep1 = a * 3.0, keep2 = b * 5.0;
  int r = deepest_leaf(depth + (int)keep1);
  return keep1 + keep2 + (double)r + keep1 * keep2;
}

__attribute__((noinline)) int with_alloca(int n) {
  char *buf = (char *)alloca(n + 16);
  memset(buf, 'a', n);
  buf[n] = 0;
  double d = with_xmm((double)n, 2.5, (int)strlen(buf));
  return (int)d + buf[0];
}

__attribute__((noinline)) int with_saved_regs(int a, int b, int c) {
  int x = a * b, y = b * c, z = a + c;
  int r = with_alloca(a + 3);
  return r + x * y + z;
}

__attribute__((noinline)) int outer(int n) {
  int total = 0;
  for (int i = 0; i < n; i++) total += with_saved_regs(i + 1, i + 2, i + 3);
  return total;
}

int main(int argc, char **argv) {
  (void)argv;
  crash_now = argc > 1;
  int r = outer(1);
  return r > 0 ? 0 : 1; /* no output: the tests run this without a C runtime */
}
