// The boot trace sample: Main calls two static methods, one of them twice, so the trace shows
// prestub → jit → backpatch once per method and a call site patched.
class Boot {
  static int Square(int x) { return x * x; }
  static int Twice(int x) { return Square(x) + Square(x); }
  static int Main() { return Twice(3) + Square(2); }
}
