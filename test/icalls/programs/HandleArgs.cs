// Arrays of blittable elements pass a pointer to their elements (in and out); a SafeHandle
// passes its handle. Returns 0, or the number of the failed check.
using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

static class HandleArgs
{
    [DllImport("msvcrt", CallingConvention = CallingConvention.Cdecl)]
    static extern IntPtr memset(byte[] dest, int c, long count);

    [DllImport("kernel32")]
    static extern IntPtr GetStdHandle(int which);

    [DllImport("kernel32")]
    static extern int GetFileType(SafeFileHandle handle);

    static int Main(string[] args)
    {
        byte[] bytes = new byte[4];
        memset(bytes, 7, 3);
        if (bytes[0] != 7 || bytes[2] != 7 || bytes[3] != 0) return 1;
        SafeFileHandle output = new SafeFileHandle(GetStdHandle(-11), false);
        if (GetFileType(output) != 2) return 2;
        if (args.Length > 0)
        {
            output.Close();
            return GetFileType(output);
        }
        return 0;
    }
}
