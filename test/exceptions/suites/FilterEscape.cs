// ECMA-335 §II.19: an exception raised inside a filter is swallowed and the filter's verdict is
// "do not handle"; the search goes on with the original exception. (Mono 6.8 lets the filter's
// exception propagate instead, so this suite runs under clremu only.) test_N_name returns N.
using System;

class CodeException : Exception {
	public int Code;
	public CodeException(int code) : base("code") { Code = code; }
}

public class FilterEscape {
	static int Throw(int code) {
		throw new CodeException(code);
	}

	static int finally_in_filter;

	static bool FilterWithFinally() {
		try {
			Throw(0);
		} finally {
			finally_in_filter++;
		}
		return true;
	}

	public static int test_4_exception_in_filter_means_no() {
		try {
			try {
				Throw(4);
			} catch (CodeException) when (Throw(0) == 0) {
				return 100;
			}
		} catch (CodeException e) {
			return e.Code;
		}
		return 0;
	}

	public static int test_13_finally_inside_failing_filter_runs() {
		finally_in_filter = 0;
		try {
			try {
				Throw(3);
			} catch (CodeException) when (FilterWithFinally()) {
				return 100;
			}
		} catch (CodeException e) {
			return finally_in_filter * 10 + e.Code;
		}
		return 0;
	}

	public static int test_7_catch_inside_filter_is_kept() {
		try {
			Throw(7);
		} catch (CodeException e) when (CatchesInside(e.Code)) {
			return e.Code;
		}
		return 0;
	}

	static bool CatchesInside(int code) {
		try {
			Throw(code + 1);
		} catch (CodeException inner) {
			return inner.Code == code + 1;
		}
		return false;
	}
}
