// A program of delegate `+=`/`-=` and an event, run under mono and under clremu: the exit code is
// 100 when every invocation ran in order and returned the last result, and a failing step otherwise.
using System;
public delegate int D(int x);
public class Pub {
  public event D E;
  public int Fire(int x) { return E == null ? -1 : E(x); }
}
public class P {
  static int log;
  static int A(int x) { log = log * 10 + 1; return x + 1; }
  static int B(int x) { log = log * 10 + 2; return x + 2; }
  public static int Main() {
    D d = A;
    d += B;
    int r = d(10);
    if (r != 12 || log != 12) return 1;
    if (d.GetInvocationList().Length != 2) return 2;
    d -= A;
    log = 0;
    r = d(10);
    if (r != 12 || log != 2) return 3;
    var p = new Pub();
    p.E += A; p.E += B; p.E += A;
    log = 0;
    if (p.Fire(1) != 2 || log != 121) return 4;
    p.E -= A;
    log = 0;
    if (p.Fire(1) != 3 || log != 12) return 5;
    p.E -= A; p.E -= B;
    if (p.Fire(1) != -1) return 6;
    return 100;
  }
}
