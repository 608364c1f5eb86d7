using System;
using System.Text;

// Everyday string work: splitting, joining, trimming, case, searching, padding, replacing.
class StringOps
{
    static void Main()
    {
        string line = "  The quick brown fox jumps over the lazy dog  ";
        string t = line.Trim();
        Console.WriteLine("[" + t + "]");
        Console.WriteLine(t.Length);
        Console.WriteLine(t.ToUpper());
        Console.WriteLine(t.ToLowerInvariant());
        string[] words = t.Split(' ');
        Console.WriteLine(words.Length);
        Console.WriteLine(string.Join("|", words));
        Console.WriteLine(t.IndexOf("fox"));
        Console.WriteLine(t.LastIndexOf('o'));
        Console.WriteLine(t.Contains("lazy"));
        Console.WriteLine(t.StartsWith("The"));
        Console.WriteLine(t.EndsWith("cat"));
        Console.WriteLine(t.Replace("dog", "cat"));
        Console.WriteLine(t.Substring(4, 5));
        Console.WriteLine("abc".PadLeft(6, '*') + "|" + "abc".PadRight(6, '-') + "|");
        char[] chars = "stressed".ToCharArray();
        Array.Reverse(chars);
        Console.WriteLine(new string(chars));
        Console.WriteLine(string.Compare("apple", "banana", StringComparison.Ordinal) < 0);
        Console.WriteLine(string.Equals("Hello", "hello", StringComparison.OrdinalIgnoreCase));
        Console.WriteLine(string.Concat("a", "b", "c", "d"));
        Console.WriteLine(string.IsNullOrEmpty(""));
        Console.WriteLine(string.IsNullOrWhiteSpace("  \t"));
        var sb = new StringBuilder();
        for (int i = 0; i < 5; i++) sb.Append(i).Append(',');
        sb.Length--;
        sb.Insert(0, "<").Append(">");
        Console.WriteLine(sb.ToString());
        Console.WriteLine(sb.Replace(",", ";").ToString());
        int vowels = 0;
        foreach (char c in t) if ("aeiou".IndexOf(char.ToLower(c)) >= 0) vowels++;
        Console.WriteLine("vowels: " + vowels);
        Console.WriteLine("tab\there, quote\" backslash\\");
        Console.WriteLine(t.GetHashCode() == string.Copy(t).GetHashCode());
    }
}
