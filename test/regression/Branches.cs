// every branch form: conditions, switch, loops, short-circuit logic: Mono --regression style tests (test_<expected>_<name>).
class Branches {
  static int Id(int x) { return x; }
  public static int test_1_beq() { return Id(3) == 3 ? 1 : 0; }
  public static int test_1_bne() { return Id(3) != 4 ? 1 : 0; }
  public static int test_1_blt() { return Id(-3) < 2 ? 1 : 0; }
  public static int test_1_ble() { return Id(2) <= 2 ? 1 : 0; }
  public static int test_1_bgt() { return Id(5) > 2 ? 1 : 0; }
  public static int test_1_bge() { return Id(2) >= 2 ? 1 : 0; }
  public static int test_1_blt_un() { return (uint)Id(1) < (uint)Id(-1) ? 1 : 0; }
  public static int test_30_switch() { int s = 0; for (int i = 0; i < 6; i++) { switch (i) { case 0: s += 1; break; case 1: s += 2; break; case 2: s += 3; break; case 4: s += 20; break; default: s += 2; break; } } return s; }
  public static int test_45_while() { int i = 0, s = 0; while (i < 10) { s += i; i++; } return s; }
  public static int test_10_do_while() { int i = 0; do { i++; } while (i < 10); return i; }
  public static int test_4_break_continue() { int s = 0; for (int i = 0; i < 100; i++) { if (i == 5) break; if (i == 2) continue; s++; } return s; }
  public static int test_1_and_or() { int a = Id(1), b = Id(0); return (a == 1 && b == 0) || a == 7 ? 1 : 0; }
  public static int test_2_ternary_chain() { int x = Id(15); return x < 10 ? 1 : x < 20 ? 2 : 3; }
  public static int test_1_long_compare() { long a = Id(1); return a << 40 > (1L << 39) ? 1 : 0; }
  public static int test_1_double_compare() { double d = Id(3); return d > 2.5 && d < 3.5 ? 1 : 0; }
}
