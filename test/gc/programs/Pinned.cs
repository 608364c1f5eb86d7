// `fixed`: the array is reachable only through a pinned interior pointer while garbage is
// allocated around it (under GC stress every allocation collects); it must neither die nor move.
class Pinned {
  static unsafe int Main() {
    int[] data = new int[256];
    for (int i = 0; i < data.Length; i++) data[i] = i * 3;
    long sum = 0;
    fixed (int* p = data) {
      data = null;
      for (int round = 0; round < 50; round++) {
        int[] garbage = new int[100 + round];
        garbage[0] = round;
      }
      for (int i = 0; i < 256; i++) sum += p[i];
      p[0] = 7;
    }
    return (int)(sum % 251);
  }
}
