// Environment.GetCommandLineArgs (icall): the program first, then the arguments.
using System;

static class CommandLine
{
    static int Main(string[] args)
    {
        return Environment.GetCommandLineArgs().Length * 10 + args.Length;
    }
}
