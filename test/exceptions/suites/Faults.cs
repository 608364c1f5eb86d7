// Runtime-raised exceptions: each fault mapping (divide by zero, INT_MIN / -1, checked arithmetic
// and conversions, array bounds, null references, bad casts) is a real exception of the mscorlib
// type, catchable by C#. Each test_N_name returns N.
using System;

class Boxy {
	public int Value;
}

public class Faults {
	static int Div(int a, int b) { return a / b; }
	static int Rem(int a, int b) { return a % b; }
	static long LDiv(long a, long b) { return a / b; }

	public static int test_1_divide_by_zero() {
		try {
			return Div(10, 0);
		} catch (DivideByZeroException) {
			return 1;
		}
	}

	public static int test_2_remainder_by_zero() {
		try {
			return Rem(10, 0);
		} catch (DivideByZeroException) {
			return 2;
		}
	}

	public static int test_3_long_divide_by_zero() {
		try {
			return (int) LDiv(10, 0);
		} catch (DivideByZeroException) {
			return 3;
		}
	}

	public static int test_4_int_min_by_minus_one_overflows() {
		try {
			return Div(int.MinValue, -1);
		} catch (OverflowException) {
			return 4;
		}
	}

	public static int test_5_checked_add_overflows() {
		int x = int.MaxValue;
		try {
			return checked(x + 1);
		} catch (OverflowException) {
			return 5;
		}
	}

	public static int test_6_checked_conversion_overflows() {
		long big = 1L << 40;
		try {
			return checked((int) big);
		} catch (OverflowException) {
			return 6;
		}
	}

	public static int test_7_index_out_of_range() {
		int[] a = new int[3];
		try {
			return a[3];
		} catch (IndexOutOfRangeException) {
			return 7;
		}
	}

	public static int test_8_negative_index() {
		int[] a = new int[3];
		int i = -1;
		try {
			a[i] = 1;
			return 0;
		} catch (IndexOutOfRangeException) {
			return 8;
		}
	}

	static int Read(Boxy b) { return b.Value; }

	public static int test_9_null_field_read() {
		try {
			return Read(null);
		} catch (NullReferenceException) {
			return 9;
		}
	}

	public static int test_10_null_array_length() {
		int[] a = null;
		try {
			return a.Length;
		} catch (NullReferenceException) {
			return 10;
		}
	}

	public static int test_11_bad_cast() {
		object o = new Boxy();
		try {
			return ((string) o).Length;
		} catch (InvalidCastException) {
			return 11;
		}
	}

	public static int test_12_negative_array_size() {
		int n = -1;
		try {
			return new int[n].Length;
		} catch (OverflowException) {
			return 12;
		}
	}

	public static int test_13_exception_is_catchable_as_base() {
		try {
			return Div(1, 0);
		} catch (ArithmeticException) {
			return 13;
		}
	}

	public static int test_14_message_from_the_clr() {
		try {
			return Div(1, 0);
		} catch (Exception e) {
			return e.Message.Length == 28 && e.Message[0] == 'A' ? 14 : 0;
		}
	}

	public static int test_15_null_throw_is_null_reference() {
		Exception e = null;
		try {
			throw e;
		} catch (NullReferenceException) {
			return 15;
		}
	}
}
