// Stack traces recorded at throw: test_0_capture leaves the caught exception in `Caught`, whose
// `_stackTrace` must hold the IPs of Traces.Inner, Traces.Outer(Int32 n) and Traces.test_0_capture.
using System;

public class Traces {
	public static Exception Caught;

	static void Inner() {
		throw new InvalidOperationException("traced");
	}

	static int Outer(int n) {
		Inner();
		return n;
	}

	public static int test_0_capture() {
		try {
			Outer(1);
		} catch (Exception e) {
			Caught = e;
		}
		return Caught != null ? 0 : 1;
	}
}
