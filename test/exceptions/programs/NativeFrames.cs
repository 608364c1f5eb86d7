// Exceptions crossing native frames. A delegate is marshalled to native code as a function
// pointer; native code (callbacks.dll, mingw C) calls it; the managed callback throws; the
// exception crosses the native frames and is caught by the managed caller above them, running
// the finally blocks on both sides of the native frames, innermost first. A Windows SEH exception
// raised by native code reaches managed code as SEHException (as on .NET Framework).
using System;
using System.Runtime.InteropServices;

class NativeFrames {
	[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
	delegate int Callback(int x);

	[DllImport("callbacks.dll", CallingConvention = CallingConvention.Cdecl)]
	static extern int apply_twice(Callback cb, int x);

	[DllImport("callbacks.dll", CallingConvention = CallingConvention.Cdecl)]
	static extern int apply_deep(Callback cb, int x);

	[DllImport("callbacks.dll", CallingConvention = CallingConvention.Cdecl)]
	static extern void raise_error(uint code);

	static int Double(int x) { return x * 2; }

	int calls;
	int Count(int x) { calls++; return x + calls; }

	static int Thrower(int x) {
		try {
			if (x > 5) throw new InvalidOperationException("thrown in a callback of " + x);
			return x + 1;
		} finally {
			Console.WriteLine("callback finally " + x);
		}
	}

	static int Through(int x) {
		try {
			return apply_deep(Thrower, x);
		} finally {
			Console.WriteLine("caller finally");
		}
	}

	static int Main() {
		Console.WriteLine("static: " + apply_twice(Double, 3));
		NativeFrames o = new NativeFrames();
		Callback counter = o.Count;
		Console.WriteLine("instance: " + apply_twice(counter, 10) + " after " + o.calls + " calls");
		Console.WriteLine("no throw: " + Through(1));
		try {
			Through(5);
			Console.WriteLine("not caught");
		} catch (InvalidOperationException e) {
			Console.WriteLine("caught: " + e.Message);
		}
		try {
			raise_error(0xE0001234);
			Console.WriteLine("not raised");
		} catch (SEHException e) {
			Console.WriteLine("caught " + e.GetType().Name + ": " + e.Message);
		} finally {
			Console.WriteLine("seh finally");
		}
		return 0;
	}
}
