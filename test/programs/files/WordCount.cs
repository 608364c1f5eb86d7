// Counts lines, words and characters of standard input (read to its end), then prints the five
// most frequent words: Console.In.ReadToEnd, string splitting, Dictionary and LINQ ordering.
using System;
using System.Collections.Generic;
using System.Linq;

class WordCount
{
    static int Main()
    {
        string text = Console.In.ReadToEnd();
        string[] lines = text.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
        var counts = new Dictionary<string, int>();
        int words = 0;
        foreach (string line in lines)
        {
            foreach (string w in line.Split(new[] { ' ', '\t', '\r', ',', '.', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string key = w.ToLowerInvariant();
                counts[key] = counts.TryGetValue(key, out int n) ? n + 1 : 1;
                words++;
            }
        }
        Console.WriteLine("lines {0} words {1} chars {2}", lines.Length, words, text.Length);
        foreach (var kv in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(5))
            Console.WriteLine("{0,-10}{1,4}", kv.Key, kv.Value);
        return words == 0 ? 1 : 0;
    }
}
