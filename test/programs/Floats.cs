// float and double arithmetic, comparisons with NaN, conversions both ways.
class Floats {
  static double Poly(double x) { return ((2.5 * x - 1.25) * x + 0.5) * x - 3.0; }
  static int Main() {
    double d = 0; for (int i = 1; i <= 10; i++) d += 1.0 / i;     // harmonic
    float f = 1.5f; f = f * f * f;                               // 3.375
    double nan = 0.0 / 0.0;
    int r = (int)(d * 1000) % 200;
    r += (int)(f * 8);                                           // 27
    r += nan == nan ? 100 : 0;
    r += nan != nan ? 3 : 0;
    r += (int)Poly(3.0) % 50;
    r += (int)(long)(-2.75) + (int)(uint)3.99;
    r += (double)(float)0.1 == 0.1 ? 50 : 5;
    r += (int)(7.5 % 2.0 * 10);                                  // 15
    return r & 0xff;
  }
}
