// A void Main ends the process with what Environment.ExitCode was set to (icall set_ExitCode).
using System;

static class VoidMainExitCode
{
    static void Main()
    {
        Environment.ExitCode = 17;
    }
}
