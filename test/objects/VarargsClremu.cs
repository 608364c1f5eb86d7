// Vararg forms run under clremu only, because mono 6.8 (amd64) gets them wrong: float32 variadic
// arguments (mono's ArgIterator sees each as two arguments, the second zero, and loses the
// last ones: (2.5f, 0.25f, 10.0f) sums to 275, not 1275), and GetNextArg(RuntimeTypeHandle),
// which never returns under mono when an argument of another type precedes the wanted one.
using System;

public class VarargsClremu {
  static long Floats(__arglist) {
    ArgIterator it = new ArgIterator(__arglist);
    long total = 0;
    while (it.GetRemainingCount() > 0) {
      TypedReference r = it.GetNextArg();
      if (__reftype(r) == typeof(float)) total += (long)(__refvalue(r, float) * 100);
      else if (__reftype(r) == typeof(double)) total += (long)(__refvalue(r, double) * 10000);
      else return -1;
    }
    return total;
  }

  static int OnlyLongs(__arglist) {
    ArgIterator it = new ArgIterator(__arglist);
    long s = 0;
    // Typed access skips the arguments of other types.
    s += __refvalue(it.GetNextArg(typeof(long).TypeHandle), long);
    s += __refvalue(it.GetNextArg(typeof(long).TypeHandle), long) * 10;
    return (int)s;
  }

  static int Missing(__arglist) {
    ArgIterator it = new ArgIterator(__arglist);
    TypedReference r = it.GetNextArg(typeof(long).TypeHandle);
    // No argument of that type: an empty typed reference, and the iterator is at the end.
    return (__reftype(r) == null ? 1 : 0) + it.GetRemainingCount();
  }

  public static int test_1275_floats() { return (int)Floats(__arglist(2.5f, 0.25f, 10.0f)); }
  public static int test_31275_floats_and_doubles_in_registers() { return (int)Floats(__arglist(2.5f, 3.0, 0.25f, 10.0f)); }
  public static int test_1375_floats_on_the_stack() { return (int)Floats(__arglist(0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 2.5f, 10.0f)); }
  public static int test_35_typed_access_skips() { return OnlyLongs(__arglist(1, 5L, "s", 3L)); }
  public static int test_1_typed_access_missing() { return Missing(__arglist(1, "s")); }
}
