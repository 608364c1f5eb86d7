// Exception dispatch basics: throw/catch by type, finally ordering, filters with side effects,
// rethrow, nested try in handlers, exceptions crossing many frames. Each test_N_name returns N.
using System;

class MyException : Exception {
	public int Code;
	public MyException(int code) : base("my exception") { Code = code; }
}

class OtherException : Exception {
	public OtherException() : base("other") { }
}

public class Basic {
	static int Thrower(int code) {
		throw new MyException(code);
	}

	public static int test_7_catch_own_type() {
		try {
			Thrower(7);
		} catch (MyException e) {
			return e.Code;
		}
		return 0;
	}

	public static int test_3_catch_base_type() {
		try {
			Thrower(3);
		} catch (Exception e) {
			return ((MyException) e).Code;
		}
		return 0;
	}

	public static int test_2_skip_unrelated_catch() {
		try {
			try {
				Thrower(2);
			} catch (OtherException) {
				return 100;
			}
		} catch (MyException e) {
			return e.Code;
		}
		return 0;
	}

	public static int test_123_finally_order() {
		int trail = 0;
		try {
			try {
				try {
					Thrower(1);
				} finally {
					trail = trail * 10 + 1;
				}
			} finally {
				trail = trail * 10 + 2;
			}
		} catch (MyException) {
			trail = trail * 10 + 3;
		}
		return trail;
	}

	static int depth_trail;

	static void Deep(int n) {
		try {
			if (n == 0) throw new MyException(42);
			Deep(n - 1);
		} finally {
			depth_trail++;
		}
	}

	public static int test_42_cross_many_frames() {
		depth_trail = 0;
		try {
			Deep(50);
		} catch (MyException e) {
			if (depth_trail != 51) return -depth_trail;
			return e.Code;
		}
		return 0;
	}

	static int filter_calls;

	static bool Note(bool verdict) {
		filter_calls++;
		return verdict;
	}

	public static int test_21_filter_side_effects() {
		filter_calls = 0;
		int trail = 0;
		try {
			try {
				Thrower(5);
			} catch (MyException e) when (Note(e.Code == 6)) {
				return 100;
			} finally {
				trail = 1;
			}
		} catch (MyException e) when (Note(e.Code == 5)) {
			// Both filters ran in the first pass, before the finally ran in the second.
			return filter_calls * 10 + trail;
		}
		return 0;
	}

	static int filter_saw_finally;

	public static int test_1_filter_runs_before_finally() {
		filter_saw_finally = -1;
		int state = 0;
		try {
			try {
				Thrower(1);
			} finally {
				state = 1;
			}
		} catch (MyException) when (Record(state)) {
		}
		return filter_saw_finally == 0 ? 1 : 0;
	}

	static bool Record(int s) {
		filter_saw_finally = s;
		return true;
	}

	public static int test_9_rethrow() {
		int trail = 0;
		try {
			try {
				Thrower(9);
			} catch (MyException) {
				trail++;
				throw;
			}
		} catch (MyException e) {
			return trail == 1 ? e.Code : -1;
		}
		return 0;
	}

	public static int test_11_throw_from_catch_handler() {
		try {
			try {
				Thrower(1);
			} catch (MyException) {
				throw new OtherException();
			}
		} catch (OtherException) {
			return 11;
		}
		return 0;
	}

	public static int test_6_nested_try_in_catch_handler() {
		int trail = 0;
		try {
			Thrower(1);
		} catch (MyException) {
			try {
				Thrower(2);
			} catch (MyException e) {
				trail = e.Code;
			}
			trail += 4;
		}
		return trail;
	}

	public static int test_5_nested_try_in_finally() {
		int trail = 0;
		try {
			try {
				Thrower(1);
			} finally {
				try {
					Thrower(2);
				} catch (MyException e) {
					trail = e.Code + 3;
				}
			}
		} catch (MyException e) {
			return trail + e.Code - 1;
		}
		return 0;
	}

	public static int test_8_throw_from_finally_replaces_exception() {
		try {
			try {
				Thrower(1);
			} finally {
				throw new OtherException();
			}
		} catch (MyException) {
			return 1;
		} catch (OtherException) {
			return 8;
		}
	}

	public static int test_11_continue_through_finally() {
		int total = 0;
		for (int i = 0; i < 3; i++) {
			try {
				if (i == 1) continue;
				total += i;
			} finally {
				total += 3;
			}
		}
		return total;
	}

	public static int test_1_catch_after_return_in_callee_finally() {
		try {
			return Helper();
		} catch (Exception) {
			return 100;
		}
	}

	static int Helper() {
		try {
			return 1;
		} finally {
			depth_trail = 0;
		}
	}

	public static int test_17_message_kept() {
		try {
			Thrower(17);
		} catch (Exception e) {
			return e.Message == "my exception" ? ((MyException) e).Code : 0;
		}
		return 0;
	}

	public static int test_500_many_throws_in_a_loop() {
		int caught = 0;
		for (int i = 0; i < 500; i++) {
			try {
				Thrower(i);
			} catch (MyException e) {
				if (e.Code == i) caught++;
			}
		}
		return caught;
	}

	public static int test_1001_cross_a_thousand_frames_with_finally() {
		depth_trail = 0;
		try {
			Deep(1000);
		} catch (MyException) {
			return depth_trail;
		}
		return 0;
	}

	public static int test_3_throw_from_finally_during_unwind_caught_outside() {
		int trail = 0;
		try {
			try {
				try {
					Thrower(1);
				} finally {
					trail++;
					Thrower(2);
				}
			} finally {
				trail++;
			}
		} catch (MyException e) {
			return trail + e.Code - 1;
		}
		return 0;
	}
}
