// Primitive arrays of every element size: fill, sum, bubble sort, bounds from ldlen.
class Arrays {
  static void Sort(int[] a) {
    for (int i = 0; i < a.Length; i++)
      for (int j = 0; j + 1 < a.Length - i; j++)
        if (a[j] > a[j + 1]) { int t = a[j]; a[j] = a[j + 1]; a[j + 1] = t; }
  }
  static int Main() {
    int[] a = new int[20];
    for (int i = 0; i < a.Length; i++) a[i] = (i * 37) % 23;
    Sort(a);
    int ok = 1;
    for (int i = 1; i < a.Length; i++) if (a[i - 1] > a[i]) ok = 0;
    byte[] b = new byte[300]; for (int i = 0; i < b.Length; i++) b[i] = (byte)i;
    short[] s = new short[4]; s[2] = -5;
    long[] l = new long[3]; l[1] = 1L << 40;
    double[] d = new double[2]; d[0] = 2.5; d[1] = d[0] * 4;
    char[] c = new char[3]; c[0] = 'x';
    bool[] f = new bool[2]; f[1] = true;
    int sum = 0; foreach (byte x in b) sum += x;
    return (ok * 100 + sum % 50 + s[2] + (int)(l[1] >> 38) + (int)d[1] + c[0] % 10 + (f[1] ? 1 : 0) + a[19]) & 0xff;
  }
}
