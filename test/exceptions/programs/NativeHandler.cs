// A managed exception thrown in a callback whose native caller has a language handler (guarded.c):
// the callback runs and returns normally through it, then a throw stops at that frame with a
// named error instead of skipping the native cleanup.
using System;
using System.Runtime.InteropServices;

class NativeHandler {
	[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
	delegate int Callback(int x);

	[DllImport("guarded.dll", CallingConvention = CallingConvention.Cdecl)]
	static extern int apply_guarded(Callback cb, int x);

	static int Twice(int x) { return 2 * x; }

	static int Fail(int x) { throw new InvalidOperationException("through a native cleanup"); }

	static int Main() {
		Console.WriteLine("returned: " + apply_guarded(Twice, 20));
		try {
			apply_guarded(Fail, 1);
		} catch (InvalidOperationException) {
			Console.WriteLine("caught");
		}
		return 0;
	}
}
