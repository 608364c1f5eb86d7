// Unbounded recursion in managed code: a stack overflow is not catchable (.NET Framework 2.0 and
// later), so neither the catch nor the finally below runs; the process fails fast with .NET
// Framework's message on stderr and exit code 0xC00000FD. Output before the overflow is kept.
using System;

class Overflow {
	static int Recurse(int depth) {
		return Recurse(depth + 1) + 1;
	}

	static int Main() {
		Console.WriteLine("before");
		try {
			return Recurse(0);
		} catch (Exception) {
			Console.WriteLine("caught");
			return 1;
		} finally {
			Console.WriteLine("finally");
		}
	}
}
