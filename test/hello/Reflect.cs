// Reflection the console's code-page lookup (I18N) relies on: properties and methods by name,
// MethodInfo.Invoke, IsInstanceOfType, the executing assembly, Assembly.GetType, culture string
// comparison and Marshal.Copy. Exit code 100 when every check holds; otherwise the first failing check.
using System;
using System.Reflection;
using System.Runtime.InteropServices;

class P {
  public static int S { get { return 7; } }
  public int M(int x) { return x + 1; }
}

class Reflect {
  static int Main() {
    PropertyInfo pi = typeof(P).GetProperty("S");
    if (pi == null || (int)pi.GetGetMethod().Invoke(null, null) != 7) return 1;
    MethodInfo mi = typeof(P).GetMethod("M");
    if (mi == null || (int)mi.Invoke(new P(), new object[] { 41 }) != 42) return 2;
    if (!typeof(object).IsInstanceOfType("x") || typeof(string).IsInstanceOfType(new object())) return 3;
    if (typeof(P).Assembly != Assembly.GetExecutingAssembly()) return 4;
    if (typeof(P).Assembly.GetType("P") != typeof(P)) return 5;
    if (string.Compare("abc", "ABD", StringComparison.CurrentCultureIgnoreCase) >= 0) return 6;
    if (string.Compare("abc", "abc", StringComparison.CurrentCulture) != 0) return 7;
    IntPtr mem = Marshal.AllocHGlobal(4);
    Marshal.Copy(new byte[] { 1, 2, 3, 4 }, 0, mem, 4);
    byte[] back = new byte[4];
    Marshal.Copy(mem, back, 0, 4);
    Marshal.FreeHGlobal(mem);
    if (back[3] != 4) return 8;
    return 100;
  }
}
