// Static calls with many arguments (stack-passed ones), mixed int/long/double parameters, and
// calls into the class library (System.Math).
class StaticCalls {
  static long Mix(int a, long b, int c, long d, int e, long f, int g) { return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g; }
  static double Avg(double a, int b, double c, float d, double e) { return (a + b + c + d + e) / 5; }
  static int Clamp(int v, int lo, int hi) { return System.Math.Min(System.Math.Max(v, lo), hi); }
  static int Main() {
    long m = Mix(1, 2, 3, 4, 5, 6, 7);                 // 140
    int avg = (int)Avg(1.0, 2, 3.0, 4.0f, 5.0);         // 3
    return (int)(m % 256) + avg + Clamp(500, 0, 50) + System.Math.Abs(-9);
  }
}
