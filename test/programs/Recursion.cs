// Recursion: fib, Ackermann, mutual recursion, deep recursion (stack growth).
class Recursion {
  static int Fib(int n) { return n < 2 ? n : Fib(n - 1) + Fib(n - 2); }
  static int Ack(int m, int n) { return m == 0 ? n + 1 : n == 0 ? Ack(m - 1, 1) : Ack(m - 1, Ack(m, n - 1)); }
  static bool IsEven(int n) { return n == 0 ? true : IsOdd(n - 1); }
  static bool IsOdd(int n) { return n == 0 ? false : IsEven(n - 1); }
  static long Depth(int n) { return n == 0 ? 0 : 1 + Depth(n - 1); }
  static int Main() {
    int r = Fib(20) % 251;          // 6765 % 251
    r += Ack(2, 3);                 // 9
    r += IsEven(1001) ? 0 : 7;
    r += (int)(Depth(2000) % 100); // needs the stack to grow past its first pages
    return r;
  }
}
