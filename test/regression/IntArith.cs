// int32 arithmetic and bitwise operations: Mono --regression style tests (test_<expected>_<name>).
class IntArith {
  static int Id(int x) { return x; }
  public static int test_7_add() { return Id(3) + Id(4); }
  public static int test_5_sub() { return Id(12) - Id(7); }
  public static int test_42_mul() { return Id(6) * Id(7); }
  public static int test_3_div() { return Id(17) / Id(5); }
  public static int test_2_rem() { return Id(17) % Id(5); }
  public static int test_1_div_neg() { return Id(-7) / Id(-4); }
  public static int test_0_rem_neg() { return Id(-8) % Id(4) == 0 ? 0 : 1; }
  public static int test_12_and() { return Id(0x3c) & Id(0x0f); }
  public static int test_63_or() { return Id(0x30) | Id(0x0f); }
  public static int test_51_xor() { return Id(0x3c) ^ Id(0x0f); }
  public static int test_16_shl() { return Id(1) << Id(4); }
  public static int test_1_shr_signed() { return (Id(-16) >> 4) == -1 ? 1 : 0; }
  public static int test_15_shr_unsigned() { return (int)((uint)Id(-1) >> 28); }
  public static int test_1_neg() { return -Id(-1); }
  public static int test_1_not() { return ~Id(-2); }
  public static int test_1_overflow_wraps() { return Id(int.MaxValue) + 1 == int.MinValue ? 1 : 0; }
  public static int test_1_min_div_minus_one_rem() { return Id(int.MinValue) % Id(3) == -2 ? 1 : 0; }
  public static int test_100_byte_wrap() { byte b = (byte)Id(356); return b; }
  public static int test_1_sbyte_wrap() { sbyte s = (sbyte)Id(200); return s == -56 ? 1 : 0; }
  public static int test_1_short_ushort_wrap() { short h = (short)Id(70000); ushort u = (ushort)Id(-1); return h == 4464 && u == 65535 ? 1 : 0; }
  public static int test_1_uint_compare() { uint a = (uint)Id(-1); uint b = 1; return a > b ? 1 : 0; }
}
