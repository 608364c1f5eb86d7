// Delegates: static, closed instance and virtual targets, struct and float arguments, many
// arguments (stack slots), generic delegates, delegates passed around and stored, multicast.
using System;

delegate int IntOp(int x);
delegate int BinOp(int a, int b);
delegate double FloatOp(double a, float b);
delegate long Many(int a, long b, int c, int d, int e, int f);
delegate void Sink(int x);
delegate T Maker<T>(T x);

class Acc {
  public int Total;
  public int Add(int x) { Total += x; return Total; }
  public virtual int Scale(int x) { return x * 2; }
  public static int Twice(int x) { return x * 2; }
}
class BigAcc : Acc { public override int Scale(int x) { return x * 10; } }

public class Delegates {
  static int Square(int x) { return x * x; }
  static int Sub(int a, int b) { return a - b; }
  static double Mix(double a, float b) { return a * 2 + b; }
  static long Sum6(int a, long b, int c, int d, int e, int f) { return a + b + c + d + e + f; }
  static int counter;
  static void Bump(int x) { counter += x; }
  static void BumpTen(int x) { counter += 10 * x; }
  static string Echo(string s) { return s + s; }
  static int Apply(IntOp f, int x) { return f(x); }

  public static int test_49_static() { IntOp f = Square; return f(7); }
  public static int test_7_two_args() { BinOp f = Sub; return f(10, 3); }
  public static int test_15_closed_instance() { Acc a = new Acc(); IntOp f = a.Add; f(5); return f(10); }
  public static int test_30_virtual_target() { Acc a = new BigAcc(); IntOp f = a.Scale; return f(3); }
  public static int test_8_static_method_of_other_class() { IntOp f = Acc.Twice; return f(4); }
  public static int test_7_float_args() { FloatOp f = Mix; return (int)f(2.5, 2.0f); }
  public static int test_21_six_args() { Many f = Sum6; return (int)f(1, 2, 3, 4, 5, 6); }
  public static int test_36_passed_as_argument() { return Apply(Square, 6); }
  public static int test_4_generic_delegate() { Maker<string> m = Echo; return m("ab").Length; }
  public static int test_9_generic_delegate_int() { Maker<int> m = Square; return m(3); }
  public static int test_1_delegate_is_delegate() { object o = (IntOp)Square; return o is Delegate && o is MulticastDelegate ? 1 : 0; }
  public static int test_1_null_check() { IntOp f = null; return f == null ? 1 : 0; }
}
