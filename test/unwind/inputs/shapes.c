/*
 * Code shapes for the unwinder, built with -O2 so gcc uses its full repertoire: recursion, sibling
 * (tail) calls, a jump table, every callee-saved GPR live across a call, XMM6–XMM15 live across a
 * call, varargs, and a function whose frame needs ___chkstk_ms. Freestanding: no C runtime calls,
 * so tests can run main directly on the emulated CPU and check a stack walk at every instruction.
 */
#include <stdarg.h>

volatile int sink;

__attribute__((noinline)) int leaf_add(int a, int b) { return a + b + sink; }

__attribute__((noinline)) int fib(int n) { return n < 2 ? leaf_add(n, 0) : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) int tail_a(int x);
__attribute__((noinline)) int tail_b(int x) { return x <= 0 ? leaf_add(x, 1) : tail_a(x - 1); }
__attribute__((noinline)) int tail_a(int x) {
  if (x <= 0) return leaf_add(x, 2);
  sink = x;
  return tail_b(x - 1); /* a sibling call: jmp after the epilog */
}

__attribute__((noinline)) int dispatch(int op, int a, int b) {
  switch (op) {
    case 0: return leaf_add(a, b);
    case 1: return fib(a & 7);
    case 2: return tail_a(b & 7);
    case 3: return leaf_add(b, a) * 3;
    case 4: return tail_b(a & 3) + 1;
    case 5: return leaf_add(a * b, 5);
    default: return -1;
  }
}

__attribute__((noinline)) long many_live(long a, long b, long c, long d) {
  long e = a * 3, f = b * 5, g = c * 7, h = d * 11, i = a ^ b, j = c ^ d, k = a + d, l = b - c;
  long r = dispatch((int)(a & 7), (int)b, (int)c);
  return r + e + f + g + h + i + j + k + l + dispatch((int)(d & 7), (int)e, (int)f);
}

__attribute__((noinline)) double many_xmm(double a, double b) {
  double v0 = a * 1.5, v1 = b * 2.5, v2 = a + 3.5, v3 = b + 4.5, v4 = a * b, v5 = a - b;
  double v6 = a / 7.0, v7 = b / 9.0, v8 = a * 11.0, v9 = b * 13.0, v10 = a + b + 1.0;
  int r = fib((int)a & 7);
  return v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9 + v10 + r;
}

__attribute__((noinline)) int sum_varargs(int count, ...) {
  va_list ap;
  va_start(ap, count);
  int total = 0;
  for (int i = 0; i < count; i++) total += va_arg(ap, int);
  va_end(ap);
  return total + leaf_add(count, 0);
}

__attribute__((noinline)) int big_frame(int n) {
  volatile char buf[8192];
  buf[0] = (char)n;
  buf[n & 8191] = 2;
  return buf[0] + buf[n & 8191] + leaf_add(n, 1);
}

int main(int argc, char **argv) {
  (void)argv;
  int total = 0;
  for (int op = 0; op < 7; op++) total += dispatch(op, argc + op, 3);
  total += (int)many_live(argc, 2, 3, 4);
  total += (int)many_xmm(argc + 0.5, 2.25);
  total += sum_varargs(4, 1, 2, 3, 4);
  total += big_frame(argc);
  return total & 0x7f;
}
