// int64 arithmetic, shifts, conversions and unsigned division: Mono --regression style tests (test_<expected>_<name>).
class LongArith {
  static long Id(long x) { return x; }
  public static int test_10_add() { return (int)(Id(1L << 40) + Id(10) - Id(1L << 40)); }
  public static int test_1_mul_big() { return Id(3037000499L) * Id(3037000499L) == 9223372030926249001L ? 1 : 0; }
  public static int test_7_div() { return (int)(Id(70000000000L) / Id(10000000000L)); }
  public static int test_3_rem() { return (int)(Id(70000000003L) % Id(10)); }
  public static int test_1_shl_63() { return Id(1) << 63 == long.MinValue ? 1 : 0; }
  public static int test_1_shr_arith() { return Id(long.MinValue) >> 62 == -2 ? 1 : 0; }
  public static int test_2_shr_logical() { return (int)((ulong)Id(long.MinValue) >> 62); }
  public static int test_1_ulong_div() { ulong a = (ulong)Id(-1); return a / 3 == 6148914691236517205UL ? 1 : 0; }
  public static int test_1_ulong_compare() { ulong a = (ulong)Id(-1); return a > 5UL ? 1 : 0; }
  public static int test_1_conv_i4() { return (int)Id(0x1_0000_0001L); }
  public static int test_1_sign_extend() { int x = -1; long y = x; return y == -1L ? 1 : 0; }
  public static int test_1_zero_extend() { uint x = 0xffffffffu; long y = x; return y == 4294967295L ? 1 : 0; }
  public static int test_6_bitwise() { return (int)((Id(0x0f0f) & Id(0xff)) ^ Id(0x09)); }
  public static int test_1_neg_not() { return -Id(5) == ~Id(4) ? 1 : 0; }
}
