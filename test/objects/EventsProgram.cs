// A program of delegate `+=`/`-=` and events, run under mono and under clremu: the exit code is
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
    return More.Run();
  }
}

// Generic EventHandler<T>, a virtual target, equality of delegates to one virtual method, and
// multicast delegates combined with and removed from themselves.
public class Args : EventArgs { public int N; }
class Base { public virtual int V(int x) { return x + 1; } }
class Der : Base { public override int V(int x) { return x + 2; } }
public class More {
  public event EventHandler<Args> Ticked;
  int seen;
  void OnTick(object s, Args a) { seen += a.N; }
  public static int Run() {
    var p = new More();
    p.Ticked += p.OnTick;
    p.Ticked += (s, a) => p.seen += 100 * a.N;
    p.Ticked(p, new Args { N = 2 });
    if (p.seen != 202) return 11;
    p.Ticked -= p.OnTick;
    p.Ticked(p, new Args { N = 1 });
    if (p.seen != 302) return 12;
    Base b = new Der();
    Func<int, int> f = b.V;
    f += b.V;
    f -= b.V;
    if (f(1) != 3 || f.GetInvocationList().Length != 1) return 13;
    if (f.Method.Name != "V") return 14;
    Func<int, int> g = b.V;
    if (!g.Equals(f)) return 15;
    Action a1 = null;
    a1 += () => p.seen++;
    Action a2 = a1 + a1;
    a2 += a2;
    a2();
    if (p.seen != 306) return 16;
    a2 -= a1 + a1;
    a2();
    if (p.seen != 308) return 17;
    return 100;
  }
}
