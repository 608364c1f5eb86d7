// Boxing and unboxing of primitives, enums and structs; value types end to end.
using System;
using System.Runtime.InteropServices;

enum Color : byte { Red = 1, Green = 2, Blue = 200 }
enum Big : long { Huge = 0x100000000L }

struct Point {
  public int X, Y;
  public Point(int x, int y) { X = x; Y = y; }
  public int Sum() { return X + Y; }
  public override int GetHashCode() { return X * 31 + Y; }
}

struct Wide {
  public long A; public long B; public double C; public string S;
  public Wide(long a, long b, double c, string s) { A = a; B = b; C = c; S = s; }
}

struct Tiny { public byte B; }
[StructLayout(LayoutKind.Explicit)] struct Overlay { [FieldOffset(0)] public int I; [FieldOffset(0)] public byte Low; [FieldOffset(2)] public short High; }
[StructLayout(LayoutKind.Sequential, Pack = 1)] struct Packed { public byte A; public int B; }

class Holder { public Point P; public Wide W; public int N; }

public class Boxing {
  static object BoxInt(int x) { return x; }
  static Wide MakeWide(long a) { return new Wide(a, a * 2, 1.5, "s"); }
  static long WideSum(Wide w) { return w.A + w.B + (long)w.C; }
  static Point Swap(Point p) { return new Point(p.Y, p.X); }

  public static int test_42_box_unbox_int() { object o = 42; return (int)o; }
  public static int test_7_box_long() { object o = 7L; return (int)(long)o; }
  public static int test_3_box_double() { object o = 3.25; return (int)(double)o; }
  public static int test_1_box_bool() { object o = true; return (bool)o ? 1 : 0; }
  public static int test_65_box_char() { object o = 'A'; return (char)o; }
  public static int test_5_box_via_call() { return (int)BoxInt(5); }
  public static int test_1_is_int() { object o = 5; return o is int ? 1 : 0; }
  public static int test_0_is_not_long() { object o = 5; return o is long ? 1 : 0; }
  public static int test_1_as_string_null() { object o = 5; return (o as string) == null ? 1 : 0; }
  public static int test_200_enum_underlying() { Color c = Color.Blue; return (int)c; }
  public static int test_2_box_enum() { object o = Color.Green; return (int)(Color)o; }
  public static int test_1_enum_is() { object o = Color.Red; return o is Color ? 1 : 0; }
  public static int test_1_long_enum() { Big b = Big.Huge; return (int)((long)b >> 32); }
  public static int test_30_struct_local() { Point p = new Point(10, 20); return p.X + p.Y; }
  public static int test_30_struct_method() { Point p = new Point(10, 20); return p.Sum(); }
  public static int test_21_struct_pass_return() { Point p = Swap(new Point(1, 2)); return p.X * 10 + p.Y; }
  public static int test_34_struct_box_unbox() { object o = new Point(3, 4); Point q = (Point)o; return q.X * 10 + q.Y; }
  public static int test_97_struct_virtual_on_box() { object o = new Point(3, 4); return o.GetHashCode(); }
  public static int test_97_struct_constrained() { Point p = new Point(3, 4); return p.GetHashCode(); }
  public static int test_32_wide_struct() { Wide w = MakeWide(10); return (int)WideSum(w) + w.S.Length; }
  public static int test_10_wide_box() { object o = MakeWide(10); Wide w = (Wide)o; return (int)w.A; }
  public static int test_12_struct_field_of_class() {
    Holder h = new Holder(); h.P = new Point(5, 7); h.W = MakeWide(3); h.N = 1;
    return h.P.X + h.P.Y;
  }
  public static int test_9_struct_field_ref_in_class() {
    Holder h = new Holder(); h.W = MakeWide(3);
    return (int)(h.W.A + h.W.B);
  }
  public static int test_9_struct_array() {
    Point[] a = new Point[3];
    for (int i = 0; i < 3; i++) a[i] = new Point(i, i + 1);
    int s = 0; foreach (Point p in a) s += p.Sum();
    return s - 0;
  }
  public static int test_11_struct_array_field_write() {
    Point[] a = new Point[2]; a[1].X = 11; return a[1].X + a[0].X;
  }
  public static int test_3_tiny_struct() { Tiny t; t.B = 3; object o = t; return ((Tiny)o).B; }
  public static int test_0_default_struct() { Point p = default(Point); return p.X | p.Y; }
  public static int test_1_box_equals() { object a = 5; object b = 5; return a.Equals(b) ? 1 : 0; }
  public static int test_7_nullable_box_has_value() { int? n = 7; object o = n; return (int)o; }
  public static int test_1_nullable_box_null() { int? n = null; object o = n; return o == null ? 1 : 0; }
  public static int test_8_nullable_unbox() { object o = 8; int? n = (int?)o; return n.HasValue ? n.Value : -1; }
  public static int test_1_nullable_unbox_null() { object o = null; int? n = (int?)o; return n.HasValue ? 0 : 1; }
  public static int test_9_nullable_as() { object o = 9; int? n = o as int?; return n ?? -1; }
  public static int test_1_nullable_as_wrong_type() { object o = "x"; int? n = o as int?; return n.HasValue ? 0 : 1; }
  public static int test_34_nullable_struct() { Point? p = new Point(3, 4); object o = p; Point q = (Point)o; return q.X * 10 + q.Y; }
  public static int test_1_explicit_overlay() { Overlay o = new Overlay(); o.I = 0x00050001; return o.Low == 1 && o.High == 5 ? 1 : 0; }
  public static int test_5_packed_size() { unsafe { return sizeof(Packed); } }
  public static int test_9_packed_fields() { Packed p; p.A = 4; p.B = 5; object o = p; Packed q = (Packed)o; return q.A + q.B; }
  public static int test_5_unbox_to_enum_underlying() { object o = (Color)5; return (byte)o; }
}
