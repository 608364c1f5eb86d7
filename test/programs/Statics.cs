// Static fields of several types, initialisers (beforefieldinit), an explicit static constructor
// (precise: runs at first access from another class), and statics shared between methods.
class Counter {
  public static int Count;
  public static long Total = 1000;
  static Counter() { Count = 10; }
  public static void Add(int n) { Count++; Total += n; }
}
class Statics {
  static int seed = 7;
  static double scale = 0.5;
  static byte small = 200;
  static int Next() { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % 100; }
  static int Main() {
    int s = 0;
    for (int i = 0; i < 5; i++) s += Next();
    Counter.Add(5); Counter.Add(6);
    small += 100;
    return (s + Counter.Count + (int)(Counter.Total % 100) + (int)(scale * 10) + small) & 0xff;
  }
}
