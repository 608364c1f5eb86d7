// An entry point kernel32 does not export: EntryPointNotFound at the first call.
using System.Runtime.InteropServices;

static class MissingEntry
{
    [DllImport("kernel32")]
    static extern int ClremuNoSuchFunction();

    static int Main()
    {
        return ClremuNoSuchFunction();
    }
}
