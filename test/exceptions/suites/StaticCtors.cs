// Exceptions from static constructors arrive as a TypeInitializationException wrapping them,
// at the first access and again at every later one; finally blocks inside the constructor run.
// The accesses sit in methods of their own so that a runtime which runs the constructor while
// compiling the caller still compiles each test. Each test_N_name returns N.
using System;

class Failing {
	public static int Field;
	static Failing() {
		Field = 1;
		throw new InvalidOperationException("cctor failed");
	}
}

class FailingWithFinally {
	public static int Field;
	public static int Trail;
	static FailingWithFinally() {
		try {
			throw new InvalidOperationException("cctor failed");
		} finally {
			StaticCtors.finally_ran = 1;
		}
	}
}

public class StaticCtors {
	public static int finally_ran;

	static int ReadFailing() { return Failing.Field; }
	static int ReadFailingWithFinally() { return FailingWithFinally.Field; }

	public static int test_15_wrapped_in_type_initialization_exception() {
		try {
			return ReadFailing();
		} catch (TypeInitializationException e) {
			return e.InnerException is InvalidOperationException ? 15 : 1;
		}
	}

	public static int test_16_failure_repeats() {
		int caught = 0;
		for (int i = 0; i < 2; i++) {
			try {
				caught += ReadFailing();
			} catch (TypeInitializationException) {
				caught += 8;
			}
		}
		return caught;
	}

	public static int test_3_finally_in_constructor_runs() {
		try {
			return ReadFailingWithFinally();
		} catch (TypeInitializationException) {
			return finally_ran + 2;
		}
	}
}
