// Hardware faults in JIT-compiled code become managed exceptions: a store through a null pointer
// is an access violation in managed code, caught as NullReferenceException; its finally runs.
// The exit code says which steps happened (mono gives the same).
using System;

unsafe class NullFault {
	static int trail;

	static void Store(int* p) {
		try {
			*p = 1;
		} finally {
			trail += 10;
		}
	}

	static int Load(int* p) {
		return p[3];
	}

	static int Main() {
		try {
			Store(null);
			return 1;
		} catch (NullReferenceException) {
			trail += 1;
		}
		try {
			return Load(null);
		} catch (NullReferenceException) {
			trail += 100;
		}
		return trail;
	}
}
