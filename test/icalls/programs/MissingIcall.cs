// An internal call the runtime does not implement: MissingMethod naming it, when it is called.
using System.Runtime.InteropServices;

static class MissingIcall
{
    static int Main()
    {
        return Marshal.IsComObject(new object()) ? 1 : 2;
    }
}
