// Typed references (__makeref, __refvalue, __reftype: mkrefany, refanyval, refanytype), passed to
// and returned from methods and written through.
using System;

struct Pair { public int A; public long B; }

public class TypedRefs {
  static int Read(TypedReference r) { return __refvalue(r, int); }
  static void Write(TypedReference r, int v) { __refvalue(r, int) = v; }
  static bool IsInt(TypedReference r) { return __reftype(r) == typeof(int); }

  public static int test_5_make_and_read() { int x = 5; TypedReference r = __makeref(x); return __refvalue(r, int); }
  public static int test_9_write_through() { int x = 1; Write(__makeref(x), 9); return x; }
  public static int test_7_pass_to_method() { int x = 7; return Read(__makeref(x)); }
  public static int test_12_struct_field() { Pair p = new Pair(); TypedReference r = __makeref(p); __refvalue(r, Pair).A = 12; return p.A; }
  public static int test_3_string() { string s = "abc"; TypedReference r = __makeref(s); return __refvalue(r, string).Length; }
}
