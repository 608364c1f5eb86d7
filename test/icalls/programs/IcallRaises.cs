// An exception an internal call raises is catchable by its caller: PtrToStringAnsi reads through
// a wild pointer, the icall's guard turns the fault into a NullReferenceException.
using System;
using System.Runtime.InteropServices;

static class IcallRaises
{
    static int Main()
    {
        try
        {
            Marshal.PtrToStringAnsi((IntPtr)16);
            return 1;
        }
        catch (NullReferenceException)
        {
            return 0;
        }
    }
}
