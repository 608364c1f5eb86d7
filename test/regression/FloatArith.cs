// float32 and float64 arithmetic, comparisons and conversions: Mono --regression style tests (test_<expected>_<name>).
class FloatArith {
  static double D(double x) { return x; }
  static float F(float x) { return x; }
  public static int test_7_add() { return (int)(D(3.5) + D(3.5)); }
  public static int test_2_sub() { return (int)(D(5.25) - D(3.0)); }
  public static int test_15_mul() { return (int)(D(2.5) * D(6.0)); }
  public static int test_3_div() { return (int)(D(10.0) / D(3.0)); }
  public static int test_1_rem() { return (int)(D(7.5) % D(2.0) * 2) == 3 ? 1 : 0; }
  public static int test_4_float_mul() { return (int)(F(1.5f) * F(3.0f)); }
  public static int test_1_nan_not_equal() { double n = D(0.0) / D(0.0); return n != n ? 1 : 0; }
  public static int test_0_nan_less() { double n = D(0.0) / D(0.0); return n < 1.0 ? 1 : 0; }
  public static int test_1_inf() { return D(1.0) / D(0.0) > 1e308 ? 1 : 0; }
  public static int test_3_trunc_neg() { return -(int)D(-3.99); }
  public static int test_1_to_long() { return (long)D(1e15) == 1000000000000000L ? 1 : 0; }
  public static int test_1_from_long() { long l = 1L << 53; return (double)l == 9007199254740992.0 ? 1 : 0; }
  public static int test_1_float_precision() { return (double)F(0.1f) != D(0.1) ? 1 : 0; }
  public static int test_1_uint_to_double() { uint u = 0xffffffffu; return (double)u == 4294967295.0 ? 1 : 0; }
  public static int test_1_neg_zero() { double z = -D(0.0); return 1.0 / z < 0 ? 1 : 0; }
}
