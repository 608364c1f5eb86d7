using System;
using System.Text;

// A small Markdown-to-HTML converter: headings, emphasis, code spans, links, lists and
// paragraphs, with HTML escaping, written over StringBuilder and char scanning.
class MarkdownLite
{
    static string Escape(string s) { var sb = new StringBuilder(); foreach (char c in s) { switch (c) { case '<': sb.Append("&lt;"); break; case '>': sb.Append("&gt;"); break; case '&': sb.Append("&amp;"); break; case '"': sb.Append("&quot;"); break; default: sb.Append(c); break; } } return sb.ToString(); }

    static string Inline(string s)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '`') { int j = s.IndexOf('`', i + 1); if (j > i) { sb.Append("<code>").Append(Escape(s.Substring(i + 1, j - i - 1))).Append("</code>"); i = j; continue; } }
            if (s[i] == '*' && i + 1 < s.Length && s[i + 1] == '*') { int j = s.IndexOf("**", i + 2, StringComparison.Ordinal); if (j > i) { sb.Append("<strong>").Append(Inline(s.Substring(i + 2, j - i - 2))).Append("</strong>"); i = j + 1; continue; } }
            if (s[i] == '*' || s[i] == '_') { int j = s.IndexOf(s[i], i + 1); if (j > i) { sb.Append("<em>").Append(Inline(s.Substring(i + 1, j - i - 1))).Append("</em>"); i = j; continue; } }
            if (s[i] == '[') { int close = s.IndexOf("](", i, StringComparison.Ordinal); int end = close < 0 ? -1 : s.IndexOf(')', close); if (end > 0) { sb.AppendFormat("<a href=\"{0}\">{1}</a>", Escape(s.Substring(close + 2, end - close - 2)), Inline(s.Substring(i + 1, close - i - 1))); i = end; continue; } }
            sb.Append(Escape(s[i].ToString()));
        }
        return sb.ToString();
    }

    static string Convert(string md)
    {
        var html = new StringBuilder(); var para = new StringBuilder(); bool inList = false;
        Action flush = () => { if (para.Length > 0) { html.Append("<p>").Append(Inline(para.ToString().Trim())).Append("</p>\n"); para.Clear(); } };
        foreach (var raw in md.Split('\n'))
        {
            string line = raw.TrimEnd();
            if (line.StartsWith("- ")) { flush(); if (!inList) { html.Append("<ul>\n"); inList = true; } html.Append("  <li>").Append(Inline(line.Substring(2))).Append("</li>\n"); continue; }
            if (inList) { html.Append("</ul>\n"); inList = false; }
            int level = 0; while (level < line.Length && line[level] == '#') level++;
            if (level > 0 && level <= 6 && line.Length > level && line[level] == ' ') { flush(); html.AppendFormat("<h{0}>{1}</h{0}>\n", level, Inline(line.Substring(level + 1))); continue; }
            if (line.Length == 0) { flush(); continue; }
            para.Append(line).Append(' ');
        }
        flush();
        if (inList) html.Append("</ul>\n");
        return html.ToString();
    }

    static void Main()
    {
        string doc = "# Release notes\n\nThis *minor* release fixes **two** bugs & adds `a < b` checks.\nSee [the docs](http://example.org/a?b=1&c=2).\n\n## Changes\n- faster **startup**\n- fewer _allocations_\n\nThanks!";
        Console.Write(Convert(doc));
        Console.WriteLine(Convert("plain").Length + " " + Convert("").Length);
    }
}
