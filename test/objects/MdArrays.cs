// Multi-dimensional arrays: the runtime's .ctor/Get/Set/Address for rank 2 and 3, every element
// kind (int, long, double, float, byte, string, structs small and large), covariance, casts.
using System;

struct Small { public short A; public short B; }
struct Large { public long A; public long B; public string S; }

public class MdArrays {
  public static int test_6_int_2d() { int[,] a = new int[2, 3]; a[1, 2] = 6; return a[1, 2] + a[0, 0]; }
  public static int test_15_fill_2d() {
    int[,] a = new int[3, 2];
    for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) a[i, j] = i * 2 + j;
    int s = 0; for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) s += a[i, j];
    return s;
  }
  public static int test_7_int_3d() { int[,,] a = new int[2, 2, 2]; a[1, 0, 1] = 7; return a[1, 0, 1]; }
  public static int test_1_long() { long[,] a = new long[2, 2]; a[1, 1] = 1L << 40; return a[1, 1] == 1L << 40 ? 1 : 0; }
  public static int test_5_double() { double[,] a = new double[2, 2]; a[0, 1] = 2.5; a[1, 0] = 2.5; return (int)(a[0, 1] + a[1, 0]); }
  public static int test_3_float() { float[,] a = new float[2, 2]; a[1, 1] = 3.5f; return (int)a[1, 1]; }
  public static int test_200_byte() { byte[,] a = new byte[2, 2]; a[1, 0] = 200; return a[1, 0]; }
  public static int test_3_strings() { string[,] a = new string[2, 2]; a[1, 1] = "abc"; return a[1, 1].Length + (a[0, 0] == null ? 0 : 10); }
  public static int test_9_small_struct() { Small[,] a = new Small[2, 2]; a[1, 1].A = 4; a[1, 1].B = 5; return a[1, 1].A + a[1, 1].B; }
  public static int test_13_large_struct() {
    Large[,] a = new Large[2, 2];
    Large l; l.A = 5; l.B = 6; l.S = "xy";
    a[0, 1] = l;
    Large m = a[0, 1];
    return (int)(m.A + m.B) + m.S.Length;
  }
  public static int test_8_address_via_ref() { int[,] a = new int[2, 2]; a[1, 1] = 3; a[1, 1] += 5; return a[1, 1]; }
  public static int test_1_is_2d() { object o = new int[2, 2]; return o is int[,] && !(o is int[]) && !(o is int[,,]) ? 1 : 0; }
  public static int test_1_covariant_2d() { object o = new string[1, 1]; return o is object[,] ? 1 : 0; }
  public static int test_1_is_array() { object o = new double[1, 1]; return o is Array ? 1 : 0; }
  public static int test_12_initializer() { int[,] a = { { 1, 2 }, { 4, 5 } }; return a[0, 0] + a[0, 1] + a[1, 0] + a[1, 1]; }
  public static int test_7_jagged_of_2d() { int[][,] j = new int[2][,]; j[1] = new int[1, 1]; j[1][0, 0] = 7; return j[1][0, 0]; }
}
