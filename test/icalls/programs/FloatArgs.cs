// A blittable P/Invoke with a double in XMM0, an int in EDX and a double result in XMM0:
// the method's code is a direct jump to msvcrt!ldexp.
using System.Runtime.InteropServices;

static class FloatArgs
{
    [DllImport("msvcrt", CallingConvention = CallingConvention.Cdecl)]
    static extern double ldexp(double x, int exp);

    static int Main()
    {
        return (int)ldexp(1.5, 4);
    }
}
