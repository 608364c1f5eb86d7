// SetLastError = true: the error kernel32 set is what Marshal.GetLastWin32Error returns.
using System;
using System.Runtime.InteropServices;

static class LastError
{
    [DllImport("kernel32", SetLastError = true)]
    static extern bool CloseHandle(long handle); // a HANDLE is 64 bits on x64

    static int Main()
    {
        if (CloseHandle(0x1234)) return 100;
        return Marshal.GetLastWin32Error();
    }
}
