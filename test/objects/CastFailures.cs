// Casts that must fail: each case (chosen by the number of arguments, 1–6) ends in an unhandled exception.
using System;

class Base { } class Derived : Base { } interface IFoo { }

public class CastFailures {
  static int Run(int which) {
    object boxedInt = 5;
    object b = new Base();
    switch (which) {
      case 1: return (int)(long)boxedInt;
      case 2: return ((Derived)b) == null ? 1 : 0;
      case 3: return ((IFoo)b) == null ? 1 : 0;
      case 4: { object[] a = new string[1]; a[0] = b; return 1; }
      case 5: { object o = null; return (int)o; }
      case 6: { object a = new int[1]; return ((uint[])a).Length + ((long[])a).Length; }
    }
    return 100;
  }

  public static int Main(string[] args) { return Run(args.Length); }
}
