// An exception nobody catches, three managed frames deep: .NET Framework prints
// "Unhandled Exception: System.InvalidOperationException: boom" and the frames, then the process
// ends with 0xE0434352. Catch clauses of other types on the way do not take it.
using System;

class Unhandled {
	static void Fail() {
		throw new InvalidOperationException("boom");
	}

	static int Middle(int depth) {
		try {
			Fail();
		} catch (ArgumentException) {
			return 1;
		}
		return depth;
	}

	static int Main(string[] args) {
		return Middle(3);
	}
}
