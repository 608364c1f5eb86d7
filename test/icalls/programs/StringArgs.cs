// P/Invokes with string arguments: ANSI (msvcrt!strlen), Unicode (msvcrt!wcslen) and
// CharSet.Auto with W probing (kernel32!SetEnvironmentVariableW/GetEnvironmentVariableW).
using System;
using System.Runtime.InteropServices;

static class StringArgs
{
    [DllImport("msvcrt", CharSet = CharSet.Ansi, CallingConvention = CallingConvention.Cdecl)]
    static extern int strlen(string s);

    [DllImport("msvcrt", CharSet = CharSet.Unicode, CallingConvention = CallingConvention.Cdecl)]
    static extern int wcslen(string s);

    [DllImport("msvcrt", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
    static extern int AnsiLength([MarshalAs(UnmanagedType.LPStr)] string s);

    [DllImport("kernel32", CharSet = CharSet.Auto)]
    static extern bool SetEnvironmentVariable(string name, string value);

    [DllImport("kernel32", CharSet = CharSet.Auto)]
    static extern int GetEnvironmentVariable(string name, IntPtr buffer, int size);

    static int Main()
    {
        if (strlen("hello") != 5) return 1;
        if (wcslen("h\u00e9llo\u20ac!") != 7) return 2;
        if (AnsiLength("abc") != 3) return 3;
        if (!SetEnvironmentVariable("CLREMU_PINVOKE", "twelve chars")) return 5;
        // With no buffer, the size needed including the terminating NUL.
        if (GetEnvironmentVariable("CLREMU_PINVOKE", IntPtr.Zero, 0) != 13) return 6;
        return 0;
    }
}
