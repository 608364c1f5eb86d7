using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

// Text statistics over an embedded passage: tokenising, counting, ranking, character classes.
class WordFrequency
{
    const string Text = @"It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity,
it was the season of Light, it was the season of Darkness, it was the spring of hope,
it was the winter of despair.";

    static void Main()
    {
        var words = new List<string>();
        var cur = new StringBuilder();
        foreach (char ch in Text)
        {
            if (char.IsLetter(ch)) cur.Append(char.ToLowerInvariant(ch));
            else if (cur.Length > 0) { words.Add(cur.ToString()); cur.Clear(); }
        }
        if (cur.Length > 0) words.Add(cur.ToString());
        Console.WriteLine("words " + words.Count + ", distinct " + words.Distinct().Count());
        var freq = new Dictionary<string, int>();
        foreach (var w in words) freq[w] = freq.ContainsKey(w) ? freq[w] + 1 : 1;
        foreach (var kv in freq.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(6))
            Console.WriteLine(kv.Key.PadRight(10) + new string('*', kv.Value) + " " + kv.Value);
        var longest = words.OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).First();
        Console.WriteLine("longest " + longest);
        int letters = Text.Count(char.IsLetter), punct = Text.Count(char.IsPunctuation), spaces = Text.Count(char.IsWhiteSpace), upper = Text.Count(char.IsUpper);
        Console.WriteLine(letters + " " + punct + " " + spaces + " " + upper);
        var lines = Text.Split('\n');
        for (int i = 0; i < lines.Length; i++) Console.WriteLine((i + 1) + ": " + lines[i].TrimEnd('\r').Length);
        var byFirst = words.GroupBy(w => w[0]).OrderBy(g => g.Key).Select(g => g.Key + "" + g.Count());
        Console.WriteLine(string.Join(" ", byFirst));
        Console.WriteLine(string.Join(" ", words.Where(w => w.Length > 6).Select(w => char.ToUpper(w[0]) + w.Substring(1))));
    }
}
