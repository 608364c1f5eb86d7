// A grep-like filter: reads standard input with Console.ReadLine until it returns null, prints
// the lines containing args[0] with their numbers, reports the count on Console.Error, and
// exits with the number of matches (0 matches is exit code 1, as grep does).
using System;

class LineFilter
{
    static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: LineFilter <text>");
            return 2;
        }
        int number = 0, matches = 0;
        string line;
        while ((line = Console.ReadLine()) != null)
        {
            number++;
            if (line.IndexOf(args[0], StringComparison.OrdinalIgnoreCase) >= 0)
            {
                matches++;
                Console.WriteLine("{0,3}: {1}", number, line.Trim());
            }
        }
        Console.Error.WriteLine("{0} of {1} lines match", matches, number);
        return matches == 0 ? 1 : matches;
    }
}
