// Integer division faults: a zero divisor is DivideByZeroException, MinValue / -1 (and % -1) is
// OverflowException, for int, long and unsigned operands. Run with CLREMU_JIT_DIVIDE=hardware the
// JIT emits bare div/idiv, so each case is a real divide error (#DE) mapped by the runtime's fault
// handler; by default the JIT's explicit checks raise the same exceptions. The divisors come from
// the arguments so no compiler can fold them. Prints one line per case; the exit code counts the
// cases that behaved.
using System;

class Divide {
	static int passed;

	static void Expect(string name, Type expected, Func<long> f) {
		try {
			long v = f();
			Console.WriteLine(name + ": no exception (" + v + ")");
		} catch (Exception e) {
			bool ok = e.GetType() == expected;
			if (ok) passed++;
			Console.WriteLine(name + ": " + e.GetType().Name + (ok ? "" : " (expected " + expected.Name + ")"));
		}
	}

	static int Main(string[] args) {
		int zero = args.Length;          // 0
		int minusOne = zero - 1;         // -1
		int minInt = int.MinValue + zero;
		long minLong = long.MinValue + zero;
		uint uzero = (uint)zero;
		Type dz = typeof(DivideByZeroException), ov = typeof(OverflowException);
		Expect("int / 0", dz, () => 7 / zero);
		Expect("int % 0", dz, () => 7 % zero);
		Expect("long / 0", dz, () => 7L / zero);
		Expect("uint / 0", dz, () => 7u / uzero);
		Expect("int.MinValue / -1", ov, () => minInt / minusOne);
		Expect("int.MinValue % -1", ov, () => minInt % minusOne);
		Expect("long.MinValue / -1", ov, () => minLong / minusOne);
		Expect("int.MinValue / 1", typeof(void), () => minInt / (zero + 1));
		return passed;
	}
}
