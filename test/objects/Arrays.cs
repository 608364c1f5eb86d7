// Arrays of every element type (each ldelem/stelem form), jagged arrays, arrays of structs and
// references, ldelema (and readonly. ldelema through a generic), covariance, Length.
using System;
using System.Collections.Generic;

struct Pt { public int X; public long Y; }

public class Arrays {
  static T First<T>(T[] a) { return a[0]; }
  static void SetFirst<T>(T[] a, T v) { a[0] = v; }
  static int Sum(sbyte[] a) { int s = 0; for (int i = 0; i < a.Length; i++) s += a[i]; return s; }
  static int Hash<T>(T[] a) { return a[0].GetHashCode(); }

  public static int test_1_sbyte_sum() { sbyte[] a = new sbyte[3]; a[0] = -1; a[1] = -2; a[2] = 0; return Sum(a) == -3 ? 1 : 0; }
  public static int test_1_sbyte_sign() { sbyte[] a = { -128 }; return a[0] == -128 ? 1 : 0; }
  public static int test_255_byte() { byte[] a = new byte[2]; a[1] = 255; return a[1]; }
  public static int test_1_short() { short[] a = new short[2]; a[0] = -5; return a[0] == -5 ? 1 : 0; }
  public static int test_65535_ushort() { ushort[] a = new ushort[1]; a[0] = 65535; return a[0]; }
  public static int test_66_char() { char[] a = new char[2]; a[1] = 'B'; return a[1]; }
  public static int test_1_bool() { bool[] a = new bool[2]; a[1] = true; return a[1] && !a[0] ? 1 : 0; }
  public static int test_7_int() { int[] a = new int[3]; a[2] = 7; return a[2]; }
  public static int test_1_uint() { uint[] a = new uint[1]; a[0] = 0xFFFFFFFF; return a[0] == 0xFFFFFFFF ? 1 : 0; }
  public static int test_1_long() { long[] a = new long[2]; a[1] = 1L << 40; return a[1] == 1L << 40 ? 1 : 0; }
  public static int test_1_ulong() { ulong[] a = new ulong[1]; a[0] = ulong.MaxValue; return a[0] == ulong.MaxValue ? 1 : 0; }
  public static int test_3_float() { float[] a = new float[2]; a[0] = 1.5f; a[1] = 1.5f; return (int)(a[0] + a[1]); }
  public static int test_5_double() { double[] a = new double[2]; a[1] = 5.25; return (int)a[1]; }
  public static int test_1_intptr() { IntPtr[] a = new IntPtr[2]; a[1] = (IntPtr)12345; return a[1] == (IntPtr)12345 ? 1 : 0; }
  public static int test_3_strings() { string[] a = new string[2]; a[0] = "abc"; return a[0].Length + (a[1] == null ? 0 : 1); }
  public static int test_3_initializer() { int[] a = { 1, 2, 3 }; return a.Length; }
  public static int test_10_initializer_long() { long[] a = { 1, 2, 3, 4 }; long s = 0; foreach (long x in a) s += x; return (int)s; }
  public static int test_42_struct_elements() { Pt[] a = new Pt[2]; a[1].X = 40; a[1].Y = 2; return a[1].X + (int)a[1].Y; }
  public static int test_5_struct_copy_out() { Pt[] a = new Pt[1]; a[0].X = 5; Pt p = a[0]; p.X = 9; return a[0].X; }
  public static int test_12_jagged() {
    int[][] j = new int[3][];
    for (int i = 0; i < 3; i++) { j[i] = new int[i + 1]; j[i][i] = i + 1; }
    return j[0][0] + j[1][1] * 2 + j[2][2] + j[2].Length + j.Length - 1 - 1;
  }
  public static int test_6_jagged_strings() { string[][] j = { new[] { "a", "bb" }, new[] { "ccc" } }; return j[0][1].Length + j[1][0].Length + 1; }
  public static int test_9_generic_element() { return First(new int[] { 9 }); }
  public static int test_4_generic_ref_element() { return First(new string[] { "four" }).Length; }
  public static int test_8_generic_store() { long[] a = new long[1]; SetFirst(a, 8L); return (int)a[0]; }
  public static int test_6_generic_struct_store() { Pt[] a = new Pt[1]; Pt p; p.X = 6; p.Y = 0; SetFirst(a, p); return a[0].X; }
  public static int test_77_readonly_ldelema() { return Hash(new int[] { 77 }); }
  public static int test_15_ref_to_element() { int[] a = { 5, 10 }; ref int r = ref a[1]; r += 5; return a[1]; }
  public static int test_0_empty() { int[] a = new int[0]; return a.Length; }
  public static int test_1_length_long() { byte[] a = new byte[100000]; return a.LongLength == 100000 ? 1 : 0; }
  public static int test_2_object_array_mixed() { object[] a = { 1, "x", null }; return (a[0] is int ? 1 : 0) + (a[1] is string ? 1 : 0) + (a[2] == null ? 0 : 5); }
  public static int test_30_array_of_arrays_covariance() { object[] o = new string[2][]; o[0] = new string[] { "x" }; return o.Length * 15; }
  public static int test_5_ilist_index() { IList<int> l = new int[] { 1, 2, 3 }; return l[1] + l.Count; }
  public static int test_6_foreach_ienumerable() { IEnumerable<int> e = new int[] { 1, 2, 3 }; int s = 0; foreach (int x in e) s += x; return s; }
  public static int test_1_is_ilist_covariant() { object o = new string[1]; return o is IList<object> ? 1 : 0; }
  public static int test_0_is_not_ilist_long() { object o = new int[1]; return o is IList<long> ? 1 : 0; }
  public static int test_3_readonly_list() { IReadOnlyList<string> l = new string[] { "a", "bbb" }; return l[1].Length; }
  public static int test_4_ilist_set_item() { IList<int> l = new int[2]; l[1] = 4; return l[1]; }
  public static int test_12_struct_ienumerable() { Pt[] a = new Pt[2]; a[0].X = 5; a[1].X = 7; int s = 0; foreach (Pt p in (IEnumerable<Pt>)a) s += p.X; return s; }
}
