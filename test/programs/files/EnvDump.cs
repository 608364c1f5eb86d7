// Prints the environment variables named on the command line (or <unset>), expands a template
// with Environment.ExpandEnvironmentVariables, checks that a variable set by the program is seen
// by GetEnvironmentVariable and in GetEnvironmentVariables, and exits with the number of unset names.
using System;
using System.Collections;

class EnvDump
{
    static int Main(string[] args)
    {
        int unset = 0;
        foreach (string name in args)
        {
            string value = Environment.GetEnvironmentVariable(name);
            if (value == null) unset++;
            Console.WriteLine("{0}={1}", name, value ?? "<unset>");
        }
        Console.WriteLine(Environment.ExpandEnvironmentVariables("greeting: %GREETING%, %CLREMU_NOT_SET%!"));
        Environment.SetEnvironmentVariable("SET_BY_PROGRAM", "42");
        Console.WriteLine("set: " + Environment.GetEnvironmentVariable("SET_BY_PROGRAM"));
        IDictionary all = Environment.GetEnvironmentVariables();
        Console.WriteLine("in table: {0} {1}", all.Contains("SET_BY_PROGRAM"), all["GREETING"]);
        Environment.SetEnvironmentVariable("SET_BY_PROGRAM", null);
        Console.WriteLine("removed: " + (Environment.GetEnvironmentVariable("SET_BY_PROGRAM") == null));
        return unset;
    }
}
