// Instruction forms C# emits but the other suites do not reach: by-ref parameters (ldind/stind of
// every width), checked arithmetic and conversions that succeed, unsigned comparisons, switch,
// long-form locals and arguments, try/finally without a throw, unsafe pointers, stackalloc, sizeof.
using System;

struct S3 { public byte A, B, C; }

public unsafe class Opcodes {
  static void SetAll(ref sbyte a, ref byte b, ref short c, ref ushort d, ref int e, ref uint f, ref long g, ref float h, ref double i, ref string j, ref IntPtr k) {
    a = (sbyte)(a - 1); b = (byte)(b + 1); c = (short)(c - 1); d = (ushort)(d + 1); e += 1; f += 1; g += 1; h += 1; i += 1; j = j + "!"; k = k + 1;
  }
  static int Classify(int x) {
    switch (x) { case 0: return 10; case 1: return 11; case 2: return 12; case 5: return 15; default: return -1; }
  }
  static int ManyLocals(int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int a8, int a9) {
    int l0 = a0, l1 = a1, l2 = a2, l3 = a3, l4 = a4, l5 = a5, l6 = a6, l7 = a7, l8 = a8, l9 = a9;
    a9 = l0 + l1 + l2 + l3 + l4 + l5 + l6 + l7 + l8 + l9;
    return a9;
  }
  static int counter;
  static int WithFinally(int x) { try { counter += x; return counter; } finally { counter += 100; } }

  public static int test_1_ref_params() {
    sbyte a = -1; byte b = 254; short c = -1; ushort d = 65534; int e = 1; uint f = 1; long g = 1; float h = 1; double i = 1; string j = "a"; IntPtr k = IntPtr.Zero;
    SetAll(ref a, ref b, ref c, ref d, ref e, ref f, ref g, ref h, ref i, ref j, ref k);
    return a == -2 && b == 255 && c == -2 && d == 65535 && e == 2 && f == 2 && g == 2 && h == 2 && i == 2 && j == "a!" && k == (IntPtr)1 ? 1 : 0;
  }
  public static int test_1_checked_ok() {
    int x = 1000; long y = 1L << 40; uint u = 7;
    checked {
      int a = x * x + x - 1;
      long b = y * 2 + y - 1;
      uint c = u * u + u - 1;
      ulong d = (ulong)u * 3 + 1 - 1;
      byte e = (byte)(x / 4); sbyte f = (sbyte)(x / 10 - 100); short g = (short)x; ushort h = (ushort)x; int i = (int)(y >> 40); uint j = (uint)x;
      long k = (long)(ulong)u; ulong l = (ulong)(long)x; IntPtr m = (IntPtr)x; byte n = (byte)u; sbyte o = (sbyte)u; short p = (short)u; ushort q = (ushort)u; int r = (int)u;
      return a == 1000999 && b == 3 * (1L << 40) - 1 && c == 55 && d == 21 && e == 250 && f == 0 && g == 1000 && h == 1000 && j == 1000 && k == 7 && l == 1000 && (long)m == 1000 && n + o + p + q + r == 35 ? 1 : 0;
    }
  }
  public static int test_1_unsigned_compare() { uint a = 0xFFFFFFF0, b = 1; ulong c = ulong.MaxValue, d = 2; return a > b && !(a < b) && c > d && b <= a && d >= 0 ? 1 : 0; }
  public static int test_1_double_compare_nan() { double n = double.NaN; return !(n > 1) && !(n < 1) && n != n ? 1 : 0; }
  public static int test_29_switch() { return Classify(0) + Classify(1) + Classify(2) + Classify(5) + Classify(3) + Classify(-7) - 2 + 0 + 2 - 2 + 0 + 0 + 2 - 13 + 0 - 0 - 4; }
  public static int test_45_many_locals() { return ManyLocals(0, 1, 2, 3, 4, 5, 6, 7, 8, 9); }
  public static int test_105_try_finally() { counter = 0; int r = WithFinally(5); return counter; }
  public static int test_9_pointers() { int x = 4; int* p = &x; *p += 5; return *p; }
  public static int test_10_stackalloc() { int* buf = stackalloc int[4]; for (int i = 0; i < 4; i++) buf[i] = i; return buf[0] + buf[1] + buf[2] + buf[3] + 4; }
  public static int test_3_sizeof_struct() { return sizeof(S3); }
  public static int test_1_fixed_array() { int[] a = { 3, 4 }; fixed (int* p = a) { return p[1] - p[0]; } }
  public static int test_1_pointer_bytes() { long v = 0x0102030405060708; byte* b = (byte*)&v; return b[7]; }
  public static int test_6_ldarga() { return AddViaRef(1, 5); }
  static int AddViaRef(int a, int b) { Inc(ref a); return a + b - 1; }
  static void Inc(ref int x) { x++; }
  public static int test_7_rem_un() { uint a = 0xFFFFFFFF; return (int)(a % 8u); }
  public static int test_1_conv_un_to_float() { uint a = 0xFFFFFFFF; double d = a; return d == 4294967295.0 ? 1 : 0; }
}
