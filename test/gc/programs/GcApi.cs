// The collector's managed surface: GC.Collect with finalizers, WaitForPendingFinalizers,
// SuppressFinalize and GC.GetTotalMemory (WeakReference and GCHandle need struct support in the
// runtime's JIT host; the handle table is tested at the TypeScript level). Each check sets a bit
// of the exit code.
using System;
using System.Runtime.CompilerServices;

class Finalizable {
  public static int Finalized;
  public int Id;
  ~Finalizable() { Finalized++; }
}

class GcApi {
  [MethodImpl(MethodImplOptions.NoInlining)]
  static void MakeGarbage(int n) {
    for (int i = 0; i < n; i++) {
      Finalizable f = new Finalizable();
      f.Id = i;
    }
  }

  [MethodImpl(MethodImplOptions.NoInlining)]
  static void MakeSuppressed(int n) {
    for (int i = 0; i < n; i++) GC.SuppressFinalize(new Finalizable());
  }

  static int Main() {
    int result = 0;
    MakeGarbage(100);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    if (Finalizable.Finalized >= 90) result |= 1;

    int before = Finalizable.Finalized;
    MakeSuppressed(50);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    if (Finalizable.Finalized == before) result |= 2;

    if (GC.GetTotalMemory(true) > 0) result |= 4;
    return result;
  }
}
