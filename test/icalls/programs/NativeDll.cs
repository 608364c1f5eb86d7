// P/Invoke into a native DLL beside the program (built by mingw-w64): loaded from the application
// directory with its DllMain run, CharSet.Unicode probing the W export first. Returns 0, or the
// number of the failed check.
using System.Runtime.InteropServices;

static class NativeDll
{
    [DllImport("nativelib")]
    static extern int add3(int a, int b, int c);

    [DllImport("nativelib.dll")]
    static extern int was_attached();

    [DllImport("nativelib", CharSet = CharSet.Unicode)]
    static extern int Count(string s);

    // An array argument makes this a marshalling stub; the double result still comes back in XMM0.
    [DllImport("nativelib", CallingConvention = CallingConvention.Cdecl)]
    static extern double sum(double[] values, int count);

    static int Main()
    {
        if (was_attached() != 1) return 1;
        if (add3(40, 1, 1) != 42) return 2;
        if (Count("four") != 4) return 3;
        double[] values = new double[3];
        values[0] = 0.5; values[1] = 1.25; values[2] = 40.25;
        if (sum(values, 3) != 42.0) return 4;
        return 0;
    }
}
