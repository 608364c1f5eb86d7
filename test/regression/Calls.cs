// static calls: arguments in registers and on the stack, recursion, mixed types: Mono --regression style tests (test_<expected>_<name>).
class Calls {
  static int Sum6(int a, int b, int c, int d, int e, int f) { return a + b + c + d + e + f; }
  static long Sum8L(long a, long b, long c, long d, long e, long f, long g, long h) { return a + b + c + d + e + f + g + h; }
  static double MixD(int a, double b, long c, float d, double e) { return a + b + c + d + e; }
  static int Fact(int n) { return n <= 1 ? 1 : n * Fact(n - 1); }
  static int Fib(int n) { return n < 2 ? n : Fib(n - 1) + Fib(n - 2); }
  static bool Even(int n) { return n == 0 || Odd(n - 1); }
  static bool Odd(int n) { return n != 0 && Even(n - 1); }
  static void Nothing() { }
  static byte Narrow(int x) { return (byte)x; }
  public static int test_21_six_args() { return Sum6(1, 2, 3, 4, 5, 6); }
  public static int test_36_eight_longs() { return (int)Sum8L(1, 2, 3, 4, 5, 6, 7, 8); }
  public static int test_15_mixed_double() { return (int)MixD(1, 2.0, 3, 4.0f, 5.0); }
  public static int test_120_fact() { return Fact(5); }
  public static int test_55_fib() { return Fib(10); }
  public static int test_1_mutual() { return Even(10) && Odd(7) ? 1 : 0; }
  public static int test_0_void_call() { Nothing(); return 0; }
  public static int test_44_narrow_return() { return Narrow(300); }
  struct Refs { public object a, b, c; public Refs(object x, object y, object z) { a = x; b = y; c = z; } }
  static int CountSet(Refs r) { return (r.a != null ? 1 : 0) + (r.b != null ? 2 : 0) + (r.c != null ? 4 : 0); }
  // A struct with references passed by value (by hidden reference to a copy under Windows x64):
  // the callee's private copy must keep its references.
  public static int test_7_struct_with_refs_by_value() { return CountSet(new Refs("p", "q", "r")); }
  public static int test_3_corlib_math() { return System.Math.Max(System.Math.Min(3, 9), -1); }
}
