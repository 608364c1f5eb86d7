// Environment.CurrentDirectory reaches MonoIO.GetCurrentDirectory, which asks kernel32 — the same
// answer a P/Invoke of GetCurrentDirectoryW gives. Returns 0, or the number of the failed check.
using System;
using System.Runtime.InteropServices;

static class CurrentDirectory
{
    [DllImport("kernel32")]
    static extern int GetCurrentDirectoryW(int size, IntPtr buffer);

    static int Main()
    {
        string dir = Environment.CurrentDirectory;
        if (dir.Length == 0) return 1;
        if (dir.Length != GetCurrentDirectoryW(0, IntPtr.Zero) - 1) return 2;
        return 0;
    }
}
