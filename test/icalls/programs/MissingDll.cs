// A module that is neither an emulated DLL nor beside the program: DllNotFound at the first call.
using System.Runtime.InteropServices;

static class MissingDll
{
    [DllImport("clremu_no_such_module")]
    static extern int Anything();

    static int Main()
    {
        return Anything();
    }
}
