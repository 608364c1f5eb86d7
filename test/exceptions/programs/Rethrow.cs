// `rethrow` keeps the stack trace the exception was caught with; `throw ex;` starts a new one.
// The exception ends unhandled, so the runtime prints its stack trace: with "rethrow" the trace
// runs from Fail through Middle (where it was caught and rethrown) to Main; with "throwex" it
// starts at Middle. NoInlining keeps mono from folding the small methods into their callers.
using System;
using System.Runtime.CompilerServices;

class Rethrow {
	static bool keep;

	[MethodImpl(MethodImplOptions.NoInlining)]
	static void Fail() {
		throw new InvalidOperationException("boom");
	}

	[MethodImpl(MethodImplOptions.NoInlining)]
	static void Inner() {
		Fail();
	}

	[MethodImpl(MethodImplOptions.NoInlining)]
	static void Middle() {
		try {
			Inner();
		} catch (InvalidOperationException ex) {
			if (keep) throw;
			throw ex;
		}
	}

	[MethodImpl(MethodImplOptions.NoInlining)]
	static void Outer() {
		Middle();
	}

	[MethodImpl(MethodImplOptions.NoInlining)]
	static void Main(string[] args) {
		keep = args.Length > 0 && args[0] == "rethrow";
		Outer();
	}
}
