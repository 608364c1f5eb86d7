// Finalizers run without GC.Collect: enough finalizable garbage to trigger collections by
// allocation budget (the test runs it with a small budget), after which allocations are the
// safe points where the queued finalizers run.
class Counted {
  public static int Finalized;
  public int Id;
  ~Counted() { Finalized++; }
}

class FinalizeOnAlloc {
  static int Main() {
    Counted keep = new Counted();
    for (int i = 0; i < 100000; i++) {
      Counted c = new Counted();
      c.Id = i;
    }
    keep.Id = -1;
    // Everything but `keep` (and at most a few conservatively retained) is garbage by now.
    return Counted.Finalized > 20000 && keep.Id == -1 ? 1 : 0;
  }
}
