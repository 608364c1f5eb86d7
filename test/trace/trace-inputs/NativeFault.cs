// A fault inside a native DLL called by P/Invoke: faultdll.dll's read_through given a bad pointer.
using System;
using System.Runtime.InteropServices;

namespace Crash
{
    class NativeFault
    {
        [DllImport("faultdll.dll", EntryPoint = "read_through")]
        static extern int ReadThrough(IntPtr p);

        static int Main()
        {
            return ReadThrough(new IntPtr(0x12345678));
        }
    }
}
