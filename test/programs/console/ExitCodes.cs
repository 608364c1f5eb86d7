using System;

// A command-line tool: parses its arguments, reports usage errors on stderr, and returns
// distinct exit codes.
class ExitCodes
{
    static int Main(string[] args)
    {
        Console.WriteLine("argc " + args.Length);
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: ExitCodes <command> [values...]");
            return 64;
        }
        for (int i = 0; i < args.Length; i++) Console.WriteLine(i + ": [" + args[i] + "]");
        switch (args[0])
        {
            case "sum":
                long total = 0;
                for (int i = 1; i < args.Length; i++)
                {
                    long v;
                    if (!long.TryParse(args[i], out v)) { Console.Error.WriteLine("not a number: " + args[i]); return 65; }
                    total += v;
                }
                Console.WriteLine("sum " + total);
                return (int)(total % 256);
            case "exit":
                Console.WriteLine("calling Environment.Exit");
                Environment.Exit(int.Parse(args[1]));
                Console.WriteLine("not reached");
                return 1;
            case "fail":
                throw new InvalidOperationException("asked to fail");
            default:
                Console.Error.WriteLine("unknown command " + args[0]);
                Environment.ExitCode = 3;
                return Environment.ExitCode;
        }
    }
}
