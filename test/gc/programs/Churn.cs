// The acceptance workload: about 2 GB allocated in total while a ring of 2,500 arrays of 4 KB
// (about 10 MB) stays live. Each evicted array must still hold what was written into it.
// With any argument it runs a small version (ring of 100, 600 arrays) for GC stress mode.
class Churn {
  const int Elements = 1000;

  static int Main(string[] args) {
    bool small = args.Length > 0;
    int Ring = small ? 100 : 2500;
    int count = small ? 600 : 540000;
    int[][] ring = new int[Ring][];
    long total = 0;
    int bad = 0;
    int n = 0;
    // 4,032 bytes per array: 540,000 arrays is about 2.03 GiB.
    for (int i = 0; i < count; i++) {
      int[] a = new int[Elements];
      a[0] = i;
      a[Elements - 1] = ~i;
      int slot = i % Ring;
      int[] old = ring[slot];
      if (old != null) {
        if (old[0] != i - Ring || old[Elements - 1] != ~(i - Ring)) bad++;
        n++;
      }
      ring[slot] = a;
      total += Elements * 4 + 32;
    }
    if (bad != 0) return 1;
    if (!small && total < 2000000000L) return 2;
    return n % 200;
  }
}
