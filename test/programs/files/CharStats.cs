// Reads standard input one character at a time with Console.Read until it returns -1 and prints
// counts of letters, digits, spaces and other characters (input without a final newline too);
// the exit code is the number of line feeds.
using System;

class CharStats
{
    static int Main()
    {
        int letters = 0, digits = 0, spaces = 0, other = 0, lines = 0, c;
        while ((c = Console.Read()) != -1)
        {
            char ch = (char)c;
            if (ch == '\n') lines++;
            if (char.IsLetter(ch)) letters++;
            else if (char.IsDigit(ch)) digits++;
            else if (char.IsWhiteSpace(ch)) spaces++;
            else other++;
        }
        Console.WriteLine("letters {0}, digits {1}, spaces {2}, other {3}", letters, digits, spaces, other);
        return lines;
    }
}
