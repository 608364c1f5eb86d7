// An exception leaving a finalizer is unhandled, as on .NET Framework: the report names the
// finalizer and the process ends with 0xE0434352 (Main's return value is never reached).
using System;
class Bad {
	~Bad() { throw new InvalidOperationException("from finalizer"); }
}
class FinalizerThrows {
	static int Main() {
		for (int i = 0; i < 100; i++) new Bad();
		GC.Collect();
		GC.WaitForPendingFinalizers();
		int[][] junk = new int[1000][];
		for (int i = 0; i < 1000; i++) junk[i] = new int[100];
		return 3;
	}
}
