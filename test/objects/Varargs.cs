// Vararg methods (`__arglist`, ECMA-335 §II.15.4.1.3) and ArgIterator: sums over int variadic
// arguments, none at all, more than the four register positions, mixed types (long, double,
// string, small and large structs), instance and virtual vararg methods, a method returning a
// large struct (hidden return buffer) with varargs, the handle passed on to another method,
// GetNextArgType, End and the remaining count. Float32 variadic arguments and
// GetNextArg(RuntimeTypeHandle) are in VarargsClremu.cs: mono 6.8 gets those wrong.
using System;

struct Small { public int A, B; }
struct Big { public long A, B, C; }

class Formatter {
  public int Base;
  public Formatter(int b) { Base = b; }
  public int Count(__arglist) { return Base + new ArgIterator(__arglist).GetRemainingCount(); }
  public virtual int Kind(int x, __arglist) { return 1; }
}
class LoudFormatter : Formatter {
  public LoudFormatter() : base(0) { }
  public override int Kind(int x, __arglist) {
    ArgIterator it = new ArgIterator(__arglist);
    int s = x;
    while (it.GetRemainingCount() > 0) s += __refvalue(it.GetNextArg(), int);
    return s;
  }
}

public class Varargs {
  static int Sum(int n, __arglist) {
    ArgIterator it = new ArgIterator(__arglist);
    int s = 0;
    while (it.GetRemainingCount() > 0) s += __refvalue(it.GetNextArg(), int);
    return s * 10 + n;
  }

  static int Count(__arglist) { return new ArgIterator(__arglist).GetRemainingCount(); }

  static long Mixed(__arglist) {
    ArgIterator it = new ArgIterator(__arglist);
    long total = 0;
    while (it.GetRemainingCount() > 0) {
      TypedReference r = it.GetNextArg();
      Type t = __reftype(r);
      if (t == typeof(int)) total += __refvalue(r, int);
      else if (t == typeof(long)) total += __refvalue(r, long);
      else if (t == typeof(double)) total += (long)(__refvalue(r, double) * 10);
      else if (t == typeof(float)) total += (long)(__refvalue(r, float) * 100);
      else if (t == typeof(string)) total += __refvalue(r, string).Length * 1000;
      else if (t == typeof(Small)) { Small s = __refvalue(r, Small); total += s.A * 10000 + s.B * 100000; }
      else if (t == typeof(Big)) { Big b = __refvalue(r, Big); total += b.A + b.B + b.C; }
      else return -1;
    }
    return total;
  }

  static Big MakeBig(int k, __arglist) {
    ArgIterator it = new ArgIterator(__arglist);
    Big b = new Big();
    b.A = k;
    if (it.GetRemainingCount() > 0) b.B = __refvalue(it.GetNextArg(), long);
    if (it.GetRemainingCount() > 0) b.C = __refvalue(it.GetNextArg(), long);
    return b;
  }

  static int SumHandle(RuntimeArgumentHandle h) {
    ArgIterator it = new ArgIterator(h);
    int s = 0;
    while (it.GetRemainingCount() > 0) s += __refvalue(it.GetNextArg(), int);
    return s;
  }
  static int Forward(__arglist) { return SumHandle(__arglist) + 1; }

  static int Types(__arglist) {
    ArgIterator it = new ArgIterator(__arglist);
    int code = 0;
    while (it.GetRemainingCount() > 0) {
      RuntimeTypeHandle h = it.GetNextArgType();
      code = code * 10 + (Type.GetTypeFromHandle(h) == typeof(string) ? 2 : Type.GetTypeFromHandle(h) == typeof(int) ? 1 : 9);
      it.GetNextArg();
    }
    return code;
  }

  static int Ended(__arglist) {
    ArgIterator it = new ArgIterator(__arglist);
    it.GetNextArg();
    it.End();
    return it.GetRemainingCount();
  }

  public static int test_63_three_ints() { return Sum(3, __arglist(1, 2, 3)); }
  public static int test_7_no_variadic_arguments() { return Sum(7, __arglist()); }
  public static int test_553_past_the_register_positions() { return Sum(3, __arglist(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)); }
  public static int test_0_count_none() { return Count(__arglist()); }
  public static int test_5_count_five() { return Count(__arglist(1, "a", 2.0, 3L, 'c')); }
  public static int test_7_ints_and_long() { return (int)Mixed(__arglist(1, 2, 4L)); }
  public static int test_25_doubles_in_register_positions() { return (int)Mixed(__arglist(1.5, 1.0)); }
  public static int test_3000_strings() { return (int)Mixed(__arglist("ab", "c")); }
  public static int test_230000_small_struct() { Small s; s.A = 3; s.B = 2; return (int)Mixed(__arglist(s)); }
  public static int test_600_big_struct_by_reference() { Big b; b.A = 100; b.B = 200; b.C = 300; return (int)Mixed(__arglist(b)); }
  public static int test_284_everything_past_the_registers() {
    Small s; s.A = 0; s.B = 0; Big b; b.A = 1; b.B = 2; b.C = 3;
    return (int)Mixed(__arglist(s, 1, 0.2, b, "x", 2L, 0.15, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50)) - 2000;
  }
  public static int test_42_return_buffer_and_varargs() { Big b = MakeBig(2, __arglist(30L, 10L)); return (int)(b.A + b.B + b.C); }
  public static int test_12_instance_vararg() { return new Formatter(10).Count(__arglist(1, 2)); }
  public static int test_16_virtual_vararg() { Formatter f = new LoudFormatter(); return f.Kind(10, __arglist(1, 2, 3)); }
  public static int test_1_base_virtual_vararg() { return new Formatter(0).Kind(1, __arglist(1)); }
  public static int test_7_handle_passed_on() { return Forward(__arglist(1, 2, 3)); }
  public static int test_121_next_arg_type() { return Types(__arglist(1, "s", 2)); }
  public static int test_0_end() { return Ended(__arglist(1, 2, 3)); }
}
