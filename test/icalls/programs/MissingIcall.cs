// An internal call the runtime does not implement: MissingMethod naming it, when it is called.
using System;

static class MissingIcall
{
    static int Main()
    {
        return GC.MaxGeneration;
    }
}
